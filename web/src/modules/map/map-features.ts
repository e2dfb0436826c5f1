// The fleet as GeoJSON for the map: one point per located radio, one line per CPE to its base station,
// and the radios inside a lon/lat box for box selection. Plain functions, tested without WebGL.
import type { DeviceLive } from '@wsnoc/shared';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';

export interface DevicePointProps {
  id: string;
  name: string;
  role: DeviceLive['role'];
  status: DeviceLive['status'];
}

export interface LinkProps {
  id: string;
  status: DeviceLive['status'];
}

export interface LonLatBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

const located = (device: DeviceLive): device is DeviceLive & { lat: number; lon: number } =>
  device.lat !== null && device.lon !== null;

export function devicePoints(devices: readonly DeviceLive[]): FeatureCollection<Point, DevicePointProps> {
  const features: Feature<Point, DevicePointProps>[] = [];
  for (const device of devices) {
    if (!located(device)) {
      continue;
    }
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [device.lon, device.lat] },
      properties: { id: device.id, name: device.name, role: device.role, status: device.status },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Base station → CPE lines. `all` resolves parents that the current filter hides from the points. */
export function deviceLinks(
  shown: readonly DeviceLive[],
  all: ReadonlyMap<string, DeviceLive>,
): FeatureCollection<LineString, LinkProps> {
  const features: Feature<LineString, LinkProps>[] = [];
  for (const device of shown) {
    if (device.role !== 'cpe' || device.parentId === null || !located(device)) {
      continue;
    }
    const parent = all.get(device.parentId);
    if (!parent || !located(parent)) {
      continue;
    }
    features.push({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [parent.lon, parent.lat],
          [device.lon, device.lat],
        ],
      },
      properties: { id: device.id, status: device.status },
    });
  }
  return { type: 'FeatureCollection', features };
}

export function boxFromCorners(a: [number, number], b: [number, number]): LonLatBox {
  return {
    west: Math.min(a[0], b[0]),
    east: Math.max(a[0], b[0]),
    south: Math.min(a[1], b[1]),
    north: Math.max(a[1], b[1]),
  };
}

/** Ids of the radios inside the box, clustered or not (the map's rendered features would miss clusters). */
export function devicesInBox(devices: readonly DeviceLive[], box: LonLatBox): string[] {
  const ids: string[] = [];
  for (const device of devices) {
    if (
      located(device) &&
      device.lon >= box.west &&
      device.lon <= box.east &&
      device.lat >= box.south &&
      device.lat <= box.north
    ) {
      ids.push(device.id);
    }
  }
  return ids;
}

/** The box around every located radio, or null when none has a position. */
export function fleetBounds(devices: readonly DeviceLive[]): LonLatBox | null {
  let box: LonLatBox | null = null;
  for (const device of devices) {
    if (!located(device)) {
      continue;
    }
    box = box
      ? {
          west: Math.min(box.west, device.lon),
          east: Math.max(box.east, device.lon),
          south: Math.min(box.south, device.lat),
          north: Math.max(box.north, device.lat),
        }
      : { west: device.lon, east: device.lon, south: device.lat, north: device.lat };
  }
  return box;
}
