// bench/poll.ts --capacity: what the console can poll, not what a 10 s schedule asks of it. One run, one
// fresh database and Redis prefix: an idle step (the console with no devices), a small-fleet step (500
// radios at 10 s), then the whole fleet with the interval stepped down (10 s, 5 s, 3.3 s, 2.5 s, 2 s ...)
// until a step misses its schedule, then the raw-telnet floor on the same fleet. The console is
// restarted for each interval (POLL_INTERVAL_MS is read at start) on the same database, Redis prefix and
// secret key, and each step is measured once every device has been polled by that console.
// Per step: ok polls/s achieved against scheduled (devices / interval), p99 schedule lag, CPU ms per poll
// of the console, of Postgres (the backends of this run's database, plus the server's shared writers)
// and of Redis (the whole server: shared with anything else using it), console RSS per device, and the
// time from the poll that saw a change to the feed frame carrying it (frame arrival minus the change's
// lastPollAt). With --cpu-prof each console runs under node --cpu-prof, and each step's top frames by
// self time are taken from the samples within that step's window.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FeedDelta } from '@wsnoc/shared';
import { monotonicUs, topFrames, type TopFrame } from './cpu-profile.js';
import { connectFeed, type FeedSocket } from './feed-client.js';
import { cpuMs, rssKB } from './proc.js';
import {
  bucketDelta,
  buckets,
  byLabel,
  histogramQuantile,
  parsePrometheus,
  type PromSamples,
} from './prom.js';
import {
  apiSignIn,
  cleanup,
  createScratch,
  http,
  importFleet,
  log,
  sleep,
  startConsole,
  startLab,
  stopChild,
  waitAllPolled,
  type Child,
  type ConsoleHandle,
  type LabRadio,
} from './stack.js';
import { round, summarise } from './stats.js';

export interface CapacityOptions {
  radios: number;
  smallFleet: number;
  stepSeconds: number;
  idleSeconds: number;
  /** How long the console runs before the idle step: boot's garbage and the first timers out of the way. */
  idleWarmupSeconds: number;
  /** Intervals to try in order, ms; stops after the first step that misses (plus `extraSteps`). */
  intervalsMs: number[];
  extraSteps: number;
  concurrency: number;
  failingConcurrency: number;
  cpuProf: boolean;
  /** Consoles polling the whole fleet together in the interval steps (scale-out: shards split). */
  instances: number;
  /** Extra node flags for each console (say, --max-semi-space-size=64). */
  consoleNodeArgs: string[];
  /** The floor: with the console stopped, a bare telnet loop on the same fleet. */
  runFloor: (radios: LabRadio[], lab: Child) => Promise<Record<string, unknown>>;
}

export const CAPACITY_TARGETS = {
  capacityPollsPerSec: 5000,
  cpuMsPerPollAt1000: 0.12,
  cpuMsPerPollSmallFleet: 0.3,
  idlePercentOfCore: 0.3,
  rssKBPerDevice: 100,
  pollToFrameP99Ms: 300,
};

/** 10 s, 5 s, 3.3 s, 2.5 s, 2 s ...: 10,000 / k ms. */
export function defaultIntervals(steps = 10): number[] {
  return Array.from({ length: steps }, (_, i) => Math.round(10_000 / (i + 1)));
}

const load = (): string => {
  try {
    return execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
};

// ---- the processes around the console ----

function psql(databaseUrl: string, sql: string): string {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  return execFileSync('psql', [admin.toString(), '-Atc', sql], { encoding: 'utf8' });
}

/** Postgres processes that work for this run: its database's backends and the server's shared writers. */
function postgresPids(databaseUrl: string): { ours: number[]; shared: number[] } {
  const db = new URL(databaseUrl).pathname.slice(1);
  const rows = psql(databaseUrl, "select pid, coalesce(datname, ''), backend_type from pg_stat_activity")
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|'));
  return {
    ours: rows.filter(([, datname]) => datname === db).map(([pid]) => Number(pid)),
    shared: rows
      .filter(([, , type]) => ['walwriter', 'checkpointer', 'background writer'].includes(type ?? ''))
      .map(([pid]) => Number(pid)),
  };
}

function redisPid(): number | undefined {
  try {
    const out = execFileSync('pgrep', ['-x', 'redis-server'], { encoding: 'utf8' }).trim().split('\n')[0];
    return out ? Number(out) : undefined;
  } catch {
    return undefined;
  }
}

const safeCpu = (pid: number): number => {
  try {
    return cpuMs(pid);
  } catch {
    return Number.NaN; // gone (a backend that closed): left out
  }
};

/** CPU of a set of processes, counting only those alive at both ends of the window. */
class CpuMeter {
  private start = new Map<number, number>();
  constructor(private readonly pids: () => number[]) {}
  begin(): void {
    this.start = new Map(this.pids().map((pid) => [pid, safeCpu(pid)]));
  }
  endMs(): number {
    let total = 0;
    for (const [pid, before] of this.start) {
      const after = safeCpu(pid);
      if (Number.isFinite(before) && Number.isFinite(after)) {
        total += after - before;
      }
    }
    return total;
  }
}

// ---- the console and its feed ----

interface Running {
  handle: ConsoleHandle;
  cookie: string;
  /** Further instances on the same database and Redis (scale-out), measured together with the first. */
  others: { handle: ConsoleHandle; cookie: string }[];
  intervalMs: number;
  profileDir: string | undefined;
  feed: PollToFrame | undefined;
}

async function scrapeOne(url: string, cookie: string): Promise<PromSamples> {
  const response = await http(`${url}/api/metrics`, { headers: { cookie } });
  return parsePrometheus(await response.text());
}

/** Every instance's metrics, summed series by series (counters and histogram buckets add up). */
async function scrape(r: Running): Promise<PromSamples> {
  const all = await Promise.all([r, ...r.others].map((x) => scrapeOne(x.handle.url, x.cookie)));
  const merged: PromSamples = new Map();
  for (const samples of all) {
    for (const [key, value] of samples) {
      merged.set(key, (merged.get(key) ?? 0) + value);
    }
  }
  return merged;
}

const pids = (r: Running): number[] => [r, ...r.others].map((x) => x.handle.child.pid);

const okPolls = (m: PromSamples): number => byLabel(m, 'wsnoc_polls_total', 'outcome').ok ?? 0;
const allPolls = (m: PromSamples): number =>
  Object.values(byLabel(m, 'wsnoc_polls_total', 'outcome')).reduce((a, b) => a + b, 0);

/** Frame arrival minus the lastPollAt of each change it carries: poll that saw it to frame. */
class PollToFrame {
  private samples: number[] = [];
  private frames = 0;
  constructor(readonly socket: FeedSocket) {
    socket.on('devices:delta', (frame: FeedDelta) => {
      const now = Date.now();
      this.frames++;
      for (const change of frame.changes) {
        if (change.lastPollAt) {
          this.samples.push(now - Date.parse(change.lastPollAt));
        }
      }
    });
  }
  take(): { frames: number; ms: ReturnType<typeof summarise> } {
    const out = { frames: this.frames, ms: summarise(this.samples) };
    this.samples = [];
    this.frames = 0;
    return out;
  }
}

// ---- the run ----

export async function runCapacity(o: CapacityOptions): Promise<Record<string, unknown>> {
  const scratch = await createScratch('pollcap');
  const lab = await startLab(o.radios, '127.44.0.1');
  log(`lab: ${lab.radios.length} radios in ${Math.round(lab.startMs)} ms`);
  const adminPassword = randomBytes(12).toString('hex');
  const secret = randomBytes(32).toString('hex');
  const profileRoot = o.cpuProf ? path.join(tmpdir(), `wsnoc-pollcap-prof-${Date.now()}`) : undefined;
  const redis = redisPid();
  const pg = (): { ours: number[]; shared: number[] } => postgresPids(scratch.databaseUrl);
  const pgMeter = new CpuMeter(() => {
    const p = pg();
    return [...p.ours, ...p.shared];
  });
  const pgOursMeter = new CpuMeter(() => pg().ours);
  const redisMeter = new CpuMeter(() => (redis ? [redis] : []));
  let consoleNo = 0;
  const profileWindows: { dir: string; step: string; fromUs: number; toUs: number }[] = [];

  const start = async (intervalMs: number, instances = 1): Promise<Running> => {
    const env = {
      POLL_INTERVAL_MS: String(intervalMs),
      POLL_CONCURRENCY: String(o.concurrency),
      POLL_FAILING_CONCURRENCY: String(o.failingConcurrency),
      ADMIN_PASSWORD: adminPassword,
      WSNOC_SECRET_KEY: secret,
    };
    const profileDir = profileRoot ? path.join(profileRoot, `console-${++consoleNo}`) : undefined;
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
    }
    const handle = await startConsole(scratch, env, 120_000, [
      ...o.consoleNodeArgs,
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ]);
    handle.password = adminPassword;
    const cookie = await apiSignIn(handle);
    const others: Running['others'] = [];
    for (let i = 1; i < instances; i++) {
      const other = await startConsole(scratch, env, 120_000, o.consoleNodeArgs);
      other.password = adminPassword;
      others.push({ handle: other, cookie: await apiSignIn(other) });
    }
    const running: Running = { handle, cookie, others, intervalMs, profileDir, feed: undefined };
    const { socket } = await connectFeed(handle.url, cookie, 120_000);
    running.feed = new PollToFrame(socket);
    return running;
  };
  const stop = async (r: Running): Promise<void> => {
    r.feed?.socket.disconnect();
    await Promise.all([r, ...r.others].map((x) => stopChild(x.handle.child, 60_000)));
  };

  /** One measured window on the running console. */
  const measure = async (r: Running, name: string, devices: number, seconds: number) => {
    const load0 = load();
    r.feed?.take();
    const m0 = await scrape(r);
    const cpuOf = (): number => pids(r).reduce((sum, pid) => sum + cpuMs(pid), 0);
    const c0 = cpuOf();
    pgMeter.begin();
    pgOursMeter.begin();
    redisMeter.begin();
    const t0 = performance.now();
    const mono0 = monotonicUs();
    await sleep(seconds * 1000);
    // The window closes before the closing scrape: building /api/metrics is the bench's own cost (a
    // fifth of an idle console's CPU in its profile), not the console's.
    const c1 = cpuOf();
    const pgMs = pgMeter.endMs();
    const pgOursMs = pgOursMeter.endMs();
    const redisMs = redisMeter.endMs();
    const mono1 = monotonicUs();
    const wall = (performance.now() - t0) / 1000;
    const m1 = await scrape(r);
    const feed = r.feed?.take();
    if (r.profileDir) {
      profileWindows.push({ dir: r.profileDir, step: name, fromUs: mono0, toUs: mono1 });
    }
    const ok = okPolls(m1) - okPolls(m0);
    const polls = allPolls(m1) - allPolls(m0);
    const lag = bucketDelta(
      buckets(m0, 'wsnoc_poll_schedule_lag_seconds'),
      buckets(m1, 'wsnoc_poll_schedule_lag_seconds'),
    );
    const p99Lag = histogramQuantile(0.99, lag);
    const duration = bucketDelta(
      buckets(m0, 'wsnoc_poll_duration_seconds'),
      buckets(m1, 'wsnoc_poll_duration_seconds'),
    );
    const durationMs = (q: number): string => {
      const { value, aboveLastBucket } = histogramQuantile(q, duration);
      return `${aboveLastBucket ? '>' : ''}${round(value * 1000, 1)}`;
    };
    const scheduled = devices ? devices / (r.intervalMs / 1000) : 0;
    const achieved = ok / wall;
    const perPoll = (ms: number): number | null => (polls ? round(ms / polls, 4) : null);
    const rss = pids(r).reduce((sum, pid) => sum + rssKB(pid), 0);
    const meets = devices > 0 && achieved >= 0.99 * scheduled && !p99Lag.aboveLastBucket && p99Lag.value <= 1;
    return {
      step: name,
      instances: 1 + r.others.length,
      devices,
      intervalMs: r.intervalMs,
      seconds: round(wall, 1),
      loadAvg: `${load0} -> ${load()}`,
      scheduledPollsPerSec: round(scheduled, 1),
      achievedOkPollsPerSec: round(achieved, 1),
      ratio: scheduled ? round(achieved / scheduled, 3) : null,
      polls,
      failedPolls: polls - ok,
      lagP99Ms: `${p99Lag.aboveLastBucket ? '>' : ''}${round(p99Lag.value * 1000, 1)}`,
      meetsSchedule: meets,
      // a poll slower than the interval starts the next one late without showing as lag (it is
      // rescheduled from its end): the ratio catches it, and this says why
      pollDurationMs: { p50: durationMs(0.5), p99: durationMs(0.99) },
      consoleCpuMsPerPoll: perPoll(c1 - c0),
      consoleCpuPercentOfCore: round((c1 - c0) / 10 / wall, 2),
      postgresCpuMsPerPoll: perPoll(pgMs),
      postgresOwnBackendsCpuMsPerPoll: perPoll(pgOursMs),
      redisCpuMsPerPoll: perPoll(redisMs),
      postgresCpuPercentOfCore: round(pgMs / 10 / wall, 2),
      redisCpuPercentOfCore: round(redisMs / 10 / wall, 2),
      consoleRssMB: round(rss / 1024, 1),
      rssKBPerDevice: devices ? round(rss / devices, 1) : null,
      // what the devices add over the idle console's own RSS (the process's fixed ~200 MB excluded)
      addedRssKBPerDevice: devices && idleRssKB ? round((rss - idleRssKB) / devices, 1) : null,
      pollToFrameMs: feed ? { frames: feed.frames, ...feed.ms } : null,
    };
  };

  const figures: Record<string, unknown>[] = [];
  let idleRssKB = 0;
  let r = await start(10_000);
  log(`console up in ${Math.round(r.handle.upMs)} ms; idle ${o.idleSeconds} s`);
  // boot's own work out of the way (migrations, first timers, and the collector shrinking the heap
  // boot left behind): a console runs idle for weeks, so its steady state is what counts
  await sleep(o.idleWarmupSeconds * 1000);
  const idle = await measure(r, 'idle (no devices)', 0, o.idleSeconds);
  idleRssKB = idle.consoleRssMB * 1024;
  log(`idle: ${idle.consoleCpuPercentOfCore}% of a core`);

  // a small fleet: whole base-station groups (a CPE's parent must exist), trimmed to the size
  const small = smallFleet(lab.radios, o.smallFleet);
  await importFleet(r.handle, r.cookie, small);
  await waitAllPolled(r.handle, r.cookie, small.length);
  await sleep(10_000);
  const smallStep = await measure(r, `${small.length} radios @10 s`, small.length, o.stepSeconds);
  log(`small fleet: ${smallStep.consoleCpuMsPerPoll} ms/poll`);

  const smallIds = new Set(small.map((x) => x.id));
  await importFleet(
    r.handle,
    r.cookie,
    lab.radios.filter((x) => !smallIds.has(x.id)),
  );
  await waitAllPolled(r.handle, r.cookie, lab.radios.length);
  const devices = lab.radios.length;
  const steps: Record<string, unknown>[] = [];
  let misses = 0;
  for (const intervalMs of o.intervalsMs) {
    if (r.intervalMs !== intervalMs || 1 + r.others.length !== o.instances) {
      await stop(r);
      r = await start(intervalMs, o.instances);
      // the shards split between the instances (each holds some, all devices scheduled once), then
      // every device polled once by these consoles (their sessions logged in), then a short settle
      const t = performance.now();
      let okFrom = 0;
      let split = o.instances === 1;
      for (;;) {
        const each = await Promise.all([r, ...r.others].map((x) => scrapeOne(x.handle.url, x.cookie)));
        const scheduled = each.map((m) => m.get('wsnoc_polled_devices') ?? 0);
        const ok = each.reduce((sum, m) => sum + okPolls(m), 0);
        if (!split && scheduled.every((n) => n > 0) && scheduled.reduce((a, b) => a + b, 0) === devices) {
          split = true;
          okFrom = ok;
          log(`shards split: ${scheduled.join(' + ')} devices`);
        }
        if ((split && ok - okFrom >= devices) || performance.now() - t > 120_000) {
          break;
        }
        await sleep(1_000);
      }
      await sleep(Math.min(intervalMs, 5_000));
    } else {
      await sleep(Math.min(intervalMs, 5_000));
    }
    const step = await measure(r, `${devices} radios @${intervalMs} ms`, devices, o.stepSeconds);
    steps.push(step);
    log(
      `${intervalMs} ms: ${step.achievedOkPollsPerSec}/${step.scheduledPollsPerSec} polls/s, lag p99 ${step.lagP99Ms} ms, ${step.consoleCpuMsPerPoll} ms/poll, load ${step.loadAvg}`,
    );
    if (!step.meetsSchedule && ++misses > o.extraSteps) {
      break;
    }
  }
  await stop(r);
  await sleep(2_000);
  log('floor');
  const floor = await o.runFloor(lab.radios, lab.child);

  const held = steps.filter((s) => s.meetsSchedule);
  const capacity = held.length ? Math.max(...held.map((s) => s.achievedOkPollsPerSec as number)) : 0;
  // the step nearest 1,000 polls/s for the per-poll CPU target
  const at1000 = [...steps].sort(
    (a, b) =>
      Math.abs((a.scheduledPollsPerSec as number) - 1000) -
      Math.abs((b.scheduledPollsPerSec as number) - 1000),
  )[0];
  const profiles = o.cpuProf ? summariseProfiles(profileWindows) : undefined;
  figures.push(idle, smallStep, ...steps);
  const upToCapacity = [smallStep, ...held];
  const p99s = upToCapacity.map((s) => (s.pollToFrameMs as { p99: number } | null)?.p99 ?? Number.NaN);
  const rssMax = Math.max(...[smallStep, ...steps].map((s) => s.addedRssKBPerDevice as number));
  const rssTotalMax = Math.max(...[smallStep, ...steps].map((s) => s.rssKBPerDevice as number));
  const report = {
    bench: 'poll --capacity',
    node: process.version,
    radios: devices,
    stepSeconds: o.stepSeconds,
    pollConcurrency: o.concurrency,
    cpuProfiled: o.cpuProf,
    instances: o.instances,
    consoleNodeArgs: o.consoleNodeArgs,
    capacity: {
      pollsPerSec: capacity,
      rule: 'highest step with achieved ok polls/s >= 0.99 x scheduled and p99 schedule lag <= 1 s',
      target: CAPACITY_TARGETS.capacityPollsPerSec,
      meetsTarget: capacity >= CAPACITY_TARGETS.capacityPollsPerSec,
    },
    targets: {
      cpuMsPerPollAt1000: {
        value: at1000?.consoleCpuMsPerPoll,
        step: at1000?.step,
        target: CAPACITY_TARGETS.cpuMsPerPollAt1000,
      },
      cpuMsPerPollSmallFleet: {
        value: smallStep.consoleCpuMsPerPoll,
        target: CAPACITY_TARGETS.cpuMsPerPollSmallFleet,
      },
      idlePercentOfCore: { value: idle.consoleCpuPercentOfCore, target: CAPACITY_TARGETS.idlePercentOfCore },
      rssKBPerDeviceMax: {
        value: rssMax,
        target: CAPACITY_TARGETS.rssKBPerDevice,
        note: 'RSS the devices add over the idle console, per device; with the process itself counted in',
        totalValue: rssTotalMax,
      },
      pollToFrameP99MsMax: {
        value: Math.max(...p99s),
        target: CAPACITY_TARGETS.pollToFrameP99Ms,
        note: 'frame arrival minus each change lastPollAt, over the small fleet and every step that held',
      },
    },
    steps: figures,
    floor,
    ...(profiles ? { profiles } : {}),
    notes: [
      'the console is restarted for each interval on the same database and Redis prefix; each step is measured once that console has polled every device',
      'Postgres: backends of this run database plus the server walwriter, checkpointer and background writer (those are shared with anything else on the server); Redis: the whole server process',
      'loadAvg is /proc/loadavg (1, 5, 15 min) at the start and end of the step: the machine is shared',
    ],
  };
  await cleanup();
  return report;
}

function smallFleet(radios: LabRadio[], size: number): LabRadio[] {
  const chosen: LabRadio[] = [];
  const stations = radios.filter((r) => r.role === 'base-station');
  for (const bs of stations) {
    if (chosen.length >= size) {
      break;
    }
    chosen.push(bs);
    for (const cpe of radios.filter((r) => r.baseStationId === bs.id)) {
      if (chosen.length >= size) {
        break;
      }
      chosen.push(cpe);
    }
  }
  return chosen;
}

function summariseProfiles(
  windows: { dir: string; step: string; fromUs: number; toUs: number }[],
): { step: string; samples: number; idlePercent: number; top: TopFrame[] }[] {
  return windows.map((w) => {
    const file = readdirSync(w.dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) {
      return {
        step: w.step,
        samples: 0,
        idlePercent: 0,
        top: [{ frame: 'no profile written', selfPercent: 0 }],
      };
    }
    return { step: w.step, ...topFrames(path.join(w.dir, file), { fromUs: w.fromUs, toUs: w.toUs }) };
  });
}
