// Starts the built wsnoc server as a real process on its own database and Redis prefix, and stops it.
// Stopping, or failing to start, removes both: a run leaves nothing behind in PostgreSQL or Redis.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createClient } from 'redis';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = path.join(ROOT, 'server', 'dist', 'main.js');
const SIM = path.join(ROOT, 'simulator', 'dist', 'cli.js');
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';

export interface Stack {
  url: string;
  labUrl: string;
  /** The lab's white-space database, which the stack's console manages spectrum with (WSDB_URL). */
  pawsUrl: string;
  server: ChildProcess;
  stop(): Promise<void>;
}

/** The field lab's radio count in journeys: enough for a real map and table, quick to enrol. */
export const E2E_RADIOS = 60;

/** Starts a child that prints one JSON line when ready, and resolves with the first line matching `test`. */
function startChild(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  test: (line: string) => boolean,
): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.once('exit', (code) =>
      reject(new Error(`${path.basename(script)} exited with ${code} before it was ready`)),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find(test);
      if (line) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ child, line });
      }
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
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

/** Where one console keeps its data: a database and a Redis key prefix, both named after its run id. */
export interface ConsoleScratch {
  database: string;
  keyPrefix: string;
}

export function newRunId(): string {
  return `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function consoleScratch(runId: string): ConsoleScratch {
  return { database: `wsnoc_e2e_${runId}`, keyPrefix: `wsnoc-e2e-${runId}:` };
}

const redisClient = () => createClient({ url: REDIS_URL });

async function redis<T>(fn: (client: ReturnType<typeof redisClient>) => Promise<T>): Promise<T> {
  const client = redisClient();
  await client.connect();
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

function scratchKeys(keyPrefix: string): Promise<string[]> {
  return redis(async (client) => {
    const found: string[] = [];
    for await (const keys of client.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 500 })) {
      found.push(...keys);
    }
    return found;
  });
}

/** What a console's data still holds: its Redis keys and whether its database exists. */
export async function scratchLeft(scratch: ConsoleScratch): Promise<{ keys: number; database: boolean }> {
  const keys = (await scratchKeys(scratch.keyPrefix)).length;
  const found = await admin((c) =>
    c.query('SELECT 1 FROM pg_database WHERE datname = $1', [scratch.database]),
  );
  return { keys, database: (found.rowCount ?? 0) > 0 };
}

/**
 * Drops a console's database and every key under its prefix. Live rows, the live index, fencing-token
 * counters and the instance list never expire (sessions live 12 h), so a stopped console would otherwise
 * leave some 170 keys per run in Redis.
 */
async function removeScratch(scratch: ConsoleScratch): Promise<void> {
  try {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${scratch.database} WITH (FORCE)`));
  } finally {
    const keys = await scratchKeys(scratch.keyPrefix);
    if (keys.length) {
      await redis((client) => client.unlink(keys));
    }
  }
}

/** A console process on a database of its own; `restart` brings it back on the same port and database. */
export interface Console extends ConsoleScratch {
  url: string;
  child: ChildProcess;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsole(
  labUrl: string,
  /**
   * `wsdbUrl` turns spectrum management on against that PAWS database, as `pnpm demo` does. A journey's
   * own second console leaves it off: two consoles managing one lab's spectrum would fight over it.
   */
  options: { port?: number; runId?: string; wsdbUrl?: string } = {},
): Promise<Console> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`pnpm build\` first (pnpm test does)`);
  }
  const scratch = consoleScratch(options.runId ?? newRunId());
  const { database, keyPrefix } = scratch;
  await admin((c) => c.query(`CREATE DATABASE ${database}`));
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${database}`;
  let port = options.port ?? 0;
  const launch = () =>
    startChild(
      MAIN,
      [],
      {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: databaseUrl.toString(),
        REDIS_URL,
        REDIS_KEY_PREFIX: keyPrefix,
        ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
        LOG_LEVEL: 'info',
        ENROL_SIMULATOR_URL: labUrl,
        POLL_INTERVAL_MS: '2000',
        ...(options.wsdbUrl ? { WSDB_URL: options.wsdbUrl } : {}),
      },
      (line) => line.includes('"msg":"wsnoc is up"'),
    );
  let current: Awaited<ReturnType<typeof launch>>;
  try {
    current = await launch();
  } catch (err) {
    // A console that never came up must not leave its database or its keys behind.
    await removeScratch(scratch);
    throw err;
  }
  const url = (JSON.parse(current.line) as { url: string }).url;
  port = Number(new URL(url).port);
  const handle: Console = {
    ...scratch,
    url,
    child: current.child,
    async kill() {
      const exited = new Promise((resolve) => current.child.once('exit', resolve));
      current.child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      current = await launch();
      handle.child = current.child;
    },
    async stop() {
      await stopChild(current.child);
      await removeScratch(scratch);
    },
  };
  return handle;
}

export async function startLabProcess(): Promise<{ labUrl: string; pawsUrl: string; stop(): Promise<void> }> {
  const lab = await startChild(
    SIM,
    [
      '--radios',
      String(E2E_RADIOS),
      '--seed',
      '5',
      '--first-address',
      '127.50.0.1',
      '--port',
      '0',
      '--control-port',
      '0',
      '--paws-port',
      '0',
    ],
    { PATH: process.env.PATH },
    (line) => line.startsWith('{"ready":true'),
  );
  const ready = JSON.parse(lab.line) as { controlUrl: string; pawsUrl: string };
  return { labUrl: ready.controlUrl, pawsUrl: ready.pawsUrl, stop: () => stopChild(lab.child) };
}

export async function startStack(): Promise<Stack> {
  const lab = await startLabProcess();
  let wsnoc: Console;
  try {
    // Spectrum management runs in every journey, as in `pnpm demo`.
    wsnoc = await startConsole(lab.labUrl, { wsdbUrl: lab.pawsUrl });
  } catch (err) {
    await lab.stop();
    throw err;
  }
  return {
    url: wsnoc.url,
    labUrl: lab.labUrl,
    pawsUrl: lab.pawsUrl,
    server: wsnoc.child,
    async stop() {
      await wsnoc.stop();
      await lab.stop();
    },
  };
}
