// Bench: fleet polling at scale. The field lab with N radios, the built console, Postgres and Redis run
// together on this machine, each in its own process (the open-file limit is 20,000 per process and one
// process holding both ends of N loopback sessions would need 2N).
//   cd /work/main && pnpm build && npx tsx bench/poll.ts [--radios N] [--duration-s S] [--fault-s S]
//     [--floor-s S] [--concurrency C]
// Phases: enrol the fleet, wait for a first poll of every device and one interval of warm-up; baseline
// window (throughput, console CPU per poll, poll latency and schedule lag, memory, and change-to-frame
// time on the live feed); 10% of the fleet blackholed (the healthy devices' poll rate); then, with the
// console stopped, the floor: a bare telnet loop of the same commands on the same fleet. Prints one JSON
// object. Loopback only; a fresh database and Redis key prefix, removed at the end, even on error; a
// watchdog ends it if anything hangs.
import { execFile, fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DeviceImportReport, DeviceListResponse, FeedDelta } from '@wsnoc/shared';
import { connectFeed } from './lib/feed-client.js';
import type { FloorLoggedIn, FloorRequest, FloorResult, FloorTarget } from './lib/poll-floor.js';
import { cpuMs, rssKB } from './lib/proc.js';
import {
  bucketDelta,
  buckets,
  byLabel,
  histogramQuantile,
  parsePrometheus,
  type PromSamples,
} from './lib/prom.js';
import { printReport, round, summarise } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '10000' },
    'duration-s': { type: 'string', default: '60' },
    'fault-s': { type: 'string' },
    'floor-s': { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '2000' },
    enrol: { type: 'string', default: 'csv' },
  },
});
const RADIOS = Number(values.radios);
const WINDOW_MS = Number(values['duration-s']) * 1000;
const FAULT_WINDOW_MS = Number(values['fault-s'] ?? values['duration-s']) * 1000;
const FLOOR_WINDOW_MS = Number(values['floor-s']) * 1000;
const CONCURRENCY = Number(values.concurrency);
// csv: one POST /api/devices/import of the lab's fleet; lab: the console's own ENROL_SIMULATOR_URL.
const ENROL = values.enrol === 'lab' ? 'lab' : 'csv';
const IMPORT_CHUNK = 1000;
const POLL_INTERVAL_MS = 10_000;
const BLACKHOLE_SHARE = 0.1;
const FEED_CHANGE_EVERY_MS = 200;
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Enrolment creates devices one at a time; at 10,000 radios that alone takes minutes.
const WATCHDOG_MS = 30 * 60_000 + WINDOW_MS + FAULT_WINDOW_MS + FLOOR_WINDOW_MS;

const TARGETS = {
  pollsPerSec: 1000,
  cpuMsPerPoll: 1.2,
  rssKBPerDevice: 100,
  feedMsBeyondInterval: 300,
  healthyRatio: 0.95,
};

const root = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string): void => {
  process.stderr.write(`bench/poll: ${message}\n`);
};

// ---- clean-up: every resource registers its undo as soon as it exists ----

const cleanups: { name: string; run: () => Promise<void> }[] = [];
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.splice(0).reverse()) {
      await step.run().catch((err: unknown) => log(`clean-up of ${step.name} failed: ${String(err)}`));
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---- children ----

interface Child {
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

function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = tailBuffer();
  child.stdout.on('data', (chunk: Buffer) => tail.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => tail.push(chunk));
  if (child.pid === undefined) {
    throw new Error(`could not start ${name}`);
  }
  const handle: Child = { name, process: child, pid: child.pid, tail: () => tail.text() };
  cleanups.push({ name, run: () => stopChild(handle).then(() => undefined) });
  return handle;
}

async function stopChild(child: Child, graceMs = 15_000): Promise<number> {
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
function waitForLine<T>(child: Child, match: (line: string) => T | undefined, timeoutMs: number): Promise<T> {
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

function exec(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${command}: ${stderr.trim() || err.message}`)) : resolve(stdout),
    );
  });
}

function freePort(): Promise<number> {
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

async function http(url: string, init: RequestInit = {}, timeoutMs = 30_000): Promise<Response> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) {
    throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${await response.text()}`);
  }
  return response;
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await http(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return response.json();
}

interface Console {
  child: Child;
  url: string;
  cookie: string;
}

async function scrape(c: Console): Promise<PromSamples> {
  const response = await http(`${c.url}/api/metrics`, { headers: { cookie: c.cookie } });
  return parsePrometheus(await response.text());
}

async function listDevices(c: Console): Promise<DeviceListResponse> {
  const response = await http(`${c.url}/api/devices?limit=10000`, { headers: { cookie: c.cookie } }, 60_000);
  return (await response.json()) as DeviceListResponse;
}

// ---- measurement windows ----

interface Window {
  seconds: number;
  polls: Record<string, number>;
  consoleCpuMs: number;
  labCpuMs: number;
  duration: ReturnType<typeof buckets>;
  lag: ReturnType<typeof buckets>;
}

async function measureWindow(c: Console, lab: Child, ms: number): Promise<Window> {
  const m0 = await scrape(c);
  const cpu0 = cpuMs(c.child.pid);
  const lab0 = cpuMs(lab.pid);
  const t0 = performance.now();
  await sleep(ms);
  const m1 = await scrape(c);
  const cpu1 = cpuMs(c.child.pid);
  const lab1 = cpuMs(lab.pid);
  const seconds = (performance.now() - t0) / 1000;
  const polls0 = byLabel(m0, 'wsnoc_polls_total', 'outcome');
  const polls: Record<string, number> = {};
  for (const [outcome, value] of Object.entries(byLabel(m1, 'wsnoc_polls_total', 'outcome'))) {
    polls[outcome] = value - (polls0[outcome] ?? 0);
  }
  return {
    seconds,
    polls,
    consoleCpuMs: cpu1 - cpu0,
    labCpuMs: lab1 - lab0,
    duration: bucketDelta(
      buckets(m0, 'wsnoc_poll_duration_seconds'),
      buckets(m1, 'wsnoc_poll_duration_seconds'),
    ),
    lag: bucketDelta(
      buckets(m0, 'wsnoc_poll_schedule_lag_seconds'),
      buckets(m1, 'wsnoc_poll_schedule_lag_seconds'),
    ),
  };
}

const totalPolls = (w: Window): number => Object.values(w.polls).reduce((a, b) => a + b, 0);

function quantileMs(q: number, histogram: Window['duration']): number | string {
  const { value, aboveLastBucket } = histogramQuantile(q, histogram);
  const ms = round(value * 1000, 1);
  return aboveLastBucket ? `>${ms}` : ms;
}

// ---- live feed: time from a change on a radio to the frame that carries it ----

interface FeedProbe {
  stop(graceMs: number): Promise<{ changes: number; seen: number[]; lost: number; postErrors: number }>;
}

async function startFeedProbe(c: Console, controlUrl: string, radioIds: string[]): Promise<FeedProbe> {
  const { socket, snapshot } = await connectFeed(c.url, c.cookie);
  const idByName = new Map(snapshot.devices.map((d) => [d.name, d.id]));
  const ids = radioIds.filter((r) => idByName.has(r));
  // device id -> the value we set and when we sent it; a later change to the same radio replaces it
  const pending = new Map<string, { value: number; sentAt: number }>();
  const seen: number[] = [];
  let changes = 0;
  let postErrors = 0;
  let counter = 0;
  socket.on('devices:delta', (frame: FeedDelta) => {
    const now = performance.now();
    for (const change of frame.changes) {
      const expected = pending.get(change.id);
      if (expected && change.temperatureC === expected.value) {
        seen.push(now - expected.sentAt);
        pending.delete(change.id);
      }
    }
  });
  let running = true;
  const loop = (async () => {
    while (running) {
      const radio = ids[Math.floor(Math.random() * ids.length)]!;
      // one decimal, as the radio prints it, and unique within the run
      const value = 100 + (counter++ % 500) / 10;
      const sentAt = performance.now();
      try {
        // the time starts before the request: the change lands somewhere during it
        pending.set(idByName.get(radio)!, { value, sentAt });
        await postJson(`${controlUrl}/radios/${radio}/set`, { temperatureC: value });
        changes++;
      } catch {
        pending.delete(idByName.get(radio)!);
        postErrors++;
      }
      await sleep(Math.max(0, FEED_CHANGE_EVERY_MS - (performance.now() - sentAt)));
    }
  })();
  return {
    async stop(graceMs) {
      running = false;
      await loop;
      const deadline = performance.now() + graceMs;
      while (pending.size && performance.now() < deadline) {
        await sleep(100);
      }
      socket.disconnect();
      return { changes, seen, lost: pending.size, postErrors };
    },
  };
}

// ---- the floor ----

async function runFloor(
  targets: FloorTarget[],
  lab: Child,
): Promise<{ loggedIn: FloorLoggedIn; result: FloorResult; labCpuMs: number }> {
  const script = fileURLToPath(new URL('./lib/poll-floor.ts', import.meta.url));
  const child = fork(script, [], {
    execArgv: ['--conditions=wsnoc-source', '--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const handle: Child = { name: 'floor', process: child, pid: child.pid ?? 0, tail: () => '' };
  cleanups.push({ name: 'floor', run: () => stopChild(handle).then(() => undefined) });
  let labCpu0 = 0;
  const request: FloorRequest = {
    targets,
    concurrency: CONCURRENCY,
    windowMs: FLOOR_WINDOW_MS,
    loginParallel: 64,
  };
  const outcome = await new Promise<{ loggedIn: FloorLoggedIn; result: FloorResult }>((resolve, reject) => {
    let loggedIn: FloorLoggedIn | undefined;
    child.on('message', (message: FloorLoggedIn | FloorResult) => {
      if (message.kind === 'logged-in') {
        loggedIn = message;
        labCpu0 = cpuMs(lab.pid);
        log(`floor: ${message.sessions} sessions in ${message.loginMs} ms; measuring`);
      } else if (loggedIn) {
        resolve({ loggedIn, result: message });
      }
    });
    child.once('exit', (code) => reject(new Error(`floor exited with ${String(code)}`)));
    child.send(request);
  });
  const labCpuMs = cpuMs(lab.pid) - labCpu0;
  child.disconnect();
  await stopChild(handle);
  return { ...outcome, labCpuMs };
}

// ---- the run ----

/** The lab's fleet as an import CSV: the same fields ENROL_SIMULATOR_URL would enrol. */
function fleetCsv(radios: LabRadio[]): string {
  const header = 'name,role,host,port,username,password,site,lat,lon,parent,tags';
  const lines = radios.map((r) =>
    [
      r.id,
      r.role,
      r.host,
      r.port,
      r.username,
      r.password,
      'field-lab',
      r.lat,
      r.lon,
      r.baseStationId ?? '',
      'simulated',
    ].join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}

interface LabRadio {
  id: string;
  role: 'base-station' | 'cpe';
  host: string;
  port: number;
  username: string;
  password: string;
  baseStationId: string | null;
  lat: number;
  lon: number;
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    log(`gave up after ${WATCHDOG_MS / 1000} s`);
    void cleanup().finally(() => process.exit(1));
  }, WATCHDOG_MS);
  watchdog.unref();

  const tag = randomBytes(4).toString('hex');

  // 1. A fresh database and a key prefix of our own.
  const database = `wsnoc_bench_poll_${tag}`;
  await exec('psql', [ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${database}`]);
  cleanups.push({
    name: 'database',
    run: () =>
      exec('psql', [ADMIN_URL, '-qc', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]).then(
        () => undefined,
      ),
  });
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${database}`;
  const keyPrefix = `wsnoc-bench-poll-${tag}:`;
  const redisHost = new URL(REDIS_URL);
  const redisArgs = ['-h', redisHost.hostname, '-p', redisHost.port || '6379'];
  cleanups.push({
    name: 'redis keys',
    run: async () => {
      const keys = (await exec('redis-cli', [...redisArgs, '--scan', '--pattern', `${keyPrefix}*`]))
        .split('\n')
        .filter(Boolean);
      for (let i = 0; i < keys.length; i += 1000) {
        await exec('redis-cli', [...redisArgs, 'UNLINK', ...keys.slice(i, i + 1000)]);
      }
    },
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wsnoc-bench-poll-'));
  cleanups.push({
    name: 'data dir',
    run: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  });

  // 2. The field lab, built if it is, from source otherwise.
  const t0 = performance.now();
  const builtLab = path.join(root, 'simulator', 'dist', 'cli.js');
  const labArgs = [
    '--radios',
    String(RADIOS),
    '--port',
    '0',
    '--control-port',
    '0',
    '--paws-port',
    '0',
    '--first-address',
    '127.44.0.1',
  ];
  const lab = existsSync(builtLab)
    ? startChild('lab', process.execPath, [builtLab, ...labArgs], process.env)
    : startChild(
        'lab',
        process.execPath,
        ['--conditions=wsnoc-source', '--import', 'tsx', 'simulator/src/cli.ts', ...labArgs],
        process.env,
      );
  const controlUrl = await waitForLine(
    lab,
    (line) => {
      try {
        const parsed = JSON.parse(line) as { ready?: boolean; controlUrl?: string };
        return parsed.ready ? parsed.controlUrl : undefined;
      } catch {
        return undefined;
      }
    },
    120_000,
  );
  const labStartMs = performance.now() - t0;
  const radios = (await (await http(`${controlUrl}/radios`)).json()) as LabRadio[];
  log(`lab: ${radios.length} radios in ${Math.round(labStartMs)} ms at ${controlUrl}`);

  // 3. The built console, enrolling the lab's fleet at start.
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const t1 = performance.now();
  const consoleChild = startChild(
    'console',
    process.execPath,
    [path.join(root, 'server', 'dist', 'main.js')],
    {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      ADMIN_PASSWORD: password,
      WSNOC_SECRET_KEY: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
      POLL_CONCURRENCY: String(CONCURRENCY),
      ENROL_SIMULATOR_URL: controlUrl,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  // LOG_LEVEL=warn hides the "wsnoc is up" line: wait for the health route instead.
  for (;;) {
    if (consoleChild.process.exitCode !== null) {
      throw new Error(`console exited early:\n${consoleChild.tail()}`);
    }
    if (performance.now() - t1 > 120_000) {
      throw new Error(`console not up after 120 s:\n${consoleChild.tail()}`);
    }
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      await sleep(250);
    }
  }
  const consoleUpMs = performance.now() - t1;
  const login = await http(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const c: Console = { child: consoleChild, url, cookie };
  log(`console up at ${url} in ${Math.round(consoleUpMs)} ms`);
  if (ENROL === 'csv') {
    // In chunks: one request for 10,000 lines outlasts fetch's fixed 300 s wait for response headers.
    // Base stations go first, so every CPE's parent exists when its chunk arrives.
    const ordered = [...radios].sort((a, b) => Number(a.role === 'cpe') - Number(b.role === 'cpe'));
    const t = performance.now();
    let imported = 0;
    for (let i = 0; i < ordered.length; i += IMPORT_CHUNK) {
      const response = await http(
        `${url}/api/devices/import`,
        {
          method: 'POST',
          headers: { 'content-type': 'text/csv', cookie },
          body: fleetCsv(ordered.slice(i, i + IMPORT_CHUNK)),
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

  // 4. Every device enrolled and polled once, then one interval of warm-up.
  let enrolledMs: number | undefined;
  let lastLog = 0;
  for (;;) {
    if (consoleChild.process.exitCode !== null) {
      throw new Error(`console exited:\n${consoleChild.tail()}`);
    }
    const list = await listDevices(c);
    const polled = list.items.filter((d) => d.lastPollAt !== null).length;
    if (enrolledMs === undefined && list.total >= radios.length) {
      enrolledMs = performance.now() - t1;
    }
    if (list.total >= radios.length && polled >= radios.length) {
      break;
    }
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`enrolled ${list.total}/${radios.length}, polled ${polled}`);
    }
    await sleep(2_000);
  }
  const allPolledMs = performance.now() - t1;
  log(`all ${radios.length} enrolled in ${Math.round(enrolledMs ?? 0)} ms and polled; warming up`);
  await sleep(POLL_INTERVAL_MS);

  // 5. Baseline window, with an operator's feed open and radios changing under it.
  // A feed that cannot connect is reported, not fatal: the other figures still stand.
  let feedError: string | undefined;
  const probe = await startFeedProbe(
    c,
    controlUrl,
    radios.map((r) => r.id),
  ).catch((err: unknown) => {
    feedError = (err as Error).message;
    log(`live feed: ${feedError}`);
    return undefined;
  });
  log(`baseline window ${WINDOW_MS / 1000} s`);
  const base = await measureWindow(c, lab, WINDOW_MS);
  const rssAfterBaseKB = rssKB(consoleChild.pid);
  const feed = probe
    ? await probe.stop(POLL_INTERVAL_MS + 5_000)
    : { changes: 0, seen: [], lost: 0, postErrors: 0 };
  const feedSummary = summarise(feed.seen);

  // 6. 10% blackholed: the healthy devices keep their rate.
  const faulted = (await postJson(`${controlUrl}/faults`, {
    kind: 'blackhole',
    share: BLACKHOLE_SHARE,
    seed: 7,
  })) as { affected: string[] };
  const healthyShare = (radios.length - faulted.affected.length) / radios.length;
  log(`${faulted.affected.length} blackholed; settling one interval, then ${FAULT_WINDOW_MS / 1000} s`);
  await sleep(POLL_INTERVAL_MS);
  const fault = await measureWindow(c, lab, FAULT_WINDOW_MS);
  await http(`${controlUrl}/faults`, { method: 'DELETE' });

  // 7. The floor, on the same fleet, once the console has let go of its sessions.
  const consoleStopMs = await stopChild(consoleChild);
  log(`console stopped in ${Math.round(consoleStopMs)} ms; floor`);
  await sleep(2_000);
  const floor = await runFloor(
    radios.map((r) => ({
      host: r.host,
      port: r.port,
      username: r.username,
      password: r.password,
      role: r.role,
    })),
    lab,
  );

  // 8. The figures.
  const devices = radios.length;
  const baseOk = base.polls.ok ?? 0;
  const pollsPerSec = baseOk / base.seconds;
  const cpuMsPerPoll = base.consoleCpuMs / Math.max(1, totalPolls(base));
  const rssKBPerDevice = rssAfterBaseKB / devices;
  const feedP99Beyond = feedSummary.p99 - POLL_INTERVAL_MS;
  const faultOkPerSec = (fault.polls.ok ?? 0) / fault.seconds;
  const expectedHealthy = pollsPerSec * healthyShare;
  const healthyRatio = faultOkPerSec / expectedHealthy;
  const floorPollsPerSec = floor.result.polls / floor.result.seconds;
  const floorCpuMsPerPoll = floor.result.cpuMs / Math.max(1, floor.result.polls);
  const floorLatency = summarise(floor.result.latenciesMs);

  const throughput = { value: round(pollsPerSec, 1), target: TARGETS.pollsPerSec };
  const report = {
    bench: 'poll',
    node: process.version,
    radios: devices,
    pollIntervalMs: POLL_INTERVAL_MS,
    pollConcurrency: CONCURRENCY,
    windowSeconds: round(base.seconds, 1),
    setup: {
      labStartMs: Math.round(labStartMs),
      consoleUpMs: Math.round(consoleUpMs),
      enrolMethod:
        ENROL === 'lab'
          ? 'ENROL_SIMULATOR_URL (the console enrols one device at a time at start)'
          : 'POST /api/devices/import with a CSV of GET /radios',
      enrolledMs: Math.round(enrolledMs ?? Number.NaN),
      allPolledOnceMs: Math.round(allPolledMs),
    },
    pollsPerSec: {
      ...throughput,
      meetsTarget: pollsPerSec >= TARGETS.pollsPerSec,
      ceiling: round(devices / (POLL_INTERVAL_MS / 1000), 1),
      note: 'ok polls/s from wsnoc_polls_total; the schedule caps it at devices / interval',
      outcomes: base.polls,
    },
    consoleCpuMsPerPoll: {
      value: round(cpuMsPerPoll, 3),
      target: TARGETS.cpuMsPerPoll,
      meetsTarget: cpuMsPerPoll <= TARGETS.cpuMsPerPoll,
      consoleCpuPercentOfOneCore: round(base.consoleCpuMs / 10 / base.seconds, 1),
      labCpuPercentOfOneCore: round(base.labCpuMs / 10 / base.seconds, 1),
      note: 'utime+stime of the console process over the window (one /ops client attached) / polls',
    },
    pollLatencyMs: {
      p50: quantileMs(0.5, base.duration),
      p99: quantileMs(0.99, base.duration),
      method: 'wsnoc_poll_duration_seconds, linear interpolation within histogram buckets',
    },
    scheduleLagMs: {
      p50: quantileMs(0.5, base.lag),
      p99: quantileMs(0.99, base.lag),
      method: 'wsnoc_poll_schedule_lag_seconds, linear interpolation within histogram buckets',
    },
    memory: {
      consoleRssMB: round(rssAfterBaseKB / 1024, 1),
      rssKBPerDevice: round(rssKBPerDevice, 1),
      target: TARGETS.rssKBPerDevice,
      meetsTarget: rssKBPerDevice <= TARGETS.rssKBPerDevice,
      note: "VmRSS of the console after the baseline window / devices (Node's own baseline included)",
    },
    liveFeed: {
      ...(feedError ? { error: feedError } : {}),
      changes: feed.changes,
      framesMatched: feed.seen.length,
      lost: feed.lost,
      postErrors: feed.postErrors,
      changeToFrameMs: feedSummary,
      p99BeyondIntervalMs: round(feedP99Beyond, 1),
      target: TARGETS.feedMsBeyondInterval,
      meetsTarget: feedP99Beyond <= TARGETS.feedMsBeyondInterval && feed.lost === 0 && !feedError,
      note: `a random radio's temperature set every ${FEED_CHANGE_EVERY_MS} ms through the lab; time from just before the request to the 'devices:delta' frame carrying the new value`,
    },
    faults: {
      blackholed: faulted.affected.length,
      baselineOkPollsPerSec: round(pollsPerSec, 1),
      faultOkPollsPerSec: round(faultOkPerSec, 1),
      expectedHealthyPollsPerSec: round(expectedHealthy, 1),
      healthyRatio: round(healthyRatio, 3),
      target: TARGETS.healthyRatio,
      meetsTarget: healthyRatio >= TARGETS.healthyRatio,
      windowSeconds: round(fault.seconds, 1),
      outcomes: fault.polls,
      pollLatencyMs: { p50: quantileMs(0.5, fault.duration), p99: quantileMs(0.99, fault.duration) },
      scheduleLagMs: { p50: quantileMs(0.5, fault.lag), p99: quantileMs(0.99, fault.lag) },
      consoleCpuPercentOfOneCore: round(fault.consoleCpuMs / 10 / fault.seconds, 1),
      note: 'healthyRatio = ok polls/s with faults / (baseline ok polls/s x healthy share of the fleet)',
    },
    floor: {
      client:
        'raw telnet, no negotiation or parsing, one login per radio, closed loop of show system + show radio + show clients|link',
      concurrency: CONCURRENCY,
      sessions: floor.loggedIn.sessions,
      failedLogins: floor.loggedIn.failedLogins,
      loginMs: floor.loggedIn.loginMs,
      windowSeconds: round(floor.result.seconds, 1),
      pollsPerSec: round(floorPollsPerSec, 1),
      cpuMsPerPoll: round(floorCpuMsPerPoll, 3),
      latencyMs: floorLatency,
      errors: floor.result.errors,
      labCpuPercentOfOneCore: round(floor.labCpuMs / 10 / floor.result.seconds, 1),
      ratioOurs: {
        pollsPerSec: round(pollsPerSec / floorPollsPerSec, 3),
        cpuMsPerPoll: round(cpuMsPerPoll / floorCpuMsPerPoll, 2),
      },
      note: 'our throughput is paced by the schedule (devices / interval); the floor runs flat out',
    },
    meetsAllTargets:
      pollsPerSec >= TARGETS.pollsPerSec &&
      cpuMsPerPoll <= TARGETS.cpuMsPerPoll &&
      rssKBPerDevice <= TARGETS.rssKBPerDevice &&
      feedP99Beyond <= TARGETS.feedMsBeyondInterval &&
      feed.lost === 0 &&
      !feedError &&
      healthyRatio >= TARGETS.healthyRatio,
  };
  await cleanup();
  printReport(report);
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    log((err as Error).stack ?? String(err));
    await cleanup();
    process.exit(1);
  },
);
