import { describe, expect, it, vi } from 'vitest';
import { startWatchdog, type WatchdogClock } from './wall-watchdog';

function fakeClock() {
  let now = 0;
  let frame: (() => void) | null = null;
  let tick: (() => void) | null = null;
  const clock: WatchdogClock = {
    now: () => now,
    requestFrame: (callback) => {
      frame = callback;
      return 1;
    },
    cancelFrame: () => (frame = null),
    setInterval: (callback) => {
      tick = callback;
      return 0 as unknown as ReturnType<typeof setInterval>;
    },
    clearInterval: () => (tick = null),
    visible: () => true,
  };
  return {
    clock,
    /** Time passes; frames are drawn every second unless the page is stuck. */
    pass(ms: number, drawing = true) {
      for (let t = 0; t < ms; t += 1_000) {
        now += 1_000;
        if (drawing) {
          frame?.();
        }
        tick?.();
      }
    },
  };
}

describe('startWatchdog', () => {
  it('reloads when no frame is drawn for the render stall period', () => {
    const { clock, pass } = fakeClock();
    const reload = vi.fn();
    startWatchdog({
      clock,
      reload,
      feed: () => ({ lastDataAt: null, liveSince: null }),
      renderStallMs: 60_000,
    });
    pass(120_000);
    expect(reload).not.toHaveBeenCalled();
    pass(61_000, false);
    expect(reload).toHaveBeenCalledWith('render');
  });

  it('reloads when connected but the feed is silent for the feed stall period, never while disconnected', () => {
    const { clock, pass } = fakeClock();
    const reload = vi.fn();
    const feed = { lastDataAt: 0 as number | null, liveSince: null as number | null };
    startWatchdog({ clock, reload, feed: () => feed, feedStallMs: 60_000 });
    pass(600_000); // down for ten minutes: the page reconnects on its own, no reload
    expect(reload).not.toHaveBeenCalled();
    feed.liveSince = 600_000;
    pass(30_000);
    expect(reload).not.toHaveBeenCalled();
    pass(31_000);
    expect(reload).toHaveBeenCalledWith('feed');
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
