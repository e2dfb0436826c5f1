// The table's rows between feed frames. Which rows match and in what order is shared/'s rule
// (device-query.ts, the same as GET /api/devices); this only avoids recomputing it: the fleet is already
// in the browser (the live store), and most frames change nothing that filters or orders it.
import {
  DEVICE_SORT_KEYS,
  deviceMatcher,
  filterDevices,
  sortDevices,
  type DeviceFilter,
  type DeviceLive,
  type DeviceSort,
} from '@wsnoc/shared';

export interface DeviceView {
  source: readonly DeviceLive[];
  filters: DeviceFilter;
  sort: DeviceSort;
  rows: DeviceLive[];
}

/**
 * The table's rows after a feed frame, reusing the previous order when no changed row moved in or out of
 * the filter or changed its sort key. A frame changes about 250 of 10,000 rows and usually nothing that
 * orders them, so the common frame costs one identity pass instead of a filter and a sort.
 */
export function updateDeviceView(
  previous: DeviceView | null,
  devices: readonly DeviceLive[],
  filters: DeviceFilter,
  sort: DeviceSort,
): DeviceView {
  if (previous && previous.source === devices && previous.filters === filters && previous.sort === sort) {
    return previous;
  }
  if (
    previous &&
    previous.filters === filters &&
    previous.sort === sort &&
    previous.source.length === devices.length
  ) {
    const rows = reorderIfStable(previous, devices, filters, sort);
    if (rows) {
      return { source: devices, filters, sort, rows };
    }
  }
  return { source: devices, filters, sort, rows: sortDevices(filterDevices(devices, filters), sort) };
}

/** Holds the last view for updateDeviceView; one per mounted table. */
export class ViewCache {
  private last: DeviceView | null = null;

  update(devices: readonly DeviceLive[], filters: DeviceFilter, sort: DeviceSort): DeviceLive[] {
    this.last = updateDeviceView(this.last, devices, filters, sort);
    return this.last.rows;
  }
}

function reorderIfStable(
  previous: DeviceView,
  devices: readonly DeviceLive[],
  filters: DeviceFilter,
  sort: DeviceSort,
): DeviceLive[] | null {
  const before = new Map(previous.source.map((device) => [device.id, device]));
  const current = new Map<string, DeviceLive>();
  const keyOf = DEVICE_SORT_KEYS[sort.sort];
  const matches = deviceMatcher(filters);
  for (const device of devices) {
    const old = before.get(device.id);
    if (!old) {
      return null; // A device came or went: recompute.
    }
    if (
      old !== device &&
      (keyOf(old) !== keyOf(device) || old.name !== device.name || matches(old) !== matches(device))
    ) {
      return null;
    }
    current.set(device.id, device);
  }
  return previous.rows.map((row) => current.get(row.id)!);
}
