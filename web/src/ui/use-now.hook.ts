// A clock for labels that age ("12 s ago", countdowns). Only components that show an age subscribe,
// so a ticking second never re-renders a whole screen. The time is floored to the interval so that
// useSyncExternalStore sees a stable snapshot between ticks. Every subscriber of one interval shares one
// timer: a table of a thousand countdowns costs one setInterval, and they all turn over on the same tick.
import { useCallback, useSyncExternalStore } from 'react';

interface Ticker {
  timer: ReturnType<typeof setInterval>;
  listeners: Set<() => void>;
}

const TICKERS = new Map<number, Ticker>();

function subscribeTicker(intervalMs: number, onTick: () => void): () => void {
  let ticker = TICKERS.get(intervalMs);
  if (!ticker) {
    const listeners = new Set<() => void>();
    ticker = { listeners, timer: setInterval(() => listeners.forEach((listener) => listener()), intervalMs) };
    TICKERS.set(intervalMs, ticker);
  }
  const current = ticker;
  current.listeners.add(onTick);
  return () => {
    current.listeners.delete(onTick);
    if (current.listeners.size === 0) {
      clearInterval(current.timer);
      if (TICKERS.get(intervalMs) === current) {
        TICKERS.delete(intervalMs);
      }
    }
  };
}

export function useNow(intervalMs = 1000, enabled = true): number {
  const subscribe = useCallback(
    (onTick: () => void) => (enabled ? subscribeTicker(intervalMs, onTick) : () => undefined),
    [intervalMs, enabled],
  );
  const getSnapshot = useCallback(() => Math.floor(Date.now() / intervalMs) * intervalMs, [intervalMs]);
  return useSyncExternalStore(subscribe, getSnapshot);
}
