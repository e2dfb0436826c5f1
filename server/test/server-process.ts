// The built server as a real process, the way operators run it: for tests that must kill it hard (a
// crash mid-run) or watch how it starts and stops. Every process started here is killed after the file.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { waitFor } from './wait-for.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
});

export interface ServerProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export function spawnServer(env: NodeJS.ProcessEnv): ServerProcess {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`pnpm build\` first (pnpm test does)`);
  }
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The server's address once it says it is up; throws with its stderr if it exits first. */
export async function urlWhenUp(server: ServerProcess, timeoutMs: number): Promise<string> {
  await waitFor(
    () => /"msg":"wsnoc is up"/.test(server.stdout()) || server.child.exitCode !== null,
    timeoutMs,
    'wsnoc is up',
  );
  const line = server
    .stdout()
    .split('\n')
    .find((l) => l.includes('"msg":"wsnoc is up"'));
  if (!line) {
    throw new Error(`server did not start: ${server.stderr()}`);
  }
  return (JSON.parse(line) as { url: string }).url;
}

/** SIGKILL: no shutdown hook runs, as when a machine loses power. */
export async function killHard(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
  }
  await server.exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
