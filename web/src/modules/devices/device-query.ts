// In-memory filtering and sorting of the live fleet for the table and the map. The fleet is already in the
// browser (the live store), so a view change costs one pass over 10,000 rows, not a round trip.
import type { DeviceLive } from '@wsnoc/shared';
import { COLUMN_SPECS, type SortValue } from './device-columns';
import type { DeviceFilters, DeviceSort } from './device-view-state';

export function matchesFilters(device: DeviceLive, filters: DeviceFilters, needle: string): boolean {
  if (filters.status.length > 0 && !filters.status.includes(device.status)) {
    return false;
  }
  if (filters.role !== null && device.role !== filters.role) {
    return false;
  }
  if (filters.site !== null && device.site !== filters.site) {
    return false;
  }
  if (filters.tag !== null && !device.tags.includes(filters.tag)) {
    return false;
  }
  if (filters.channel !== null && device.channel !== filters.channel) {
    return false;
  }
  if (filters.parent !== null && device.parentId !== filters.parent && device.id !== filters.parent) {
    return false;
  }
  if (needle !== '') {
    const haystack = `${device.name}\n${device.site ?? ''}\n${device.tags.join('\n')}\n${device.lastError ?? ''}`;
    return haystack.toLowerCase().includes(needle);
  }
  return true;
}

export function filterDevices(devices: readonly DeviceLive[], filters: DeviceFilters): DeviceLive[] {
  const needle = filters.q.trim().toLowerCase();
  return devices.filter((device) => matchesFilters(device, filters, needle));
}

// One collator for every comparison: localeCompare with options builds one per call, which made sorting
// 10,000 names take seconds instead of milliseconds.
const COLLATOR = new Intl.Collator(undefined, { numeric: true });

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  return COLLATOR.compare(String(a), String(b));
}

/**
 * Stable sort by one column; rows without a value always go last, whatever the order, so "worst SNR first"
 * does not start with radios that report nothing. Ties break on name so rows do not jump between frames.
 */
export function sortDevices(devices: readonly DeviceLive[], sort: DeviceSort): DeviceLive[] {
  const spec = COLUMN_SPECS[sort.column];
  const direction = sort.order === 'asc' ? 1 : -1;
  // Decorate once: sortValue is called n times, not n log n.
  const decorated = devices.map((device) => ({ device, key: spec.sortValue(device) }));
  decorated.sort((x, y) => {
    if (x.key === null || x.key === '') {
      return y.key === null || y.key === '' ? COLLATOR.compare(x.device.name, y.device.name) : 1;
    }
    if (y.key === null || y.key === '') {
      return -1;
    }
    const byKey = compareValues(x.key, y.key) * direction;
    return byKey !== 0 ? byKey : COLLATOR.compare(x.device.name, y.device.name);
  });
  return decorated.map((entry) => entry.device);
}

export interface DeviceView {
  source: readonly DeviceLive[];
  filters: DeviceFilters;
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
  filters: DeviceFilters,
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

  update(devices: readonly DeviceLive[], filters: DeviceFilters, sort: DeviceSort): DeviceLive[] {
    this.last = updateDeviceView(this.last, devices, filters, sort);
    return this.last.rows;
  }
}

function reorderIfStable(
  previous: DeviceView,
  devices: readonly DeviceLive[],
  filters: DeviceFilters,
  sort: DeviceSort,
): DeviceLive[] | null {
  const before = new Map(previous.source.map((device) => [device.id, device]));
  const current = new Map<string, DeviceLive>();
  const spec = COLUMN_SPECS[sort.column];
  const needle = filters.q.trim().toLowerCase();
  for (const device of devices) {
    const old = before.get(device.id);
    if (!old) {
      return null; // A device came or went: recompute.
    }
    if (
      old !== device &&
      (spec.sortValue(old) !== spec.sortValue(device) ||
        old.name !== device.name ||
        matchesFilters(old, filters, needle) !== matchesFilters(device, filters, needle))
    ) {
      return null;
    }
    current.set(device.id, device);
  }
  return previous.rows.map((row) => current.get(row.id)!);
}

/** Distinct sites, tags and channels present in the fleet, for the filter pickers. */
export function filterOptions(devices: readonly DeviceLive[]): {
  sites: string[];
  tags: string[];
  channels: number[];
} {
  const sites = new Set<string>();
  const tags = new Set<string>();
  const channels = new Set<number>();
  for (const device of devices) {
    if (device.site !== null) {
      sites.add(device.site);
    }
    device.tags.forEach((tag) => tags.add(tag));
    if (device.channel !== null) {
      channels.add(device.channel);
    }
  }
  return {
    sites: [...sites].sort(),
    tags: [...tags].sort(),
    channels: [...channels].sort((a, b) => a - b),
  };
}
