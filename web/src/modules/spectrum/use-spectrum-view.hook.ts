// The page's view lives in the URL: reading parses the search params (once per URL change, so the parsed
// objects are stable memo keys), changing rewrites them. Filters replace the history entry, so typing does
// not flood Back; opening a station's panel pushes one, so Back closes it again.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { parseSpectrumView, serializeSpectrumView, type SpectrumView } from './spectrum-view-state';

export type SpectrumViewUpdate = (
  change: (view: SpectrumView) => SpectrumView,
  options?: { push?: boolean },
) => void;

export function useSpectrumView(): [SpectrumView, SpectrumViewUpdate] {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseSpectrumView(params), [params]);
  const update = useCallback<SpectrumViewUpdate>(
    (change, options) => {
      setParams(
        (previous) =>
          serializeSpectrumView(change(parseSpectrumView(previous)), new URLSearchParams(previous)),
        { replace: !options?.push },
      );
    },
    [setParams],
  );
  return [view, update];
}
