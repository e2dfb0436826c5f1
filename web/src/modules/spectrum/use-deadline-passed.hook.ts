// True once an epoch-ms moment has passed, turning over at that moment by one timer rather than a ticking
// clock: a preview's expiry disables its apply without re-rendering the whole panel each second.
import { useCallback, useSyncExternalStore } from 'react';

export function useDeadlinePassed(at: number | null): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const left = at === null ? 0 : at - Date.now();
      if (at === null || left <= 0) {
        return () => undefined;
      }
      // A few ms late rather than early: the snapshot must read as passed when the timer fires.
      const timer = setTimeout(onChange, left + 5);
      return () => clearTimeout(timer);
    },
    [at],
  );
  return useSyncExternalStore(subscribe, () => at !== null && Date.now() >= at);
}
