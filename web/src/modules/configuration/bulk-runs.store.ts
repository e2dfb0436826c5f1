// Bulk runs as this tab knows them: the recent runs (GET /api/bulk-runs) and, for each run opened here,
// its devices. Runs come from the REST answers (create, detail, pause, ...) and then from the feed's
// `bulk:run` events, each the run with its counts and the devices that changed. The feed has no replay,
// so when the connection comes back every run still going is read again.
import {
  BulkItemSchema,
  BulkRunSchema,
  type BulkItem,
  type BulkItemStatus,
  type BulkResume,
  type BulkRun,
  type BulkRunDetail,
  type BulkRunEvent,
  type BulkRunStatus,
} from '@wsnoc/shared';
import { parseFeedRows } from '@/infra/feed-rows';
import { onBackLive, type ConnectionStore } from '@/modules/connection/connection.store';
import type { RunAction } from './bulk.api';

export interface TrackedRun {
  run: BulkRun;
  /** Every device of the run, by item id, in the order the server listed them. */
  items: ReadonlyMap<string, BulkItem>;
}

export interface RunActionFailure {
  runId: string;
  action: RunAction;
  message: string;
}

export interface BulkRunsState {
  /** Newest first; null until the first answer. */
  list: readonly BulkRun[] | null;
  listError: string | null;
  runs: ReadonlyMap<string, TrackedRun>;
  /** Why a run could not be read (unknown id in the address, server away), by run id. */
  openErrors: ReadonlyMap<string, string>;
  /** The action under way, one at a time. */
  pending: { runId: string; action: RunAction } | null;
  failure: RunActionFailure | null;
}

export interface BulkRunsApi {
  list: (signal?: AbortSignal) => Promise<BulkRun[]>;
  detail: (runId: string, signal?: AbortSignal) => Promise<BulkRunDetail>;
  act: (runId: string, action: RunAction, body?: BulkResume) => Promise<BulkRunDetail>;
}

export interface BulkRunsStore {
  getState: () => BulkRunsState;
  subscribe: (listener: () => void) => () => void;
  /** Reads a run with its devices (again, if already known) and follows it from then on. */
  open: (runId: string) => Promise<void>;
  /** A run this tab just created: its answer is the first copy. */
  take: (detail: BulkRunDetail) => void;
  /** Pause, resume, cancel or roll back; resolves with the answer (a rollback's is the new run). */
  act: (runId: string, action: RunAction, body?: BulkResume) => Promise<BulkRunDetail | null>;
  refreshList: () => Promise<void>;
  /** Follows the feed and the connection. Returns the stop. */
  start: () => () => void;
}

const FINISHED: ReadonlySet<BulkRunStatus> = new Set(['cancelled', 'completed']);
const ITEM_DONE: ReadonlySet<BulkItemStatus> = new Set([
  'succeeded',
  'unchanged',
  'failed',
  'reverted',
  'cancelled',
]);

export const runFinished = (run: BulkRun): boolean => FINISHED.has(run.status);
export const itemFinished = (item: BulkItem): boolean => ITEM_DONE.has(item.status);

/** Devices the run is done with, whatever the outcome. */
export const devicesDone = ({ counts }: BulkRun): number =>
  counts.total - counts.pending - counts.queued - counts.applying;

/**
 * Which of two copies of a run to keep. A REST answer and the feed's events race (the engine moves on
 * before the answer is written), so a finished copy beats a running one and the one further along wins.
 */
export function newerRun(known: BulkRun | undefined, incoming: BulkRun): BulkRun {
  if (known === undefined) {
    return incoming;
  }
  if (runFinished(known) && !runFinished(incoming)) {
    return known;
  }
  return devicesDone(incoming) < devicesDone(known) ? known : incoming;
}

/** A device that is done never goes back; one not done may (a busy radio is put back for later). */
const newerItem = (known: BulkItem | undefined, incoming: BulkItem): BulkItem =>
  known !== undefined && itemFinished(known) && !itemFinished(incoming) ? known : incoming;

const ITEM_ROWS = { event: 'bulk:run', key: 'items', schema: BulkItemSchema };

/** A run's event: the run must match the contract; a device row that does not is dropped, not the event. */
export function parseBulkRunEvent(payload: unknown): BulkRunEvent | null {
  const run = BulkRunSchema.safeParse(
    typeof payload === 'object' && payload !== null ? (payload as { run?: unknown }).run : undefined,
  );
  if (!run.success) {
    console.warn('bulk:run did not match the contract', run.error.issues.slice(0, 3));
    return null;
  }
  const items = parseFeedRows(ITEM_ROWS, payload);
  return items === null ? null : { run: run.data, items };
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const INITIAL: BulkRunsState = {
  list: null,
  listError: null,
  runs: new Map(),
  openErrors: new Map(),
  pending: null,
  failure: null,
};

export function createBulkRunsStore({
  connection,
  api,
}: {
  connection: ConnectionStore;
  api: BulkRunsApi;
}): BulkRunsStore {
  let state = INITIAL;
  const listeners = new Set<() => void>();
  let running = false;

  const publish = (patch: Partial<BulkRunsState>): void => {
    state = { ...state, ...patch };
    listeners.forEach((listener) => listener());
  };

  const withListed = (run: BulkRun): readonly BulkRun[] | null => {
    if (state.list === null) {
      return null;
    }
    const index = state.list.findIndex((r) => r.id === run.id);
    if (index < 0) {
      return [run, ...state.list];
    }
    const kept = newerRun(state.list[index], run);
    return kept === state.list[index] ? state.list : state.list.map((r, i) => (i === index ? kept : r));
  };

  /** Merges a copy of a run and some of its devices; `whole` when the items are every device. */
  const merge = (run: BulkRun, items: readonly BulkItem[], whole: boolean): void => {
    const known = state.runs.get(run.id);
    const runs = new Map(state.runs);
    if (known !== undefined || whole) {
      const next = new Map(known?.items ?? []);
      for (const item of items) {
        next.set(item.id, newerItem(next.get(item.id), item));
      }
      runs.set(run.id, { run: newerRun(known?.run, run), items: next });
    }
    publish({ runs, list: withListed(run) });
  };

  const take = (detail: BulkRunDetail): void => {
    const { items, ...run } = detail;
    if (state.openErrors.has(run.id)) {
      const openErrors = new Map(state.openErrors);
      openErrors.delete(run.id);
      publish({ openErrors });
    }
    merge(run, items, true);
  };

  const open = async (runId: string): Promise<void> => {
    try {
      take(await api.detail(runId));
    } catch (error) {
      publish({ openErrors: new Map(state.openErrors).set(runId, message(error)) });
    }
  };

  const refreshList = async (): Promise<void> => {
    try {
      const list = await api.list();
      // A run the feed moved on while the list was read keeps its newer copy.
      const merged = list.map((run) => newerRun(state.runs.get(run.id)?.run, run));
      publish({ list: merged, listError: null });
    } catch (error) {
      publish({ listError: message(error) });
    }
  };

  const act = async (runId: string, action: RunAction, body?: BulkResume): Promise<BulkRunDetail | null> => {
    if (state.pending !== null) {
      return null;
    }
    publish({ pending: { runId, action }, failure: null });
    try {
      const detail = await api.act(runId, action, body);
      publish({ pending: null });
      take(detail);
      const original = state.runs.get(runId);
      if (action === 'rollback' && original !== undefined) {
        // The original's own event says so too; the button must not offer a second rollback meanwhile.
        merge({ ...original.run, rolledBackBy: detail.id }, [], false);
      }
      return detail;
    } catch (error) {
      publish({ pending: null, failure: { runId, action, message: message(error) } });
      return null;
    }
  };

  const onEvent = (payload: unknown): void => {
    const event = parseBulkRunEvent(payload);
    if (event !== null) {
      merge(event.run, event.items, false);
    }
  };

  const readAgain = (): void => {
    void refreshList();
    for (const { run } of state.runs.values()) {
      if (!runFinished(run)) {
        void open(run.id);
      }
    }
  };

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    open,
    take,
    act,
    refreshList,
    start: () => {
      if (running) {
        return () => undefined;
      }
      running = true;
      const stopFeed = connection.on('bulk:run', onEvent);
      // Progress announced while disconnected is not sent again.
      const stopStatus = onBackLive(connection, readAgain);
      void refreshList();
      return () => {
        running = false;
        stopFeed();
        stopStatus();
      };
    },
  };
}
