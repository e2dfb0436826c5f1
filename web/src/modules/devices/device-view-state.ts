// The table's view (filters, sort, visible columns) as URL search params, so a view can be shared by
// pasting the address. Defaults are left out of the URL to keep links short; parsing tolerates junk
// (a hand-edited link) by dropping what it does not understand instead of failing.
import {
  DEVICE_QUERY_TEXT_MAX,
  DEVICE_STATUSES,
  DeviceListQuerySchema,
  type DeviceFilter,
  type DeviceSort,
  type DeviceStatus,
} from '@wsnoc/shared';
import { DEFAULT_COLUMNS, isColumnId, type ColumnId } from './device-columns';

/**
 * The URL holds the same fields, under the same names, as GET /api/devices takes (DeviceListQuerySchema),
 * and the table filters and sorts them with the same shared code (device-query.ts in shared/), so a view's
 * address pasted after /api/devices lists the same rows.
 */
export interface DeviceViewState {
  filters: DeviceFilter;
  sort: DeviceSort;
  columns: ColumnId[];
  /**
   * Only the devices whose running configuration drifted from the desired one (`drift=1`). The one view
   * field GET /api/devices does not take: drift lives in the provisioning module (GET /api/config-drift),
   * not in a device's live row, so the table applies it itself, from the drifted ids it holds.
   */
  driftedOnly: boolean;
}

export const EMPTY_FILTERS: DeviceFilter = {};
const QUERY_DEFAULTS = DeviceListQuerySchema.parse({});
/** The API's own default order. */
export const DEFAULT_SORT: DeviceSort = { sort: QUERY_DEFAULTS.sort, order: QUERY_DEFAULTS.order };

const FIELDS = DeviceListQuerySchema.shape;
const DRIFT_PARAM = 'drift';

const text = (params: URLSearchParams, key: string): string | undefined => {
  const value = params.get(key)?.trim();
  return value ? value : undefined;
};

export function parseDeviceFilters(params: URLSearchParams): DeviceFilter {
  // Statuses one by one rather than through the schema, which refuses the whole list for one bad word.
  const statuses = (params.get('status') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is DeviceStatus => (DEVICE_STATUSES as readonly string[]).includes(s));
  const role = FIELDS.role.safeParse(text(params, 'role'));
  const channel = FIELDS.channel.safeParse(text(params, 'channel'));
  // Kept as typed (spaces and all) for the search box; matching trims it.
  const q = params.get('q')?.slice(0, DEVICE_QUERY_TEXT_MAX);
  return {
    status: statuses.length > 0 ? DEVICE_STATUSES.filter((s) => statuses.includes(s)) : undefined,
    role: role.success ? role.data : undefined,
    site: text(params, 'site'),
    tag: text(params, 'tag'),
    channel: channel.success ? channel.data : undefined,
    parent: text(params, 'parent'),
    q: q ? q : undefined,
  };
}

export function parseDeviceView(params: URLSearchParams): DeviceViewState {
  // The API's schema decides what a sort field and an order are; a hand-edited value falls back.
  const sort = FIELDS.sort.safeParse(params.get('sort') ?? undefined);
  const order = FIELDS.order.safeParse(params.get('order') ?? undefined);
  const columns = (params.get('cols') ?? '').split(',').filter(isColumnId);
  return {
    filters: parseDeviceFilters(params),
    sort: {
      sort: sort.success ? sort.data : DEFAULT_SORT.sort,
      order: order.success ? order.data : DEFAULT_SORT.order,
    },
    columns: columns.length > 0 ? columns : [...DEFAULT_COLUMNS],
    driftedOnly: params.get(DRIFT_PARAM) === '1',
  };
}

/** Writes filters into `params`, leaving any other keys (e.g. the map's) alone. */
export function writeDeviceFilters(filters: DeviceFilter, params = new URLSearchParams()): URLSearchParams {
  const set = (key: string, value: string | undefined): void => {
    if (value === undefined || value === '') {
      params.delete(key);
    } else {
      params.set(key, value);
    }
  };
  set('status', filters.status?.join(','));
  set('role', filters.role);
  set('site', filters.site);
  set('tag', filters.tag);
  set('channel', filters.channel === undefined ? undefined : String(filters.channel));
  set('parent', filters.parent);
  set('q', filters.q?.trim() ? filters.q : undefined);
  return params;
}

export function serializeDeviceView(view: DeviceViewState, params = new URLSearchParams()): URLSearchParams {
  writeDeviceFilters(view.filters, params);
  const isDefaultSort = view.sort.sort === DEFAULT_SORT.sort && view.sort.order === DEFAULT_SORT.order;
  if (isDefaultSort) {
    params.delete('sort');
    params.delete('order');
  } else {
    params.set('sort', view.sort.sort);
    params.set('order', view.sort.order);
  }
  const isDefaultColumns =
    view.columns.length === DEFAULT_COLUMNS.length && view.columns.every((c, i) => c === DEFAULT_COLUMNS[i]);
  if (isDefaultColumns) {
    params.delete('cols');
  } else {
    params.set('cols', view.columns.join(','));
  }
  if (view.driftedOnly) {
    params.set(DRIFT_PARAM, '1');
  } else {
    params.delete(DRIFT_PARAM);
  }
  return params;
}

export function hasActiveFilters(filters: DeviceFilter): boolean {
  return (
    (filters.status?.length ?? 0) > 0 ||
    filters.role !== undefined ||
    Boolean(filters.site) ||
    Boolean(filters.tag) ||
    filters.channel !== undefined ||
    Boolean(filters.parent) ||
    Boolean(filters.q?.trim())
  );
}

/** A link to the table (or the map) showing exactly these filters. */
export function filteredHref(path: '/devices' | '/map', filters: DeviceFilter): string {
  const query = writeDeviceFilters(filters).toString();
  return query ? `${path}?${query}` : path;
}
