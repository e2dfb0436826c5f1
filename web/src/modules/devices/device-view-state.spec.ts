import { DeviceListQuerySchema, queryDevices } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { device } from '@/test/fleet-fixtures';
import { ViewCache } from './device-view-cache';
import {
  EMPTY_FILTERS,
  filteredHref,
  parseDeviceView,
  serializeDeviceView,
  type DeviceViewState,
} from './device-view-state';
import { DEFAULT_COLUMNS } from './device-columns';

describe('device view URL state', () => {
  it('round-trips filters, sort and columns through the URL', () => {
    const view: DeviceViewState = {
      filters: {
        status: ['degraded', 'unreachable'],
        role: 'cpe',
        site: 'skye north',
        tag: 'pilot',
        channel: 31,
        parent: 'bs-1',
        q: 'portree & co',
      },
      sort: { sort: 'snrDb', order: 'desc' },
      columns: ['name', 'snrDb', 'lastError'],
      driftedOnly: true,
    };
    const url = `/devices?${serializeDeviceView(view).toString()}`;
    const parsed = parseDeviceView(new URL(url, 'http://x').searchParams);
    expect(parsed).toEqual(view);
  });

  it('leaves defaults out of the URL and reads an empty URL as the defaults', () => {
    const defaults = parseDeviceView(new URLSearchParams());
    expect(defaults.filters).toEqual(EMPTY_FILTERS);
    expect(defaults.sort).toEqual({ sort: 'name', order: 'asc' });
    expect(defaults.columns).toEqual(DEFAULT_COLUMNS);
    expect(defaults.driftedOnly).toBe(false);
    expect(serializeDeviceView(defaults).toString()).toBe('');
  });

  it('drops what it does not understand in a hand-edited link', () => {
    const parsed = parseDeviceView(
      new URLSearchParams('status=up,bogus&role=tower&channel=x&sort=nope&order=sideways&cols=zzz'),
    );
    expect(parsed.filters.status).toEqual(['up']);
    expect(parsed.filters.role).toBeUndefined();
    expect(parsed.filters.channel).toBeUndefined();
    expect(parseDeviceView(new URLSearchParams('channel=31.5')).filters.channel).toBeUndefined();
    expect(parsed.sort).toEqual({ sort: 'name', order: 'asc' });
    expect(parsed.columns).toEqual(DEFAULT_COLUMNS);
  });

  it('keeps unrelated params (the map view) when writing filters', () => {
    const params = new URLSearchParams('zoom=7');
    serializeDeviceView(
      { ...parseDeviceView(params), filters: { ...EMPTY_FILTERS, role: 'base-station' } },
      params,
    );
    expect(params.get('zoom')).toBe('7');
    expect(params.get('role')).toBe('base-station');
  });

  it('builds links for the overview', () => {
    expect(filteredHref('/devices', { status: ['unreachable'] })).toBe('/devices?status=unreachable');
    expect(filteredHref('/map', {})).toBe('/map');
  });

  describe('the same query as the API', () => {
    const fleet = [
      device({ id: '1', name: 'cpe-10', snrDb: 30, site: 'skye', tags: ['pilot'], parentId: 'bs' }),
      device({
        id: '2',
        name: 'cpe-2',
        status: 'unreachable',
        snrDb: null,
        site: 'mull',
        lastError: 'timeout',
      }),
      device({ id: '3', name: 'cpe-3', status: 'degraded', snrDb: 6, site: 'Skye north', parentId: 'bs' }),
      device({ id: 'bs', name: 'bs-skye', role: 'base-station', snrDb: 22, site: 'skye', tags: ['school'] }),
      device({ id: '5', name: 'cpe-1', status: 'muted', snrDb: 22, site: 'mull', channel: 31 }),
    ];

    it.each([
      'q=pilot',
      'q=TIMEOUT',
      'q=skye&sort=snrDb&order=desc',
      'sort=name',
      'sort=name&order=desc',
      'sort=status',
      'sort=site&order=desc',
      'sort=tags',
      'status=up,degraded&sort=snrDb',
      'parent=bs&sort=snrDb',
      'channel=31',
      'role=base-station&tag=school',
    ])('gives the table the rows GET /api/devices lists for ?%s', (search) => {
      const params = new URLSearchParams(search);
      const view = parseDeviceView(params);
      const table = new ViewCache().update(fleet, view.filters, view.sort);
      const api = queryDevices(
        fleet,
        DeviceListQuerySchema.parse({ ...Object.fromEntries(params), limit: '10000' }),
      );
      expect(table.map((d) => d.name)).toEqual(api.items.map((d) => d.name));
      expect(table.length).toBeGreaterThan(0);
    });
  });
});
