// Starts the built wsnoc server as a real process on its own database and Redis prefix, and stops it.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = path.join(ROOT, 'server', 'dist', 'main.js');
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';

export interface Stack {
  url: string;
  server: ChildProcess;
  stop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function startStack(): Promise<Stack> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`pnpm build\` first (pnpm test does)`);
  }
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `wsnoc_e2e_${runId}`;
  await admin((c) => c.query(`CREATE DATABASE ${database}`));
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${database}`;

  const server = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL,
      REDIS_KEY_PREFIX: `wsnoc-e2e-${runId}:`,
      ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    server.once('exit', (code) => reject(new Error(`wsnoc exited with ${code} before it was up`)));
    server.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.includes('"msg":"wsnoc is up"'));
      if (line) {
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
  });
  server.stdout.resume();

  return {
    url,
    server,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}
