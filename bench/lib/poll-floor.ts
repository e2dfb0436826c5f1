// The floor of bench/poll.ts, run in its own process so that it, not the bench, holds the client ends of
// N telnet sessions (and so its CPU can be told apart from everything else's). With lib/line-client.ts,
// lean and without bookkeeping: it logs in to every radio once, then runs the
// console's poll commands (show system, show radio, show clients|link) in a closed loop with the same
// concurrency as the console, for a fixed window.
// Protocol over IPC: parent sends FloorRequest; child answers FloorLoggedIn, then FloorResult.
import { atPrompt, type LineClient, openLoggedIn } from './line-client.js';

export interface FloorTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  role: 'base-station' | 'cpe';
}

export interface FloorRequest {
  targets: FloorTarget[];
  concurrency: number;
  windowMs: number;
  loginParallel: number;
}

export interface FloorLoggedIn {
  kind: 'logged-in';
  sessions: number;
  failedLogins: number;
  loginMs: number;
}

export interface FloorResult {
  kind: 'result';
  polls: number;
  errors: number;
  seconds: number;
  /** This process's own user+system CPU over the window. */
  cpuMs: number;
  latenciesMs: number[];
}

const STEP_TIMEOUT_MS = 10_000;

async function run(request: FloorRequest): Promise<void> {
  const { targets, concurrency, windowMs, loginParallel } = request;
  const lines: (LineClient | undefined)[] = new Array<LineClient | undefined>(targets.length);
  let failedLogins = 0;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: loginParallel }, async () => {
      while (next < targets.length) {
        const i = next++;
        try {
          lines[i] = await openLoggedIn(targets[i]!, STEP_TIMEOUT_MS);
        } catch {
          failedLogins++;
        }
      }
    }),
  );
  const loggedIn: FloorLoggedIn = {
    kind: 'logged-in',
    sessions: lines.filter(Boolean).length,
    failedLogins,
    loginMs: Math.round(performance.now() - t0),
  };
  process.send?.(loggedIn);

  // Closed loop: each worker takes the next idle radio in turn and polls it, as fast as the radios answer.
  const latenciesMs: number[] = [];
  let errors = 0;
  let cursor = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + windowMs;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, targets.length) }, async () => {
      while (performance.now() < end) {
        let i = -1;
        for (let tries = 0; tries < targets.length; tries++) {
          const k = cursor++ % targets.length;
          const candidate = lines[k];
          if (candidate && !candidate.busy && !candidate.closed) {
            i = k;
            break;
          }
        }
        if (i < 0) {
          return;
        }
        const line = lines[i]!;
        line.busy = true;
        const a = performance.now();
        try {
          await line.exchange('show system', atPrompt);
          await line.exchange('show radio', atPrompt);
          await line.exchange(targets[i]!.role === 'base-station' ? 'show clients' : 'show link', atPrompt);
          latenciesMs.push(performance.now() - a);
        } catch {
          errors++;
        } finally {
          line.busy = false;
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const result: FloorResult = {
    kind: 'result',
    polls: latenciesMs.length,
    errors,
    seconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    latenciesMs,
  };
  for (const line of lines) {
    line?.destroy();
  }
  process.send?.(result);
}

// Only as a forked child: the bench imports this file's types, never runs it in-process.
if (process.send) {
  process.once('message', (message) => {
    run(message as FloorRequest).catch((err: unknown) => {
      process.stderr.write(`poll-floor: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
  });
  process.on('disconnect', () => process.exit(0));
}
