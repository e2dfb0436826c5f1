import { describe, expect, it } from 'vitest';
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
      sort: { column: 'snrDb', order: 'desc' },
      columns: ['name', 'snrDb', 'lastError'],
    };
    const url = `/devices?${serializeDeviceView(view).toString()}`;
    const parsed = parseDeviceView(new URL(url, 'http://x').searchParams);
    expect(parsed).toEqual(view);
  });

  it('leaves defaults out of the URL and reads an empty URL as the defaults', () => {
    const defaults = parseDeviceView(new URLSearchParams());
    expect(defaults.filters).toEqual(EMPTY_FILTERS);
    expect(defaults.sort).toEqual({ column: 'name', order: 'asc' });
    expect(defaults.columns).toEqual(DEFAULT_COLUMNS);
    expect(serializeDeviceView(defaults).toString()).toBe('');
  });

  it('drops what it does not understand in a hand-edited link', () => {
    const parsed = parseDeviceView(
      new URLSearchParams('status=up,bogus&role=tower&channel=x&sort=nope&order=sideways&cols=zzz'),
    );
    expect(parsed.filters.status).toEqual(['up']);
    expect(parsed.filters.role).toBeNull();
    expect(parsed.filters.channel).toBeNull();
    expect(parsed.sort).toEqual({ column: 'name', order: 'asc' });
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
});
