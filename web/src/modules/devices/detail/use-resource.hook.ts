// One REST resource for a screen: loads when its key changes (aborting the previous request), exposes
// loading/error/data, and can reload. The effect lives here so detail components stay declarative.
import { useCallback, useEffect, useState } from 'react';
import { ApiRequestError } from '@/infra/http.client';

export type Resource<T> =
  | { status: 'idle' }
  | { status: 'loading'; data: T | null }
  | { status: 'ready'; data: T }
  | { status: 'error'; message: string; notFound: boolean };

export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  refreshMs: number | null = null,
): [Resource<T>, () => void] {
  const [state, setState] = useState<Resource<T>>({ status: 'idle' });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (key === null) {
      return;
    }
    const controller = new AbortController();
    const run = (): void => {
      // A reload keeps what is on screen, even when the previous load had not finished yet.
      setState((previous) => ({
        status: 'loading',
        data: previous.status === 'ready' || previous.status === 'loading' ? previous.data : null,
      }));
      load(controller.signal).then(
        (data) => setState({ status: 'ready', data }),
        (error: unknown) => {
          if (controller.signal.aborted) {
            return;
          }
          setState({
            status: 'error',
            message: error instanceof Error ? error.message : String(error),
            notFound: error instanceof ApiRequestError && error.kind === 'not-found',
          });
        },
      );
    };
    run();
    const timer = refreshMs === null ? null : setInterval(run, refreshMs);
    return () => {
      controller.abort();
      if (timer !== null) {
        clearInterval(timer);
      }
    };
    // `load` is keyed by `key`: callers build it inline, and the key says when it means something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, nonce, refreshMs]);
  const reload = useCallback(() => setNonce((value) => value + 1), []);
  return [state, reload];
}
