// Which panel a display shows now: the next one every rotateSeconds, round and round. One panel does not
// rotate. A new panel list starts again from the first.
import { useEffect, useState } from 'react';

export function useRotation(count: number, rotateSeconds: number, key: string): number {
  const [state, setState] = useState({ key, index: 0 });
  const index = state.key === key ? state.index : 0;
  useEffect(() => {
    if (count < 2) {
      return;
    }
    const timer = setInterval(
      () => setState((s) => ({ key, index: ((s.key === key ? s.index : 0) + 1) % count })),
      rotateSeconds * 1000,
    );
    return () => clearInterval(timer);
  }, [count, rotateSeconds, key]);
  return count ? index % count : 0;
}
