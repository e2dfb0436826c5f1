// A clock for labels that age ("12 s ago", countdowns). Only components that show an age subscribe,
// so a ticking second never re-renders a whole screen. The time is floored to the interval so that
// useSyncExternalStore sees a stable snapshot between ticks.
import { useCallback, useSyncExternalStore } from 'react';

export function useNow(intervalMs = 1000, enabled = true): number {
  const subscribe = useCallback(
    (onTick: () => void) => {
      if (!enabled) {
        return () => undefined;
      }
      const timer = setInterval(onTick, intervalMs);
      return () => clearInterval(timer);
    },
    [intervalMs, enabled],
  );
  const getSnapshot = useCallback(() => Math.floor(Date.now() / intervalMs) * intervalMs, [intervalMs]);
  return useSyncExternalStore(subscribe, getSnapshot);
}
