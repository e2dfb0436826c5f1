/// <reference lib="dom" />
// Code that runs inside the page for bench/web.ts. Every export is serialised by Playwright
// (Function.prototype.toString) and run in the browser, so each one is self-contained: no imports, no
// module-level values, DOM types only. tsx's esbuild wraps named inner functions in `__name(...)`, which
// does not exist in the page; NAME_SHIM defines it before any of these runs.

export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';

export interface LongTask {
  start: number;
  duration: number;
}

export interface RowMutation {
  id: string;
  /** Epoch ms on the page's monotonic clock: performance.timeOrigin + performance.now(). */
  at: number;
  /** The seq of the last 'devices:delta' message the page had received when the DOM changed. */
  seq: number;
  /** Epoch ms of the next animation frame after the change: when the frame that paints it starts. */
  frameAt: number | null;
}

export interface DeltaMessage {
  seq: number;
  /** Epoch ms (timeOrigin + now) at which the page's WebSocket 'message' event ran. */
  at: number;
}

export interface BenchProbe {
  longTasks: LongTask[];
  /** performance.now() at which device-count first said N of N with a row rendered. */
  fullTableAt: number | null;
  /** performance.now() of the first animation frame after that: the table's first paint. */
  fullTablePaintAt: number | null;
  lastSeq: number;
  deltaMessages: DeltaMessage[];
  mutations: RowMutation[];
  watch: Set<string> | null;
  stopWatch: (() => void) | null;
  rafFrames: number[] | null;
}

declare global {
  interface Window {
    __bench: BenchProbe;
    __benchFrameStats: (times: number[], scrolledPx?: number) => FrameStats;
  }
}

/**
 * Init script for the console's pages (runs at document start): long tasks from the very first one, the
 * moment the full table is in the DOM, and the arrival time and seq of every delta message on the page's
 * own WebSocket (so a DOM change can be tied to the frame it shows without trusting clocks).
 */
export function installProbe(expectedRows: number): void {
  const probe: BenchProbe = {
    longTasks: [],
    fullTableAt: null,
    fullTablePaintAt: null,
    lastSeq: -1,
    deltaMessages: [],
    mutations: [],
    watch: null,
    stopWatch: null,
    rafFrames: null,
  };
  window.__bench = probe;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no longtask support: the figure is reported as missing, not as zero
    probe.longTasks = [{ start: -1, duration: -1 }];
  }

  const NativeSocket = window.WebSocket;
  const delta = /^42\/ops,\["devices:delta",\{"seq":(\d+)/;
  class ProbedSocket extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event: MessageEvent) => {
        if (typeof event.data !== 'string') {
          return;
        }
        const match = delta.exec(event.data.slice(0, 64));
        if (match) {
          probe.lastSeq = Number(match[1]);
          probe.deltaMessages.push({ seq: probe.lastSeq, at: performance.timeOrigin + performance.now() });
        }
      });
    }
  }
  window.WebSocket = ProbedSocket;

  const check = (): boolean => {
    const count = document.querySelector('[data-testid="device-count"]');
    if (
      !count ||
      count.getAttribute('data-total') !== String(expectedRows) ||
      count.getAttribute('data-shown') !== String(expectedRows) ||
      !document.querySelector('[data-testid^="device-row-"]')
    ) {
      return false;
    }
    probe.fullTableAt = performance.now();
    requestAnimationFrame(() => {
      probe.fullTablePaintAt = performance.now();
    });
    return true;
  };
  const observer = new MutationObserver(() => {
    if (probe.fullTableAt === null && check()) {
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

/** performance.now(), and the page's wall clock against its monotonic one (see the clock note in web.ts). */
export function pageClock(): { now: number; timeOrigin: number; dateSkewMs: number } {
  const now = performance.now();
  return { now, timeOrigin: performance.timeOrigin, dateSkewMs: Date.now() - (performance.timeOrigin + now) };
}

/**
 * Starts watching the table rows now inside the scroller's viewport. Every DOM change inside one of their
 * cells (text or nodes; not the row-level flash span, which also comes and goes on its own timer) is
 * recorded once per row per observer callback, with the time and the last delta seq received.
 */
export function watchVisibleRows(): string[] {
  const probe = window.__bench;
  const scroller = document.querySelector<HTMLElement>('[data-testid="device-table"]');
  if (!scroller) {
    throw new Error('no device-table');
  }
  const view = scroller.getBoundingClientRect();
  const header = scroller.querySelector<HTMLElement>('[role="row"]:not([id])');
  const top = view.top + (header?.offsetHeight ?? 0);
  const ids: string[] = [];
  for (const row of scroller.querySelectorAll<HTMLElement>('[role="row"][id^="device-row-"]')) {
    const rect = row.getBoundingClientRect();
    if (rect.top >= top && rect.bottom <= view.bottom) {
      ids.push(row.id.slice('device-row-'.length));
    }
  }
  const watch = new Set(ids);
  probe.watch = watch;
  probe.mutations = [];
  const observer = new MutationObserver((records) => {
    const at = performance.timeOrigin + performance.now();
    const seen = new Set<string>();
    for (const record of records) {
      const target = record.target instanceof Element ? record.target : record.target.parentElement;
      const cell = target?.closest('[role="gridcell"]');
      const row = cell?.closest('[role="row"]');
      if (!row?.id.startsWith('device-row-')) {
        continue;
      }
      const id = row.id.slice('device-row-'.length);
      if (watch.has(id)) {
        seen.add(id);
      }
    }
    if (seen.size === 0) {
      return;
    }
    const batch: RowMutation[] = [...seen].map((id) => ({ id, at, seq: probe.lastSeq, frameAt: null }));
    probe.mutations.push(...batch);
    requestAnimationFrame(() => {
      const frameAt = performance.timeOrigin + performance.now();
      batch.forEach((m) => (m.frameAt = frameAt));
    });
  });
  observer.observe(scroller, { subtree: true, childList: true, characterData: true });
  probe.stopWatch = () => observer.disconnect();
  return ids;
}

export function takeWatch(): { mutations: RowMutation[]; deltaMessages: DeltaMessage[] } {
  const probe = window.__bench;
  probe.stopWatch?.();
  return { mutations: probe.mutations, deltaMessages: probe.deltaMessages };
}

export function longTasksBetween(range: { from: number; to: number }): LongTask[] {
  return window.__bench.longTasks.filter((t) => t.start >= range.from && t.start < range.to);
}

export interface FrameStats {
  frames: number;
  seconds: number;
  fps: number;
  /** Frame intervals, ms. */
  p50FrameMs: number;
  p99FrameMs: number;
  maxFrameMs: number;
  /** Intervals longer than two 60 Hz frames. */
  over33ms: number;
  scrolledPx?: number;
}

export function frameStatsOf(times: number[], scrolledPx?: number): FrameStats {
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  const sorted = [...intervals].sort((a, b) => a - b);
  const pick = (p: number): number =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : Number.NaN;
  const seconds = times.length > 1 ? (times[times.length - 1]! - times[0]!) / 1000 : 0;
  return {
    frames: intervals.length,
    seconds: Math.round(seconds * 1000) / 1000,
    fps: seconds > 0 ? Math.round((intervals.length / seconds) * 10) / 10 : 0,
    p50FrameMs: Math.round(pick(0.5) * 10) / 10,
    p99FrameMs: Math.round(pick(0.99) * 10) / 10,
    maxFrameMs: Math.round((sorted[sorted.length - 1] ?? Number.NaN) * 10) / 10,
    over33ms: intervals.filter((i) => i > 33.4).length,
    ...(scrolledPx === undefined ? {} : { scrolledPx: Math.round(scrolledPx) }),
  };
}

/**
 * Scrolls `selector` (or the document) at a steady speed from inside requestAnimationFrame, wrapping at
 * the bottom, for `seconds`; counts animation frames. Each frame moves by elapsed time x speed, so a slow
 * frame scrolls further rather than slowing the scroll: what a user's flick would do.
 */
export function scrollFrames(args: {
  selector: string;
  seconds: number;
  pxPerSec: number;
}): Promise<FrameStats> {
  const el = document.querySelector<HTMLElement>(args.selector);
  if (!el) {
    return Promise.reject(new Error(`no ${args.selector}`));
  }
  const statsOf = window.__benchFrameStats;
  return new Promise((resolve) => {
    const times: number[] = [];
    let pos = el.scrollTop;
    let scrolled = 0;
    const step = (t: number): void => {
      const last = times[times.length - 1];
      times.push(t);
      if (last !== undefined) {
        const dy = ((t - last) / 1000) * args.pxPerSec;
        const range = Math.max(1, el.scrollHeight - el.clientHeight);
        pos = (pos + dy) % range;
        scrolled += dy;
        el.scrollTop = pos;
      }
      if (t - times[0]! < args.seconds * 1000) {
        requestAnimationFrame(step);
      } else {
        resolve(statsOf(times, scrolled));
      }
    };
    requestAnimationFrame(step);
  });
}

/** Starts counting animation frames in the background (for a pan driven from outside the page). */
export function startFrameCount(): void {
  const times: number[] = [];
  window.__bench.rafFrames = times;
  const step = (t: number): void => {
    if (window.__bench.rafFrames !== times) {
      return;
    }
    times.push(t);
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}

export function stopFrameCount(): FrameStats {
  const times = window.__bench.rafFrames ?? [];
  window.__bench.rafFrames = null;
  return window.__benchFrameStats(times);
}

/** For pages without the probe (the floors): a bare window.__bench so the frame counters work. */
export function installBareProbe(): void {
  window.__bench = {
    longTasks: [],
    fullTableAt: null,
    fullTablePaintAt: null,
    lastSeq: -1,
    deltaMessages: [],
    mutations: [],
    watch: null,
    stopWatch: null,
    rafFrames: null,
  };
}

/** The floor for the table: a plain, static, non-virtualised list of `rows` rows of `cells` cells. */
export function buildStaticList(args: { rows: number; cells: number }): void {
  document.body.style.margin = '0';
  const scroller = document.createElement('div');
  scroller.id = 'static-list';
  scroller.style.cssText = 'height: 100vh; overflow: auto; font: 14px sans-serif;';
  const parts: string[] = [];
  for (let r = 0; r < args.rows; r++) {
    let row = `<div style="display:flex;height:34px;align-items:center;border-bottom:1px solid #ddd">`;
    for (let c = 0; c < args.cells; c++) {
      row += `<div style="width:90px;padding:0 6px">r${r}c${c} ${(r * 31 + c * 7) % 1000}</div>`;
    }
    parts.push(row + '</div>');
  }
  scroller.innerHTML = parts.join('');
  document.body.appendChild(scroller);
}

/**
 * The floor for the map: a full-window WebGL2 canvas drawing `points` points, panned a little every
 * animation frame, for `seconds`. With --disable-gpu this is SwiftShader, as for maplibre.
 */
export function webglPointsFrames(args: { points: number; seconds: number }): Promise<FrameStats | string> {
  document.body.style.margin = '0';
  const canvas = document.createElement('canvas');
  canvas.width = window.innerWidth;
  canvas.height = window.innerHeight;
  canvas.style.cssText = 'display:block;width:100vw;height:100vh';
  document.body.appendChild(canvas);
  const gl = canvas.getContext('webgl2');
  if (!gl) {
    return Promise.resolve('no WebGL 2');
  }
  const compile = (type: number, source: string): WebGLShader => {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    return shader;
  };
  const program = gl.createProgram();
  gl.attachShader(
    program,
    compile(
      gl.VERTEX_SHADER,
      '#version 300 es\nin vec2 p; uniform vec2 o; void main(){ gl_Position = vec4(p + o, 0.0, 1.0); gl_PointSize = 6.0; }',
    ),
  );
  gl.attachShader(
    program,
    compile(
      gl.FRAGMENT_SHADER,
      '#version 300 es\nprecision mediump float; out vec4 c; void main(){ c = vec4(0.1, 0.7, 0.3, 1.0); }',
    ),
  );
  gl.linkProgram(program);
  gl.useProgram(program);
  const data = new Float32Array(args.points * 2);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.random() * 2 - 1;
  }
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
  const loc = gl.getAttribLocation(program, 'p');
  gl.enableVertexAttribArray(loc);
  gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
  const offset = gl.getUniformLocation(program, 'o');
  const statsOf = window.__benchFrameStats;
  return new Promise((resolve) => {
    const times: number[] = [];
    const step = (t: number): void => {
      times.push(t);
      gl.viewport(0, 0, canvas.width, canvas.height);
      gl.clearColor(0.95, 0.95, 0.92, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.uniform2f(offset, Math.sin(t / 500) * 0.2, Math.cos(t / 700) * 0.2);
      gl.drawArrays(gl.POINTS, 0, args.points);
      if (t - times[0]! < args.seconds * 1000) {
        requestAnimationFrame(step);
      } else {
        resolve(statsOf(times));
      }
    };
    requestAnimationFrame(step);
  });
}

/**
 * Defines the page's shared helpers (the __name shim and the frame statistics) as source text, since a
 * serialised function cannot reach module scope.
 */
export const PAGE_PRELUDE = `${NAME_SHIM}\nwindow.__benchFrameStats = ${frameStatsOf.toString()};`;
