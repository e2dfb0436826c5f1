// Bench: fleet polling at scale. The field lab with N radios, the built console, Postgres and Redis run
// together on this machine, each in its own process (the open-file limit is 20,000 per process and one
// process holding both ends of N loopback sessions would need 2N).
//   pnpm build && npx tsx bench/poll.ts [--radios N] [--duration-s S] [--fault-s S] [--floor-s S]
//     [--concurrency C] [--failing-concurrency C] [--dead-shares 0.1,0.5] [--interval-ms MS]
//   pnpm build && npx tsx bench/poll.ts --capacity [--radios N] [--step-seconds S] [--idle-seconds S]
//     [--idle-warmup-seconds S]
//     [--small-fleet N] [--intervals 10000,5000,...] [--extra-steps K] [--floor-s S] [--cpu-prof]
//     [--instances N] [--console-node-args '--max-semi-space-size=64']
// --capacity steps the interval down instead (see lib/capacity.ts): an idle step, 500 radios at 10 s,
// then the whole fleet at 10 s, 5 s, 3.3 s, 2.5 s ... until a step misses its schedule, and the floor.
// Phases: enrol the fleet, wait for a first poll of every device and one interval of warm-up; baseline
// window (throughput, console CPU per poll, poll latency and schedule lag, memory, and change-to-frame
// time on the live feed); then each dead share in turn (by default 10%, then 50% of the fleet
// blackholed: the healthy radios' ok polls/s against their schedule, the healthy lane's lag, the failing
// lane's load), with the console left running between them until every radio of the previous share
// polls ok again; then, with the console stopped, the floor: a bare telnet loop of the same commands on
// the same fleet. Prints one JSON object. Loopback only; a fresh database and Redis key prefix, removed
// at the end, even on error; a watchdog ends it if anything hangs.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DeviceListResponse, FeedDelta } from '@wsnoc/shared';
import { connectFeed } from './lib/feed-client.js';
import type { FloorLoggedIn, FloorRequest, FloorResult, FloorTarget } from './lib/poll-floor.js';
import { cpuMs, rssKB } from './lib/proc.js';
import {
  bucketDelta,
  buckets,
  byLabel,
  histogramQuantile,
  parsePrometheus,
  sumOf,
  type Bucket,
  type PromSamples,
} from './lib/prom.js';
import {
  apiSignIn,
  cleanup,
  createScratch,
  guardProcess,
  http,
  importFleet,
  log,
  onCleanup,
  runBench,
  setLogPrefix,
  sleep,
  startConsole,
  startLab,
  stopChild,
  waitAllPolled,
  type Child,
} from './lib/stack.js';
import { defaultIntervals, runCapacity } from './lib/capacity.js';
import type { LabRadio } from './lib/stack.js';
import { printReport, round, summarise } from './lib/stats.js';

setLogPrefix('bench/poll');

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '10000' },
    'duration-s': { type: 'string', default: '60' },
    'fault-s': { type: 'string' },
    'floor-s': { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '2000' },
    'failing-concurrency': { type: 'string', default: '32' },
    'dead-shares': { type: 'string', default: '0.1,0.5' },
    enrol: { type: 'string', default: 'csv' },
    'interval-ms': { type: 'string', default: '10000' },
    capacity: { type: 'boolean', default: false },
    'step-seconds': { type: 'string', default: '30' },
    'idle-seconds': { type: 'string', default: '20' },
    'idle-warmup-seconds': { type: 'string', default: '30' },
    'small-fleet': { type: 'string', default: '500' },
    intervals: { type: 'string' },
    'extra-steps': { type: 'string', default: '0' },
    'cpu-prof': { type: 'boolean', default: false },
    instances: { type: 'string', default: '1' },
    'console-node-args': { type: 'string', default: '' },
  },
});
const RADIOS = Number(values.radios);
const WINDOW_MS = Number(values['duration-s']) * 1000;
const FAULT_WINDOW_MS = Number(values['fault-s'] ?? values['duration-s']) * 1000;
const FLOOR_WINDOW_MS = Number(values['floor-s']) * 1000;
const CONCURRENCY = Number(values.concurrency);
const FAILING_CONCURRENCY = Number(values['failing-concurrency']);
const DEAD_SHARES = values['dead-shares'].split(',').map(Number);
// csv: one POST /api/devices/import of the lab's fleet; lab: the console's own ENROL_SIMULATOR_URL.
const ENROL = values.enrol === 'lab' ? 'lab' : 'csv';
const POLL_INTERVAL_MS = Number(values['interval-ms']);
/** DRIVER_COMMAND_TIMEOUT_MS, set here: how long a poll on a blackholed radio's open session waits. */
const COMMAND_TIMEOUT_MS = 5_000;
/** The longest a dead share may take to leave the healthy lane, and its radios to poll ok once cleared. */
const SETTLE_CAP_MS = 3 * POLL_INTERVAL_MS;
const RECOVERY_CAP_MS = 3 * 60_000;
const FEED_CHANGE_EVERY_MS = 200;
// Enrolment creates devices one at a time; at 10,000 radios that alone takes minutes.
const WATCHDOG_MS =
  30 * 60_000 +
  WINDOW_MS +
  DEAD_SHARES.length * (SETTLE_CAP_MS + FAULT_WINDOW_MS + RECOVERY_CAP_MS) +
  FLOOR_WINDOW_MS;

const TARGETS = {
  pollsPerSec: 1000,
  cpuMsPerPoll: 1.2,
  rssKBPerDevice: 100,
  feedMsBeyondInterval: 300,
  healthyRatio: 0.95,
};

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

// ---- measurement windows ----

interface Window {
  seconds: number;
  polls: Record<string, number>;
  consoleCpuMs: number;
  labCpuMs: number;
  duration: Bucket[];
  /** Both lanes together, then each lane alone. */
  lag: Bucket[];
  lagHealthy: Bucket[];
  lagFailing: Bucket[];
  /** wsnoc_polls_in_flight once a second, summed over its two lanes (healthy, failing). */
  inFlight: number[];
}

const SAMPLE_EVERY_MS = 1_000;

/**
 * Scrapes at the start, then once a second until `done` says so (it sees the samples and the start's),
 * then takes the deltas. measureWindow is the fixed-length case.
 */
async function measureUntil(
  c: Console,
  lab: Child,
  done: (now: PromSamples, start: PromSamples, elapsedMs: number) => boolean,
): Promise<Window> {
  const m0 = await scrape(c);
  const cpu0 = cpuMs(c.child.pid);
  const lab0 = cpuMs(lab.pid);
  const t0 = performance.now();
  const inFlight: number[] = [];
  let m1 = m0;
  for (let next = t0 + SAMPLE_EVERY_MS; ; next += SAMPLE_EVERY_MS) {
    await sleep(Math.max(0, next - performance.now()));
    m1 = await scrape(c);
    inFlight.push(sumOf(m1, 'wsnoc_polls_in_flight'));
    if (done(m1, m0, performance.now() - t0)) {
      break;
    }
  }
  const cpu1 = cpuMs(c.child.pid);
  const lab1 = cpuMs(lab.pid);
  const seconds = (performance.now() - t0) / 1000;
  const lag = (labels: Record<string, string> = {}): Bucket[] =>
    bucketDelta(
      buckets(m0, 'wsnoc_poll_schedule_lag_seconds', labels),
      buckets(m1, 'wsnoc_poll_schedule_lag_seconds', labels),
    );
  return {
    seconds,
    polls: pollsSince(m0, m1),
    consoleCpuMs: cpu1 - cpu0,
    labCpuMs: lab1 - lab0,
    duration: bucketDelta(
      buckets(m0, 'wsnoc_poll_duration_seconds'),
      buckets(m1, 'wsnoc_poll_duration_seconds'),
    ),
    lag: lag(),
    lagHealthy: lag({ lane: 'healthy' }),
    lagFailing: lag({ lane: 'failing' }),
    inFlight,
  };
}

function measureWindow(c: Console, lab: Child, ms: number): Promise<Window> {
  return measureUntil(c, lab, (_now, _start, elapsedMs) => elapsedMs >= ms);
}

/** wsnoc_polls_total by outcome, between two scrapes. */
function pollsSince(m0: PromSamples, m1: PromSamples): Record<string, number> {
  const polls0 = byLabel(m0, 'wsnoc_polls_total', 'outcome');
  const polls: Record<string, number> = {};
  for (const [outcome, value] of Object.entries(byLabel(m1, 'wsnoc_polls_total', 'outcome'))) {
    polls[outcome] = value - (polls0[outcome] ?? 0);
  }
  return polls;
}

const failures = (polls: Record<string, number>): number => (polls.failed ?? 0) + (polls.unreachable ?? 0);

const totalPolls = (w: Window): number => Object.values(w.polls).reduce((a, b) => a + b, 0);

function quantileMs(q: number, histogram: Bucket[]): number | string {
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

// ---- a dead share of the fleet ----

interface DeadPhase {
  share: number;
  blackholed: string[];
  /** From the fault until the blackholed radios have left the healthy lane. */
  settle: Window;
  settledBy: 'each blackholed radio failed once' | 'cap';
  window: Window;
  /** After the fault is cleared, until each of those radios polled ok again (not after the last share). */
  recovery: { ms: number; notRecovered: number } | undefined;
}

/**
 * Blackholes `share` of the fleet, waits until those radios have left the healthy lane, measures, and
 * clears the fault. Between shares the console is left running rather than restarted, and the next share
 * only starts once every radio of this one polls ok again: that is the recovery a real outage ends with,
 * and it is reported too. After the last share the console is stopped for the floor, so no wait.
 */
async function deadSharePhase(
  c: Console,
  lab: Child,
  controlUrl: string,
  share: number,
  last: boolean,
): Promise<DeadPhase> {
  const { affected } = (await postJson(`${controlUrl}/faults`, {
    kind: 'blackhole',
    share,
    seed: 7,
  })) as { affected: string[] };
  log(`${Math.round(share * 100)}%: ${affected.length} blackholed; settling`);
  // Each blackholed radio is due within an interval, and its first poll, still in the healthy lane, holds
  // a healthy slot until the command times out; only after that failure is it in the failing lane. The
  // failures (later ones come from the failing lane's small budget) tell when that has happened.
  let settledBy: DeadPhase['settledBy'] = 'cap';
  const settle = await measureUntil(c, lab, (now, start, elapsedMs) => {
    if (
      elapsedMs >= POLL_INTERVAL_MS + COMMAND_TIMEOUT_MS + SAMPLE_EVERY_MS &&
      failures(pollsSince(start, now)) >= affected.length
    ) {
      settledBy = 'each blackholed radio failed once';
      return true;
    }
    return elapsedMs >= SETTLE_CAP_MS;
  });
  log(`settled in ${Math.round(settle.seconds)} s (${settledBy}); measuring ${FAULT_WINDOW_MS / 1000} s`);
  const window = await measureWindow(c, lab, FAULT_WINDOW_MS);
  const clearedAt = Date.now();
  await http(`${controlUrl}/faults`, { method: 'DELETE' });
  const recovery = last ? undefined : await waitRecovered(c, affected, clearedAt);
  if (recovery) {
    log(`recovered in ${recovery.ms} ms, ${recovery.notRecovered} not yet`);
  }
  return { share, blackholed: affected, settle, settledBy, window, recovery };
}

/** Until each of the named devices has polled ok since `since` (no error left), or the cap. */
async function waitRecovered(
  c: Console,
  names: readonly string[],
  since: number,
): Promise<{ ms: number; notRecovered: number }> {
  const t0 = performance.now();
  const waiting = new Set(names);
  for (;;) {
    const response = await http(
      `${c.url}/api/devices?limit=10000`,
      { headers: { cookie: c.cookie } },
      60_000,
    );
    const notRecovered = ((await response.json()) as DeviceListResponse).items.filter(
      (d) =>
        waiting.has(d.name) &&
        (d.lastError !== null || d.lastPollAt === null || Date.parse(d.lastPollAt) < since),
    ).length;
    const ms = Math.round(performance.now() - t0);
    if (notRecovered === 0 || ms >= RECOVERY_CAP_MS) {
      return { ms, notRecovered };
    }
    await sleep(2_000);
  }
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
/** Observations in a histogram delta: its +Inf bucket. */
const observed = (h: readonly Bucket[]): number => h[h.length - 1]?.count ?? 0;

function deadShareFigures(p: DeadPhase, devices: number, baselineOkPerSec: number, base: Window) {
  const w = p.window;
  const healthyRadios = devices - p.blackholed.length;
  const scheduled = healthyRadios / (POLL_INTERVAL_MS / 1000);
  // Blackholed radios never poll ok: every ok poll is a healthy radio's.
  const okPerSec = (w.polls.ok ?? 0) / w.seconds;
  const ratio = okPerSec / scheduled;
  const settleOkPerSec = (p.settle.polls.ok ?? 0) / p.settle.seconds;
  return {
    share: p.share,
    blackholed: p.blackholed.length,
    healthyRadios,
    healthyOkPollsPerSec: round(okPerSec, 1),
    scheduledHealthyPollsPerSec: round(scheduled, 1),
    healthyRatio: round(ratio, 3),
    target: TARGETS.healthyRatio,
    meetsTarget: ratio >= TARGETS.healthyRatio,
    healthyLaneLagMs: { p50: quantileMs(0.5, w.lagHealthy), p99: quantileMs(0.99, w.lagHealthy) },
    failingLane: {
      concurrency: FAILING_CONCURRENCY,
      pollsStartedPerSec: round(observed(w.lagFailing) / w.seconds, 1),
      failuresPerSec: round(failures(w.polls) / w.seconds, 1),
      lagMs: { p50: quantileMs(0.5, w.lagFailing), p99: quantileMs(0.99, w.lagFailing) },
      pollsInFlight: {
        mean: round(mean(w.inFlight), 1),
        max: Math.max(...w.inFlight),
        baselineMean: round(mean(base.inFlight), 1),
        note: 'wsnoc_polls_in_flight once a second, summed over both lanes. The failing lane holds at most its budget plus healthy polls demoted after 1 s; baselineMean is the healthy lane with the whole fleet up, for scale, not to subtract',
      },
    },
    windowSeconds: round(w.seconds, 1),
    outcomes: w.polls,
    pollLatencyMs: { p50: quantileMs(0.5, w.duration), p99: quantileMs(0.99, w.duration) },
    consoleCpuPercentOfOneCore: round(w.consoleCpuMs / 10 / w.seconds, 1),
    settle: {
      seconds: round(p.settle.seconds, 1),
      by: p.settledBy,
      healthyOkPollsPerSec: round(settleOkPerSec, 1),
      healthyRatio: round(settleOkPerSec / scheduled, 3),
      healthyLaneLagP99Ms: quantileMs(0.99, p.settle.lagHealthy),
      note: 'from the fault until each blackholed radio has failed once (its first, timed-out poll ran in the healthy lane); not part of the target',
    },
    ...(p.recovery
      ? {
          recovery: {
            ...p.recovery,
            note: 'after DELETE /faults, until each of these radios polled ok again',
          },
        }
      : {}),
    floors: {
      baselineOkPollsPerSecTimesHealthyShare: round((baselineOkPerSec * healthyRadios) / devices, 1),
      ratioToBaseline: round(okPerSec / ((baselineOkPerSec * healthyRadios) / devices), 3),
      baselineLagP99Ms: quantileMs(0.99, base.lagHealthy),
    },
    note: 'healthyRatio = ok polls/s (blackholed radios give none) / (healthy radios / poll interval)',
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
  onCleanup('floor', () => stopChild(handle).then(() => undefined));
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

async function capacityMain(): Promise<void> {
  // steps of ~step-seconds plus a restart each, enrolment, the floor: well inside an hour
  guardProcess(60 * 60_000);
  const report = await runCapacity({
    radios: RADIOS,
    smallFleet: Number(values['small-fleet']),
    stepSeconds: Number(values['step-seconds']),
    idleSeconds: Number(values['idle-seconds']),
    idleWarmupSeconds: Number(values['idle-warmup-seconds']),
    intervalsMs: values.intervals ? values.intervals.split(',').map(Number) : defaultIntervals(),
    extraSteps: Number(values['extra-steps']),
    concurrency: CONCURRENCY,
    failingConcurrency: FAILING_CONCURRENCY,
    cpuProf: values['cpu-prof'],
    instances: Number(values.instances),
    consoleNodeArgs: values['console-node-args'].split(' ').filter(Boolean),
    runFloor: async (radios: LabRadio[], lab: Child) => {
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
      return {
        client: 'raw telnet, one login per radio, closed loop of the same three commands',
        concurrency: CONCURRENCY,
        sessions: floor.loggedIn.sessions,
        windowSeconds: round(floor.result.seconds, 1),
        pollsPerSec: round(floor.result.polls / floor.result.seconds, 1),
        cpuMsPerPoll: round(floor.result.cpuMs / Math.max(1, floor.result.polls), 4),
        errors: floor.result.errors,
        latencyMs: summarise(floor.result.latenciesMs),
        labCpuPercentOfOneCore: round(floor.labCpuMs / 10 / floor.result.seconds, 1),
      };
    },
  });
  printReport(report);
}

async function main(): Promise<void> {
  guardProcess(WATCHDOG_MS);

  // 1. A fresh database, Redis key prefix and data directory.
  const scratch = await createScratch('poll');

  // 2. The field lab.
  const lab = await startLab(RADIOS, '127.44.0.1');
  const { radios, controlUrl } = lab;
  log(`lab: ${radios.length} radios in ${Math.round(lab.startMs)} ms at ${controlUrl}`);

  // 3. The built console, enrolling the lab's fleet at start.
  const handle = await startConsole(scratch, {
    POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
    POLL_CONCURRENCY: String(CONCURRENCY),
    POLL_FAILING_CONCURRENCY: String(FAILING_CONCURRENCY),
    DRIVER_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    ENROL_SIMULATOR_URL: controlUrl,
  });
  const consoleChild = handle.child;
  const cookie = await apiSignIn(handle);
  const c: Console = { child: consoleChild, url: handle.url, cookie };
  log(`console up at ${c.url} in ${Math.round(handle.upMs)} ms`);
  if (ENROL === 'csv') {
    await importFleet(handle, cookie, radios);
  }

  // 4. Every device enrolled and polled once, then one interval of warm-up.
  const { enrolledAt } = await waitAllPolled(handle, cookie, radios.length);
  const enrolledMs = enrolledAt - handle.startedAt;
  const allPolledMs = performance.now() - handle.startedAt;
  log(`all ${radios.length} enrolled in ${Math.round(enrolledMs)} ms and polled; warming up`);
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
  const base = await measureWindow(c, lab.child, WINDOW_MS);
  const rssAfterBaseKB = rssKB(consoleChild.pid);
  const feed = probe
    ? await probe.stop(POLL_INTERVAL_MS + 5_000)
    : { changes: 0, seen: [], lost: 0, postErrors: 0 };
  const feedSummary = summarise(feed.seen);

  // 6. Each dead share in turn: the healthy radios keep their schedule.
  const dead: DeadPhase[] = [];
  for (const [i, share] of DEAD_SHARES.entries()) {
    dead.push(await deadSharePhase(c, lab.child, controlUrl, share, i === DEAD_SHARES.length - 1));
  }

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
    lab.child,
  );

  // 8. The figures.
  const devices = radios.length;
  const baseOk = base.polls.ok ?? 0;
  const pollsPerSec = baseOk / base.seconds;
  const cpuMsPerPoll = base.consoleCpuMs / Math.max(1, totalPolls(base));
  const rssKBPerDevice = rssAfterBaseKB / devices;
  const feedP99Beyond = feedSummary.p99 - POLL_INTERVAL_MS;
  const deadShares = dead.map((p) => deadShareFigures(p, devices, pollsPerSec, base));
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
      labStartMs: Math.round(lab.startMs),
      consoleUpMs: Math.round(handle.upMs),
      enrolMethod:
        ENROL === 'lab'
          ? 'ENROL_SIMULATOR_URL (the console enrols one device at a time at start)'
          : 'POST /api/devices/import with a CSV of GET /radios',
      enrolledMs: Math.round(enrolledMs),
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
    deadShares,
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
      deadShares.every((d) => d.meetsTarget),
  };
  await cleanup();
  printReport(report);
}

runBench(values.capacity ? capacityMain : main);
