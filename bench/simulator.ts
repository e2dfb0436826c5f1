// Bench: the field lab's radio fleet at 10,000 radios against a bare TCP echo floor.
//   cd /work/main && npx tsx bench/simulator.ts [--radios N] [--concurrent C] [--load-s S] [--idle-s S]
// For each server (run in a child process, see lib/sim-runner.ts): start time, resident memory after start
// and with every radio holding a live logged-in session, idle CPU over a window with all sessions open,
// and commands per second with p50/p99 latency from C concurrent sessions running `show radio` in a
// closed loop (the floor echoes the same line back). Prints one JSON object. Loopback only; it stops by
// itself, and a watchdog ends it if anything hangs.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { atPrompt, endsWith, LineClient, logIn } from './lib/line-client.js';
import { printReport, round, summarise } from './lib/stats.js';
import type { RunnerReady, RunnerTarget } from './lib/sim-runner.js';

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '10000' },
    concurrent: { type: 'string', default: '500' },
    'load-s': { type: 'string', default: '10' },
    'idle-s': { type: 'string', default: '10' },
  },
});
const RADIOS = Number(values.radios);
const CONCURRENT = Math.min(Number(values.concurrent), RADIOS);
const LOAD_MS = Number(values['load-s']) * 1000;
const IDLE_MS = Number(values['idle-s']) * 1000;
const CONNECT_PARALLEL = 200;
const STEP_TIMEOUT_MS = 15_000;
const WATCHDOG_MS = 300_000;
const COMMAND = 'show radio';

const CLK_TCK = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

// ---- the child's resources, from /proc ----

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14 and stime field 15
  return Number(fields[11]) + Number(fields[12]);
}

function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return round(kb / 1024, 1);
}

/** Share of one core the child used while `during` ran, in percent. */
async function cpuPercent(pid: number, during: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  const c0 = cpuTicks(pid);
  await during();
  const c1 = cpuTicks(pid);
  const seconds = (performance.now() - t0) / 1000;
  return round(((c1 - c0) / CLK_TCK / seconds) * 100, 2);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  kind: 'lab' | 'echo';
  login(s: LineClient, t: RunnerTarget): Promise<void>;
  command(s: LineClient): Promise<void>;
}

const LAB: Target = {
  kind: 'lab',
  login: (s, t) => logIn(s, t.username, t.password),
  command: (s) => s.exchange(COMMAND, atPrompt),
};

const ECHO: Target = {
  kind: 'echo',
  // the floor's "login" is one echoed line, so both sides hold an open, proven connection
  login: (s) => s.exchange('hello', endsWith('\n')),
  command: (s) => s.exchange(COMMAND, endsWith('\n')),
};

// ---- one server under test ----

async function startChild(
  mode: 'lab' | 'echo',
  firstAddress: string,
): Promise<{ child: ChildProcess; ready: RunnerReady; spawnToReadyMs: number }> {
  const runner = fileURLToPath(new URL('./lib/sim-runner.ts', import.meta.url));
  const t0 = performance.now();
  const child = fork(runner, [mode, String(RADIOS), firstAddress], {
    execArgv: ['--conditions=wsnoc-source', '--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<RunnerReady>((resolve, reject) => {
    child.once('message', (m) => resolve(m as RunnerReady));
    child.once('exit', (code) => reject(new Error(`${mode} runner exited with ${String(code)}`)));
  });
  return { child, ready, spawnToReadyMs: performance.now() - t0 };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
}

async function openAll(target: Target, targets: RunnerTarget[]): Promise<LineClient[]> {
  const sessions: LineClient[] = new Array<LineClient>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const i = next++;
      const t = targets[i]!;
      const s = await LineClient.open(t.host, t.port, STEP_TIMEOUT_MS);
      await target.login(s, t);
      sessions[i] = s;
    }
  };
  await Promise.all(Array.from({ length: CONNECT_PARALLEL }, worker));
  return sessions;
}

async function load(
  target: Target,
  sessions: LineClient[],
): Promise<{ commandsPerSecond: number; latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const end = t0 + LOAD_MS;
  await Promise.all(
    sessions.map(async (s) => {
      while (performance.now() < end && !s.closed) {
        const a = performance.now();
        try {
          await target.command(s);
          latencies.push(performance.now() - a);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { commandsPerSecond: Math.round(latencies.length / seconds), latencies, errors };
}

interface Figures {
  startMs: number;
  spawnToReadyMs: number;
  rssAfterStartMB: number;
  rssWithSessionsMB: number;
  sessions: number;
  sessionsOpenMs: number;
  idleCpuPercent: number;
  loadCpuPercent: number;
  /** Server CPU time per command served under load, in microseconds: the cost that does not depend on the client. */
  cpuMicrosPerCommand: number;
  commandsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number; count: number };
  errors: number;
}

async function measure(target: Target, firstAddress: string): Promise<Figures> {
  const { child, ready, spawnToReadyMs } = await startChild(target.kind, firstAddress);
  const pid = child.pid!;
  let sessions: LineClient[] = [];
  try {
    await sleep(500); // let start-up garbage settle before reading memory
    const rssAfterStartMB = rssMB(pid);
    const t0 = performance.now();
    sessions = await openAll(target, ready.targets);
    const sessionsOpenMs = performance.now() - t0;
    await sleep(1000);
    const rssWithSessionsMB = rssMB(pid);
    const idleCpuPercent = await cpuPercent(pid, () => sleep(IDLE_MS));
    let result: Awaited<ReturnType<typeof load>> | undefined;
    const loadCpuPercent = await cpuPercent(pid, async () => {
      result = await load(target, sessions.slice(0, CONCURRENT));
    });
    const { commandsPerSecond, latencies, errors } = result!;
    return {
      startMs: Math.round(ready.startMs),
      spawnToReadyMs: Math.round(spawnToReadyMs),
      rssAfterStartMB,
      rssWithSessionsMB,
      sessions: sessions.filter((s) => !s.closed).length,
      sessionsOpenMs: Math.round(sessionsOpenMs),
      idleCpuPercent,
      loadCpuPercent,
      cpuMicrosPerCommand: round(
        ((loadCpuPercent / 100) * (LOAD_MS / 1000) * 1e6) / Math.max(1, latencies.length),
        1,
      ),
      commandsPerSecond,
      latencyMs: summarise(latencies),
      errors,
    };
  } finally {
    for (const s of sessions) {
      s.destroy();
    }
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench/simulator: gave up after ${WATCHDOG_MS / 1000} s\n`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const fleet = await measure(LAB, '127.30.0.1');
  const floor = await measure(ECHO, '127.31.0.1');
  const ratio = (a: number, b: number): number | null => (b > 0 ? round(a / b, 2) : null);
  printReport({
    bench: 'simulator',
    node: process.version,
    radios: RADIOS,
    concurrentSessions: CONCURRENT,
    command: COMMAND,
    loadSeconds: LOAD_MS / 1000,
    idleWindowSeconds: IDLE_MS / 1000,
    fleet,
    floor,
    // both children run under tsx, whose loader alone costs tens of MB; the difference is the lab's own cost
    fleetMinusFloorRssWithSessionsMB: round(fleet.rssWithSessionsMB - floor.rssWithSessionsMB, 1),
    ratioFleetOverFloor: {
      startMs: ratio(fleet.startMs, floor.startMs),
      rssAfterStartMB: ratio(fleet.rssAfterStartMB, floor.rssAfterStartMB),
      rssWithSessionsMB: ratio(fleet.rssWithSessionsMB, floor.rssWithSessionsMB),
      idleCpuPercent: ratio(fleet.idleCpuPercent, floor.idleCpuPercent),
      cpuMicrosPerCommand: ratio(fleet.cpuMicrosPerCommand, floor.cpuMicrosPerCommand),
      commandsPerSecond: ratio(fleet.commandsPerSecond, floor.commandsPerSecond),
      p50: ratio(fleet.latencyMs.p50, floor.latencyMs.p50),
      p99: ratio(fleet.latencyMs.p99, floor.latencyMs.p99),
    },
  });
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/simulator: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
