// The Spectrum page's picture of every managed base station: the REST list, then each `spectrum:stations`
// event of the /ops feed merged in by station. The feed only carries stations that changed, never a
// snapshot, so the list is fetched again whenever frames may have been lost (a reconnect) and, as a safety
// net for stations removed from the inventory, every `refreshMs`. A feed row that arrives while a list
// request is in flight is newer than that list, so it wins over the list's copy.
import { SpectrumStationSchema, type SpectrumStation, type SpectrumStationList } from '@wsnoc/shared';
import { parseFeedRows } from '@/infra/feed-rows';
import { onBackLive, type ConnectionStore } from '@/modules/connection/connection.store';

export type SpectrumLoadStatus = 'loading' | 'ready' | 'error';

/** Which stations the last update touched: panels re-read a station's schedule and records on it. */
export interface StationTouch {
  /** +1 per update (feed event or list); a cheap effect dependency. */
  seq: number;
  /** The touched ids; null means every station (a fresh list). */
  ids: ReadonlySet<string> | null;
}

export interface SpectrumState {
  status: SpectrumLoadStatus;
  /** False when the server has no white-space database configured (WSDB_URL unset). */
  enabled: boolean;
  database: string | null;
  /** By device id, in the server's order (by name). */
  stations: ReadonlyMap<string, SpectrumStation>;
  touch: StationTouch;
  /** Why the last list request failed, for an operator. */
  error: string | null;
  /** Epoch ms of the last applied list or event. */
  updatedAt: number | null;
}

export interface SpectrumStore {
  getState: () => SpectrumState;
  subscribe: (listener: () => void) => () => void;
  /** Every station, in order; the same array until the next update. */
  getList: () => readonly SpectrumStation[];
  /** The seq of the last update that touched this station (a feed event naming it, or a fresh list). */
  touchedSeq: (id: string) => number;
  /** Loads the list, listens to the feed and the connection. Returns the stop. */
  start: () => () => void;
  reload: () => void;
}

export interface SpectrumStoreOptions {
  connection: ConnectionStore;
  load: (signal: AbortSignal) => Promise<SpectrumStationList>;
  refreshMs?: number;
  now?: () => number;
}

const INITIAL: SpectrumState = {
  status: 'loading',
  enabled: true,
  database: null,
  stations: new Map(),
  touch: { seq: 0, ids: null },
  error: null,
  updatedAt: null,
};

/** Deep equality of JSON values, whatever the order of their keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameJson(item, b[index]))
    );
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => sameJson(left[key], right[key]));
}

/** Same content, same object: memoised rows and map features skip a station the event did not change. */
const sameStation = (a: SpectrumStation, b: SpectrumStation): boolean => sameJson(a, b);

const STATION_ROWS = { event: 'spectrum:stations', key: 'stations', schema: SpectrumStationSchema };

/** The feed's stations, each checked against the shared schema; a bad row is dropped, not the event. */
export const parseStationsEvent = (payload: unknown): SpectrumStation[] =>
  parseFeedRows(STATION_ROWS, payload) ?? [];

export function createSpectrumStore(options: SpectrumStoreOptions): SpectrumStore {
  const { connection, load } = options;
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 60_000;
  let state: SpectrumState = INITIAL;
  let list: readonly SpectrumStation[] = [];
  let listFrom: ReadonlyMap<string, SpectrumStation> | null = null;
  const listeners = new Set<() => void>();
  let inflight: AbortController | null = null;
  /** Feed rows received while a list request is in flight. */
  let sinceRequest = new Map<string, SpectrumStation>();
  let running = false;
  const lastTouch = new Map<string, number>();
  let listSeq = 0;

  const publish = (patch: Partial<SpectrumState>): void => {
    state = { ...state, ...patch };
    listeners.forEach((listener) => listener());
  };

  const touch = (ids: ReadonlySet<string> | null): StationTouch => ({ seq: state.touch.seq + 1, ids });

  const applyList = (answer: SpectrumStationList): void => {
    const next = new Map<string, SpectrumStation>();
    for (const fresh of answer.items) {
      const newer = sinceRequest.get(fresh.deviceId) ?? fresh;
      const old = state.stations.get(newer.deviceId);
      next.set(newer.deviceId, old && sameStation(old, newer) ? old : newer);
    }
    const touched = touch(null);
    listSeq = touched.seq;
    lastTouch.clear();
    publish({
      status: 'ready',
      enabled: answer.enabled,
      database: answer.database,
      stations: next,
      touch: touched,
      error: null,
      updatedAt: now(),
    });
  };

  const reload = (): void => {
    inflight?.abort();
    const controller = new AbortController();
    inflight = controller;
    sinceRequest = new Map();
    load(controller.signal).then(
      (answer) => {
        if (inflight === controller) {
          inflight = null;
          applyList(answer);
        }
      },
      (error: unknown) => {
        if (controller.signal.aborted || inflight !== controller) {
          return;
        }
        inflight = null;
        publish({
          // A failed refresh keeps what is on screen; only a first load without data is an error screen.
          status: state.updatedAt === null ? 'error' : state.status,
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
  };

  const onStations = (payload: unknown): void => {
    const rows = parseStationsEvent(payload);
    if (rows.length === 0) {
      return;
    }
    const next = new Map(state.stations);
    const ids = new Set<string>();
    for (const row of rows) {
      ids.add(row.deviceId);
      if (inflight) {
        sinceRequest.set(row.deviceId, row);
      }
      const old = next.get(row.deviceId);
      if (!old || !sameStation(old, row)) {
        next.set(row.deviceId, row);
      }
    }
    // A station the list did not have yet is new to management; the order is by name, as the server's.
    const ordered =
      next.size === state.stations.size
        ? next
        : new Map(
            [...next.entries()].sort(([, a], [, b]) => a.name.localeCompare(b.name, 'en', { numeric: true })),
          );
    const touched = touch(ids);
    ids.forEach((id) => lastTouch.set(id, touched.seq));
    publish({ stations: ordered, touch: touched, updatedAt: now() });
  };

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getList: () => {
      if (listFrom !== state.stations) {
        list = [...state.stations.values()];
        listFrom = state.stations;
      }
      return list;
    },
    touchedSeq: (id) => Math.max(listSeq, lastTouch.get(id) ?? 0),
    start: () => {
      if (running) {
        return () => undefined;
      }
      running = true;
      const stopFeed = connection.on('spectrum:stations', onStations);
      // Events were certainly lost while disconnected.
      const stopStatus = onBackLive(connection, reload);
      const timer = setInterval(reload, refreshMs);
      reload();
      return () => {
        running = false;
        stopFeed();
        stopStatus();
        clearInterval(timer);
        inflight?.abort();
        inflight = null;
      };
    },
    reload,
  };
}
