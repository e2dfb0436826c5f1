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

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true });
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
      return y.key === null || y.key === '' ? x.device.name.localeCompare(y.device.name) : 1;
    }
    if (y.key === null || y.key === '') {
      return -1;
    }
    const byKey = compareValues(x.key, y.key) * direction;
    return byKey !== 0 ? byKey : x.device.name.localeCompare(y.device.name, undefined, { numeric: true });
  });
  return decorated.map((entry) => entry.device);
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
