// The kiosk's last line of defence: a display runs for weeks with nobody to press F5. If the page stops
// drawing (no animation frame for renderStallMs while it is visible) or the feed stalls while connected
// (no snapshot, update or heartbeat for feedStallMs), it reloads itself. A link that is down is not a
// stall: the page reconnects on its own and says how old its data is.
export interface WatchdogClock {
  now: () => number;
  requestFrame: (callback: () => void) => number;
  cancelFrame: (id: number) => void;
  setInterval: (callback: () => void, ms: number) => ReturnType<typeof setInterval>;
  clearInterval: (id: ReturnType<typeof setInterval>) => void;
  visible: () => boolean;
}

export interface WatchdogOptions {
  /** When the feed last delivered data, and since when the current connection is live (null if not). */
  feed: () => { lastDataAt: number | null; liveSince: number | null };
  reload: (why: 'render' | 'feed') => void;
  renderStallMs?: number;
  feedStallMs?: number;
  checkEveryMs?: number;
  clock?: WatchdogClock;
}

export const RENDER_STALL_MS = 2 * 60_000;
export const FEED_STALL_MS = 3 * 60_000;

const BROWSER_CLOCK: WatchdogClock = {
  now: () => Date.now(),
  requestFrame: (callback) => requestAnimationFrame(callback),
  cancelFrame: (id) => cancelAnimationFrame(id),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (id) => clearInterval(id),
  visible: () => document.visibilityState === 'visible',
};

/** Starts watching; the returned function stops. */
export function startWatchdog(options: WatchdogOptions): () => void {
  const clock = options.clock ?? BROWSER_CLOCK;
  const renderStallMs = options.renderStallMs ?? RENDER_STALL_MS;
  const feedStallMs = options.feedStallMs ?? FEED_STALL_MS;
  let lastFrameAt = clock.now();
  let wasVisible = clock.visible();
  let frame = 0;
  let fired = false;
  const onFrame = (): void => {
    lastFrameAt = clock.now();
    frame = clock.requestFrame(onFrame);
  };
  frame = clock.requestFrame(onFrame);
  const check = (): void => {
    if (fired) {
      return;
    }
    const at = clock.now();
    const visible = clock.visible();
    if (visible && !wasVisible) {
      lastFrameAt = at; // hidden tabs get no frames: the clock starts again when it shows
    }
    wasVisible = visible;
    const fire = (why: 'render' | 'feed') => {
      fired = true;
      options.reload(why);
    };
    if (visible && at - lastFrameAt > renderStallMs) {
      fire('render');
      return;
    }
    const { lastDataAt, liveSince } = options.feed();
    if (liveSince !== null && at - Math.max(lastDataAt ?? 0, liveSince) > feedStallMs) {
      fire('feed');
    }
  };
  const timer = clock.setInterval(check, options.checkEveryMs ?? 10_000);
  return () => {
    clock.cancelFrame(frame);
    clock.clearInterval(timer);
  };
}
