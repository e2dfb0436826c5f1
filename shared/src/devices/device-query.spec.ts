import { describe, expect, it, vi } from 'vitest';
import {
  DEVICE_SORT_KEYS,
  filterDevices,
  queryDevices,
  sortDevices,
  type DeviceFilter,
} from './device-query.js';
import { DEVICE_SORT_FIELDS, DeviceListQuerySchema, type DeviceLive } from './device.schema.js';

const row = (id: string, extra: Partial<DeviceLive> = {}): DeviceLive => ({
  id,
  name: id,
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
  channel: null,
  txPowerDbm: null,
  transmitting: null,
  temperatureC: null,
  uptimeSec: null,
  snrDb: null,
  rssiDbm: null,
  throughputMbps: null,
  clientsUp: null,
  clientsTotal: null,
  ...extra,
});

const fleet: DeviceLive[] = [
  row('cpe-10', { snrDb: 30, site: 'Skye', tags: ['pilot'], channel: 30, parentId: 'bs-skye' }),
  row('cpe-2', {
    status: 'unreachable',
    site: 'Mull',
    channel: 31,
    lastError: 'login refused: Login incorrect',
  }),
  row('cpe-3', { status: 'degraded', snrDb: 6, site: 'Skye', parentId: 'bs-skye', channel: 30 }),
  row('bs-skye', { role: 'base-station', snrDb: 22, site: 'Skye', channel: 30, tags: ['school', 'mast-a'] }),
  row('bs-mull', { role: 'base-station', status: 'muted', site: 'Mull', channel: 31 }),
];

/** A REST query string, parsed as GET /api/devices parses it. */
const query = (search: string) =>
  DeviceListQuerySchema.parse(Object.fromEntries(new URLSearchParams(search)));
const names = (rows: readonly DeviceLive[]) => rows.map((r) => r.name);
const listed = (search: string) => names(queryDevices(fleet, query(search)).items);

describe(queryDevices.name, () => {
  describe('filters', () => {
    it('by status list, role, site, tag, channel and parent', () => {
      expect(listed('status=up,degraded')).toEqual(['bs-skye', 'cpe-3', 'cpe-10']);
      expect(listed('role=base-station')).toEqual(['bs-mull', 'bs-skye']);
      expect(listed('site=Skye&tag=pilot')).toEqual(['cpe-10']);
      expect(listed('channel=31')).toEqual(['bs-mull', 'cpe-2']);
      expect(listed('parent=bs-skye')).toEqual(['bs-skye', 'cpe-3', 'cpe-10']);
    });

    it('matches free text in tags and the last error as well as name and site', () => {
      // The API used to search name and site only, so these two found nothing there but rows in the table.
      expect(listed('q=pilot')).toEqual(['cpe-10']);
      expect(listed('q=login%20REFUSED')).toEqual(['cpe-2']);
      expect(listed('q=mast')).toEqual(['bs-skye']);
      expect(listed('q=mull')).toEqual(['bs-mull', 'cpe-2']);
    });

    it('ignores case and surrounding spaces in the text, and treats blank text as no filter', () => {
      expect(listed('q=%20SKYE%20')).toEqual(['bs-skye', 'cpe-3', 'cpe-10']);
      expect(listed('q=%20%20')).toHaveLength(fleet.length);
    });

    it('treats absent and empty fields as no filter', () => {
      const none: DeviceFilter = { status: [], site: '', tag: '', parent: '', q: '' };
      expect(filterDevices(fleet, none)).toEqual(fleet);
      expect(filterDevices(fleet, {})).toEqual(fleet);
    });
  });

  describe('sorts', () => {
    it('names naturally (cpe-2 before cpe-10) and can reverse', () => {
      expect(listed('')).toEqual(['bs-mull', 'bs-skye', 'cpe-2', 'cpe-3', 'cpe-10']);
      expect(listed('order=desc')).toEqual(['cpe-10', 'cpe-3', 'cpe-2', 'bs-skye', 'bs-mull']);
    });

    it('numbers numerically with unknown values last in both directions, ties by name', () => {
      expect(listed('sort=snrDb')).toEqual(['cpe-3', 'bs-skye', 'cpe-10', 'bs-mull', 'cpe-2']);
      expect(listed('sort=snrDb&order=desc')).toEqual(['cpe-10', 'bs-skye', 'cpe-3', 'bs-mull', 'cpe-2']);
    });

    it('puts rows with no tags, or no last error, last in both directions', () => {
      expect(listed('sort=tags')).toEqual(['cpe-10', 'bs-skye', 'bs-mull', 'cpe-2', 'cpe-3']);
      expect(listed('sort=tags&order=desc').slice(0, 2)).toEqual(['bs-skye', 'cpe-10']);
      expect(listed('sort=lastError&order=desc')[0]).toBe('cpe-2');
    });

    it('status by severity, worst first', () => {
      expect(listed('sort=status')).toEqual(['cpe-2', 'cpe-3', 'bs-mull', 'bs-skye', 'cpe-10']);
    });

    it('by every field the API accepts, each with its own key', () => {
      for (const sort of DEVICE_SORT_FIELDS) {
        const items = queryDevices(fleet, query(`sort=${sort}`)).items;
        expect(items).toHaveLength(fleet.length);
        const keys = items.map(DEVICE_SORT_KEYS[sort]).filter((k) => k !== null && k !== '');
        expect(keys).toEqual(
          [...keys].sort((a, b) =>
            typeof a === 'number' && typeof b === 'number'
              ? a - b
              : String(a).localeCompare(String(b), 'en', { numeric: true }),
          ),
        );
      }
    });

    it('in a total order, so the same rows come out whatever order they came in', () => {
      const twins = [
        row('b', { snrDb: 5 }),
        row('a', { snrDb: 5 }),
        row('c'),
        row('a2', { name: 'a', snrDb: 5 }),
      ];
      const ids = (rows: DeviceLive[]) => rows.map((r) => r.id);
      const forward = ids(sortDevices(twins, { sort: 'snrDb', order: 'asc' }));
      expect(forward).toEqual(['a', 'a2', 'b', 'c']);
      expect(ids(sortDevices([...twins].reverse(), { sort: 'snrDb', order: 'asc' }))).toEqual(forward);
    });

    it('without touching its input', () => {
      const copy = [...fleet];
      sortDevices(fleet, { sort: 'snrDb', order: 'asc' });
      expect(fleet).toEqual(copy);
    });

    it('through one shared collator: no localeCompare and no new collator per call', () => {
      // The web table sorts 10,000 rows several times a second; a collator per comparison made that
      // take seconds. Asserted structurally here; bench/web.ts measures the table itself.
      const localeCompare = vi.spyOn(String.prototype, 'localeCompare');
      const collator = vi.spyOn(Intl, 'Collator');
      try {
        const many = Array.from({ length: 2_000 }, (_, i) =>
          row(`cpe-${(i * 7919) % 2_000}`, { site: `s${i % 7}` }),
        );
        sortDevices(many, { sort: 'name', order: 'asc' });
        sortDevices(many, { sort: 'site', order: 'desc' });
        expect(localeCompare).not.toHaveBeenCalled();
        expect(collator).not.toHaveBeenCalled();
      } finally {
        localeCompare.mockRestore();
        collator.mockRestore();
      }
    });
  });

  it('pages after filtering and sorting, and reports the total', () => {
    const page = queryDevices(fleet, query('offset=1&limit=2'));
    expect(page).toMatchObject({ total: 5, offset: 1, limit: 2 });
    expect(names(page.items)).toEqual(['bs-skye', 'cpe-2']);
    expect(queryDevices(fleet, query('role=cpe&limit=1'))).toMatchObject({
      total: 3,
      items: [{ name: 'cpe-2' }],
    });
  });
});
