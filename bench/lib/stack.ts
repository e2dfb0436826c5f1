// The stack bench/poll.ts and bench/web.ts run against, in one place so both measure the same thing:
// the field lab with N radios and the built console each as a child process, a fresh database, Redis key
// prefix and data directory, the lab's fleet enrolled by CSV import. Every resource registers its undo as
// soon as it exists, so one cleanup() removes everything, on success, error or signal.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceImportReport, DeviceListResponse } from '@wsnoc/shared';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let logPrefix = 'bench';
export function setLogPrefix(prefix: string): void {
  logPrefix = prefix;
}
export function log(message: string): void {
  process.stderr.write(`${logPrefix}: ${message}\n`);
}

// ---- clean-up ----

const cleanups: { name: string; run: () => Promise<void> }[] = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(name: string, run: () => Promise<void>): void {
  cleanups.push({ name, run });
}

/** Runs every registered undo, newest first; safe to call more than once. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.splice(0).reverse()) {
      await step.run().catch((err: unknown) => log(`clean-up of ${step.name} failed: ${String(err)}`));
    }
  })();
  return cleaning;
}

/** Signals and a watchdog both end in cleanup(), so a hung or interrupted run leaves nothing behind. */
export function guardProcess(watchdogMs: number): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    log(`gave up after ${Math.round(watchdogMs / 1000)} s`);
    void cleanup().finally(() => process.exit(1));
  }, watchdogMs);
  watchdog.unref();
}

/** A bench's entry point: exit 0 once `main` is done; on error log it, clean up and exit 1. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    async (err: unknown) => {
      log((err as Error).stack ?? String(err));
      await cleanup();
      process.exit(1);
    },
  );
}

// ---- children ----

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** The last few KB of its stdout and stderr, to explain a failure. */
  tail(): string;
}

function tailBuffer(limit = 4096): { push(chunk: Buffer): void; text(): string } {
  let text = '';
  return {
    push(chunk) {
      text = (text + chunk.toString()).slice(-limit);
    },
    text: () => text,
  };
}

export function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = tailBuffer();
  child.stdout.on('data', (chunk: Buffer) => tail.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => tail.push(chunk));
  if (child.pid === undefined) {
    throw new Error(`could not start ${name}`);
  }
  // BENCH_LOG_DIR keeps each child's whole output, to explain what a tail cannot.
  if (process.env.BENCH_LOG_DIR) {
    mkdirSync(process.env.BENCH_LOG_DIR, { recursive: true });
    const file = createWriteStream(path.join(process.env.BENCH_LOG_DIR, `${name}-${child.pid}.log`));
    child.stdout.pipe(file);
    child.stderr.pipe(file);
  }
  const handle: Child = { name, process: child, pid: child.pid, tail: () => tail.text() };
  onCleanup(name, () => stopChild(handle).then(() => undefined));
  return handle;
}

export async function stopChild(child: Child, graceMs = 15_000): Promise<number> {
  const p = child.process;
  const t0 = performance.now();
  if (p.exitCode !== null || p.signalCode !== null) {
    return 0;
  }
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  p.kill('SIGTERM');
  const killed = await Promise.race([
    exited.then(() => false),
    sleep(graceMs).then(() => {
      p.kill('SIGKILL');
      return true;
    }),
  ]);
  if (killed) {
    await exited;
    log(`${child.name} ignored SIGTERM for ${graceMs} ms and was killed`);
  }
  return performance.now() - t0;
}

/** Resolves with the first stdout line that satisfies `match`; rejects if the child exits first. */
export function waitForLine<T>(
  child: Child,
  match: (line: string) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString();
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        const found = match(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        if (found !== undefined) {
          done();
          resolve(found);
          return;
        }
        nl = pending.indexOf('\n');
      }
    };
    const onExit = (): void => {
      done();
      reject(new Error(`${child.name} exited early:\n${child.tail()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${child.name} not ready after ${timeoutMs} ms:\n${child.tail()}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      child.process.stdout?.off('data', onData);
      child.process.off('exit', onExit);
    };
    child.process.stdout?.on('data', onData);
    child.process.once('exit', onExit);
  });
}

export function exec(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${command}: ${stderr.trim() || err.message}`)) : resolve(stdout),
    );
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---- HTTP ----

/** Errors of a kept-alive connection the server closed or reset before it read the request. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

export async function http(url: string, init: RequestInit = {}, timeoutMs = 30_000): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as Error).cause as { code?: string } | undefined;
    const method = init.method ?? 'GET';
    log(`${method} ${url}: ${String(cause ?? err)}`);
    if (method !== 'GET' || !cause?.code || !STALE_CONNECTION.has(cause.code)) {
      throw err;
    }
    // a GET is safe to send again, and the pool has dropped the dead connection
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  }
  if (!response.ok) {
    throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${await response.text()}`);
  }
  return response;
}

// ---- scratch state: database, Redis prefix, data directory ----

export interface Scratch {
  databaseUrl: string;
  redisUrl: string;
  keyPrefix: string;
  dataDir: string;
}

export async function createScratch(name: string): Promise<Scratch> {
  const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const tag = randomBytes(4).toString('hex');
  const database = `wsnoc_bench_${name}_${tag}`;
  await exec('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${database}`]);
  onCleanup('database', () =>
    exec('psql', [adminUrl, '-qc', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]).then(() => undefined),
  );
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;
  const keyPrefix = `wsnoc-bench-${name}-${tag}:`;
  const redisHost = new URL(redisUrl);
  const redisArgs = ['-h', redisHost.hostname, '-p', redisHost.port || '6379'];
  onCleanup('redis keys', async () => {
    const keys = (await exec('redis-cli', [...redisArgs, '--scan', '--pattern', `${keyPrefix}*`]))
      .split('\n')
      .filter(Boolean);
    for (let i = 0; i < keys.length; i += 1000) {
      await exec('redis-cli', [...redisArgs, 'UNLINK', ...keys.slice(i, i + 1000)]);
    }
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), `wsnoc-bench-${name}-`));
  onCleanup('data dir', () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })));
  return { databaseUrl: databaseUrl.toString(), redisUrl, keyPrefix, dataDir };
}

// ---- the field lab ----

export interface LabRadio {
  id: string;
  role: 'base-station' | 'cpe';
  host: string;
  port: number;
  username: string;
  password: string;
  baseStationId: string | null;
  site: string;
  lat: number;
  lon: number;
}

export interface Lab {
  child: Child;
  controlUrl: string;
  /** Its white-space database, http://127.0.0.1:port/paws (a console's WSDB_URL). */
  pawsUrl: string;
  radios: LabRadio[];
  startMs: number;
}

/**
 * The field lab, built if it is, from source otherwise; radios on loopback from `firstAddress`, in the
 * lab's default region and seed unless given.
 */
export async function startLab(
  radios: number,
  firstAddress: string,
  opts: { region?: 'highlands' | 'us-rural'; seed?: number } = {},
): Promise<Lab> {
  const t0 = performance.now();
  const builtLab = path.join(root, 'simulator', 'dist', 'cli.js');
  const labArgs = [
    '--radios',
    String(radios),
    '--port',
    '0',
    '--control-port',
    '0',
    '--paws-port',
    '0',
    '--first-address',
    firstAddress,
    ...(opts.region ? ['--region', opts.region] : []),
    ...(opts.seed !== undefined ? ['--seed', String(opts.seed)] : []),
  ];
  const child = existsSync(builtLab)
    ? startChild('lab', process.execPath, [builtLab, ...labArgs], process.env)
    : startChild(
        'lab',
        process.execPath,
        ['--conditions=wsnoc-source', '--import', 'tsx', 'simulator/src/cli.ts', ...labArgs],
        process.env,
      );
  const { controlUrl, pawsUrl } = await waitForLine(
    child,
    (line) => {
      try {
        const parsed = JSON.parse(line) as { ready?: boolean; controlUrl?: string; pawsUrl?: string };
        return parsed.ready && parsed.controlUrl && parsed.pawsUrl
          ? { controlUrl: parsed.controlUrl, pawsUrl: parsed.pawsUrl }
          : undefined;
      } catch {
        return undefined;
      }
    },
    120_000,
  );
  const startMs = performance.now() - t0;
  const list = (await (await http(`${controlUrl}/radios`)).json()) as LabRadio[];
  return { child, controlUrl, pawsUrl, radios: list, startMs };
}

// ---- the console ----

export interface ConsoleHandle {
  child: Child;
  url: string;
  password: string;
  /** performance.now() just before the spawn: bench/poll.ts times enrolment from here. */
  startedAt: number;
  upMs: number;
}

/** The built console on a free loopback port, with its own database, Redis prefix and data directory. */
export async function startConsole(
  scratch: Scratch,
  env: Record<string, string>,
  timeoutMs = 120_000,
  /** Flags for node before the script, e.g. --cpu-prof (which NODE_OPTIONS does not take). */
  nodeArgs: readonly string[] = [],
): Promise<ConsoleHandle> {
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const t1 = performance.now();
  // BENCH_CONSOLE_MAIN: another build of the console (say, a copy of dist from before a change), to
  // measure before and after on the same machine in one sitting.
  const main = process.env.BENCH_CONSOLE_MAIN ?? path.join(root, 'server', 'dist', 'main.js');
  const child = startChild('console', process.execPath, [...nodeArgs, main], {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: scratch.databaseUrl,
    REDIS_URL: scratch.redisUrl,
    REDIS_KEY_PREFIX: scratch.keyPrefix,
    ADMIN_PASSWORD: password,
    WSNOC_SECRET_KEY: randomBytes(32).toString('hex'),
    DATA_DIR: scratch.dataDir,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  // LOG_LEVEL=warn hides the "wsnoc is up" line: wait for the health route instead.
  for (;;) {
    if (child.process.exitCode !== null) {
      throw new Error(`console exited early:\n${child.tail()}`);
    }
    if (performance.now() - t1 > timeoutMs) {
      throw new Error(`console not up after ${timeoutMs} ms:\n${child.tail()}`);
    }
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      await sleep(250);
    }
  }
  return { child, url, password, startedAt: t1, upMs: performance.now() - t1 };
}

/** Signs in as admin through the API and returns the Cookie header value. */
export async function apiSignIn(c: ConsoleHandle): Promise<string> {
  const login = await http(`${c.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: c.password }),
  });
  return login.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0]!)
    .join('; ');
}

/** The lab's fleet as an import CSV: the same fields ENROL_SIMULATOR_URL would enrol. */
export function fleetCsv(radios: readonly LabRadio[]): string {
  const header = 'name,role,host,port,username,password,site,lat,lon,parent,tags';
  const lines = radios.map((r) =>
    [
      r.id,
      r.role,
      r.host,
      r.port,
      r.username,
      r.password,
      r.site,
      r.lat,
      r.lon,
      r.baseStationId ?? '',
      'simulated',
    ].join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}

/**
 * POST /api/devices/import in chunks: one request for 10,000 lines outlasts fetch's fixed 300 s wait for
 * response headers. Base stations go first, so every CPE's parent exists when its chunk arrives.
 */
export async function importFleet(
  c: ConsoleHandle,
  cookie: string,
  radios: readonly LabRadio[],
): Promise<void> {
  const chunk = 1000;
  const ordered = [...radios].sort((a, b) => Number(a.role === 'cpe') - Number(b.role === 'cpe'));
  const t = performance.now();
  let imported = 0;
  for (let i = 0; i < ordered.length; i += chunk) {
    const response = await http(
      `${c.url}/api/devices/import`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/csv', cookie },
        body: fleetCsv(ordered.slice(i, i + chunk)),
      },
      290_000,
    );
    const report = (await response.json()) as DeviceImportReport;
    if (report.failed) {
      const bad = report.lines.find((l) => l.errors.length);
      throw new Error(`import: ${report.failed} lines failed, e.g. ${JSON.stringify(bad)}`);
    }
    imported += report.created + report.updated;
    log(`imported ${imported}/${ordered.length} in ${Math.round(performance.now() - t)} ms`);
  }
}

/**
 * Waits until every device is enrolled and has been polled at least once. Returns performance.now() at
 * the first check that saw them all enrolled (with ENROL_SIMULATOR_URL the console enrols on its own).
 */
export async function waitAllPolled(
  c: ConsoleHandle,
  cookie: string,
  devices: number,
): Promise<{ enrolledAt: number }> {
  let enrolledAt: number | undefined;
  let lastLog = 0;
  for (;;) {
    if (c.child.process.exitCode !== null) {
      throw new Error(`console exited:\n${c.child.tail()}`);
    }
    const response = await http(`${c.url}/api/devices?limit=10000`, { headers: { cookie } }, 60_000);
    const list = (await response.json()) as DeviceListResponse;
    const polled = list.items.filter((d) => d.lastPollAt !== null).length;
    if (list.total >= devices) {
      enrolledAt ??= performance.now();
      if (polled >= devices) {
        return { enrolledAt };
      }
    }
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`enrolled ${list.total}/${devices}, polled ${polled}`);
    }
    await sleep(2_000);
  }
}
