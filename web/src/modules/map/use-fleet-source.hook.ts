// Pushes the fleet into the map's GeoJSON sources: at most four times a second, and only when a frame
// changed something the map draws (position, status, role, name, parent). An SNR tick on 1,000 radios
// costs the map nothing; a status change costs one setData, coalesced with everything else in its 250 ms.
import { filterDevices, type DeviceFilter, type DeviceLive } from '@wsnoc/shared';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { useEffect } from 'react';
import { useFleetStore } from '@/modules/live/live.context';
import { DEVICES_SOURCE, LINKS_SOURCE } from './fleet-layers';
import { deviceLinks, devicePoints, fleetBounds } from './map-features';

const MIN_INTERVAL_MS = 250;

export function drawnFieldsChanged(before: DeviceLive | undefined, after: DeviceLive | undefined): boolean {
  if (!before || !after) {
    return before !== after;
  }
  return (
    before.status !== after.status ||
    before.lat !== after.lat ||
    before.lon !== after.lon ||
    before.role !== after.role ||
    before.name !== after.name ||
    before.parentId !== after.parentId
  );
}

export function useFleetSource(map: MaplibreMap | null, filters: DeviceFilter): void {
  const fleet = useFleetStore();
  useEffect(() => {
    if (!map) {
      return;
    }
    let drawnFrom: ReadonlyMap<string, DeviceLive> | null = null;
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastPush = 0;
    let fitted = false;

    const push = (): void => {
      timer = null;
      const state = fleet.getState();
      const previous = drawnFrom;
      const relevant =
        previous === null ||
        previous.size !== state.devices.size ||
        [...pending].some((id) => drawnFieldsChanged(previous.get(id), state.devices.get(id)));
      pending.clear();
      if (!relevant) {
        return;
      }
      lastPush = performance.now();
      drawnFrom = state.devices;
      const shown = filterDevices(fleet.getList(), filters);
      const points = devicePoints(shown);
      void map.getSource<GeoJSONSource>(DEVICES_SOURCE)?.setData(points);
      void map.getSource<GeoJSONSource>(LINKS_SOURCE)?.setData(deviceLinks(shown, state.devices));
      // A hook for journeys and the bench: how many radios the map holds right now.
      map.getContainer().dataset.drawn = String(points.features.length);
      const bounds = fitted ? null : fleetBounds(shown);
      if (bounds) {
        fitted = true;
        map.fitBounds(
          [
            [bounds.west, bounds.south],
            [bounds.east, bounds.north],
          ],
          { padding: 40, maxZoom: 10, duration: 0 },
        );
      }
    };

    push();
    const unsubscribe = fleet.subscribe(() => {
      fleet.getState().changedIds.forEach((id) => pending.add(id));
      if (pending.size === 0 && drawnFrom === fleet.getState().devices) {
        return;
      }
      timer ??= setTimeout(push, Math.max(0, lastPush + MIN_INTERVAL_MS - performance.now()));
    });
    return () => {
      unsubscribe();
      if (timer !== null) {
        clearTimeout(timer);
      }
    };
  }, [map, fleet, filters]);
}
