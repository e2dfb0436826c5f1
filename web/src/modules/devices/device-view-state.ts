// The table's view (filters, sort, visible columns) as URL search params, so a view can be shared by
// pasting the address. Defaults are left out of the URL to keep links short; parsing tolerates junk
// (a hand-edited link) by dropping what it does not understand instead of failing.
import { DEVICE_ROLES, DEVICE_STATUSES, type DeviceRole, type DeviceStatus } from '@wsnoc/shared';
import { DEFAULT_COLUMNS, isColumnId, type ColumnId } from './device-columns';

export interface DeviceFilters {
  status: DeviceStatus[];
  role: DeviceRole | null;
  site: string | null;
  tag: string | null;
  channel: number | null;
  /** A base station's id: its CPEs (and itself). */
  parent: string | null;
  q: string;
}

export interface DeviceSort {
  column: ColumnId;
  order: 'asc' | 'desc';
}

export interface DeviceViewState {
  filters: DeviceFilters;
  sort: DeviceSort;
  columns: ColumnId[];
}

export const EMPTY_FILTERS: DeviceFilters = {
  status: [],
  role: null,
  site: null,
  tag: null,
  channel: null,
  parent: null,
  q: '',
};
export const DEFAULT_SORT: DeviceSort = { column: 'name', order: 'asc' };

const text = (params: URLSearchParams, key: string): string | null => {
  const value = params.get(key)?.trim();
  return value ? value : null;
};

export function parseDeviceFilters(params: URLSearchParams): DeviceFilters {
  const statuses = (params.get('status') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is DeviceStatus => (DEVICE_STATUSES as readonly string[]).includes(s));
  const role = params.get('role');
  const channel = Number.parseInt(params.get('channel') ?? '', 10);
  return {
    status: DEVICE_STATUSES.filter((s) => statuses.includes(s)),
    role: role !== null && (DEVICE_ROLES as readonly string[]).includes(role) ? (role as DeviceRole) : null,
    site: text(params, 'site'),
    tag: text(params, 'tag'),
    channel: Number.isFinite(channel) ? channel : null,
    parent: text(params, 'parent'),
    q: params.get('q') ?? '',
  };
}

export function parseDeviceView(params: URLSearchParams): DeviceViewState {
  const sortColumn = params.get('sort');
  const columns = (params.get('cols') ?? '').split(',').filter(isColumnId);
  return {
    filters: parseDeviceFilters(params),
    sort: {
      column: sortColumn !== null && isColumnId(sortColumn) ? sortColumn : DEFAULT_SORT.column,
      order: params.get('order') === 'desc' ? 'desc' : 'asc',
    },
    columns: columns.length > 0 ? columns : [...DEFAULT_COLUMNS],
  };
}

/** Writes filters into `params`, leaving any other keys (e.g. the map's) alone. */
export function writeDeviceFilters(filters: DeviceFilters, params = new URLSearchParams()): URLSearchParams {
  const set = (key: string, value: string | null): void => {
    if (value === null || value === '') {
      params.delete(key);
    } else {
      params.set(key, value);
    }
  };
  set('status', filters.status.join(','));
  set('role', filters.role);
  set('site', filters.site);
  set('tag', filters.tag);
  set('channel', filters.channel === null ? null : String(filters.channel));
  set('parent', filters.parent);
  set('q', filters.q.trim() === '' ? null : filters.q);
  return params;
}

export function serializeDeviceView(view: DeviceViewState, params = new URLSearchParams()): URLSearchParams {
  writeDeviceFilters(view.filters, params);
  const isDefaultSort = view.sort.column === DEFAULT_SORT.column && view.sort.order === DEFAULT_SORT.order;
  if (isDefaultSort) {
    params.delete('sort');
    params.delete('order');
  } else {
    params.set('sort', view.sort.column);
    params.set('order', view.sort.order);
  }
  const isDefaultColumns =
    view.columns.length === DEFAULT_COLUMNS.length && view.columns.every((c, i) => c === DEFAULT_COLUMNS[i]);
  if (isDefaultColumns) {
    params.delete('cols');
  } else {
    params.set('cols', view.columns.join(','));
  }
  return params;
}

export function hasActiveFilters(filters: DeviceFilters): boolean {
  return (
    filters.status.length > 0 ||
    filters.role !== null ||
    filters.site !== null ||
    filters.tag !== null ||
    filters.channel !== null ||
    filters.parent !== null ||
    filters.q.trim() !== ''
  );
}

/** A link to the table (or the map) showing exactly these filters. */
export function filteredHref(path: '/devices' | '/map', filters: Partial<DeviceFilters>): string {
  const query = writeDeviceFilters({ ...EMPTY_FILTERS, ...filters }).toString();
  return query ? `${path}?${query}` : path;
}
