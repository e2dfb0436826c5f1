// The table view lives in the URL: reading it parses the search params, changing it rewrites them (replace,
// so typing in the search box does not flood the history). Parsed once per URL change, so the filters
// object is a stable memo key for the in-memory query.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { parseDeviceView, serializeDeviceView, type DeviceViewState } from './device-view-state';

export type DeviceViewUpdate = (change: (view: DeviceViewState) => DeviceViewState) => void;

export function useDeviceView(): [DeviceViewState, DeviceViewUpdate] {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseDeviceView(params), [params]);
  const update = useCallback<DeviceViewUpdate>(
    (change) => {
      setParams(
        (previous) => serializeDeviceView(change(parseDeviceView(previous)), new URLSearchParams(previous)),
        {
          replace: true,
        },
      );
    },
    [setParams],
  );
  return [view, update];
}
