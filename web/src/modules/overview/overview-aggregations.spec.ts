import { describe, expect, it } from 'vitest';
import { device } from '@/test/fleet-fixtures';
import { countByStatus, stationsWithMostDown, worstLinks } from './overview-aggregations';

const fleet = [
  device({ id: 'bs1', name: 'bs-1', role: 'base-station', snrDb: 1 }),
  device({ id: 'bs2', name: 'bs-2', role: 'base-station', status: 'degraded' }),
  device({ id: 'c1', parentId: 'bs1', status: 'unreachable', snrDb: null }),
  device({ id: 'c2', parentId: 'bs1', status: 'unreachable', snrDb: null }),
  device({ id: 'c3', parentId: 'bs1', snrDb: 9 }),
  device({ id: 'c4', parentId: 'bs2', status: 'unreachable', snrDb: null }),
  device({ id: 'c5', parentId: 'bs2', status: 'muted', snrDb: 4 }),
  device({ id: 'c6', parentId: 'bs2', status: 'degraded', snrDb: 6 }),
  device({ id: 'c7', parentId: 'bs2', status: 'unknown', snrDb: 30 }),
];

describe('overview aggregations', () => {
  it('counts every status, including zero', () => {
    expect(countByStatus(fleet)).toEqual({
      up: 2,
      degraded: 2,
      unreachable: 3,
      muted: 1,
      unknown: 1,
      total: 9,
    });
    expect(countByStatus([])).toEqual({ up: 0, degraded: 0, unreachable: 0, muted: 0, unknown: 0, total: 0 });
  });

  it('ranks CPE links by lowest SNR, skipping base stations and radios without SNR', () => {
    expect(worstLinks(fleet, 3).map((d) => d.id)).toEqual(['c5', 'c6', 'c3']);
  });

  it('ranks base stations by CPEs down', () => {
    const ranked = stationsWithMostDown(fleet);
    expect(ranked.map((r) => [r.station?.name, r.down, r.total])).toEqual([
      ['bs-1', 2, 3],
      ['bs-2', 1, 4],
    ]);
  });

  it('stays a single pass over 10,000 radios', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      device({
        id: `c${i}`,
        parentId: `bs${i % 100}`,
        snrDb: (i * 31) % 40,
        status: i % 7 === 0 ? 'unreachable' : 'up',
      }),
    );
    const started = performance.now();
    worstLinks(many);
    stationsWithMostDown(many);
    countByStatus(many);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
