import { describe, expect, it } from 'vitest';
import { device } from '@/test/fleet-fixtures';
import { filterDevices, filterOptions, sortDevices, updateDeviceView } from './device-query';
import { DEFAULT_SORT, type DeviceSort, EMPTY_FILTERS } from './device-view-state';

const fleet = [
  device({ id: '1', name: 'cpe-10', status: 'up', snrDb: 30, site: 'skye', tags: ['pilot'], channel: 30 }),
  device({ id: '2', name: 'cpe-2', status: 'unreachable', snrDb: null, site: 'mull', channel: 31 }),
  device({ id: '3', name: 'cpe-3', status: 'degraded', snrDb: 6, site: 'skye', parentId: 'bs', channel: 30 }),
  device({
    id: 'bs',
    name: 'bs-skye',
    role: 'base-station',
    status: 'up',
    snrDb: 22,
    site: 'skye',
    channel: 30,
  }),
];
const names = (rows: { name: string }[]) => rows.map((row) => row.name);

describe('filterDevices', () => {
  it('combines status, role, site, tag and channel filters', () => {
    expect(
      names(filterDevices(fleet, { ...EMPTY_FILTERS, status: ['up', 'degraded'], site: 'skye' })),
    ).toEqual(['cpe-10', 'cpe-3', 'bs-skye']);
    expect(names(filterDevices(fleet, { ...EMPTY_FILTERS, role: 'base-station' }))).toEqual(['bs-skye']);
    expect(names(filterDevices(fleet, { ...EMPTY_FILTERS, tag: 'pilot' }))).toEqual(['cpe-10']);
    expect(names(filterDevices(fleet, { ...EMPTY_FILTERS, channel: 31 }))).toEqual(['cpe-2']);
  });

  it('matches free text on name, site and tags, ignoring case', () => {
    expect(names(filterDevices(fleet, { ...EMPTY_FILTERS, q: ' MULL ' }))).toEqual(['cpe-2']);
    expect(names(filterDevices(fleet, { ...EMPTY_FILTERS, q: 'pilot' }))).toEqual(['cpe-10']);
  });

  it('shows a base station with its CPEs for a parent filter', () => {
    expect(names(filterDevices(fleet, { ...EMPTY_FILTERS, parent: 'bs' }))).toEqual(['cpe-3', 'bs-skye']);
  });
});

describe('sortDevices', () => {
  it('sorts names naturally and can reverse', () => {
    expect(names(sortDevices(fleet, { column: 'name', order: 'asc' }))).toEqual([
      'bs-skye',
      'cpe-2',
      'cpe-3',
      'cpe-10',
    ]);
    expect(names(sortDevices(fleet, { column: 'name', order: 'desc' }))).toEqual([
      'cpe-10',
      'cpe-3',
      'cpe-2',
      'bs-skye',
    ]);
  });

  it('puts rows without a value last in both orders', () => {
    expect(names(sortDevices(fleet, { column: 'snrDb', order: 'asc' }))).toEqual([
      'cpe-3',
      'bs-skye',
      'cpe-10',
      'cpe-2',
    ]);
    expect(names(sortDevices(fleet, { column: 'snrDb', order: 'desc' }))).toEqual([
      'cpe-10',
      'bs-skye',
      'cpe-3',
      'cpe-2',
    ]);
  });

  it('sorts status by severity, worst first', () => {
    expect(names(sortDevices(fleet, { column: 'status', order: 'asc' }))).toEqual([
      'cpe-2',
      'cpe-3',
      'bs-skye',
      'cpe-10',
    ]);
  });

  it('does not mutate its input', () => {
    const copy = [...fleet];
    sortDevices(fleet, { column: 'snrDb', order: 'asc' });
    expect(fleet).toEqual(copy);
  });

  it('sorts 10,000 rows quickly enough for a 250 ms frame', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => device({ id: String(i), snrDb: (i * 7919) % 40 }));
    const started = performance.now();
    sortDevices(filterDevices(many, { ...EMPTY_FILTERS, q: '1' }), { column: 'snrDb', order: 'asc' });
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('filterOptions', () => {
  it('lists distinct sites, tags and channels in order', () => {
    expect(filterOptions(fleet)).toEqual({ sites: ['mull', 'skye'], tags: ['pilot'], channels: [30, 31] });
  });
});

describe('updateDeviceView', () => {
  const bySnr: DeviceSort = { column: 'snrDb', order: 'asc' };

  it('keeps the order and serves the new row objects when a frame moves nothing', () => {
    const first = updateDeviceView(null, fleet, EMPTY_FILTERS, DEFAULT_SORT);
    const uptimeOnly = fleet.map((d) => (d.id === '1' ? { ...d, uptimeSec: 99 } : d));
    const next = updateDeviceView(first, uptimeOnly, EMPTY_FILTERS, DEFAULT_SORT);
    expect(names(next.rows)).toEqual(names(first.rows));
    expect(next.rows.find((d) => d.id === '1')!.uptimeSec).toBe(99);
  });

  it('re-sorts when a changed row changes its sort key', () => {
    const first = updateDeviceView(null, fleet, EMPTY_FILTERS, bySnr);
    expect(names(first.rows)).toEqual(['cpe-3', 'bs-skye', 'cpe-10', 'cpe-2']);
    const moved = fleet.map((d) => (d.id === '3' ? { ...d, snrDb: 40 } : d));
    expect(names(updateDeviceView(first, moved, EMPTY_FILTERS, bySnr).rows)).toEqual([
      'bs-skye',
      'cpe-10',
      'cpe-3',
      'cpe-2',
    ]);
  });

  it('refilters when a changed row leaves the filter', () => {
    const upOnly = { ...EMPTY_FILTERS, status: ['up' as const] };
    const first = updateDeviceView(null, fleet, upOnly, DEFAULT_SORT);
    expect(names(first.rows)).toEqual(['bs-skye', 'cpe-10']);
    const down = fleet.map((d) => (d.id === '1' ? { ...d, status: 'unreachable' as const } : d));
    expect(names(updateDeviceView(first, down, upOnly, DEFAULT_SORT).rows)).toEqual(['bs-skye']);
  });

  it('recomputes when a device arrives', () => {
    const first = updateDeviceView(null, fleet, EMPTY_FILTERS, DEFAULT_SORT);
    const grown = [...fleet, device({ id: '9', name: 'cpe-1' })];
    expect(names(updateDeviceView(first, grown, EMPTY_FILTERS, DEFAULT_SORT).rows)).toContain('cpe-1');
  });
});
