// Bench: the operations UI in headless Chromium against the demo stack with N radios (issue 5, "Figures
// to reach"). The field lab, the built console (serving the built web app), Postgres and Redis run on this
// machine; Debian's Chromium is driven through e2e's Playwright with e2e's flags.
//   cd /work/main && pnpm build && npx tsx bench/web.ts [--radios 10000] [--minutes 1] [--scroll-s 5]
//     [--pan-s 5] [--viewport 1920x1080]
// Phases: enrol the fleet by CSV import, wait for a first poll of every device and one interval; sign in;
// open /devices (time to first full table, heap); watch the live table for --minutes (long tasks, feed
// rate, feed-frame-to-DOM time, heap); scroll the table; pan the map; reload /devices (warm cache); then
// the floors, in a second browser context with the stack still running so the background load is the
// same: rAF on an empty page, scrolling a plain static 10,000-row list, a bare WebGL2 canvas of N points.
// Prints one JSON object. Loopback only; a fresh database, Redis key prefix and data directory, removed at
// the end, even on error; a watchdog ends it if anything hangs.
import { parseArgs } from 'node:util';
import type { FeedDelta } from '@wsnoc/shared';
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
  type ConsoleHandle,
} from './lib/stack.js';
import { printReport, round, summarise } from './lib/stats.js';
import {
  buildStaticList,
  installBareProbe,
  installProbe,
  longTasksBetween,
  pageClock,
  PAGE_PRELUDE,
  scrollFrames,
  startFrameCount,
  stopFrameCount,
  takeWatch,
  watchVisibleRows,
  webglPointsFrames,
  type FrameStats,
  type LongTask,
} from './lib/web-page.js';

setLogPrefix('bench/web');

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '10000' },
    minutes: { type: 'string', default: '1' },
    'scroll-s': { type: 'string', default: '5' },
    'pan-s': { type: 'string', default: '5' },
    viewport: { type: 'string', default: '1920x1080' },
  },
});
const RADIOS = Number(values.radios);
const WATCH_MS = Number(values.minutes) * 60_000;
const SCROLL_S = Number(values['scroll-s']);
const PAN_S = Number(values['pan-s']);
const [VIEW_W, VIEW_H] = values.viewport.split('x').map(Number) as [number, number];
const POLL_INTERVAL_MS = 10_000;
/** A brisk flick: about 60 rows a second at the table's 2.1 rem rows. */
const SCROLL_PX_PER_S = 2_000;
// Not bench/poll.ts's range, so both benches can share the machine.
const FIRST_ADDRESS = '127.46.0.1';
const CHROMIUM = process.env.WSNOC_CHROMIUM ?? '/usr/bin/chromium';
// e2e/src/chromium.ts's flags (copied, not imported: e2e's tsconfig is a different program).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const TARGETS = {
  // own targets (the issue names the figure but no number)
  timeToFirstFullTableMs: 3_000,
  heapMB: 150,
  feedToDomP99Ms: 100,
  // the issue's
  longTasksPerMinute: 0,
  fps: 50,
};

// ---- the live feed, seen through CDP ----

/**
 * Clocks. CDP stamps network events with `timestamp`, the browser's monotonic clock in seconds (TimeTicks;
 * CLOCK_MONOTONIC on Linux, not comparable to epoch time). Network.requestWillBeSent and
 * Network.webSocketWillSendHandshakeRequest carry that `timestamp` and a `wallTime` (epoch seconds) for the
 * same instant, so their difference maps monotonic to epoch; we take the median over every such event of
 * the run. In the page, performance.timeOrigin + performance.now() is epoch ms too, but advanced by the
 * same monotonic clock since the navigation (Date.now() could step if the system clock is adjusted, so it
 * is only used as a check: pageClock().dateSkewMs reports the gap between the two, which should stay near
 * 0). Check of the mapping: every delta message's page-side 'message' event must come after the CDP frame
 * event for it; the smallest gap (clock.minCdpToPageMessageMs) is reported and must not be negative beyond
 * the mapping's own error (a fraction of a millisecond here).
 */
interface FeedFrame {
  seq: number;
  /** CDP's id of the WebSocket that carried it. */
  socket: string;
  /** Epoch ms, mapped from CDP's monotonic timestamp (see above): filled in once the offset is known. */
  monoMs: number;
  changes: number;
  /** Changes that carry lastPollAt: one per completed poll. */
  polls: number;
  /** Ids whose change carries lastPollAt, which the table shows as HH:MM:SS: a sure visible change. */
  polledIds: string[];
}

interface FeedTap {
  frames: FeedFrame[];
  snapshot: { monoMs: number; bytes: number; devices: number } | null;
  /** Epoch ms minus monotonic ms, median of every (timestamp, wallTime) pair seen. */
  monoToEpochMs(): number;
  reset(): void;
}

async function tapFeed(cdp: CDPSession): Promise<FeedTap> {
  const offsets: number[] = [];
  const tap: FeedTap = {
    frames: [],
    snapshot: null,
    monoToEpochMs() {
      const sorted = [...offsets].sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    },
    reset() {
      tap.frames = [];
      tap.snapshot = null;
    },
  };
  cdp.on('Network.requestWillBeSent', (e) => offsets.push(e.wallTime * 1000 - e.timestamp * 1000));
  cdp.on('Network.webSocketWillSendHandshakeRequest', (e) =>
    offsets.push(e.wallTime * 1000 - e.timestamp * 1000),
  );
  let awaitingAttachment = false;
  cdp.on('Network.webSocketFrameReceived', (e) => {
    const data = e.response.payloadData;
    const monoMs = e.timestamp * 1000;
    if (data.startsWith('42/ops,["devices:delta"')) {
      const [, frame] = JSON.parse(data.slice(data.indexOf('['))) as [string, FeedDelta];
      const polledIds = frame.changes.filter((c) => c.lastPollAt !== undefined).map((c) => c.id);
      tap.frames.push({
        seq: frame.seq,
        socket: e.requestId,
        monoMs,
        changes: frame.changes.length,
        polls: polledIds.length,
        polledIds,
      });
    } else if (/^4(51-)?\/ops,\["devices:snapshot"/.test(data)) {
      // The columnar frame: its header, and for a gzipped one a binary frame right after it.
      const [, snapshot] = JSON.parse(data.slice(data.indexOf('['))) as [string, { count: number }];
      tap.snapshot = { monoMs, bytes: data.length, devices: snapshot.count };
      awaitingAttachment = data.startsWith('451-');
    } else if (awaitingAttachment && e.response.opcode === 2 && tap.snapshot) {
      awaitingAttachment = false;
      // CDP gives a binary frame's payload in base64.
      tap.snapshot = {
        ...tap.snapshot,
        monoMs,
        bytes: tap.snapshot.bytes + Buffer.from(data, 'base64').length,
      };
    }
  });
  await cdp.send('Network.enable', { maxTotalBufferSize: 0, maxResourceBufferSize: 0 });
  return tap;
}

// ---- page helpers ----

async function heap(cdp: CDPSession, collect: boolean): Promise<{ usedMB: number; totalMB: number }> {
  if (collect) {
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { usedMB: round(usage.usedSize / 2 ** 20, 1), totalMB: round(usage.totalSize / 2 ** 20, 1) };
}

function longTaskSummary(
  tasks: LongTask[],
  seconds: number,
): {
  count: number;
  perMinute: number;
  longestMs: number;
  totalMs: number;
} {
  return {
    count: tasks.length,
    perMinute: round((tasks.length / seconds) * 60, 1),
    longestMs: round(Math.max(0, ...tasks.map((t) => t.duration)), 1),
    totalMs: round(
      tasks.reduce((a, t) => a + t.duration, 0),
      1,
    ),
  };
}

const now = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** Navigates to /devices and waits for the probe to see all N rows; times are since navigation start. */
async function openTable(page: Page, url: string): Promise<{ domMs: number; paintMs: number | null }> {
  await page.goto(`${url}/devices`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__bench.fullTableAt !== null, undefined, {
    timeout: 180_000,
    polling: 250,
  });
  await sleep(200);
  return page.evaluate(() => ({
    domMs: window.__bench.fullTableAt!,
    paintMs: window.__bench.fullTablePaintAt,
  }));
}

async function pollsOk(c: ConsoleHandle, cookie: string): Promise<number> {
  const response = await http(`${c.url}/api/metrics`, { headers: { cookie } });
  return byLabel(parsePrometheus(await response.text()), 'wsnoc_polls_total', 'outcome').ok ?? 0;
}

/** Drags the map in a Lissajous loop around its centre for `seconds`, one mouse event per round trip. */
async function panMap(page: Page, seconds: number): Promise<number> {
  const box = await page.getByTestId('fleet-map').boundingBox();
  if (!box) {
    throw new Error('fleet-map has no box');
  }
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const rx = Math.min(250, box.width / 4);
  const ry = Math.min(150, box.height / 4);
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const t0 = performance.now();
  let moves = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const t = (performance.now() - t0) / 1000;
    await page.mouse.move(cx + rx * Math.sin(t * Math.PI), cy + ry * Math.sin(t * Math.PI * 0.7));
    moves++;
  }
  await page.mouse.up();
  return moves;
}

// ---- the run ----

async function main(): Promise<void> {
  guardProcess(30 * 60_000 + WATCH_MS);

  // 1. The stack.
  const scratch = await createScratch('web');
  const lab = await startLab(RADIOS, FIRST_ADDRESS);
  log(`lab: ${lab.radios.length} radios in ${Math.round(lab.startMs)} ms at ${lab.controlUrl}`);
  const c = await startConsole(scratch, { POLL_INTERVAL_MS: String(POLL_INTERVAL_MS) });
  log(`console up at ${c.url} in ${Math.round(c.upMs)} ms`);
  const cookie = await apiSignIn(c);
  await importFleet(c, cookie, lab.radios);
  await waitAllPolled(c, cookie, lab.radios.length);
  log(`all ${lab.radios.length} polled once; one interval of warm-up`);
  await sleep(POLL_INTERVAL_MS);
  const N = lab.radios.length;

  // 2. The browser, signed in (the session cookie lands in the context's jar).
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  onCleanup('browser', () => browser.close());
  const context = await browser.newContext({ viewport: { width: VIEW_W, height: VIEW_H } });
  await context.addInitScript({ content: PAGE_PRELUDE });
  await context.addInitScript(installProbe, N);
  const login = await context.request.post(`${c.url}/api/auth/login`, {
    data: { username: 'admin', password: c.password },
  });
  if (!login.ok()) {
    throw new Error(`browser sign-in: HTTP ${login.status()}`);
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const feed = await tapFeed(cdp);
  const version = browser.version();
  const renderer = await (async () => {
    await page.goto(`${c.url}/api/health`);
    return page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'no WebGL 2';
    });
  })();

  // 3. Time to first full table, cold cache.
  log('opening /devices');
  feed.reset();
  const cold = await openTable(page, c.url);
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  const snapshot = feed.snapshot;
  log(`full table in ${Math.round(cold.domMs)} ms`);
  await sleep(3_000);
  const heapLoaded = await heap(cdp, false);
  const heapLoadedAfterGc = await heap(cdp, true);
  await sleep(2_000);

  // 4. Idle-watching the live table: long tasks, feed rate, feed frame to DOM.
  log(`watching the live table for ${WATCH_MS / 1000} s`);
  const watched = await page.evaluate(watchVisibleRows);
  const clock0 = await page.evaluate(pageClock);
  const okPolls0 = await pollsOk(c, cookie);
  const watchStartEpoch = clock0.timeOrigin + clock0.now;
  feed.reset();
  const w0 = performance.now();
  await sleep(WATCH_MS);
  const watchSeconds = (performance.now() - w0) / 1000;
  const okPolls1 = await pollsOk(c, cookie);
  const clock1 = await page.evaluate(pageClock);
  const watchEndEpoch = clock1.timeOrigin + clock1.now;
  // A copy: the tap keeps collecting through the later phases.
  const frames = [...feed.frames];
  const { mutations, deltaMessages } = await page.evaluate(takeWatch);
  const idleTasks = await page.evaluate(longTasksBetween, { from: clock0.now, to: clock1.now });
  const heapLive = await heap(cdp, false);
  const heapLiveAfterGc = await heap(cdp, true);

  // Correlate: every change carrying lastPollAt for a watched row, in a frame that arrived in the window
  // (and at least a second before its end, so a late render is not counted as lost), against the first
  // DOM change of that row made once the page had received that frame (matched by seq, not by time).
  const offset = feed.monoToEpochMs();
  const messageAt = new Map(deltaMessages.map((m) => [m.seq, m.at]));
  const byRow = new Map<string, typeof mutations>();
  for (const m of mutations) {
    byRow.set(m.id, [...(byRow.get(m.id) ?? []), m]);
  }
  const watchedSet = new Set(watched);
  const feedToDom: number[] = [];
  const feedToFrame: number[] = [];
  const messageToDom: number[] = [];
  const cdpToMessage: number[] = [];
  let lost = 0;
  for (const frame of frames) {
    const at = frame.monoMs + offset;
    const message = messageAt.get(frame.seq);
    if (message !== undefined) {
      cdpToMessage.push(message - at);
    }
    if (at < watchStartEpoch || at > watchEndEpoch - 1_000) {
      continue;
    }
    for (const id of frame.polledIds) {
      if (!watchedSet.has(id)) {
        continue;
      }
      const shown = byRow.get(id)?.find((m) => m.seq >= frame.seq);
      if (!shown) {
        lost++;
        continue;
      }
      feedToDom.push(shown.at - at);
      if (shown.frameAt !== null) {
        feedToFrame.push(shown.frameAt - at);
      }
      if (message !== undefined) {
        messageToDom.push(shown.at - message);
      }
    }
  }
  const feedToDomSummary = summarise(feedToDom);
  const totalChanges = frames.reduce((a, f) => a + f.changes, 0);
  const totalPolledChanges = frames.reduce((a, f) => a + f.polls, 0);
  const changesPerSec = totalChanges / watchSeconds;
  const okPollsPerSec = (okPolls1 - okPolls0) / watchSeconds;
  const idle = longTaskSummary(idleTasks, watchSeconds);

  // 5. Scrolling the table.
  log('scrolling the table');
  const s0 = await now(page);
  const scroll = await page.evaluate(scrollFrames, {
    selector: '[data-testid="device-table"]',
    seconds: SCROLL_S,
    pxPerSec: SCROLL_PX_PER_S,
  });
  const scrollTasks = await page.evaluate(longTasksBetween, { from: s0, to: await now(page) });

  // 6. Panning the map (a client-side navigation: the same tab, the same feed).
  log('panning the map');
  await page.getByTestId('nav-map').click();
  const mapT0 = performance.now();
  let mapError: string | undefined;
  let pan: (FrameStats & { mouseMoves: number }) | undefined;
  let panTasks: LongTask[] = [];
  let mapReadyMs: number | undefined;
  try {
    await page.waitForFunction(
      (n) => {
        const map = document.querySelector<HTMLElement>('[data-testid="fleet-map"]');
        return map?.dataset.ready === 'true' && map.dataset.drawn === String(n);
      },
      N,
      { timeout: 60_000, polling: 100 },
    );
    mapReadyMs = performance.now() - mapT0;
    await sleep(2_000);
    const p0 = await now(page);
    await page.evaluate(startFrameCount);
    const mouseMoves = await panMap(page, PAN_S);
    pan = { ...(await page.evaluate(stopFrameCount)), mouseMoves };
    panTasks = await page.evaluate(longTasksBetween, { from: p0, to: await now(page) });
  } catch (err) {
    mapError = (err as Error).message.split('\n')[0];
    log(`map: ${mapError}`);
  }

  // 7. Time to first full table again, with the app's assets in the HTTP cache.
  log('reloading /devices');
  const warm = await openTable(page, c.url);

  // 8. Floors: the same browser and machine load, pages with none of the app. The app's tab leaves
  // /devices first: left open, it keeps sorting the fleet on every frame and steals the floors' CPU.
  log('floors');
  await page.goto('about:blank');
  const floorContext = await browser.newContext({ viewport: { width: VIEW_W, height: VIEW_H } });
  const floorPage = await floorContext.newPage();
  const blank = async (): Promise<void> => {
    await floorPage.goto('about:blank');
    await floorPage.evaluate(PAGE_PRELUDE);
    await floorPage.evaluate(installBareProbe);
  };
  await blank();
  await floorPage.evaluate(startFrameCount);
  await sleep(SCROLL_S * 1000);
  const emptyRaf = await floorPage.evaluate(stopFrameCount);
  await blank();
  await floorPage.evaluate(buildStaticList, { rows: N, cells: 11 });
  await sleep(1_000);
  const staticScroll = await floorPage.evaluate(scrollFrames, {
    selector: '#static-list',
    seconds: SCROLL_S,
    pxPerSec: SCROLL_PX_PER_S,
  });
  await blank();
  const webgl = await floorPage.evaluate(webglPointsFrames, { points: N, seconds: PAN_S });
  await floorContext.close();

  // 9. The figures.
  const firstTableMs = cold.domMs;
  const heapLiveMB = heapLive.usedMB;
  const scrollFps = scroll.fps;
  const panFps = pan?.fps ?? 0;
  const report = {
    bench: 'web',
    node: process.version,
    chromium: version,
    webglRenderer: renderer,
    radios: N,
    viewport: `${VIEW_W}x${VIEW_H}`,
    pollIntervalMs: POLL_INTERVAL_MS,
    timeToFirstFullTableMs: {
      value: round(firstTableMs, 0),
      target: TARGETS.timeToFirstFullTableMs,
      targetSource: 'bench (the issue names no number)',
      meetsTarget: firstTableMs <= TARGETS.timeToFirstFullTableMs,
      firstPaintMs: cold.paintMs === null ? null : round(cold.paintMs, 0),
      snapshotFrameAtMs: snapshot ? round(snapshot.monoMs + offset - timeOrigin, 0) : null,
      snapshotFrameMB: snapshot ? round(snapshot.bytes / 2 ** 20, 2) : null,
      warmCacheMs: round(warm.domMs, 0),
      note: 'cold HTTP cache, already signed in: navigation start to device-count saying N of N with a row in the DOM (MutationObserver from document start); firstPaintMs is the next animation frame; snapshotFrameAtMs is when CDP saw the devices:snapshot frame',
    },
    longTasks: {
      idlePerMinute: idle.perMinute,
      target: TARGETS.longTasksPerMinute,
      meetsTarget: idle.perMinute <= TARGETS.longTasksPerMinute,
      idle: { ...idle, windowSeconds: round(watchSeconds, 1) },
      duringScroll: longTaskSummary(scrollTasks, scroll.seconds || SCROLL_S),
      duringPan: longTaskSummary(panTasks, pan?.seconds || PAN_S),
      note: "PerformanceObserver 'longtask' (buffered, installed at document start); idle = watching /devices with the feed flowing",
    },
    scrollFps: {
      value: scrollFps,
      target: TARGETS.fps,
      meetsTarget: scrollFps >= TARGETS.fps,
      ...scroll,
      pxPerSec: SCROLL_PX_PER_S,
      floorStaticListFps: staticScroll.fps,
      note: 'scrollTop of the virtualised device-table advanced by elapsed time x speed in each requestAnimationFrame; fps = rAF callbacks / s',
    },
    mapPanFps: {
      value: panFps,
      target: TARGETS.fps,
      meetsTarget: panFps >= TARGETS.fps,
      ...(mapError ? { error: mapError } : {}),
      ...(pan ?? {}),
      mapReadyMs: mapReadyMs === undefined ? null : round(mapReadyMs, 0),
      floorWebglPointsFps: typeof webgl === 'string' ? webgl : webgl.fps,
      note: `mouse drag on fleet-map (one CDP mouse event per round trip) after data-ready and data-drawn=N; WebGL here is ${renderer}: software rendering on the CPU, which a GPU-backed browser would not pay`,
    },
    heapMB: {
      value: heapLiveMB,
      target: TARGETS.heapMB,
      targetSource: 'bench (the issue names no number)',
      meetsTarget: heapLiveMB <= TARGETS.heapMB,
      tableLoaded: heapLoaded,
      tableLoadedAfterGc: heapLoadedAfterGc,
      afterLiveWindow: heapLive,
      afterLiveWindowAfterGc: heapLiveAfterGc,
      note: 'CDP Runtime.getHeapUsage (the page JS heap); value = used after the live window, without forcing GC',
    },
    feedToDomMs: {
      p50: feedToDomSummary.p50,
      p99: feedToDomSummary.p99,
      max: feedToDomSummary.max,
      samples: feedToDomSummary.count,
      target: TARGETS.feedToDomP99Ms,
      targetSource: 'bench (the issue names no number)',
      meetsTarget: feedToDomSummary.p99 <= TARGETS.feedToDomP99Ms && feedToDomSummary.count > 0,
      lost: lost,
      watchedRows: watched.length,
      toNextAnimationFrame: summarise(feedToFrame),
      pageMessageToDom: summarise(messageToDom),
      cdpToPageMessage: summarise(cdpToMessage),
      clock: {
        monoToEpochOffsetMs: round(offset, 3),
        pageDateSkewMsStart: round(clock0.dateSkewMs, 2),
        pageDateSkewMsEnd: round(clock1.dateSkewMs, 2),
        minCdpToPageMessageMs: round(Math.min(...cdpToMessage), 2),
      },
      note: "a delta frame's CDP Network.webSocketFrameReceived time (monotonic, mapped to epoch with requestWillBeSent's timestamp/wallTime pairs) to the MutationObserver callback that saw a cell of a row in the viewport change, for changes carrying lastPollAt (shown as HH:MM:SS, so always visible); matched by seq: the first mutation of the row after the page received that frame",
    },
    feed: {
      changesPerSec: round(changesPerSec, 1),
      framesPerSec: round(frames.length / watchSeconds, 2),
      pollChangesPerSec: round(totalPolledChanges / watchSeconds, 1),
      consoleOkPollsPerSec: round(okPollsPerSec, 1),
      expectedChangesPerSec: round(N / (POLL_INTERVAL_MS / 1000), 1),
      changesPerFrame: round(totalChanges / Math.max(1, frames.length), 1),
      frames: frames.length,
      sockets: new Set(frames.map((f) => f.socket)).size,
      distinctSeqs: new Set(frames.map((f) => f.seq)).size,
      windowSeconds: round(watchSeconds, 1),
      note: 'counted from the devices:delta frames CDP saw on the page socket during the live window; consoleOkPollsPerSec from wsnoc_polls_total',
    },
    floors: {
      emptyPageRafFps: emptyRaf.fps,
      emptyPageRaf: emptyRaf,
      staticListScroll: { ...staticScroll, rows: N, cells: 11 },
      webglPoints: webgl,
      note: 'a second browser context in the same browser, the app tab on about:blank, the stack still running (console polling, lab answering): what this headless Chromium on this machine can do at best',
    },
    meetsAllTargets:
      firstTableMs <= TARGETS.timeToFirstFullTableMs &&
      idle.perMinute <= TARGETS.longTasksPerMinute &&
      scrollFps >= TARGETS.fps &&
      panFps >= TARGETS.fps &&
      heapLiveMB <= TARGETS.heapMB &&
      feedToDomSummary.p99 <= TARGETS.feedToDomP99Ms,
  };
  await cleanup();
  printReport(report);
}

runBench(main);
