// Owns the embedded PostgreSQL used when DATABASE_URL is unset: real PostgreSQL binaries from the npm
// registry, data under DATA_DIR/pg, bound to loopback. Survives a crash (stale postmaster.pid) and runs as root.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { AppLogger } from '../logger/logger.js';
import { PostgresCluster, reachableByOthers, SHARED_ROOT } from './postgres-cluster.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'wsnoc';
const USER = 'postgres';

export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  logger: AppLogger,
): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  const databaseDir = clusterDirectory(dataDir, logger);
  const password = await readOrCreatePassword(path.join(dataDir, 'pg-password'));
  await removeStalePidFile(databaseDir, logger);
  await assertPortFree(port);

  const cluster = await PostgresCluster.prepare({
    databaseDir,
    port,
    user: USER,
    password,
    flags: ['-c', 'listen_addresses=127.0.0.1'],
    logger,
  });
  if (!cluster.initialised) {
    logger.info({ databaseDir }, 'initialising embedded PostgreSQL (first start)');
    await cluster.initialise();
  }
  await cluster.start();
  const serverUrl = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  try {
    await ensureDatabase(serverUrl('postgres'));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  logger.info({ port, databaseDir }, 'embedded PostgreSQL is up');

  return { url: serverUrl(DATABASE), stop: () => cluster.stop() };
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be able to
 * reach the cluster folder. A checkout under /root or a private temp folder is not reachable: the cluster
 * then lives under /var/lib/wsnoc instead, one folder per data directory.
 */
function clusterDirectory(dataDir: string, logger: AppLogger): string {
  const preferred = path.join(dataDir, 'pg');
  if (process.getuid?.() !== 0 || reachableByOthers(dataDir)) {
    return preferred;
  }
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const fallback = path.join(SHARED_ROOT, `pg-${id}`);
  mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  logger.warn(
    { preferred, fallback },
    'the postgres user cannot reach the data folder; keeping the embedded cluster here',
  );
  return fallback;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) {
    return (await readFile(file, 'utf8')).trim();
  }
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/** After a crash PostgreSQL leaves postmaster.pid behind and refuses to start; remove it if its process is gone. */
export async function removeStalePidFile(databaseDir: string, logger: AppLogger): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) {
    return;
  }
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    if (!(await isOrphanedPostgres(pid, databaseDir))) {
      throw new Error(
        `embedded PostgreSQL data in ${databaseDir} is in use by process ${pid}; stop it or set DATA_DIR to another folder`,
      );
    }
    // A previous wsnoc was killed hard and left its PostgreSQL running: shut that one down cleanly first.
    logger.warn({ pid }, 'stopping PostgreSQL left running by a previous wsnoc that did not stop cleanly');
    process.kill(pid, 'SIGINT');
    await waitForExit(pid, 30_000);
  }
  if (existsSync(pidFile)) {
    logger.warn({ pidFile, pid }, 'removing stale postmaster.pid left by a crashed PostgreSQL');
    await unlink(pidFile);
  }
}

/** True when pid is a postmaster serving this data directory whose parent (a wsnoc) has gone. */
async function isOrphanedPostgres(pid: number, databaseDir: string): Promise<boolean> {
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    const servesDir = cmdline.some((arg) => path.resolve(arg) === path.resolve(databaseDir));
    return cmdline[0]?.endsWith('postgres') === true && servesDir && !(await isNodeProcess(parent));
  } catch {
    return false;
  }
}

/** A live node parent means another wsnoc still owns that PostgreSQL; an orphan is adopted by init or a reaper. */
async function isNodeProcess(pid: number): Promise<boolean> {
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return /(^|\/)node(\0|$)/.test(cmdline.split('\0')[0] ?? '') || cmdline.includes('vitest');
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL process ${pid} did not stop within ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(
        new Error(`port ${port} for the embedded PostgreSQL is in use; set EMBEDDED_PG_PORT to a free port`),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${DATABASE}`);
    }
  } finally {
    await client.end();
  }
}
