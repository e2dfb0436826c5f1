// The tab's live picture of the fleet, fed by the one /ops connection: a snapshot, then deltas applied in
// seq order, one pass per frame. A gap in seq or a reconnect asks the server for a fresh snapshot and
// ignores deltas until it arrives, so the screen never shows a fleet assembled from frames with a hole.
// Screens subscribe to the whole store (useSyncExternalStore) and select; there are no per-row channels.
import {
  decodeSnapshotFrame,
  FeedDeltaSchema,
  type DeviceLive,
  type FeedDelta,
  type FeedSnapshot,
  type FeedSnapshotFrame,
  type ResyncReason,
} from '@wsnoc/shared';

export type { ResyncReason } from '@wsnoc/shared';
import type { ConnectionStatus, ConnectionStore } from '@/modules/connection/connection.store';
import { applyDeltaFrame, applySnapshotFrame, type FrameResult, type StatusTransition } from './fleet-frame';
import { gunzipText } from './gunzip';

export type FeedPhase =
  /** No snapshot yet (signed out, or the first one is on its way). */
  | 'waiting'
  /** Snapshot plus every delta since, in order. */
  | 'synced'
  /** A gap or a reconnect: deltas are ignored until the requested snapshot arrives. */
  | 'resyncing';

export interface FleetState {
  devices: ReadonlyMap<string, DeviceLive>;
  /** +1 for every applied frame; cheap memo key for derived views. */
  version: number;
  seq: number | null;
  /** Ids whose row changed (or was removed) in the last applied frame. */
  changedIds: ReadonlySet<string>;
  /** Epoch ms at which the last frame was applied: the age of the data on screen. */
  lastFrameAt: number | null;
  phase: FeedPhase;
  /** Status changes seen in the feed, newest first. */
  transitions: readonly StatusTransition[];
  lastResyncReason: ResyncReason | null;
}

export interface FleetStore {
  getState: () => FleetState;
  subscribe: (listener: () => void) => () => void;
  /** All rows in feed order; the same array until the next frame. */
  getList: () => readonly DeviceLive[];
  /** The version of the frame that last changed this row; 0 if none since the first snapshot. */
  changedVersion: (id: string) => number;
  requestResync: (reason: ResyncReason) => void;
  dispose: () => void;
}

export interface FleetStoreOptions {
  connection: ConnectionStore;
  now?: () => number;
  /** If a requested snapshot does not come within this long, ask again. */
  resyncRetryMs?: number;
  transitionsKept?: number;
}

const EMPTY_STATE: FleetState = {
  devices: new Map(),
  version: 0,
  seq: null,
  changedIds: new Set(),
  lastFrameAt: null,
  phase: 'waiting',
  transitions: [],
  lastResyncReason: null,
};

export function createFleetStore(options: FleetStoreOptions): FleetStore {
  const { connection } = options;
  const now = options.now ?? Date.now;
  const resyncRetryMs = options.resyncRetryMs ?? 5_000;
  const transitionsKept = options.transitionsKept ?? 100;

  let state: FleetState = EMPTY_STATE;
  let list: readonly DeviceLive[] = [];
  let listVersion = 0;
  const changedAt = new Map<string, number>();
  const listeners = new Set<() => void>();
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const publish = (next: FleetState): void => {
    state = next;
    listeners.forEach((listener) => listener());
  };

  const clearRetry = (): void => {
    if (retryTimer !== null) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
  };

  const requestResync = (reason: ResyncReason): void => {
    clearRetry();
    connection.getSocket()?.emit('devices:resync', { reason });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (state.phase === 'resyncing' && connection.getState().status === 'live') {
        requestResync(reason);
      }
    }, resyncRetryMs);
    if (state.phase !== 'resyncing' || state.lastResyncReason !== reason) {
      publish({ ...state, phase: 'resyncing', lastResyncReason: reason });
    }
  };

  const commit = (frame: FrameResult, seq: number): void => {
    const version = state.version + 1;
    frame.changedIds.forEach((id) => changedAt.set(id, version));
    const transitions =
      frame.transitions.length === 0
        ? state.transitions
        : [...frame.transitions.reverse(), ...state.transitions].slice(0, transitionsKept);
    publish({
      ...state,
      devices: frame.devices,
      version,
      seq,
      changedIds: frame.changedIds,
      lastFrameAt: now(),
      phase: 'synced',
      transitions,
    });
  };

  const applySnapshot = (snapshot: FeedSnapshot): void => {
    clearRetry();
    commit(applySnapshotFrame(state.devices, snapshot.devices, snapshot.at), snapshot.seq);
  };

  /**
   * Deltas that arrived while a gzipped snapshot was being unpacked, in order; null when none is. They
   * follow that snapshot (the server sends the frames since it right after it), so they wait for it.
   */
  let held: FeedDelta[] | null = null;
  /** Bumped by every snapshot: an unpacking overtaken by a newer snapshot is dropped. */
  let snapshotToken = 0;

  const onSnapshot = (payload: FeedSnapshotFrame): void => {
    const token = ++snapshotToken;
    if (payload?.encoding !== 'columnar+gzip') {
      held = null;
      try {
        applySnapshot(decodeSnapshotFrame(payload));
      } catch (err) {
        console.warn('devices:snapshot did not match the contract', (err as Error).message);
      }
      return;
    }
    held = [];
    const data = payload.data as ArrayBuffer | Uint8Array<ArrayBuffer>;
    gunzipText(data)
      .then((json) => {
        if (token !== snapshotToken) {
          return;
        }
        const waiting = held ?? [];
        held = null;
        applySnapshot(decodeSnapshotFrame(payload, json));
        waiting.forEach(onDelta);
      })
      .catch((err: unknown) => {
        if (token !== snapshotToken) {
          return;
        }
        held = null;
        console.warn('devices:snapshot could not be decoded', (err as Error).message);
        requestResync('gap');
      });
  };

  const onDelta = (payload: FeedDelta): void => {
    if (held) {
      held.push(payload);
      return;
    }
    if (state.phase !== 'synced' || state.seq === null) {
      return; // Waiting for a snapshot: a delta cannot be applied to a picture we do not have.
    }
    const parsed = FeedDeltaSchema.safeParse(payload);
    if (!parsed.success) {
      console.warn('devices:delta did not match the contract', parsed.error.issues.slice(0, 3));
      requestResync('gap');
      return;
    }
    const delta = parsed.data;
    if (delta.seq <= state.seq) {
      return; // Already applied (a frame sent twice around a resync).
    }
    if (delta.seq !== state.seq + 1) {
      requestResync('gap');
      return;
    }
    commit(applyDeltaFrame(state.devices, delta.changes, delta.removed, delta.at), delta.seq);
  };

  let previousStatus: ConnectionStatus = connection.getState().status;
  const onConnectionChange = (): void => {
    const status = connection.getState().status;
    const was = previousStatus;
    previousStatus = status;
    if (status === was) {
      return;
    }
    if (status === 'idle') {
      // Signed out: nothing of the fleet may outlive the session.
      clearRetry();
      snapshotToken++;
      held = null;
      changedAt.clear();
      publish({ ...EMPTY_STATE, devices: new Map(), version: state.version + 1 });
      return;
    }
    if (status === 'live' && (was === 'reconnecting' || was === 'offline')) {
      // Frames were certainly lost while disconnected.
      requestResync('reconnect');
    }
  };

  const unsubscribers = [
    connection.on('devices:snapshot', onSnapshot),
    connection.on('devices:delta', onDelta),
    connection.subscribe(onConnectionChange),
  ];

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getList: () => {
      if (listVersion !== state.version) {
        list = Array.from(state.devices.values());
        listVersion = state.version;
      }
      return list;
    },
    changedVersion: (id) => changedAt.get(id) ?? 0,
    requestResync,
    dispose: () => {
      clearRetry();
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      listeners.clear();
    },
  };
}
