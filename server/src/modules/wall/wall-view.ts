// What a wall display may see of the live state, in one place: which devices are in its scope, and the
// aggregated, read-only shapes it gets (a map point per radio, status counts, the worst links, a base
// station's grant). Nothing here reads a device's address, credentials or metrics beyond status and the
// SNR of the worst links.
import {
  DEVICE_STATUSES,
  type DeviceLive,
  type SpectrumStation,
  type WallCounts,
  type WallLink,
  type WallPoint,
  type WallStation,
  WALL_WORST_LINKS,
} from '@wsnoc/shared';

/** A display with no sites sees everything; otherwise only what belongs to a site it names. */
export function siteInScope(site: string | null | undefined, sites: readonly string[]): boolean {
  return sites.length === 0 || (site !== null && site !== undefined && sites.includes(site));
}

/** Two scopes name the same sites (in any order). */
export function sameSites(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((site) => b.includes(site));
}

/** A display with no sites sees every device; otherwise only devices whose site it names. */
export function inScope(device: DeviceLive, sites: readonly string[]): boolean {
  return siteInScope(device.site, sites);
}

/** A base station of the spectrum plan as a wall shows it: no position, schedule or database address. */
export function toWallStation(station: SpectrumStation): WallStation {
  return {
    id: station.deviceId,
    name: station.name,
    site: station.site,
    phase: station.phase,
    channel: station.grant?.channel ?? null,
    eirpDbm: station.grant?.eirpDbm ?? null,
    grantUntil: station.grant?.validUntil ?? null,
    muteAt: station.muteAt,
    alarm: station.alarm,
  };
}

export function toPoint(device: DeviceLive): WallPoint {
  return {
    id: device.id,
    name: device.name,
    role: device.role,
    status: device.status,
    lat: device.lat,
    lon: device.lon,
  };
}

export function samePoint(a: WallPoint, b: WallPoint): boolean {
  return (
    a.name === b.name && a.role === b.role && a.status === b.status && a.lat === b.lat && a.lon === b.lon
  );
}

export function emptyCounts(): WallCounts {
  return { total: 0, up: 0, degraded: 0, muted: 0, unreachable: 0, unknown: 0 };
}

export interface WallAggregate {
  counts: WallCounts;
  worst: WallLink[];
}

/**
 * Counts and worst links of the devices in scope, in one pass over the fleet. The worst links are CPE
 * links (a CPE's SNR is its one link's), lowest SNR first; a base station's SNR is a mean over its
 * sector, not a link. A parent outside the scope is not named, so no other site's name leaks.
 */
export function aggregate(
  devices: Iterable<DeviceLive>,
  sites: readonly string[],
  byId: (id: string) => DeviceLive | undefined,
): WallAggregate {
  const counts = emptyCounts();
  const candidates: DeviceLive[] = [];
  for (const device of devices) {
    if (!inScope(device, sites)) {
      continue;
    }
    counts.total++;
    counts[device.status]++;
    if (device.role === 'cpe' && device.snrDb !== null) {
      insertWorst(candidates, device);
    }
  }
  const worst = candidates.map((device): WallLink => {
    const parent = device.parentId ? byId(device.parentId) : undefined;
    return {
      id: device.id,
      name: device.name,
      site: device.site,
      parentName: parent && inScope(parent, sites) ? parent.name : null,
      snrDb: device.snrDb!,
      status: device.status,
    };
  });
  return { counts, worst };
}

/** Keeps the WALL_WORST_LINKS lowest SNR in order, without sorting the whole fleet. */
function insertWorst(worst: DeviceLive[], device: DeviceLive): void {
  const snr = device.snrDb!;
  if (worst.length === WALL_WORST_LINKS && snr >= worst[worst.length - 1]!.snrDb!) {
    return;
  }
  let i = worst.length;
  while (i > 0 && worst[i - 1]!.snrDb! > snr) {
    i--;
  }
  worst.splice(i, 0, device);
  if (worst.length > WALL_WORST_LINKS) {
    worst.pop();
  }
}

export function sameWorst(a: readonly WallLink[], b: readonly WallLink[]): boolean {
  return (
    a.length === b.length &&
    a.every((link, i) => {
      const other = b[i]!;
      return (
        link.id === other.id &&
        link.snrDb === other.snrDb &&
        link.status === other.status &&
        link.name === other.name &&
        link.parentName === other.parentName &&
        link.site === other.site
      );
    })
  );
}

export function sameCounts(a: WallCounts, b: WallCounts): boolean {
  return a.total === b.total && DEVICE_STATUSES.every((status) => a[status] === b[status]);
}
