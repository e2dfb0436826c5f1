// Bench: the stream agents at fleet scale. The field lab with N radios, the built console, Postgres and
// Redis on this machine, each in its own process.
//   pnpm build && npx tsx bench/alerts.ts [--radios N] [--interval-ms MS] [--duration-s S] [--faults K]
// Phases, on one database: (1) the console with ALERTS_ENABLED=false: the poll path's schedule lag over
// the window; (2) the console again with the agents on, the five built-in rules and 50 more: the same lag,
// the CPU the agents spent per sample (wsnoc_alert_agent_seconds_total / wsnoc_alert_observations_total),
// the bytes held by their windows, and then K faults injected one at a time through the lab (a CPE whose
// base station stays up goes offline): time from the fault to the incident on a feed client, and to the
// notification at a local webhook receiver. Prints one JSON object. A fresh database and Redis prefix,
// removed at the end, even on error.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { Incident } from '@wsnoc/shared';
import { cpuMs, rssKB } from './lib/proc.js';
import {
  bucketDelta,
  buckets,
  histogramQuantile,
  parsePrometheus,
  sumOf,
  type PromSamples,
} from './lib/prom.js';
import {
  cleanup,
  createScratch,
  guardProcess,
  http,
  importFleet,
  log,
  runBench,
  setLogPrefix,
  sleep,
  startConsole,
  startLab,
  stopChild,
  type ConsoleHandle,
} from './lib/stack.js';
import { printReport, round, summarise } from './lib/stats.js';

setLogPrefix('bench/alerts');

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '10000' },
    'interval-ms': { type: 'string', default: '10000' },
    'duration-s': { type: 'string', default: '60' },
    faults: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '2000' },
  },
});
const RADIOS = Number(values.radios);
const INTERVAL_MS = Number(values['interval-ms']);
const WINDOW_MS = Number(values['duration-s']) * 1000;
const FAULTS = Number(values.faults);
const EXTRA_RULES = 50;
/** The built-in CPE rule fires after this many intervals without a good poll. */
const ABSENCE_INTERVALS = 3;
const TARGETS = { agentMsPerSample: 0.05, lagIncreaseRatio: 0.1, firstNotificationS: 30 };

guardProcess(45 * 60_000 + 2 * WINDOW_MS + FAULTS * (ABSENCE_INTERVALS + 6) * INTERVAL_MS);

interface Console {
  handle: ConsoleHandle;
  cookie: string;
}

const PASSWORD = randomBytes(12).toString('hex');
const SECRET_KEY = randomBytes(32).toString('hex');

/** Signs in, riding out a 500 (a Redis command that timed out on a loaded machine). */
async function signIn(handle: ConsoleHandle): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await signInOnce(handle);
    } catch (err) {
      if (attempt >= 10) {
        throw err;
      }
      log(`sign-in failed (${attempt}): ${(err as Error).message}`);
      await sleep(1_000);
    }
  }
}

async function signInOnce(handle: ConsoleHandle): Promise<string> {
  const login = await http(`${handle.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (!login.ok) {
    throw new Error(`sign-in: ${login.status} ${await login.text()}`);
  }
  return login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

async function scrape(c: Console): Promise<PromSamples> {
  return parsePrometheus(
    await (await http(`${c.handle.url}/api/metrics`, { headers: { cookie: c.cookie } })).text(),
  );
}

const api = async (c: Console, path: string, body?: unknown): Promise<unknown> => {
  try {
    const response = await http(`${c.handle.url}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: c.cookie, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return await response.json();
  } catch (err) {
    throw new Error(`${(err as Error).message}\nconsole said:\n${c.handle.child.tail()}`, { cause: err });
  }
};

function quantileMs(q: number, m0: PromSamples, m1: PromSamples, name: string, labels = {}): number | string {
  const { value, aboveLastBucket } = histogramQuantile(
    q,
    bucketDelta(buckets(m0, name, labels), buckets(m1, name, labels)),
  );
  const ms = round(value * 1000, 1);
  return aboveLastBucket ? `>${ms}` : ms;
}

/**
 * Until every device has been polled once. Unlike lib's waitAllPolled it rides out an error answer: on a
 * loaded machine a Redis command can time out, and the console answers that request 500.
 */
async function waitPolled(c: Console, devices: number): Promise<void> {
  let lastLog = 0;
  let errors = 0;
  for (;;) {
    try {
      const list = (await api(c, '/devices?limit=10000')) as {
        total: number;
        items: { lastPollAt: string | null }[];
      };
      const polled = list.items.filter((d) => d.lastPollAt !== null).length;
      if (list.total >= devices && polled >= devices) {
        return;
      }
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`enrolled ${list.total}/${devices}, polled ${polled}`);
      }
    } catch (err) {
      if (++errors > 20) {
        throw err;
      }
      log(`device list failed (${errors}): ${(err as Error).message.split('\n')[0]}`);
    }
    await sleep(2_000);
  }
}

/** Runs a step; a failure carries what the console last logged. */
async function explained<T>(c: Console, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw new Error(`${(err as Error).message}\nconsole said:\n${c.handle.child.tail()}`, { cause: err });
  }
}

async function start(scratch: Awaited<ReturnType<typeof createScratch>>, alerts: boolean): Promise<Console> {
  const handle = await startConsole(scratch, {
    ADMIN_PASSWORD: PASSWORD,
    WSNOC_SECRET_KEY: SECRET_KEY,
    POLL_INTERVAL_MS: String(INTERVAL_MS),
    POLL_CONCURRENCY: values.concurrency,
    ALERTS_ENABLED: String(alerts),
    NOTIFY_POLL_MS: '500',
  });
  return { handle, cookie: await signIn(handle) };
}

/** 50 rules beside the built-in five: thresholds of every metric, rates of change and anomalies. */
function extraRules(): object[] {
  const rules: object[] = [];
  const metrics = ['snr', 'rssi', 'noiseFloor', 'throughput', 'latency', 'temperature'] as const;
  for (let i = 0; i < EXTRA_RULES; i++) {
    const metric = metrics[i % metrics.length]!;
    const kind = i % 10 === 9 ? 'anomaly' : i % 10 === 8 ? 'rateOfChange' : 'threshold';
    rules.push({
      name: `bench ${kind} ${metric} ${i}`,
      metric,
      kind,
      severity: 'warning',
      durationSec: 60,
      ...(kind === 'threshold'
        ? {
            condition: {
              op: metric === 'latency' || metric === 'temperature' ? '>' : '<',
              value: metric === 'latency' ? 5_000 : metric === 'temperature' ? 95 : -150,
            },
          }
        : kind === 'rateOfChange'
          ? { condition: { op: '<', value: -30 }, windowSec: 300 }
          : { condition: { op: '<', value: -6 }, windowSec: 600 }),
      ...(i % 7 === 3 ? { scope: { type: 'role', value: 'cpe' } } : {}),
    });
  }
  return rules;
}

interface IncidentSocket {
  on(event: 'incidents:changed', listener: (p: { incidents: Incident[] }) => void): IncidentSocket;
  on(event: 'connect', listener: () => void): IncidentSocket;
  on(event: 'connect_error', listener: (err: Error) => void): IncidentSocket;
  disconnect(): void;
}

function connectIncidents(c: Console): Promise<IncidentSocket> {
  const serverRequire = createRequire(new URL('../server/package.json', import.meta.url));
  const { io } = serverRequire('socket.io-client') as {
    io: (url: string, o: object) => IncidentSocket;
  };
  const socket = io(`${c.handle.url}/ops`, {
    transports: ['websocket'],
    extraHeaders: { cookie: c.cookie },
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

async function measure(c: Console, ms: number) {
  const m0 = await scrape(c);
  const cpu0 = cpuMs(c.handle.child.pid);
  const t0 = performance.now();
  await sleep(ms);
  const m1 = await scrape(c);
  const seconds = (performance.now() - t0) / 1000;
  const polls = sumOf(m1, 'wsnoc_polls_total') - sumOf(m0, 'wsnoc_polls_total');
  return {
    seconds: round(seconds, 1),
    pollsPerSec: round(polls / seconds, 1),
    lagP50Ms: quantileMs(0.5, m0, m1, 'wsnoc_poll_schedule_lag_seconds', { lane: 'healthy' }),
    lagP99Ms: quantileMs(0.99, m0, m1, 'wsnoc_poll_schedule_lag_seconds', { lane: 'healthy' }),
    consoleCpuPercentOfOneCore: round((cpuMs(c.handle.child.pid) - cpu0) / 10 / seconds, 1),
    agentMs:
      (sumOf(m1, 'wsnoc_alert_agent_seconds_total') - sumOf(m0, 'wsnoc_alert_agent_seconds_total')) * 1000,
    observations: sumOf(m1, 'wsnoc_alert_observations_total') - sumOf(m0, 'wsnoc_alert_observations_total'),
    windowBytes: sumOf(m1, 'wsnoc_alert_window_bytes'),
    rssMB: round(rssKB(c.handle.child.pid) / 1024, 1),
  };
}

async function main(): Promise<void> {
  const scratch = await createScratch('alerts');
  const lab = await startLab(RADIOS, '127.60.0.1');
  log(`lab up with ${lab.radios.length} radios`);

  // ---- phase 1: no agents ----
  let c = await start(scratch, false);
  await explained(c, async () => {
    await importFleet(c.handle, c.cookie, lab.radios);
    await waitPolled(c, lab.radios.length);
  });
  await sleep(INTERVAL_MS);
  log(`measuring ${WINDOW_MS / 1000} s without agents`);
  const without = await measure(c, WINDOW_MS);
  await stopChild(c.handle.child);

  // ---- phase 2: agents with 55 rules ----
  c = await start(scratch, true);
  for (const rule of extraRules()) {
    await api(c, '/alert-rules', rule).catch(async (err: Error) => {
      log(`rule not created, once more: ${err.message.split('\n')[0]}`);
      await api(c, '/alert-rules', rule);
    });
  }
  const receiver: { at: number; body: { event: string; incident: Incident } }[] = [];
  const hook = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      receiver.push({
        at: performance.now(),
        body: JSON.parse(raw) as { event: string; incident: Incident },
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  await api(c, '/notification-channels', {
    name: 'bench hook',
    type: 'webhook',
    target: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`,
    minSeverity: 'major',
    rateLimitPerMin: 1000,
  });
  await waitPolled(c, lab.radios.length);
  // Long enough for the anomaly windows to fill some way.
  await sleep(2 * INTERVAL_MS);
  log(`measuring ${WINDOW_MS / 1000} s with agents and ${5 + EXTRA_RULES} rules`);
  const withAgents = await measure(c, WINDOW_MS);

  // ---- faults: a CPE goes offline, its station stays up ----
  const socket = await connectIncidents(c);
  const seenAt = new Map<string, number>();
  socket.on('incidents:changed', ({ incidents }) => {
    const now = performance.now();
    for (const i of incidents) {
      if (i.deviceId && i.state === 'open' && !seenAt.has(i.deviceId)) {
        seenAt.set(i.deviceId, now);
      }
    }
  });
  const devices = (await api(c, '/devices?limit=10000')) as {
    items: { id: string; name: string; role: string; parentId: string | null }[];
  };
  const cpes = devices.items.filter((d) => d.role === 'cpe' && d.parentId);
  const picked = cpes.sort(() => Math.random() - 0.5).slice(0, FAULTS);
  const toFeed: number[] = [];
  const toHook: number[] = [];
  let missed = 0;
  for (const cpe of picked) {
    const t0 = performance.now();
    await http(`${lab.controlUrl}/radios/${cpe.name}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'offline' }),
    });
    const deadline = t0 + (ABSENCE_INTERVALS + 6) * INTERVAL_MS;
    while (
      performance.now() < deadline &&
      !(seenAt.has(cpe.id) && receiver.some((r) => r.body.incident.deviceId === cpe.id))
    ) {
      await sleep(50);
    }
    const fed = seenAt.get(cpe.id);
    const hooked = receiver.find((r) => r.body.incident.deviceId === cpe.id && r.body.event === 'opened');
    if (fed === undefined) {
      missed++;
    } else {
      toFeed.push(fed - t0);
    }
    if (hooked) {
      toHook.push(hooked.at - t0);
    }
    await http(`${lab.controlUrl}/radios/${cpe.name}/faults`, { method: 'DELETE' });
  }
  socket.disconnect();
  const after = await scrape(c);
  hook.close();
  await stopChild(c.handle.child);
  await stopChild(lab.child);

  const agentMsPerSample = withAgents.agentMs / Math.max(1, withAgents.observations);
  const lagWithout = typeof without.lagP99Ms === 'number' ? without.lagP99Ms : Number.NaN;
  const lagWith = typeof withAgents.lagP99Ms === 'number' ? withAgents.lagP99Ms : Number.NaN;
  const feed = summarise(toFeed);
  const notify = summarise(toHook);
  const confirmMs = ABSENCE_INTERVALS * INTERVAL_MS;
  const report = {
    bench: 'alerts',
    node: process.version,
    radios: lab.radios.length,
    pollIntervalMs: INTERVAL_MS,
    rules: 5 + EXTRA_RULES,
    withoutAgents: without,
    withAgents,
    agentCpuMsPerSample: {
      value: round(agentMsPerSample, 4),
      target: TARGETS.agentMsPerSample,
      meetsTarget: agentMsPerSample <= TARGETS.agentMsPerSample,
      note: 'time inside the agents and aggregate windows (wsnoc_alert_agent_seconds_total) / observations taken',
    },
    scheduleLagP99Ms: {
      without: without.lagP99Ms,
      with: withAgents.lagP99Ms,
      increaseRatio: round(lagWith / lagWithout - 1, 3),
      meetsTarget: lagWith <= lagWithout * (1 + TARGETS.lagIncreaseRatio),
      note: 'healthy lane, wsnoc_poll_schedule_lag_seconds over each window (two console runs on one fleet); bucketed histogram, so small lags compare coarsely',
    },
    windowMemory: {
      bytes: withAgents.windowBytes,
      perDeviceBytes: round(withAgents.windowBytes / lab.radios.length, 1),
      note: 'wsnoc_alert_window_bytes: agent states, anomaly rings (8 B a value) and open aggregate windows',
    },
    faultToIncident: {
      faults: picked.length,
      missed,
      feedMs: feed,
      notificationMs: notify,
      confirmationMs: confirmMs,
      firstNotificationAfterConfirmedS: round((notify.p99 - confirmMs) / 1000, 1),
      target: TARGETS.firstNotificationS,
      meetsTarget: missed === 0 && (notify.p99 - confirmMs) / 1000 <= TARGETS.firstNotificationS,
      note: `a CPE offline through the lab; the CPE rule asks for ${ABSENCE_INTERVALS} intervals without a good poll (the confirmation), then a poll of its base station; times from the fault to the 'incidents:changed' frame and to the webhook`,
    },
    incidentsOpened: sumOf(after, 'wsnoc_incident_changes_total', { change: 'opened' }),
  };
  await cleanup();
  printReport(report);
}

runBench(main);
