// Incidents as one screen knows them: the REST list for its filters, then every `incidents:changed` event
// of the /ops feed upserted by id. An incident that the change takes out of the filters (resolved, while
// the screen shows the active ones) leaves the list; one that opens and matches joins it. The feed has no
// replay, so the list is read again when the connection comes back, and a feed copy that arrives while a
// list request is on its way is newer than that list's copy, so it wins. A screen of one device's incidents
// also reads the list again when an outage elsewhere may have counted that device in.
//
// The list is paged by the server's keyset cursor. The active incidents are read whole (every page: they
// are bounded by the fleet, and a live list that hides some would lie); a history list (resolved ones,
// without bound) shows its first page and reads the next one when asked (`loadMore`). Reading again (a
// reconnect, Reload) reads as many pages as were shown.
import { IncidentSchema, type Incident, type IncidentList } from '@wsnoc/shared';
import { parseFeedRows } from '@/infra/feed-rows';
import type { ConnectionStatus, ConnectionStore } from '@/modules/connection/connection.store';
import { keepsIncident, matchesIncident, type IncidentFilters } from './alerts-view-state';

export type IncidentsLoadStatus = 'loading' | 'ready' | 'error';

export interface IncidentsState {
  status: IncidentsLoadStatus;
  /** Newest first (by openedAt), as the server lists them. */
  incidents: readonly Incident[];
  /** True when the server has more incidents for these filters than the pages read. */
  more: boolean;
  /** A next page is being read (`loadMore`). */
  loadingMore: boolean;
  /** Why the last list request failed, for an operator. */
  error: string | null;
  /** Epoch ms of the last applied list or event. */
  updatedAt: number | null;
}

export interface IncidentsStore {
  getState: () => IncidentsState;
  subscribe: (listener: () => void) => () => void;
  /**
   * One incident as this screen last heard of it (list, feed or an action's answer), also after a change
   * took it out of the list: an open detail follows it to its resolution.
   */
  get: (id: string) => Incident | undefined;
  /** An incident an action on this screen just changed: its answer is the newest copy. */
  take: (incident: Incident) => void;
  /** Loads the list, follows the feed and the connection. Returns the stop. */
  start: () => () => void;
  reload: () => void;
  /** Reads the next page, when there is one and no read is under way. */
  loadMore: () => void;
}

export interface IncidentsStoreOptions {
  connection: ConnectionStore;
  filters: IncidentFilters;
  /** One page: the first without a cursor, the next with the previous page's nextCursor. */
  load: (filters: IncidentFilters, cursor: string | undefined, signal: AbortSignal) => Promise<IncidentList>;
  /** Read every page on each load (the active incidents), not one page at a time. */
  whole?: boolean;
  now?: () => number;
  /**
   * How long to gather feed events before reading the list again, when one may concern a device filter
   * in a way the incident does not say (a tower's outage that a CPE on screen may have been counted into).
   */
  recheckMs?: number;
}

const INITIAL: IncidentsState = {
  status: 'loading',
  incidents: [],
  more: false,
  loadingMore: false,
  error: null,
  updatedAt: null,
};

/** A whole list stops here (and says there is more) rather than follow a server that never ends. */
const WHOLE_PAGES_MAX = 50;

const newestFirst = (a: Incident, b: Incident): number =>
  Date.parse(b.openedAt) - Date.parse(a.openedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Of two copies of one incident, the one changed last; on a tie the incoming one. */
const newer = (known: Incident | undefined, incoming: Incident): Incident =>
  known !== undefined && Date.parse(known.updatedAt) > Date.parse(incoming.updatedAt) ? known : incoming;

const INCIDENT_ROWS = { event: 'incidents:changed', key: 'incidents', schema: IncidentSchema };

/** The feed's incidents, each checked against the shared schema; a bad one is dropped, not the event. */
export const parseIncidentsChanged = (payload: unknown): Incident[] =>
  parseFeedRows(INCIDENT_ROWS, payload) ?? [];

export function createIncidentsStore(options: IncidentsStoreOptions): IncidentsStore {
  const { connection, filters, load } = options;
  const now = options.now ?? Date.now;
  const recheckMs = options.recheckMs ?? 1_000;
  let recheck: ReturnType<typeof setTimeout> | null = null;
  let state: IncidentsState = INITIAL;
  let byId = new Map<string, Incident>();
  /** The newest copy of every incident heard of since the last list: the list's and those that left it. */
  let latest = new Map<string, Incident>();
  const listeners = new Set<() => void>();
  let inflight: AbortController | null = null;
  /** Feed copies received while a list request is in flight. */
  let sinceRequest = new Map<string, Incident>();
  let running = false;
  /** Where the pages read so far end (null: the list is whole), and how many were read. */
  let nextCursor: string | null = null;
  let pagesRead = 0;
  let more: AbortController | null = null;

  /** The first `pages` pages (every one, when whole) as one list, with the cursor where they end. */
  const readPages = async (pages: number, signal: AbortSignal): Promise<IncidentList> => {
    const incidents: Incident[] = [];
    let cursor: string | undefined;
    let read = 0;
    do {
      const page = await load(filters, cursor, signal);
      incidents.push(...page.incidents);
      cursor = page.nextCursor;
      read += 1;
    } while (cursor !== undefined && read < (options.whole === true ? WHOLE_PAGES_MAX : pages));
    if (!signal.aborted) {
      pagesRead = read;
    }
    return { incidents, ...(cursor !== undefined ? { nextCursor: cursor } : {}) };
  };

  const publish = (patch: Partial<IncidentsState>): void => {
    state = { ...state, ...patch };
    listeners.forEach((listener) => listener());
  };

  const publishList = (next: Map<string, Incident>, patch: Partial<IncidentsState> = {}): void => {
    byId = next;
    publish({ incidents: [...next.values()].sort(newestFirst), updatedAt: now(), ...patch });
  };

  const applyList = (answer: IncidentList): void => {
    const next = new Map<string, Incident>();
    for (const listed of answer.incidents) {
      next.set(listed.id, newer(sinceRequest.get(listed.id), listed));
    }
    // One that the feed brought while the list was read, and which the list could not know yet.
    for (const fresh of sinceRequest.values()) {
      if (!next.has(fresh.id) && matchesIncident(fresh, filters)) {
        next.set(fresh.id, fresh);
      }
    }
    for (const [id, incident] of next) {
      if (!keepsIncident(incident, filters)) {
        next.delete(id);
      }
    }
    sinceRequest = new Map();
    const heard = new Map(next);
    for (const [id, known] of latest) {
      if (!heard.has(id)) {
        heard.set(id, known);
      }
    }
    latest = heard;
    nextCursor = answer.nextCursor ?? null;
    publishList(next, { status: 'ready', error: null, more: nextCursor !== null });
  };

  /** A next page: each incident at its newest copy (the feed may have told of it meanwhile), once. */
  const applyPage = (answer: IncidentList): void => {
    const next = new Map(byId);
    for (const listed of answer.incidents) {
      const kept = newer(latest.get(listed.id), listed);
      latest.set(kept.id, kept);
      if (keepsIncident(kept, filters)) {
        next.set(kept.id, kept);
      }
    }
    pagesRead += 1;
    nextCursor = answer.nextCursor ?? null;
    publishList(next, { error: null, more: nextCursor !== null, loadingMore: false });
  };

  const loadMore = (): void => {
    const cursor = nextCursor;
    if (cursor === null || more !== null || inflight !== null) {
      return;
    }
    const controller = new AbortController();
    more = controller;
    publish({ loadingMore: true });
    load(filters, cursor, controller.signal).then(
      (answer) => {
        if (more === controller) {
          more = null;
          applyPage(answer);
        }
      },
      (error: unknown) => {
        if (more === controller) {
          more = null;
          publish({ loadingMore: false, error: error instanceof Error ? error.message : String(error) });
        }
      },
    );
  };

  const reload = (): void => {
    inflight?.abort();
    // A page on its way would continue a list that is read again now.
    more?.abort();
    more = null;
    const controller = new AbortController();
    inflight = controller;
    sinceRequest = new Map();
    if (state.loadingMore) {
      publish({ loadingMore: false });
    }
    readPages(Math.max(1, pagesRead), controller.signal).then(
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

  const upsert = (incidents: readonly Incident[]): void => {
    if (incidents.length === 0) {
      return;
    }
    const next = new Map(byId);
    let changed = false;
    for (const incoming of incidents) {
      if (inflight) {
        sinceRequest.set(incoming.id, newer(sinceRequest.get(incoming.id), incoming));
      }
      const kept = newer(latest.get(incoming.id), incoming);
      if (kept !== latest.get(incoming.id)) {
        latest.set(kept.id, kept);
        changed = true;
      }
      const known = next.get(incoming.id);
      if (known !== undefined) {
        if (kept === known) {
          continue;
        }
        if (keepsIncident(kept, filters)) {
          next.set(kept.id, kept);
        } else {
          next.delete(kept.id);
        }
        changed = true;
      } else if (matchesIncident(kept, filters)) {
        next.set(kept.id, kept);
        changed = true;
      } else if (mayCover(kept)) {
        scheduleRecheck();
      }
    }
    if (changed) {
      publishList(next);
    }
  };

  /**
   * An outage about another device that counts devices into it may cover the filtered one: the server
   * knows (it lists the incidents a device is counted into), the incident alone does not say.
   */
  const mayCover = (incident: Incident): boolean =>
    filters.deviceId !== undefined && incident.suppressedCount > 0 && keepsIncident(incident, filters);

  const scheduleRecheck = (): void => {
    if (recheck === null && running) {
      recheck = setTimeout(() => {
        recheck = null;
        reload();
      }, recheckMs);
    }
  };

  const onChanged = (payload: unknown): void => upsert(parseIncidentsChanged(payload));

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get: (id) => latest.get(id),
    take: (incident) => upsert([incident]),
    start: () => {
      if (running) {
        return () => undefined;
      }
      running = true;
      let previous: ConnectionStatus = connection.getState().status;
      const stopFeed = connection.on('incidents:changed', onChanged);
      const stopStatus = connection.subscribe(() => {
        const status = connection.getState().status;
        const was = previous;
        previous = status;
        if (status === 'live' && (was === 'reconnecting' || was === 'offline')) {
          reload(); // changes announced while disconnected are not sent again
        }
      });
      reload();
      return () => {
        running = false;
        stopFeed();
        stopStatus();
        inflight?.abort();
        inflight = null;
        more?.abort();
        more = null;
        if (recheck !== null) {
          clearTimeout(recheck);
          recheck = null;
        }
      };
    },
    reload,
    loadMore,
  };
}
