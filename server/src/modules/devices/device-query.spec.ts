import { DeviceListQuerySchema, type DeviceLive } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { queryDevices } from './device-query.js';
import { UNMEASURED } from '@/modules/inventory/device.mapper.js';

const row = (name: string, extra: Partial<DeviceLive>): DeviceLive => ({
  id: name,
  name,
  role: 'cpe',
  status: 'up',
  since: '2026-01-01T00:00:00.000Z',
  lastPollAt: null,
  lastError: null,
  site: null,
  tags: [],
  parentId: null,
  lat: null,
  lon: null,
  ...UNMEASURED,
  ...extra,
});

const rows = [
  row('cpe-b', { snrDb: 20, site: 'Skye', tags: ['school'], channel: 33 }),
  row('cpe-a', { snrDb: 10, status: 'degraded', channel: 33 }),
  row('bs-1', { role: 'base-station', snrDb: null, site: 'Skye', channel: 40 }),
  row('cpe-c', { status: 'unreachable', snrDb: 30 }),
];
const q = (input: Record<string, string>) => DeviceListQuerySchema.parse(input);

describe('queryDevices', () => {
  it('filters by status list, role, site, tag, channel and text', () => {
    expect(queryDevices(rows, q({ status: 'up,degraded' })).items.map((r) => r.name)).toEqual([
      'bs-1',
      'cpe-a',
      'cpe-b',
    ]);
    expect(queryDevices(rows, q({ role: 'base-station' })).total).toBe(1);
    expect(queryDevices(rows, q({ site: 'Skye', tag: 'school' })).items.map((r) => r.name)).toEqual([
      'cpe-b',
    ]);
    expect(queryDevices(rows, q({ channel: '33' })).total).toBe(2);
    expect(queryDevices(rows, q({ q: 'SKY' })).total).toBe(2);
  });

  it('sorts numbers numerically with unknown values last in both directions', () => {
    expect(queryDevices(rows, q({ sort: 'snrDb' })).items.map((r) => r.name)).toEqual([
      'cpe-a',
      'cpe-b',
      'cpe-c',
      'bs-1',
    ]);
    expect(queryDevices(rows, q({ sort: 'snrDb', order: 'desc' })).items.map((r) => r.name)).toEqual([
      'cpe-c',
      'cpe-b',
      'cpe-a',
      'bs-1',
    ]);
  });

  it('pages after filtering and reports the total', () => {
    const page = queryDevices(rows, q({ offset: '1', limit: '2' }));
    expect(page).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(page.items.map((r) => r.name)).toEqual(['cpe-a', 'cpe-b']);
  });
});
