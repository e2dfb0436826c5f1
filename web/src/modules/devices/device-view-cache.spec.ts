import type { DeviceSort } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { device } from '@/test/fleet-fixtures';
import { updateDeviceView } from './device-view-cache';
import { DEFAULT_SORT, EMPTY_FILTERS } from './device-view-state';

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

describe(updateDeviceView.name, () => {
  const bySnr: DeviceSort = { sort: 'snrDb', order: 'asc' };

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

  it('refilters when a changed row starts matching the text through its last error', () => {
    const text = { q: 'refused' };
    const first = updateDeviceView(null, fleet, text, DEFAULT_SORT);
    expect(first.rows).toEqual([]);
    const failing = fleet.map((d) => (d.id === '2' ? { ...d, lastError: 'connection refused' } : d));
    expect(names(updateDeviceView(first, failing, text, DEFAULT_SORT).rows)).toEqual(['cpe-2']);
  });

  it('recomputes when a device arrives', () => {
    const first = updateDeviceView(null, fleet, EMPTY_FILTERS, DEFAULT_SORT);
    const grown = [...fleet, device({ id: '9', name: 'cpe-1' })];
    expect(names(updateDeviceView(first, grown, EMPTY_FILTERS, DEFAULT_SORT).rows)).toContain('cpe-1');
  });
});
