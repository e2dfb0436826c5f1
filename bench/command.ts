// Bench: the command path. The field lab with a modest fleet, the built console, Postgres and Redis, each
// in its own process, as bench/poll.ts runs them.
//   pnpm build && npx tsx bench/command.ts [--radios N] [--base-stations K] [--changes N] [--warmup N]
//     [--idle-s S]
// Phases: enrol the fleet and wait for a first poll of every device; the console's idle CPU; then one
// channel change at a time through `POST /api/devices/:id/config` (mode commit), round robin over K base
// stations that nothing else drives, each checked against the lab's truth; then, with the console
// stopped, two floors: one database commit (the console writes two per change), and the same radio
// commands by hand over raw telnet on the same radios (read the running config, configure, set, commit,
// exit, read it back, a fresh login with show system, then the poll's show system, show radio, show
// clients). Prints one JSON object with the floors beside the console's figures. Loopback only; a fresh
// database and Redis key prefix, removed at the end, even on error; a watchdog ends it if anything hangs.
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { ConfigChange, DeviceListResponse, RadioState } from '@wsnoc/shared';
import { atPrompt, type LineClient, openLoggedIn } from './lib/line-client.js';
import { cpuMs } from './lib/proc.js';
import {
  apiSignIn,
  cleanup,
  createScratch,
  exec,
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
  type LabRadio,
} from './lib/stack.js';
import { percentile, printReport, round, summarise } from './lib/stats.js';

setLogPrefix('bench/command');

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '200' },
    'base-stations': { type: 'string', default: '8' },
    changes: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '2' },
    'idle-s': { type: 'string', default: '5' },
  },
});
const RADIOS = Number(values.radios);
const STATIONS = Number(values['base-stations']);
const CHANGES = Number(values.changes);
/** Changes per radio before the timed ones, in each phase: the first ones open sessions and warm caches. */
const WARMUP = Number(values.warmup);
const IDLE_MS = Number(values['idle-s']) * 1000;
const POLL_INTERVAL_MS = 10_000;
// Two channels inside both band plans (ETSI 21-60, FCC 14-36), so the bench runs in either region.
const CHANNELS = [30, 31] as const;
const STEP_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;
const WATCHDOG_MS = 10 * 60_000 + (CHANGES + STATIONS * WARMUP) * 2 * 2_000;

const TARGETS = { okShare: 1 };

/** A base station as both sides know it: the lab's radio and the console's device id. */
interface Station {
  radio: LabRadio;
  deviceId: string;
  /** The channel the next change sets: always the other one of CHANNELS, so each request changes it. */
  next: number;
}

async function labState(controlUrl: string, radioId: string): Promise<RadioState> {
  return (await (await http(`${controlUrl}/radios/${radioId}/state`)).json()) as RadioState;
}

async function pickStations(
  controlUrl: string,
  consoleUrl: string,
  cookie: string,
  radios: readonly LabRadio[],
): Promise<Station[]> {
  const response = await http(`${consoleUrl}/api/devices?role=base-station&limit=10000`, {
    headers: { cookie },
  });
  const idByName = new Map(((await response.json()) as DeviceListResponse).items.map((d) => [d.name, d.id]));
  const chosen = radios.filter((r) => r.role === 'base-station' && idByName.has(r.id)).slice(0, STATIONS);
  if (chosen.length < STATIONS) {
    throw new Error(`only ${chosen.length} base stations enrolled; --base-stations ${STATIONS}`);
  }
  return Promise.all(
    chosen.map(async (radio) => ({
      radio,
      deviceId: idByName.get(radio.id)!,
      next: otherThan((await labState(controlUrl, radio.id)).config.channel),
    })),
  );
}

/** The one of CHANNELS a radio that runs `running` does not run. */
const otherThan = (running: number | null): number => (running === CHANNELS[0] ? CHANNELS[1] : CHANNELS[0]);

/** Wall-clock latencies, answers and truth checks of one phase (console or floor). */
interface Phase {
  latenciesMs: number[];
  /** The console's HTTP statuses, `ok` for the floor, `error` for a failure without an answer. */
  answers: Record<string, number>;
  firstError: string | undefined;
  verified: number;
  mismatched: number;
  seconds: number;
  consoleCpuMs: number;
  labCpuMs: number;
  loadAvg1m: { start: number; end: number };
}

/** A change that got an answer, but not the one asked for: tallied under `answer`. */
class AnswerError extends Error {
  constructor(
    readonly answer: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs WARMUP untimed changes per station, then CHANGES timed ones, one at a time, round robin over the
 * stations. After each, outside the timing, asks the lab which channel the radio runs: the check of the
 * timed ones, and where the next change of that radio goes from. `change` resolves with the answer to
 * tally (an HTTP status, or 'ok') and throws when the change failed.
 */
async function runPhase(
  stations: Station[],
  controlUrl: string,
  pids: { console?: number; lab: number },
  change: (station: Station, channel: number) => Promise<string>,
): Promise<Phase> {
  const phase: Phase = {
    latenciesMs: [],
    answers: {},
    firstError: undefined,
    verified: 0,
    mismatched: 0,
    seconds: 0,
    consoleCpuMs: 0,
    labCpuMs: 0,
    loadAvg1m: { start: 0, end: 0 },
  };
  const one = async (i: number, timed: boolean): Promise<void> => {
    const station = stations[i % stations.length]!;
    const channel = station.next;
    const started = performance.now();
    let answer: string;
    try {
      answer = await change(station, channel);
    } catch (err) {
      answer = err instanceof AnswerError ? err.answer : 'error';
      phase.firstError ??= (err as Error).message;
    }
    const ms = performance.now() - started;
    const running = (await labState(controlUrl, station.radio.id)).config.channel;
    // Whatever happened, go on from what the radio runs, so the next request changes something.
    station.next = otherThan(running);
    if (!timed) {
      return;
    }
    phase.answers[answer] = (phase.answers[answer] ?? 0) + 1;
    phase.latenciesMs.push(ms);
    if (running === channel) {
      phase.verified++;
    } else {
      phase.mismatched++;
      phase.firstError ??= `${station.radio.id} runs channel ${String(running)} after a change to ${channel}`;
    }
  };
  for (let i = 0; i < stations.length * WARMUP; i++) {
    await one(i, false);
  }
  const cpu0 = pids.console === undefined ? 0 : cpuMs(pids.console);
  const lab0 = cpuMs(pids.lab);
  phase.loadAvg1m.start = round(loadavg()[0]!);
  const t0 = performance.now();
  for (let i = 0; i < CHANGES; i++) {
    await one(i, true);
  }
  phase.seconds = (performance.now() - t0) / 1000;
  phase.loadAvg1m.end = round(loadavg()[0]!);
  phase.consoleCpuMs = pids.console === undefined ? 0 : cpuMs(pids.console) - cpu0;
  phase.labCpuMs = cpuMs(pids.lab) - lab0;
  return phase;
}

function latency(samples: readonly number[]): ReturnType<typeof summarise> & { p90: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { ...summarise(sorted), p90: round(percentile(sorted, 90)) };
}

// ---- the console's side ----

/** One POST /config; its answer must be 200, status applied, and a diff of exactly this channel. */
async function consoleChange(
  consoleUrl: string,
  cookie: string,
  station: Station,
  channel: number,
): Promise<string> {
  const response = await fetch(`${consoleUrl}/api/devices/${station.deviceId}/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ set: { channel }, mode: 'commit' }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new AnswerError(String(response.status), `HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  const change = JSON.parse(text) as ConfigChange;
  const diff = change.diff.find((d) => d.field === 'channel');
  if (change.status !== 'applied' || diff?.after !== channel) {
    throw new AnswerError('200-unexpected', `200 but ${change.status}, diff ${JSON.stringify(change.diff)}`);
  }
  return '200';
}

// ---- the floor: the same commands by hand ----

/**
 * What the console sends for one channel change, on a session kept open per radio as the console's pool
 * keeps one: read the before, change and commit, read back, prove a fresh login (on a session of its
 * own, hung up right after as the console's probe does), then the poll that refreshes the live state.
 * A session that failed is replaced before the error goes up, so one timeout costs one change only.
 */
async function floorChange(
  sessions: Map<string, LineClient>,
  radio: LabRadio,
  channel: number,
): Promise<string> {
  const line = sessions.get(radio.id)!;
  try {
    for (const command of [
      'show running-config',
      'configure',
      `set radio channel ${channel}`,
      'commit',
      'exit',
      'show running-config',
    ]) {
      await line.exchange(command, atPrompt);
    }
    const fresh = await openLoggedIn(radio, STEP_TIMEOUT_MS);
    try {
      await fresh.exchange('show system', atPrompt);
    } finally {
      fresh.destroy();
    }
    for (const command of ['show system', 'show radio', 'show clients']) {
      await line.exchange(command, atPrompt);
    }
    return 'ok';
  } catch (err) {
    line.destroy();
    sessions.set(radio.id, await openLoggedIn(radio, STEP_TIMEOUT_MS));
    throw err;
  }
}

// ---- the database's floor ----

/**
 * Single-row INSERTs on one psql session, each its own commit, timed by psql itself: what one durable
 * write costs on this disk at this moment. The console commits twice per change (the change record and
 * its audit entry) and the telnet floor not at all, so on a shared disk this explains most of the gap.
 */
async function commitFloor(databaseUrl: string, count: number): Promise<number[]> {
  const args = [
    databaseUrl,
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    'CREATE TABLE bench_commit_floor (id bigserial PRIMARY KEY, body jsonb NOT NULL)',
    '-c',
    '\\timing on',
  ];
  for (let i = 0; i < count; i++) {
    args.push('-c', `INSERT INTO bench_commit_floor (body) VALUES ('{"channel": ${CHANNELS[i % 2]}}')`);
  }
  const out = await exec('psql', args);
  return [...out.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]));
}

// ---- the run ----

async function main(): Promise<void> {
  guardProcess(WATCHDOG_MS);

  // 1. A fresh database, Redis key prefix and data directory; the lab; the console.
  const scratch = await createScratch('command');
  const lab = await startLab(RADIOS, '127.46.0.1');
  log(`lab: ${lab.radios.length} radios in ${Math.round(lab.startMs)} ms at ${lab.controlUrl}`);
  const handle = await startConsole(scratch, { POLL_INTERVAL_MS: String(POLL_INTERVAL_MS) });
  const cookie = await apiSignIn(handle);
  await importFleet(handle, cookie, lab.radios);

  // 2. Every device enrolled and polled once: the console has a session open on each radio.
  await waitAllPolled(handle, cookie, lab.radios.length);
  const allPolledMs = performance.now() - handle.startedAt;
  const stations = await pickStations(lab.controlUrl, handle.url, cookie, lab.radios);
  log(`all ${lab.radios.length} polled; ${stations.length} base stations; idle CPU over ${IDLE_MS} ms`);

  // 3. The console's CPU with only its schedule running, to tell the changes' own CPU apart.
  const idle0 = cpuMs(handle.child.pid);
  const labIdle0 = cpuMs(lab.child.pid);
  await sleep(IDLE_MS);
  const idleCpuMsPerSec = (cpuMs(handle.child.pid) - idle0) / (IDLE_MS / 1000);
  // The lab answers those polls too; with the console stopped it idles, so the floor needs no netting.
  const labIdleCpuMsPerSec = (cpuMs(lab.child.pid) - labIdle0) / (IDLE_MS / 1000);

  // 4. The command path, one change at a time.
  log(`${CHANGES} changes through POST /config`);
  const ours = await runPhase(
    stations,
    lab.controlUrl,
    { console: handle.child.pid, lab: lab.child.pid },
    (station, channel) => consoleChange(handle.url, cookie, station, channel),
  );

  // 5. The floor on the same radios, once the console has let go of its sessions: nothing else talks
  // to them, and the radios' configuration lock is free.
  await stopChild(handle.child);
  await sleep(1_000);
  const commitLoad = round(loadavg()[0]!);
  const commits = await commitFloor(scratch.databaseUrl, CHANGES);
  log(`console stopped; floor: ${CHANGES} changes by hand`);
  const sessions = new Map<string, LineClient>();
  onCleanup('floor sessions', () => Promise.resolve(sessions.forEach((line) => line.destroy())));
  for (const station of stations) {
    sessions.set(station.radio.id, await openLoggedIn(station.radio, STEP_TIMEOUT_MS));
  }
  const floor = await runPhase(stations, lab.controlUrl, { lab: lab.child.pid }, (station, channel) =>
    floorChange(sessions, station.radio, channel),
  );

  // 6. The figures.
  const oursLatency = latency(ours.latenciesMs);
  const floorLatency = latency(floor.latenciesMs);
  const okShare = (ours.answers['200'] ?? 0) / CHANGES;
  const cpuPerChange = ours.consoleCpuMs / CHANGES;
  const netCpuPerChange = (ours.consoleCpuMs - idleCpuMsPerSec * ours.seconds) / CHANGES;
  const report = {
    bench: 'command',
    node: process.version,
    cpus: availableParallelism(),
    radios: lab.radios.length,
    baseStations: stations.map((s) => s.radio.id),
    changes: CHANGES,
    warmupChangesPerRadio: WARMUP,
    pollIntervalMs: POLL_INTERVAL_MS,
    request: `POST /api/devices/:id/config {"set":{"channel":${CHANNELS.join('|')}},"mode":"commit"}, alternating so each changes the channel`,
    setup: {
      labStartMs: Math.round(lab.startMs),
      consoleUpMs: Math.round(handle.upMs),
      allPolledOnceMs: Math.round(allPolledMs),
    },
    console: {
      latencyMs: oursLatency,
      answers: ours.answers,
      okShare: round(okShare, 4),
      target: TARGETS.okShare,
      meetsTarget: okShare >= TARGETS.okShare && ours.mismatched === 0,
      labTruth: { matched: ours.verified, mismatched: ours.mismatched },
      ...(ours.firstError ? { firstError: ours.firstError } : {}),
      changesPerSec: round(CHANGES / ours.seconds, 1),
      consoleCpuMsPerChange: {
        value: round(cpuPerChange, 2),
        netOfSchedule: round(netCpuPerChange, 2),
        idleCpuMsPerSec: round(idleCpuMsPerSec, 1),
        note: `utime+stime of the console over the sequential run / changes; netOfSchedule subtracts the CPU its schedule (${lab.radios.length} radios every ${POLL_INTERVAL_MS / 1000} s) used per second when idle, measured over ${IDLE_MS / 1000} s before`,
      },
      labCpuMsPerChange: {
        value: round(ours.labCpuMs / CHANGES, 2),
        netOfSchedule: round((ours.labCpuMs - labIdleCpuMsPerSec * ours.seconds) / CHANGES, 2),
      },
      loadAvg1m: ours.loadAvg1m,
      method:
        'wall time of each request in this process (fetch, keep-alive), answer 200 with status applied and the channel in the diff; then the lab truth GET /radios/:id/state config.channel, outside the timing',
    },
    floor: {
      client:
        'raw telnet (bench/lib/line-client.ts), no negotiation or parsing, one session per radio kept open: show running-config, configure, set radio channel N, commit, exit, show running-config; a fresh connect + login + show system, hung up; show system, show radio, show clients',
      latencyMs: floorLatency,
      answers: floor.answers,
      labTruth: { matched: floor.verified, mismatched: floor.mismatched },
      ...(floor.firstError ? { firstError: floor.firstError } : {}),
      changesPerSec: round(CHANGES / floor.seconds, 1),
      labCpuMsPerChange: round(floor.labCpuMs / CHANGES, 2),
      loadAvg1m: floor.loadAvg1m,
      note: 'the console is stopped: nothing else talks to these radios; same radios, same order, same channels',
    },
    commitFloor: {
      latencyMs: latency(commits),
      loadAvg1m: commitLoad,
      note: 'one single-row INSERT commit in the same database right after the console phase, timed by psql; the console makes two per change (config_changes, audit_log), the telnet floor none',
    },
    ratioOurs: {
      p50: round(oursLatency.p50 / floorLatency.p50, 2),
      p99: round(oursLatency.p99 / floorLatency.p99, 2),
      note: 'console latency / floor latency',
    },
    meetsAllTargets: okShare >= TARGETS.okShare && ours.mismatched === 0,
  };
  await cleanup();
  printReport(report);
}

runBench(main);
