// Bench: a bulk configuration change. The field lab with 1,000 radios, the built console, Postgres and
// Redis, each in its own process, as bench/poll.ts and bench/command.ts run them.
//   pnpm build && node --conditions=wsnoc-source --import tsx bench/bulk.ts [--radios N]
//     [--concurrency C] [--canary N] [--batch-size N] [--floor-sample N] [--commit-failures 0.05]
//     [--unreachable 0.02] [--idle-s S] [--cpu-prof-dir DIR]
// Phases: enrol the fleet and wait for a first poll of every device; the console's idle CPU; run 1: one
// bulk run (POST /api/bulk-runs, template ntp-snmp-baseline with a new NTP server and community) over the
// whole fleet at the given concurrency, timed from the create request to the run's finish, each radio
// then checked against the lab's truth; run 2: the same with other values, after the lab put
// commit failures on one share of the fleet and took another share offline (POST /faults), the threshold
// at 100% so it never pauses, checked on the lab that every other radio took the change and the faulted
// ones kept what they ran. Then, with the console stopped, the floor: the same radio commands the
// console's safe apply sends, by hand over raw telnet, one radio after the other on a sample, and again
// on the whole fleet at the same concurrency. Prints one JSON object. Loopback only; a fresh database and
// Redis key prefix, removed at the end, even on error; a watchdog ends it if anything hangs.
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type {
  AuditListResponse,
  BulkItem,
  BulkRun,
  BulkRunDetail,
  DeviceListResponse,
  RadioState,
} from '@wsnoc/shared';
import { atPrompt, LineClient, logIn, openLoggedIn } from './lib/line-client.js';
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
import { printReport, round, summarise } from './lib/stats.js';

setLogPrefix('bench/bulk');

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '50' },
    canary: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '250' },
    'floor-sample': { type: 'string', default: '100' },
    'commit-failures': { type: 'string', default: '0.05' },
    unreachable: { type: 'string', default: '0.02' },
    'idle-s': { type: 'string', default: '5' },
    'confirm-minutes': { type: 'string', default: '5' },
    /** Where the console writes a CPU profile of its whole life (node --cpu-prof), to find its cost. */
    'cpu-prof-dir': { type: 'string' },
  },
});
const RADIOS = Number(values.radios);
const CONCURRENCY = Number(values.concurrency);
const CANARY = Number(values.canary);
const BATCH_SIZE = Number(values['batch-size']);
const FLOOR_SAMPLE = Math.min(RADIOS, Number(values['floor-sample']));
const COMMIT_FAILURE_SHARE = Number(values['commit-failures']);
const UNREACHABLE_SHARE = Number(values.unreachable);
const IDLE_MS = Number(values['idle-s']) * 1000;
const CONFIRM_MINUTES = Number(values['confirm-minutes']);
const POLL_INTERVAL_MS = 10_000;
/** The command deadline the server test uses: an offline radio's failure is a reset, not a wait. */
const COMMAND_TIMEOUT_MS = 5_000;
const STEP_TIMEOUT_MS = 10_000;
/** A run that has not finished after this is reported as such (the bench goes on, then fails). */
const RUN_CAP_MS = 15 * 60_000;
const WATCHDOG_MS = 20 * 60_000 + 2 * RUN_CAP_MS;
const TRUTH_CONCURRENCY = 20;

const TARGETS = { totalSeconds: 60 };

/** The values of each phase: every phase changes both fields on every radio it touches. */
const VALUES = {
  run1: { ntpServer: 'ntp1.bulk-bench.example.org', snmpCommunity: 'bench-one' },
  run2: { ntpServer: 'ntp2.bulk-bench.example.org', snmpCommunity: 'bench-two' },
  floor: { ntpServer: 'ntp3.bulk-bench.example.org', snmpCommunity: 'bench-three' },
  floorConcurrent: { ntpServer: 'ntp4.bulk-bench.example.org', snmpCommunity: 'bench-four' },
} as const;
type Values = (typeof VALUES)[keyof typeof VALUES];

// ---- the lab's truth ----

async function labState(controlUrl: string, radioId: string): Promise<RadioState> {
  return (await (await http(`${controlUrl}/radios/${radioId}/state`)).json()) as RadioState;
}

/** Every radio's state, TRUTH_CONCURRENCY requests at a time. */
async function truth(controlUrl: string, radios: readonly LabRadio[]): Promise<Map<string, RadioState>> {
  const states = new Map<string, RadioState>();
  await pool(radios, TRUTH_CONCURRENCY, async (r) => {
    states.set(r.id, await labState(controlUrl, r.id));
  });
  return states;
}

/** Runs `work` over `items`, `concurrency` at a time; resolves when all are done. */
async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        await work(items[next++]!);
      }
    }),
  );
}

const runs = (state: RadioState, v: Values): boolean =>
  state.config.ntpServer === v.ntpServer && state.config.snmpCommunity === v.snmpCommunity;

// ---- the console's side ----

interface RunResult {
  run: BulkRunDetail;
  /** From just before the create request to the first look that saw the run finished. */
  observedMs: number;
  createAnswerMs: number;
  consoleCpuMs: number;
  labCpuMs: number;
  seconds: number;
  loadAvg1m: { start: number; end: number };
  busy: Awaited<ReturnType<typeof busyItems>>;
  /** Database commits during the run (the poll schedule's included). */
  commits: number;
}

/**
 * Creates the run and looks at it (GET /api/bulk-runs, without items) every 250 ms until it is no longer
 * running, then reads it whole once. The console's and the lab's CPU are taken over the same span.
 */
async function bulkRun(
  databaseUrl: string,
  consoleUrl: string,
  cookie: string,
  pids: { console: number; lab: number },
  deviceIds: string[],
  v: Values,
  failureThresholdPercent: number,
  name: string,
): Promise<RunResult> {
  const body = {
    name,
    devices: deviceIds,
    template: 'ntp-snmp-baseline',
    variables: v,
    rollout: {
      canarySize: CANARY,
      batchSize: BATCH_SIZE,
      concurrency: CONCURRENCY,
      failureThresholdPercent,
      confirmMinutes: CONFIRM_MINUTES,
    },
  };
  const commits0 = await dbCommits(databaseUrl);
  const cpu0 = cpuMs(pids.console);
  const lab0 = cpuMs(pids.lab);
  const load0 = round(loadavg()[0]!);
  const t0 = performance.now();
  const created = (await (
    await http(
      `${consoleUrl}/api/bulk-runs`,
      { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) },
      120_000,
    )
  ).json()) as BulkRunDetail;
  const createAnswerMs = performance.now() - t0;
  let lastLog = performance.now();
  let status: BulkRun | undefined;
  for (;;) {
    const list = (await (await http(`${consoleUrl}/api/bulk-runs`, { headers: { cookie } })).json()) as {
      items: BulkRun[];
    };
    status = list.items.find((r) => r.id === created.id);
    if (status && status.status !== 'running' && status.status !== 'scheduled') {
      break;
    }
    if (performance.now() - t0 > RUN_CAP_MS) {
      throw new Error(
        `${name}: not finished after ${RUN_CAP_MS / 1000} s: ${JSON.stringify(status?.counts)}`,
      );
    }
    if (performance.now() - lastLog > 5_000) {
      lastLog = performance.now();
      const c = status?.counts;
      log(
        `${name}: ${Math.round((performance.now() - t0) / 1000)} s, batch ${status?.currentBatch}/${status?.batches}, ` +
          `succeeded ${c?.succeeded} failed ${c?.failed} applying ${c?.applying} queued ${c?.queued} pending ${c?.pending}`,
      );
    }
    await sleep(250);
  }
  const observedMs = performance.now() - t0;
  const consoleCpuMs = cpuMs(pids.console) - cpu0;
  const labCpuMs = cpuMs(pids.lab) - lab0;
  const load1 = round(loadavg()[0]!);
  const run = (await (
    await http(`${consoleUrl}/api/bulk-runs/${created.id}`, { headers: { cookie } }, 60_000)
  ).json()) as BulkRunDetail;
  log(`${name}: ${run.status} in ${Math.round(observedMs)} ms: ${JSON.stringify(run.counts)}`);
  const busy = await busyItems(consoleUrl, cookie, run);
  // The commits of the schedule during the 1.5 s dbCommits waits fall outside the run; those of the
  // idle window's rate are subtracted from the run's in the report.
  const commits = (await dbCommits(databaseUrl)) - commits0;
  return {
    busy,
    commits,
    run,
    observedMs,
    createAnswerMs,
    consoleCpuMs,
    labCpuMs,
    seconds: observedMs / 1000,
    loadAvg1m: { start: load0, end: load1 },
  };
}

/**
 * The items that were put back for later because their radio was busy, with the console's own words for
 * each refusal (the audit log keeps them; the item's detail is cleared when it finishes). A busy item
 * waits BUSY_RETRY_MS x tries, and its batch does not end before it does.
 */
async function busyItems(
  consoleUrl: string,
  cookie: string,
  run: BulkRunDetail,
): Promise<
  { name: string; busyRetries: number; status: string; itemMs: number | null; refusals: string[] }[]
> {
  const busy = run.items.filter((i) => i.busyRetries > 0);
  return Promise.all(
    busy.map(async (i) => {
      const audit = (await (
        await http(`${consoleUrl}/api/audit?deviceId=${i.deviceId}&limit=50`, { headers: { cookie } })
      ).json()) as AuditListResponse;
      const since = Date.parse(run.createdAt);
      return {
        name: i.name,
        busyRetries: i.busyRetries,
        status: i.status,
        itemMs: itemMs(i) ?? null,
        refusals: audit.items
          .filter((e) => e.outcome === 'refused' && Date.parse(e.at) >= since)
          .map((e) => e.detail ?? ''),
      };
    }),
  );
}

const itemMs = (i: BulkItem): number | undefined =>
  i.startedAt && i.finishedAt ? Date.parse(i.finishedAt) - Date.parse(i.startedAt) : undefined;

/** Per-item figures the run's own timestamps give: apply time, and where the items waited. */
function itemFigures(run: BulkRunDetail): Record<string, unknown> {
  const timed = run.items.filter((i) => itemMs(i) !== undefined);
  const created = Date.parse(run.createdAt);
  const starts = timed.map((i) => Date.parse(i.startedAt!)).sort((a, b) => a - b);
  const ends = timed.map((i) => Date.parse(i.finishedAt!)).sort((a, b) => a - b);
  // How many items were applying at once, sampled every 100 ms between the first start and the last end.
  const inFlight: number[] = [];
  for (let t = starts[0] ?? 0; t <= (ends[ends.length - 1] ?? 0); t += 100) {
    inFlight.push(timed.filter((i) => Date.parse(i.startedAt!) <= t && Date.parse(i.finishedAt!) > t).length);
  }
  const byBatch = new Map<number, { first: number; last: number }>();
  for (const i of timed) {
    const b = byBatch.get(i.batch) ?? { first: Infinity, last: -Infinity };
    b.first = Math.min(b.first, Date.parse(i.startedAt!));
    b.last = Math.max(b.last, Date.parse(i.finishedAt!));
    byBatch.set(i.batch, b);
  }
  const batches = [...byBatch.entries()]
    .sort(([a], [b]) => a - b)
    .map(([batch, b]) => ({ batch, ms: b.last - b.first }));
  const gaps = batches.slice(1).map((b, k) => {
    const prev = byBatch.get(batches[k]!.batch)!;
    return byBatch.get(b.batch)!.first - prev.last;
  });
  // Within a batch, the item that starts (C + j)-th takes the slot of the j-th to finish: the time between
  // the two is what the engine spends handing a freed slot on (advance, the job's send and fetch, the
  // item's move to applying), during which the slot applies nothing.
  const refill: number[] = [];
  for (const batch of new Set(timed.map((i) => i.batch))) {
    const of = timed.filter((i) => i.batch === batch);
    const s = of.map((i) => Date.parse(i.startedAt!)).sort((a, b) => a - b);
    const f = of.map((i) => Date.parse(i.finishedAt!)).sort((a, b) => a - b);
    for (let j = 0; j + CONCURRENCY < s.length; j++) {
      refill.push(s[j + CONCURRENCY]! - f[j]!);
    }
  }
  return {
    perDeviceMs: summarise(timed.map((i) => itemMs(i)!)),
    slotRefillMs: summarise(refill),
    perDeviceMsByStatus: Object.fromEntries(
      [...new Set(timed.map((i) => i.status))].map((s) => [
        s,
        summarise(timed.filter((i) => i.status === s).map((i) => itemMs(i)!)),
      ]),
    ),
    untimedItems: run.items.length - timed.length,
    createToFirstStartMs: starts.length ? starts[0]! - created : null,
    lastFinishToRunFinishMs:
      run.finishedAt && ends.length ? Date.parse(run.finishedAt) - ends[ends.length - 1]! : null,
    applyingAtOnce: summarise(inFlight),
    batches: { count: batches.length, spanMs: batches.map((b) => b.ms), gapBetweenBatchesMs: gaps },
    busyRetries: run.items.reduce((n, i) => n + i.busyRetries, 0),
  };
}

// ---- the database ----

/** Transactions committed in the console's database so far (pg_stat_database, flushed within ~1 s). */
async function dbCommits(databaseUrl: string): Promise<number> {
  await sleep(1_500);
  const out = await exec('psql', [
    databaseUrl,
    '-XAtqc',
    'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()',
  ]);
  return Number(out.trim());
}

/**
 * Single-row INSERTs on one psql session, each its own commit, timed by psql itself: what one durable
 * write costs on this disk at this moment (as bench/command.ts measures it). An item of a bulk run
 * commits many times one after the other (runs.commitsPerDevice), so this bounds its time from below.
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
    args.push('-c', `INSERT INTO bench_commit_floor (body) VALUES ('{"n": ${i}}')`);
  }
  const out = await exec('psql', args);
  return [...out.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]));
}

// ---- the floor: the same radio commands by hand ----

/** Sends `line`, waits for the prompt, and answers what came back (the line client keeps no buffer). */
async function ask(line: LineClient, command: string): Promise<string> {
  let got = '';
  await line.exchange(command, (buf) => {
    if (atPrompt(buf)) {
      got = buf;
      return true;
    }
    return false;
  });
  if (/^% /m.test(got)) {
    throw new Error(`\`${command}\` refused: ${/^% .*$/m.exec(got)![0]}`);
  }
  return got;
}

const runsInText = (text: string, v: Values): boolean =>
  text.includes(`set ntp server ${v.ntpServer}\r\n`) &&
  text.includes(`set snmp community ${v.snmpCommunity}\r\n`);

/**
 * What the console's safe apply sends for one radio (CommandService.safeApply, DeviceDriver), on a
 * session that is already logged in as the console's pool holds one: read the before; configure, set,
 * commit confirmed, exit; read back and check; a fresh login with show system, hung up; configure,
 * commit (the confirm), exit; read again; the poll that refreshes the live state.
 */
async function floorApply(line: LineClient, radio: LabRadio, v: Values): Promise<void> {
  await ask(line, 'show running-config');
  await ask(line, 'configure');
  await ask(line, `set ntp server ${v.ntpServer}`);
  await ask(line, `set snmp community ${v.snmpCommunity}`);
  await ask(line, `commit confirmed ${CONFIRM_MINUTES}`);
  await ask(line, 'exit');
  if (!runsInText(await ask(line, 'show running-config'), v)) {
    throw new Error(`${radio.id} does not run the values after the commit`);
  }
  const fresh = await openLoggedIn(radio, STEP_TIMEOUT_MS);
  try {
    await ask(fresh, 'show system');
  } finally {
    fresh.destroy();
  }
  await ask(line, 'configure');
  await ask(line, 'commit');
  await ask(line, 'exit');
  await ask(line, 'show running-config');
  for (const command of ['show system', 'show radio', radio.role === 'cpe' ? 'show link' : 'show clients']) {
    await ask(line, command);
  }
}

interface FloorResult {
  /** The change on a logged-in session: what the console's item does. */
  perDeviceMs: number[];
  /** Connect and log in to the session the change then runs on (the console's pool has it already). */
  loginMs: number[];
  seconds: number;
  errors: number;
  firstError: string | undefined;
  labCpuMs: number;
}

async function runFloor(
  radios: readonly LabRadio[],
  concurrency: number,
  v: Values,
  labPid: number,
): Promise<FloorResult> {
  const result: FloorResult = {
    perDeviceMs: [],
    loginMs: [],
    seconds: 0,
    errors: 0,
    firstError: undefined,
    labCpuMs: 0,
  };
  const open = new Set<LineClient>();
  onCleanup('floor sessions', () => Promise.resolve(open.forEach((l) => l.destroy())));
  const lab0 = cpuMs(labPid);
  const t0 = performance.now();
  await pool(radios, concurrency, async (radio) => {
    let line: LineClient | undefined;
    try {
      const l0 = performance.now();
      line = await LineClient.open(radio.host, radio.port, STEP_TIMEOUT_MS);
      open.add(line);
      await logIn(line, radio.username, radio.password);
      const l1 = performance.now();
      await floorApply(line, radio, v);
      result.loginMs.push(l1 - l0);
      result.perDeviceMs.push(performance.now() - l1);
    } catch (err) {
      result.errors++;
      result.firstError ??= `${radio.id}: ${(err as Error).message}`;
    } finally {
      line?.destroy();
      if (line) {
        open.delete(line);
      }
    }
  });
  result.seconds = (performance.now() - t0) / 1000;
  result.labCpuMs = cpuMs(labPid) - lab0;
  return result;
}

// ---- the run ----

async function main(): Promise<void> {
  guardProcess(WATCHDOG_MS);

  // 1. A fresh database, Redis key prefix and data directory; the lab; the console.
  const scratch = await createScratch('bulk');
  // 1,000 radios from 127.48.0.1 span 127.48.0.x to 127.48.3.x: one loopback address each.
  const lab = await startLab(RADIOS, '127.48.0.1');
  log(`lab: ${lab.radios.length} radios in ${Math.round(lab.startMs)} ms at ${lab.controlUrl}`);
  onCleanup('lab faults', () =>
    fetch(`${lab.controlUrl}/faults`, { method: 'DELETE', signal: AbortSignal.timeout(5_000) }).then(
      () => undefined,
      () => undefined,
    ),
  );
  const handle = await startConsole(
    scratch,
    { POLL_INTERVAL_MS: String(POLL_INTERVAL_MS), DRIVER_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) },
    120_000,
    values['cpu-prof-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof-dir']}`] : [],
  );
  const cookie = await apiSignIn(handle);
  await importFleet(handle, cookie, lab.radios);

  // 2. Every device enrolled and polled once: the console has a session open on each radio.
  await waitAllPolled(handle, cookie, lab.radios.length);
  const allPolledMs = performance.now() - handle.startedAt;
  const list = (await (
    await http(`${handle.url}/api/devices?limit=10000`, { headers: { cookie } }, 60_000)
  ).json()) as DeviceListResponse;
  const idByName = new Map(list.items.map((d) => [d.name, d.id]));
  const fleet = lab.radios.filter((r) => idByName.has(r.id));
  if (fleet.length !== lab.radios.length) {
    throw new Error(`only ${fleet.length} of ${lab.radios.length} radios enrolled`);
  }
  const before = await truth(lab.controlUrl, fleet);

  // 3. The console's CPU with only its schedule running, to tell the runs' own CPU apart.
  log(`all ${fleet.length} polled; idle CPU over ${IDLE_MS} ms`);
  const idleCommits0 = await dbCommits(scratch.databaseUrl);
  const idleT0 = performance.now();
  const idle0 = cpuMs(handle.child.pid);
  await sleep(IDLE_MS);
  const idleCpuMsPerSec = (cpuMs(handle.child.pid) - idle0) / (IDLE_MS / 1000);
  const idleCommitsPerSec =
    ((await dbCommits(scratch.databaseUrl)) - idleCommits0) / ((performance.now() - idleT0) / 1000);
  const pids = { console: handle.child.pid, lab: lab.child.pid };

  // 4. Run 1: the whole fleet, nothing faulted.
  log(`run 1: ${fleet.length} radios at concurrency ${CONCURRENCY}`);
  const run1 = await bulkRun(
    scratch.databaseUrl,
    handle.url,
    cookie,
    pids,
    fleet.map((r) => idByName.get(r.id)!),
    VALUES.run1,
    10,
    'bench: baseline',
  );
  const after1 = await truth(lab.controlUrl, fleet);
  const truth1 = { matched: 0, mismatched: 0, pendingConfirm: 0, commitsChangedOtherThanOne: 0 };
  let firstMismatch1: string | undefined;
  for (const r of fleet) {
    const s = after1.get(r.id)!;
    if (runs(s, VALUES.run1)) {
      truth1.matched++;
    } else {
      truth1.mismatched++;
      firstMismatch1 ??= `${r.id} runs ${s.config.ntpServer} / ${s.config.snmpCommunity}`;
    }
    truth1.pendingConfirm += s.pendingConfirm ? 1 : 0;
    truth1.commitsChangedOtherThanOne += s.commits.changed - before.get(r.id)!.commits.changed === 1 ? 0 : 1;
  }

  // 5. Run 2: other values, with commit failures and offline radios from the lab. The canary is a
  // radio without a fault (a failed canary pauses a run by design, whatever the threshold).
  const failing = (
    (await (
      await http(`${lab.controlUrl}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'commit-failure', share: COMMIT_FAILURE_SHARE, seed: 5 }),
      })
    ).json()) as { affected: string[] }
  ).affected;
  const offline = (
    (await (
      await http(`${lab.controlUrl}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'offline', share: UNREACHABLE_SHARE, seed: 6 }),
      })
    ).json()) as { affected: string[] }
  ).affected;
  const failingSet = new Set(failing);
  const offlineSet = new Set(offline);
  const faulted = (id: string): boolean => failingSet.has(id) || offlineSet.has(id);
  const order = [...fleet].sort((a, b) => Number(faulted(a.id)) - Number(faulted(b.id)));
  // Keep the lab's order otherwise: move only the first healthy radios to the front for the canary.
  const canaries = order.slice(0, CANARY).map((r) => r.id);
  const ordered = [
    ...fleet.filter((r) => canaries.includes(r.id)),
    ...fleet.filter((r) => !canaries.includes(r.id)),
  ];
  log(
    `run 2: ${failing.length} with commit failures, ${offline.length} offline (${[...offlineSet].filter((id) => failingSet.has(id)).length} both)`,
  );
  const run2 = await bulkRun(
    scratch.databaseUrl,
    handle.url,
    cookie,
    pids,
    ordered.map((r) => idByName.get(r.id)!),
    VALUES.run2,
    100,
    'bench: with faults',
  );
  const after2 = await truth(lab.controlUrl, fleet);
  await http(`${lab.controlUrl}/faults`, { method: 'DELETE' });
  const itemsByName = new Map(run2.run.items.map((i) => [i.name, i]));
  const isolation = {
    healthy: { total: 0, runNewValues: 0, mismatched: 0, reportedSucceeded: 0 },
    faulted: { total: 0, keptOldValues: 0, mismatched: 0, reportedFailed: 0 },
  };
  let firstIsolationError: string | undefined;
  const classes = { succeeded: 0, commitFailed: 0, unreachable: 0, otherFailed: 0, reverted: 0, other: 0 };
  for (const r of fleet) {
    const s = after2.get(r.id)!;
    const item = itemsByName.get(r.id)!;
    if (faulted(r.id)) {
      isolation.faulted.total++;
      if (runs(s, VALUES.run1) && !s.pendingConfirm) {
        isolation.faulted.keptOldValues++;
      } else {
        isolation.faulted.mismatched++;
        firstIsolationError ??= `faulted ${r.id} runs ${s.config.ntpServer} / ${s.config.snmpCommunity}`;
      }
      isolation.faulted.reportedFailed += item.status === 'failed' ? 1 : 0;
    } else {
      isolation.healthy.total++;
      if (runs(s, VALUES.run2) && !s.pendingConfirm) {
        isolation.healthy.runNewValues++;
      } else {
        isolation.healthy.mismatched++;
        firstIsolationError ??= `healthy ${r.id} runs ${s.config.ntpServer} / ${s.config.snmpCommunity} (${item.status} ${item.detail ?? ''})`;
      }
      isolation.healthy.reportedSucceeded += item.status === 'succeeded' ? 1 : 0;
    }
    if (item.status === 'succeeded') {
      classes.succeeded++;
    } else if (item.status === 'failed') {
      if (offlineSet.has(r.id)) {
        classes.unreachable++;
      } else if (failingSet.has(r.id)) {
        classes.commitFailed++;
      } else {
        classes.otherFailed++;
      }
    } else if (item.status === 'reverted') {
      classes.reverted++;
    } else {
      classes.other++;
    }
  }
  const detailOf = (set: Set<string>): string | null =>
    run2.run.items.find((i) => set.has(i.name) && i.status === 'failed')?.detail ?? null;

  // 6. The floor, once the console has let go of its sessions: nothing else talks to the radios.
  await stopChild(handle.child);
  await sleep(1_000);
  const commitLoad = round(loadavg()[0]!);
  const commitMs = await commitFloor(scratch.databaseUrl, 200);
  // A sample spread over the fleet (both roles, every part of the address range).
  const step = fleet.length / FLOOR_SAMPLE;
  const sample = Array.from({ length: FLOOR_SAMPLE }, (_, k) => fleet[Math.floor(k * step)]!);
  log(`floor: ${sample.length} radios one after the other over raw telnet`);
  const floorSeq = await runFloor(sample, 1, VALUES.floor, lab.child.pid);
  log(`floor: ${fleet.length} radios at concurrency ${CONCURRENCY} over raw telnet`);
  const floorPar = await runFloor(fleet, CONCURRENCY, VALUES.floorConcurrent, lab.child.pid);
  const afterFloor = await truth(lab.controlUrl, fleet);
  const floorTruth = {
    sequentialSample: { matched: 0, mismatched: 0 },
    concurrent: { matched: 0, mismatched: 0 },
  };
  for (const r of fleet) {
    const s = afterFloor.get(r.id)!;
    const ok = runs(s, VALUES.floorConcurrent) && !s.pendingConfirm;
    floorTruth.concurrent[ok ? 'matched' : 'mismatched']++;
  }
  // The sequential sample's values were overwritten by the concurrent floor: its check is the read-back
  // each radio gave inside floorApply (a mismatch there counts as an error).
  floorTruth.sequentialSample.matched = floorSeq.perDeviceMs.length;
  floorTruth.sequentialSample.mismatched = floorSeq.errors;

  // 7. The figures.
  const consoleFigures = (r: RunResult): Record<string, unknown> => {
    const devices = r.run.items.length;
    const serverMs = r.run.finishedAt ? Date.parse(r.run.finishedAt) - Date.parse(r.run.createdAt) : null;
    return {
      status: r.run.status,
      pauseReason: r.run.pauseReason,
      counts: r.run.counts,
      totalSeconds: round(r.observedMs / 1000, 2),
      serverCreatedToFinishedSeconds: serverMs === null ? null : round(serverMs / 1000, 2),
      createAnswerMs: Math.round(r.createAnswerMs),
      meetsTarget: r.observedMs / 1000 <= TARGETS.totalSeconds,
      devicesPerSec: round(devices / r.seconds, 1),
      ...itemFigures(r.run),
      busyItems: r.busy,
      consoleCpuMsPerDevice: {
        value: round(r.consoleCpuMs / devices, 2),
        netOfSchedule: round((r.consoleCpuMs - idleCpuMsPerSec * r.seconds) / devices, 2),
        consoleCpuShareOfOneCore: round(r.consoleCpuMs / (r.seconds * 1000), 2),
      },
      labCpuMsPerDevice: round(r.labCpuMs / devices, 2),
      databaseCommitsPerDevice: {
        value: round(r.commits / devices, 1),
        netOfSchedule: round((r.commits - idleCommitsPerSec * r.seconds) / devices, 1),
        note: 'xact_commit of the console database over the run (pg_stat_database) / devices; netOfSchedule subtracts the idle rate (polls, history)',
      },
      loadAvg1m: r.loadAvg1m,
    };
  };
  const c1 = consoleFigures(run1);
  const c2 = consoleFigures(run2);
  const seqPerDevice = summarise(floorSeq.perDeviceMs);
  const seqLogin = summarise(floorSeq.loginMs);
  const meanSeq = floorSeq.perDeviceMs.reduce((a, b) => a + b, 0) / Math.max(1, floorSeq.perDeviceMs.length);
  const meanSeqLogin = floorSeq.loginMs.reduce((a, b) => a + b, 0) / Math.max(1, floorSeq.loginMs.length);
  const run1PerDevice = (c1.perDeviceMs as ReturnType<typeof summarise>).p50;
  const run1PerDeviceP99 = (c1.perDeviceMs as ReturnType<typeof summarise>).p99;
  const parPerDevice = summarise(floorPar.perDeviceMs);
  const meetsAll =
    run1.run.status === 'completed' &&
    truth1.mismatched === 0 &&
    run1.observedMs / 1000 <= TARGETS.totalSeconds &&
    run2.run.status === 'completed' &&
    isolation.healthy.mismatched === 0 &&
    isolation.faulted.mismatched === 0;
  const report = {
    bench: 'bulk',
    node: process.version,
    cpus: availableParallelism(),
    radios: fleet.length,
    addresses: `${fleet[0]!.host} to ${fleet[fleet.length - 1]!.host}`,
    request: `POST /api/bulk-runs {"template":"ntp-snmp-baseline","variables":{ntpServer,snmpCommunity},"rollout":{"canarySize":${CANARY},"batchSize":${BATCH_SIZE},"concurrency":${CONCURRENCY},"confirmMinutes":${CONFIRM_MINUTES},"failureThresholdPercent":10 (run 1) | 100 (run 2)}}`,
    server: {
      pollIntervalMs: POLL_INTERVAL_MS,
      driverCommandTimeoutMs: COMMAND_TIMEOUT_MS,
      bulkWorkers: process.env.BULK_WORKERS ?? '100 (default)',
      bulkSweepMs: process.env.BULK_SWEEP_MS ?? '2000 (default)',
      bulkItemExpireSeconds: process.env.BULK_ITEM_EXPIRE_SECONDS ?? '120 (default)',
    },
    setup: {
      labStartMs: Math.round(lab.startMs),
      consoleUpMs: Math.round(handle.upMs),
      allPolledOnceMs: Math.round(allPolledMs),
      idleConsoleCpuMsPerSec: round(idleCpuMsPerSec, 1),
      idleDatabaseCommitsPerSec: round(idleCommitsPerSec, 1),
    },
    run1: {
      ...c1,
      target: { totalSeconds: TARGETS.totalSeconds },
      labTruth: { ...truth1, ...(firstMismatch1 ? { firstMismatch: firstMismatch1 } : {}) },
    },
    run2: {
      ...c2,
      injected: {
        commitFailure: failing.length,
        offline: offline.length,
        both: [...offlineSet].filter((id) => failingSet.has(id)).length,
        how: `lab POST /faults {"kind":"commit-failure","share":${COMMIT_FAILURE_SHARE},"seed":5} and {"kind":"offline","share":${UNREACHABLE_SHARE},"seed":6}`,
      },
      outcome: classes,
      consoleDetail: { commitFailed: detailOf(failingSet), unreachable: detailOf(offlineSet) },
      isolation: {
        ...isolation,
        isolated: isolation.healthy.mismatched === 0 && isolation.faulted.mismatched === 0,
        ...(firstIsolationError ? { firstError: firstIsolationError } : {}),
        method:
          "lab truth GET /radios/:id/state after the run: every radio without a fault runs run 2's values, confirmed; every faulted one still runs run 1's, nothing pending",
      },
    },
    floor: {
      client:
        'raw telnet (bench/lib/line-client.ts), no negotiation or parsing beyond the read-back check; what the safe apply sends: show running-config; configure, set ntp server, set snmp community, commit confirmed N, exit; show running-config (checked); a fresh connect + login + show system, hung up; configure, commit, exit; show running-config; show system, show radio, show clients|link',
      sequentialSample: {
        radios: sample.length,
        perDeviceMs: seqPerDevice,
        loginMs: seqLogin,
        seconds: round(floorSeq.seconds, 2),
        errors: floorSeq.errors,
        ...(floorSeq.firstError ? { firstError: floorSeq.firstError } : {}),
        extrapolated: {
          sequentialSecondsFor: fleet.length,
          sequentialSeconds: round(((meanSeq + meanSeqLogin) * fleet.length) / 1000, 1),
          idealAtConcurrencySeconds: round((meanSeq * fleet.length) / CONCURRENCY / 1000, 2),
          note: `EXTRAPOLATED, not measured: the sample's mean per radio (session login + change) times ${fleet.length}; the ideal at concurrency ${CONCURRENCY} is the mean change (pooled session) times ${fleet.length} / ${CONCURRENCY}, if nothing contended`,
        },
        labTruth: floorTruth.sequentialSample,
      },
      concurrent: {
        radios: fleet.length,
        concurrency: CONCURRENCY,
        totalSeconds: round(floorPar.seconds, 2),
        perDeviceMs: parPerDevice,
        loginMs: summarise(floorPar.loginMs),
        errors: floorPar.errors,
        ...(floorPar.firstError ? { firstError: floorPar.firstError } : {}),
        labCpuMsPerDevice: round(floorPar.labCpuMs / fleet.length, 2),
        labTruth: floorTruth.concurrent,
        note: 'the whole fleet by hand at the same concurrency, a fresh session per radio (its login is outside perDeviceMs, inside totalSeconds)',
      },
      labCpuMsPerDeviceSequential: round(floorSeq.labCpuMs / Math.max(1, sample.length), 2),
      note: 'the console is stopped: nothing else talks to the radios; the floor is measured in the same run, on the same lab',
    },
    commitFloor: {
      latencyMs: summarise(commitMs),
      loadAvg1m: commitLoad,
      note: "one single-row INSERT commit in the console's database right after the runs (console stopped), timed by psql; most of an item's commits wait on one another, so databaseCommitsPerDevice x this p50 is roughly the least time an item spends on the database",
      itemLowerBoundFromCommitsMs: round(
        (c1.databaseCommitsPerDevice as { netOfSchedule: number }).netOfSchedule * summarise(commitMs).p50,
        1,
      ),
    },
    ratioOurs: {
      perDeviceP50VsSequentialFloor: round(run1PerDevice / seqPerDevice.p50, 2),
      perDeviceP99VsSequentialFloor: round(run1PerDeviceP99 / seqPerDevice.p99, 2),
      perDeviceP50VsConcurrentFloor: round(run1PerDevice / parPerDevice.p50, 2),
      totalVsConcurrentFloor: round(run1.observedMs / 1000 / floorPar.seconds, 2),
      consoleCpuPerDeviceVsSequentialFloorWall: round(
        ((c1.consoleCpuMsPerDevice as { netOfSchedule: number }).netOfSchedule || Number.NaN) / meanSeq,
        2,
      ),
      note: "run 1 (the console) / the raw telnet floor: per-device item time against the same commands on a logged-in session; the whole run against the fleet by hand at the same concurrency; the console's CPU per device (net of its poll schedule) against the floor's whole wall time per device (client, lab and loopback together)",
    },
    meetsAllTargets: meetsAll,
  };
  await cleanup();
  printReport(report);
}

runBench(main);
