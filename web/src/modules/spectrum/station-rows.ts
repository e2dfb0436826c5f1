// The channel-plan table's rows: each managed station joined to its live row from the fleet store (what it
// transmits now), filtered and sorted by the page's view. Pure functions, so the rules are tested without
// a DOM and the map and the table show the same stations for the same view.
import type { DeviceLive, SpectrumStation, StationPhase } from '@wsnoc/shared';

export interface StationRow {
  station: SpectrumStation;
  /** The base station's live row, when the feed has it. */
  live: DeviceLive | undefined;
}

export interface StationFilter {
  phase?: readonly StationPhase[];
  site?: string;
  /** Only stations with an alarm raised. */
  alarm?: boolean;
}

export const STATION_SORT_KEYS = [
  'name',
  'site',
  'phase',
  'channel',
  'power',
  'permitted',
  'lastCheck',
  'nextCheck',
  'deadline',
  'locatedBy',
  'alarm',
] as const;
export type StationSortKey = (typeof STATION_SORT_KEYS)[number];

export interface StationSort {
  sort: StationSortKey;
  order: 'asc' | 'desc';
}

/** Worst first when sorted ascending: what needs an operator comes to the top. */
const PHASE_RANK: Record<StationPhase, number> = {
  fatal: 0,
  muted: 1,
  checking: 2,
  unmanaged: 3,
  granted: 4,
};

const time = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** The channel on air now: the radio's own report, else what the grant says. */
export function channelNow(row: StationRow): number | null {
  return row.live?.channel ?? row.station.grant?.channel ?? null;
}

/** True when the radio's running channel is not its grant's (a retune under way, or one that failed). */
export function offGrant(row: StationRow): boolean {
  const grant = row.station.grant;
  return grant !== null && row.live?.channel !== undefined && row.live.channel !== null
    ? row.live.channel !== grant.channel
    : false;
}

/** Power above the grant's limit (beyond the 0.05 dB a radio rounds to). */
export function overLimit(row: StationRow): boolean {
  const grant = row.station.grant;
  const power = row.live?.txPowerDbm ?? null;
  return grant !== null && power !== null && power > grant.eirpDbm + 0.05;
}

/**
 * The watchdog's deadline while it still matters: a muted station has no deadline (it is already off air)
 * and an unmanaged one never had one.
 */
export function deadlineOf(station: SpectrumStation): number | null {
  return station.phase === 'muted' || station.phase === 'unmanaged' || station.mutedBySpectrum
    ? null
    : time(station.muteAt);
}

const SORT_VALUE: Record<StationSortKey, (row: StationRow) => string | number | null> = {
  name: (row) => row.station.name,
  site: (row) => row.station.site,
  phase: (row) => PHASE_RANK[row.station.phase],
  channel: channelNow,
  power: (row) => row.live?.txPowerDbm ?? row.station.grant?.eirpDbm ?? null,
  permitted: (row) => row.station.permittedNow.length,
  lastCheck: (row) => time(row.station.lastCheckAt),
  nextCheck: (row) => time(row.station.nextCheckAt),
  deadline: (row) => deadlineOf(row.station),
  locatedBy: (row) => row.station.locatedBy,
  alarm: (row) => row.station.alarm,
};

export function stationSortValue(key: StationSortKey, row: StationRow): string | number | null {
  return SORT_VALUE[key](row);
}

export function joinLive(
  stations: readonly SpectrumStation[],
  devices: ReadonlyMap<string, DeviceLive>,
  previous: readonly StationRow[] = [],
): StationRow[] {
  // Rows keep their identity while neither side changed, so memoised table rows skip them.
  const before = new Map(previous.map((row) => [row.station.deviceId, row]));
  return stations.map((station) => {
    const live = devices.get(station.deviceId);
    const old = before.get(station.deviceId);
    return old && old.station === station && old.live === live ? old : { station, live };
  });
}

export function stationMatcher(filter: StationFilter): (row: StationRow) => boolean {
  const phases = filter.phase && filter.phase.length > 0 ? new Set(filter.phase) : null;
  return (row) =>
    (phases === null || phases.has(row.station.phase)) &&
    (!filter.site || row.station.site === filter.site) &&
    (!filter.alarm || row.station.alarm !== null);
}

const NAME_ORDER = new Intl.Collator('en', { numeric: true });

export function sortStations(rows: readonly StationRow[], sort: StationSort): StationRow[] {
  const direction = sort.order === 'asc' ? 1 : -1;
  const value = SORT_VALUE[sort.sort];
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    // Nothing to compare sorts last in either direction: a blank cell is never "the smallest".
    if (x === null || y === null) {
      if (x !== y) {
        return x === null ? 1 : -1;
      }
    } else if (x !== y) {
      const compared =
        typeof x === 'number' && typeof y === 'number' ? x - y : NAME_ORDER.compare(String(x), String(y));
      if (compared !== 0) {
        return compared * direction;
      }
    }
    return NAME_ORDER.compare(a.station.name, b.station.name);
  });
}

export function stationView(
  rows: readonly StationRow[],
  filter: StationFilter,
  sort: StationSort,
): StationRow[] {
  return sortStations(rows.filter(stationMatcher(filter)), sort);
}
