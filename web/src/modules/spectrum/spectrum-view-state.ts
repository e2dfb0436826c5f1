// The Spectrum page's view as URL search params, so a view (a filtered plan, a station's panel, a period of
// the compliance record) is shared by pasting the address. Defaults stay out of the URL; a hand-edited
// value that makes no sense is dropped, never an error.
import {
  SPECTRUM_RECORD_KINDS,
  STATION_PHASES,
  type SpectrumRecordKind,
  type StationPhase,
} from '@wsnoc/shared';
import { STATION_SORT_KEYS, type StationFilter, type StationSort, type StationSortKey } from './station-rows';

export const RECORD_RANGES = ['1h', '6h', '24h', '7d', '30d', 'all'] as const;
export type RecordRange = (typeof RECORD_RANGES)[number];

const RANGE_MS: Record<Exclude<RecordRange, 'all'>, number> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
};

export interface RecordFilter {
  /** A station's device id. */
  station?: string;
  kinds?: SpectrumRecordKind[];
  /** The period up to now; ignored while `from` or `to` is set. */
  range: RecordRange;
  /** A fixed period, ISO 8601 UTC. */
  from?: string;
  to?: string;
}

export interface SpectrumView {
  filter: StationFilter;
  sort: StationSort;
  /** The station whose panel is open. */
  station?: string;
  records: RecordFilter;
}

export const DEFAULT_SORT: StationSort = { sort: 'name', order: 'asc' };
export const DEFAULT_RECORD_RANGE: RecordRange = '24h';

const KEYS = {
  phase: 'phase',
  site: 'site',
  alarm: 'alarm',
  sort: 'sort',
  order: 'order',
  station: 'station',
  recordStation: 'record-station',
  recordKind: 'record-kind',
  recordRange: 'record-range',
  recordFrom: 'record-from',
  recordTo: 'record-to',
} as const;

const text = (params: URLSearchParams, key: string): string | undefined => {
  const value = params.get(key)?.trim();
  return value ? value : undefined;
};

/** Picks the known words of a comma list, in the canonical order; an unknown word is ignored alone. */
function listOf<T extends string>(
  params: URLSearchParams,
  key: string,
  known: readonly T[],
): T[] | undefined {
  const words = new Set((params.get(key) ?? '').split(',').map((word) => word.trim()));
  const picked = known.filter((word) => words.has(word));
  return picked.length > 0 ? picked : undefined;
}

const isoOrUndefined = (value: string | undefined): string | undefined =>
  value !== undefined && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;

export function parseSpectrumView(params: URLSearchParams): SpectrumView {
  const sort = params.get(KEYS.sort);
  const range = params.get(KEYS.recordRange);
  return {
    filter: {
      phase: listOf<StationPhase>(params, KEYS.phase, STATION_PHASES),
      site: text(params, KEYS.site),
      alarm: params.get(KEYS.alarm) === '1' ? true : undefined,
    },
    sort: {
      sort: (STATION_SORT_KEYS as readonly string[]).includes(sort ?? '')
        ? (sort as StationSortKey)
        : DEFAULT_SORT.sort,
      order: params.get(KEYS.order) === 'desc' ? 'desc' : 'asc',
    },
    station: text(params, KEYS.station),
    records: {
      station: text(params, KEYS.recordStation),
      kinds: listOf<SpectrumRecordKind>(params, KEYS.recordKind, SPECTRUM_RECORD_KINDS),
      range: (RECORD_RANGES as readonly string[]).includes(range ?? '')
        ? (range as RecordRange)
        : DEFAULT_RECORD_RANGE,
      from: isoOrUndefined(text(params, KEYS.recordFrom)),
      to: isoOrUndefined(text(params, KEYS.recordTo)),
    },
  };
}

/** Writes the view into `params`, leaving other keys alone. */
export function serializeSpectrumView(view: SpectrumView, params = new URLSearchParams()): URLSearchParams {
  const set = (key: string, value: string | undefined): void => {
    if (value === undefined || value === '') {
      params.delete(key);
    } else {
      params.set(key, value);
    }
  };
  set(KEYS.phase, view.filter.phase?.join(','));
  set(KEYS.site, view.filter.site);
  set(KEYS.alarm, view.filter.alarm ? '1' : undefined);
  const isDefaultSort = view.sort.sort === DEFAULT_SORT.sort && view.sort.order === DEFAULT_SORT.order;
  set(KEYS.sort, isDefaultSort ? undefined : view.sort.sort);
  set(KEYS.order, isDefaultSort ? undefined : view.sort.order);
  set(KEYS.station, view.station);
  set(KEYS.recordStation, view.records.station);
  set(KEYS.recordKind, view.records.kinds?.join(','));
  set(KEYS.recordRange, view.records.range === DEFAULT_RECORD_RANGE ? undefined : view.records.range);
  set(KEYS.recordFrom, view.records.from);
  set(KEYS.recordTo, view.records.to);
  return params;
}

export function hasStationFilter(filter: StationFilter): boolean {
  return (filter.phase?.length ?? 0) > 0 || Boolean(filter.site) || Boolean(filter.alarm);
}

/** The period a record filter asks for, as the server's from/to, at `now`. */
export function recordPeriod(filter: RecordFilter, now: number): { from?: string; to?: string } {
  if (filter.from !== undefined || filter.to !== undefined) {
    return { from: filter.from, to: filter.to };
  }
  return filter.range === 'all' ? {} : { from: new Date(now - RANGE_MS[filter.range]).toISOString() };
}
