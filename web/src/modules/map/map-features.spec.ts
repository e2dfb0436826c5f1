import { describe, expect, it } from 'vitest';
import { device } from '@/test/fleet-fixtures';
import { boxFromCorners, deviceLinks, devicePoints, devicesInBox, fleetBounds } from './map-features';

const bs = device({ id: 'bs', role: 'base-station', lat: 57.4, lon: -6.2 });
const cpe = device({ id: 'c1', parentId: 'bs', lat: 57.5, lon: -6.0, status: 'degraded' });
const lost = device({ id: 'c2', parentId: 'bs', lat: null, lon: null });
const far = device({ id: 'c3', lat: 58.5, lon: -3.0 });
const fleet = [bs, cpe, lost, far];

describe('map features', () => {
  it('draws located radios with id, role and status', () => {
    const points = devicePoints(fleet);
    expect(points.features.map((f) => f.properties.id)).toEqual(['bs', 'c1', 'c3']);
    expect(points.features[1]?.geometry.coordinates).toEqual([-6.0, 57.5]);
    expect(points.features[1]?.properties).toEqual({ id: 'c1', name: 'c1', role: 'cpe', status: 'degraded' });
  });

  it('draws a line from each base station to its located CPEs, even when the station is filtered out', () => {
    const links = deviceLinks([cpe, lost], new Map(fleet.map((d) => [d.id, d])));
    expect(links.features).toHaveLength(1);
    expect(links.features[0]?.geometry.coordinates).toEqual([
      [-6.2, 57.4],
      [-6.0, 57.5],
    ]);
  });

  it('selects the radios inside a box dragged in any direction', () => {
    const box = boxFromCorners([-5.9, 57.6], [-6.3, 57.3]);
    expect(devicesInBox(fleet, box)).toEqual(['bs', 'c1']);
  });

  it('bounds the located fleet', () => {
    expect(fleetBounds(fleet)).toEqual({ west: -6.2, east: -3.0, south: 57.4, north: 58.5 });
    expect(fleetBounds([lost])).toBeNull();
  });
});
