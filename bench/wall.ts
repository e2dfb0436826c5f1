// Bench: the /wall kiosk page in headless Chromium against a big, busy fleet for a long time (issue 12,
// wall displays): kiosk tabs of other dashboards grow to hundreds of megabytes and crash after hours. The
// field lab, the built console, Postgres and Redis run on this machine.
//   cd /work/main && pnpm build && npx tsx bench/wall.ts [--radios 10000] [--minutes 30] [--sample-s 60]
//     [--poll-ms 10000] [--rotate-s 10] [--viewport 1920x1080]
// 10,000 radios polled every 10 s make about 1,000 live-state changes a second (every poll moves
// lastPollAt, SNR and throughput), and every minute a reboot on 2% of the fleet flips statuses, so map
// points move too. One display of the whole fleet, rotating through every panel. Each --sample-s: the JS
// heap after a forced GC (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage), long tasks, and frames
// over 5 s. The heap must not grow by more than 10% from minute 5 (or a third of a shorter run) to the
// end. Floor in the same run: an empty page's heap after GC and its frame rate, with the stack still busy.
// Prints one JSON object; a fresh database, key prefix and data directory, removed at the end.
import { parseArgs } from 'node:util';
import { WallDisplayCreatedSchema } from '@wsnoc/shared';
import { chromium, type CDPSession, type Page } from './lib/playwright.js';
import { byLabel, parsePrometheus } from './lib/prom.js';
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
  waitAllPolled,
} from './lib/stack.js';
import { printReport, round, summarise } from './lib/stats.js';
import {
  installBareProbe,
  PAGE_PRELUDE,
  startFrameCount,
  stopFrameCount,
  type FrameStats,
  type LongTask,
} from './lib/web-page.js';

setLogPrefix('bench/wall');

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '10000' },
    minutes: { type: 'string', default: '30' },
    'sample-s': { type: 'string', default: '60' },
    'poll-ms': { type: 'string', default: '10000' },
    'rotate-s': { type: 'string', default: '10' },
    viewport: { type: 'string', default: '1920x1080' },
  },
});
const RADIOS = Number(values.radios);
const RUN_MS = Number(values.minutes) * 60_000;
const SAMPLE_MS = Number(values['sample-s']) * 1000;
const POLL_INTERVAL_MS = Number(values['poll-ms']);
const ROTATE_S = Number(values['rotate-s']);
const [VIEW_W, VIEW_H] = values.viewport.split('x').map(Number) as [number, number];
const FRAME_WINDOW_MS = 5_000;
const MAX_GROWTH_PCT = 10;
// Not the other benches' ranges, so they can share the machine.
const FIRST_ADDRESS = '127.47.0.1';
const CHROMIUM = process.env.WSNOC_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Init script: long tasks from the first one, for a page without the console's probe. */
function installLongTasks(): void {
  const tasks: { start: number; duration: number }[] = [];
  Object.assign(window, { __wallLongTasks: tasks });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      tasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return round(usage.usedSize / 2 ** 20, 2);
}

async function frames(page: Page): Promise<FrameStats> {
  await page.evaluate(startFrameCount);
  await sleep(FRAME_WINDOW_MS);
  return page.evaluate(stopFrameCount);
}

async function pollsOk(url: string, cookie: string): Promise<number> {
  const response = await http(`${url}/api/metrics`, { headers: { cookie } });
  return byLabel(parsePrometheus(await response.text()), 'wsnoc_polls_total', 'outcome').ok ?? 0;
}

interface Sample {
  minute: number;
  heapMB: number;
  fps: number;
  p99FrameMs: number;
  longTasks: number;
  updates: number;
  drawnPoints: number;
}

async function main(): Promise<void> {
  guardProcess(40 * 60_000 + RUN_MS);

  // 1. The stack and the fleet.
  const scratch = await createScratch('wall');
  const lab = await startLab(RADIOS, FIRST_ADDRESS);
  log(`lab: ${lab.radios.length} radios at ${lab.controlUrl}`);
  const c = await startConsole(scratch, { POLL_INTERVAL_MS: String(POLL_INTERVAL_MS) });
  const cookie = await apiSignIn(c);
  await importFleet(c, cookie, lab.radios);
  await waitAllPolled(c, cookie, lab.radios.length);
  const N = lab.radios.length;
  log(`all ${N} polled once`);

  // 2. A display of the whole fleet, every panel.
  const created = await http(`${c.url}/api/wall/displays`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', rotateSeconds: ROTATE_S }),
  });
  const display = WallDisplayCreatedSchema.parse(await created.json());

  // 3. The kiosk.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  onCleanup('browser', () => browser.close());
  const context = await browser.newContext({ viewport: { width: VIEW_W, height: VIEW_H } });
  await context.addInitScript({ content: PAGE_PRELUDE });
  await context.addInitScript(installBareProbe, undefined);
  await context.addInitScript(installLongTasks, undefined);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  let updates = 0;
  let updateBytes = 0;
  let snapshotBytes = 0;
  cdp.on('Network.webSocketFrameReceived', (e) => {
    const data = e.response.payloadData;
    if (data.startsWith('42/wall,["wall:update"')) {
      updates++;
      updateBytes += data.length;
    } else if (data.startsWith('42/wall,["wall:snapshot"')) {
      snapshotBytes = data.length;
    }
  });
  await cdp.send('Network.enable', { maxTotalBufferSize: 0, maxResourceBufferSize: 0 });
  const t0 = performance.now();
  await page.goto(`${c.url}/wall#token=${display.token}`, { waitUntil: 'commit' });
  await page.waitForFunction(
    // Live, with every radio on the map (the first panel).
    (n) =>
      document.querySelector('[data-testid="wall"]')?.getAttribute('data-status') === 'live' &&
      document.querySelector<HTMLElement>('[data-testid="wall-map"]')?.dataset.points === String(n),
    N,
    { timeout: 120_000, polling: 250 },
  );
  const liveMs = performance.now() - t0;
  log(`wall live in ${Math.round(liveMs)} ms; running ${RUN_MS / 60_000} min`);

  // 4. The run: churn every minute, a sample every SAMPLE_MS.
  const polls0 = await pollsOk(c.url, cookie);
  const start = performance.now();
  const samples: Sample[] = [];
  let churnSeed = 1;
  let nextChurn = start;
  let longTasksSeen = 0;
  while (performance.now() - start < RUN_MS) {
    if (performance.now() >= nextChurn) {
      await http(`${lab.controlUrl}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'reboot', downMs: 40_000, share: 0.02, seed: churnSeed++ }),
      });
      nextChurn += 60_000;
    }
    const sampleEnd = start + (samples.length + 1) * SAMPLE_MS;
    await sleep(Math.max(0, Math.min(sampleEnd, start + RUN_MS) - performance.now() - FRAME_WINDOW_MS));
    const stats = await frames(page);
    const tasks = await page.evaluate(
      () => (window as unknown as { __wallLongTasks: LongTask[] }).__wallLongTasks.length,
    );
    const drawn = await page.evaluate(() =>
      Number(document.querySelector<HTMLElement>('[data-testid="wall-map"]')?.dataset.points ?? -1),
    );
    const sample: Sample = {
      minute: round((performance.now() - start) / 60_000, 2),
      heapMB: await heapAfterGc(cdp),
      fps: stats.fps,
      p99FrameMs: stats.p99FrameMs,
      longTasks: tasks - longTasksSeen,
      updates,
      drawnPoints: drawn,
    };
    longTasksSeen = tasks;
    samples.push(sample);
    log(`t=${sample.minute} min heap ${sample.heapMB} MB, ${sample.fps} fps, ${sample.longTasks} long tasks`);
  }
  const seconds = (performance.now() - start) / 1000;
  const polls1 = await pollsOk(c.url, cookie);
  const allTasks = await page.evaluate(
    () => (window as unknown as { __wallLongTasks: LongTask[] }).__wallLongTasks,
  );
  const status = await page.evaluate(() =>
    document.querySelector('[data-testid="wall"]')?.getAttribute('data-status'),
  );

  // 5. Floor: an empty page in a second context, the stack still as busy.
  const floorContext = await browser.newContext({ viewport: { width: VIEW_W, height: VIEW_H } });
  await floorContext.addInitScript({ content: PAGE_PRELUDE });
  await floorContext.addInitScript(installBareProbe, undefined);
  const floorPage = await floorContext.newPage();
  const floorCdp = await floorContext.newCDPSession(floorPage);
  await floorPage.goto(`${c.url}/api/health`);
  const floorFrames = await frames(floorPage);
  const floorHeap = await heapAfterGc(floorCdp);
  await floorContext.close();
  const version = browser.version();
  await browser.close();

  // 6. Growth from minute 5 (a third of a shorter run) to the end.
  const fromMinute = Math.min(5, RUN_MS / 60_000 / 3);
  const base = samples.find((s) => s.minute >= fromMinute) ?? samples[0]!;
  const last = samples[samples.length - 1]!;
  const growthPct = round(((last.heapMB - base.heapMB) / base.heapMB) * 100, 2);
  printReport({
    bench: 'wall',
    radios: N,
    minutes: round(seconds / 60, 2),
    viewport: `${VIEW_W}x${VIEW_H}`,
    browser: version,
    load: {
      pollsPerSecond: round((polls1 - polls0) / seconds, 1),
      note: 'each completed poll changes the live row (lastPollAt at least): live-state changes/s',
      rebootShareEveryMinute: 0.02,
    },
    wallFeed: {
      liveAfterMs: Math.round(liveMs),
      snapshotKB: round(snapshotBytes / 1024, 1),
      updates,
      updatesPerSecond: round(updates / seconds, 2),
      updateKBPerSecond: round(updateBytes / 1024 / seconds, 2),
      statusAtEnd: status,
    },
    heap: {
      afterGcMB: samples.map((s) => ({ minute: s.minute, mb: s.heapMB })),
      fromMinute: base.minute,
      fromMB: base.heapMB,
      endMB: last.heapMB,
      growthPct,
      maxGrowthPct: MAX_GROWTH_PCT,
      ok: growthPct <= MAX_GROWTH_PCT,
    },
    longTasks: {
      count: allTasks.length,
      perMinute: round((allTasks.length / seconds) * 60, 2),
      longestMs: round(Math.max(0, ...allTasks.map((t) => t.duration)), 1),
      perSample: samples.map((s) => s.longTasks),
    },
    frames: {
      fps: summarise(samples.map((s) => s.fps)),
      p99FrameMs: summarise(samples.map((s) => s.p99FrameMs)),
    },
    mapPointsAtEnd: last.drawnPoints,
    floor: {
      emptyPageHeapMB: floorHeap,
      emptyPageFps: floorFrames.fps,
      fpsRatio: round(summarise(samples.map((s) => s.fps)).p50 / floorFrames.fps, 2),
    },
  });
  await cleanup();
}

runBench(main);
