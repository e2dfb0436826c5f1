// The overview's figures, computed from the live fleet in single passes: counts by status, the worst
// links, and the base stations with the most CPEs down. Plain functions so they are tested without React.
import { DEVICE_STATUSES, type DeviceLive, type DeviceStatus } from '@wsnoc/shared';

export type StatusCounts = Record<DeviceStatus, number> & { total: number };

export function countByStatus(devices: readonly DeviceLive[]): StatusCounts {
  const counts = Object.fromEntries(DEVICE_STATUSES.map((status) => [status, 0])) as Record<
    DeviceStatus,
    number
  >;
  for (const device of devices) {
    counts[device.status] += 1;
  }
  return { ...counts, total: devices.length };
}

/** Keeps the `limit` smallest items by `key` without sorting the whole fleet (limit is small). */
function smallest<T>(items: Iterable<T>, limit: number, key: (item: T) => number): T[] {
  const kept: { item: T; key: number }[] = [];
  for (const item of items) {
    const value = key(item);
    if (kept.length === limit && value >= (kept[kept.length - 1]?.key ?? Infinity)) {
      continue;
    }
    let at = kept.length;
    while (at > 0 && (kept[at - 1]?.key ?? -Infinity) > value) {
      at -= 1;
    }
    kept.splice(at, 0, { item, key: value });
    if (kept.length > limit) {
      kept.pop();
    }
  }
  return kept.map((entry) => entry.item);
}

/**
 * CPE links with the lowest SNR. A base station's SNR is a mean over its clients, so it is not a link;
 * radios that report no SNR (unreachable) are counted as down elsewhere, not as weak links.
 */
export function worstLinks(devices: readonly DeviceLive[], limit = 8): DeviceLive[] {
  const links = devices.filter((device) => device.role === 'cpe' && device.snrDb !== null);
  return smallest(links, limit, (device) => device.snrDb ?? Infinity);
}

export interface StationDown {
  stationId: string;
  station: DeviceLive | null;
  down: number;
  total: number;
}

/** Base stations ranked by CPEs unreachable behind them; only stations with at least one down. */
export function stationsWithMostDown(devices: readonly DeviceLive[], limit = 8): StationDown[] {
  const byStation = new Map<string, StationDown>();
  const stations = new Map<string, DeviceLive>();
  for (const device of devices) {
    if (device.role === 'base-station') {
      stations.set(device.id, device);
    }
    if (device.role !== 'cpe' || device.parentId === null) {
      continue;
    }
    const entry = byStation.get(device.parentId) ?? {
      stationId: device.parentId,
      station: null,
      down: 0,
      total: 0,
    };
    entry.total += 1;
    if (device.status === 'unreachable') {
      entry.down += 1;
    }
    byStation.set(device.parentId, entry);
  }
  const ranked = [...byStation.values()].filter((entry) => entry.down > 0);
  ranked.forEach((entry) => {
    entry.station = stations.get(entry.stationId) ?? null;
  });
  return smallest(ranked, limit, (entry) => -entry.down * 1e6 + entry.total);
}
