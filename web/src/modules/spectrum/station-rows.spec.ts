import { describe, expect, it } from 'vitest';
import { device } from '@/test/fleet-fixtures';
import { spectrumStation } from '@/test/spectrum-fixtures';
import { joinLive, offGrant, overLimit, sortStations, stationView, type StationRow } from './station-rows';

const row = (
  overrides: Parameters<typeof spectrumStation>[0],
  live?: Parameters<typeof device>[0],
): StationRow => ({
  station: spectrumStation(overrides),
  live: live ? device({ role: 'base-station', ...live }) : undefined,
});

const names = (rows: readonly StationRow[]) => rows.map((r) => r.station.name);

describe('station rows', () => {
  const granted = row({ deviceId: 'a', name: 'bs-2', nextCheckAt: '2026-03-02T18:05:00.000Z' }, { id: 'a' });
  const muted = row({ deviceId: 'b', name: 'bs-10', phase: 'muted', nextCheckAt: null, site: 'Lairg' });
  const fatal = row({ deviceId: 'c', name: 'bs-1', phase: 'fatal', nextCheckAt: '2026-03-02T18:01:00.000Z' });

  it('sorts phases worst first, names in numeric order, and blanks last in either direction', () => {
    expect(names(sortStations([granted, muted, fatal], { sort: 'phase', order: 'asc' }))).toEqual([
      'bs-1',
      'bs-10',
      'bs-2',
    ]);
    expect(names(sortStations([granted, muted, fatal], { sort: 'name', order: 'asc' }))).toEqual([
      'bs-1',
      'bs-2',
      'bs-10',
    ]);
    for (const order of ['asc', 'desc'] as const) {
      expect(names(sortStations([muted, granted, fatal], { sort: 'nextCheck', order })).at(-1)).toBe('bs-10');
    }
  });

  it('filters by phase, site and alarm', () => {
    const alarmed = row({ deviceId: 'd', name: 'bs-3', alarm: 'mute failed (retrying): timeout' });
    const all = [granted, muted, fatal, alarmed];
    const sort = { sort: 'name', order: 'asc' } as const;
    expect(names(stationView(all, { phase: ['muted', 'fatal'] }, sort))).toEqual(['bs-1', 'bs-10']);
    expect(names(stationView(all, { site: 'Lairg' }, sort))).toEqual(['bs-10']);
    expect(names(stationView(all, { alarm: true }, sort))).toEqual(['bs-3']);
  });

  it('tells a radio off its grant or above its limit from what it reports', () => {
    expect(offGrant(row({ deviceId: 'a', name: 'x' }, { id: 'a', channel: 31 }))).toBe(true);
    expect(offGrant(row({ deviceId: 'a', name: 'x' }, { id: 'a', channel: 30 }))).toBe(false);
    expect(offGrant(row({ deviceId: 'a', name: 'x' }))).toBe(false);
    expect(overLimit(row({ deviceId: 'a', name: 'x' }, { id: 'a', txPowerDbm: 30.04 }))).toBe(false);
    expect(overLimit(row({ deviceId: 'a', name: 'x' }, { id: 'a', txPowerDbm: 31 }))).toBe(true);
  });

  it('keeps a joined row while neither its station nor its live row changed', () => {
    const stations = [granted.station, muted.station];
    const live = new Map([['a', granted.live!]]);
    const first = joinLive(stations, live);
    const second = joinLive(stations, new Map(live), first);
    expect(second[0]).toBe(first[0]);
    const third = joinLive(stations, new Map([['a', { ...granted.live!, channel: 40 }]]), second);
    expect(third[0]).not.toBe(second[0]);
    expect(third[1]).toBe(second[1]);
  });
});
