// Owns a wall display's one connection to /wall and what it shows: the display's configuration, status
// counts, map points and worst links, the open incidents and the spectrum plan, and how old they are. It reconnects forever on its own (Socket.IO
// retries a dropped link; a refused handshake or a server-side close is retried here with a backoff),
// except when the server says the token is revoked or unknown: then the screen goes dark and stays so.
import {
  type Incident,
  IncidentsChangedSchema,
  WALL_INCIDENTS_MAX,
  WALL_REFUSALS,
  WallConfigSchema,
  WallEndedSchema,
  WallHelloSchema,
  WallOpenIncidentsSchema,
  WallSnapshotSchema,
  WallSpectrumSchema,
  WallStationsChangedSchema,
  WallUpdateSchema,
  type WallClientToServerEvents,
  type WallConfig,
  type WallCounts,
  type WallLink,
  type WallPoint,
  type WallServerToClientEvents,
  type WallStation,
  wallIncidentOrder,
} from '@wsnoc/shared';
import type { Socket } from 'socket.io-client';

export type WallSocket = Socket<WallServerToClientEvents, WallClientToServerEvents>;

export type WallStatus =
  /** First attempt in progress. */
  | 'connecting'
  /** Connected; data arrives. */
  | 'live'
  /** Link lost or refused for now; retrying. */
  | 'reconnecting'
  /** The server revoked this display's token. Terminal. */
  | 'revoked'
  /** The server knows no display with this token. Terminal. */
  | 'invalid';

export interface WallState {
  status: WallStatus;
  config: WallConfig | null;
  counts: WallCounts | null;
  worst: readonly WallLink[];
  /** Epoch ms of the last snapshot or update, null before any. */
  lastDataAt: number | null;
  /** Epoch ms at which the current connection became live, null while not live. */
  liveSince: number | null;
  /** Why we are not live, in words. */
  reason: string | null;
  /** Grows whenever the map points change, so the map knows to redraw. */
  pointsVersion: number;
  /** Open incidents of the scope, worst first, at most WALL_INCIDENTS_MAX; null before the first list. */
  incidents: readonly Incident[] | null;
  /** More incidents are open than the list holds. */
  incidentsTruncated: boolean;
  /** The spectrum plan of the scope's base stations; null before the first. */
  spectrum: WallSpectrumView | null;
}

export interface WallSpectrumView {
  enabled: boolean;
  stations: readonly WallStation[];
}

export interface WallStore {
  getState: () => WallState;
  subscribe: (listener: () => void) => () => void;
  /** The map points by device id; read on redraw, never copied into React state. */
  points: () => ReadonlyMap<string, WallPoint>;
  /** Opens the connection; the returned function closes it for good. */
  start: () => () => void;
}

export interface WallStoreOptions {
  createSocket: () => WallSocket;
  now?: () => number;
  /** Retry delays after a refusal or a server-side close: doubled from min up to max. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

export function createWallStore(options: WallStoreOptions): WallStore {
  const now = options.now ?? Date.now;
  const retryMin = options.retryMinMs ?? 1_000;
  const retryMax = options.retryMaxMs ?? 30_000;
  let points = new Map<string, WallPoint>();
  let incidents = new Map<string, Incident>();
  let stations = new Map<string, WallStation>();
  let state: WallState = {
    status: 'connecting',
    config: null,
    counts: null,
    worst: [],
    lastDataAt: null,
    liveSince: null,
    reason: null,
    pointsVersion: 0,
    incidents: null,
    incidentsTruncated: false,
    spectrum: null,
  };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<WallState>): void => {
    state = { ...state, ...patch };
    listeners.forEach((listener) => listener());
  };
  const terminal = () => state.status === 'revoked' || state.status === 'invalid';
  /** The list in the wall's order; beyond the cap the least urgent are dropped (and said to be). */
  const incidentList = (truncated: boolean): Partial<WallState> => {
    const list = [...incidents.values()].sort(wallIncidentOrder);
    if (list.length > WALL_INCIDENTS_MAX) {
      incidents = new Map(list.slice(0, WALL_INCIDENTS_MAX).map((i) => [i.id, i]));
    }
    return {
      incidents: list.slice(0, WALL_INCIDENTS_MAX),
      incidentsTruncated: truncated || list.length > WALL_INCIDENTS_MAX,
    };
  };
  const spectrumView = (enabled: boolean): WallSpectrumView => ({
    enabled,
    stations: [...stations.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })),
  });

  const start = (): (() => void) => {
    const socket = options.createSocket();
    let retry: ReturnType<typeof setTimeout> | null = null;
    let delay = retryMin;
    let stopped = false;

    const retryLater = (): void => {
      if (retry !== null || stopped || terminal()) {
        return;
      }
      retry = setTimeout(() => {
        retry = null;
        if (!stopped && !terminal() && !socket.connected) {
          socket.connect();
        }
      }, delay);
      delay = Math.min(retryMax, delay * 2);
    };
    const goDark = (status: 'revoked' | 'invalid', reason: string): void => {
      points = new Map();
      incidents = new Map();
      stations = new Map();
      set({
        status,
        reason,
        counts: null,
        worst: [],
        incidents: null,
        incidentsTruncated: false,
        spectrum: null,
        liveSince: null,
        pointsVersion: state.pointsVersion + 1,
      });
      socket.disconnect();
    };

    socket.on('connect', () => {
      delay = retryMin;
      set({ status: 'live', liveSince: now(), reason: null });
    });
    socket.on('wall:hello', (payload) => {
      const hello = WallHelloSchema.safeParse(payload);
      if (hello.success) {
        set({ config: hello.data.display });
      }
    });
    socket.on('wall:config', (payload) => {
      const config = WallConfigSchema.safeParse(payload);
      if (config.success) {
        set({ config: config.data });
      }
    });
    socket.on('wall:snapshot', (payload) => {
      const snapshot = WallSnapshotSchema.safeParse(payload);
      if (!snapshot.success) {
        return;
      }
      points = new Map(snapshot.data.points.map((p) => [p.id, p]));
      set({
        counts: snapshot.data.counts,
        worst: snapshot.data.worst,
        lastDataAt: now(),
        pointsVersion: state.pointsVersion + 1,
      });
    });
    socket.on('wall:update', (payload) => {
      const update = WallUpdateSchema.safeParse(payload);
      if (!update.success) {
        return;
      }
      const { points: upserts, removed } = update.data;
      for (const point of upserts) {
        points.set(point.id, point);
      }
      for (const id of removed) {
        points.delete(id);
      }
      set({
        counts: update.data.counts,
        worst: update.data.worst,
        lastDataAt: now(),
        pointsVersion: upserts.length || removed.length ? state.pointsVersion + 1 : state.pointsVersion,
      });
    });
    socket.on('wall:open-incidents', (payload) => {
      const list = WallOpenIncidentsSchema.safeParse(payload);
      if (list.success) {
        incidents = new Map(list.data.incidents.map((i) => [i.id, i]));
        set(incidentList(list.data.truncated));
      }
    });
    socket.on('wall:incidents', (payload) => {
      const changed = IncidentsChangedSchema.safeParse(payload);
      if (!changed.success || state.incidents === null) {
        return; // the whole list is on its way, and will hold these changes
      }
      for (const incident of changed.data.incidents) {
        if (incident.state === 'resolved') {
          incidents.delete(incident.id);
        } else {
          incidents.set(incident.id, incident);
        }
      }
      set(incidentList(state.incidentsTruncated));
    });
    socket.on('wall:spectrum', (payload) => {
      const plan = WallSpectrumSchema.safeParse(payload);
      if (plan.success) {
        stations = new Map(plan.data.stations.map((s) => [s.id, s]));
        set({ spectrum: spectrumView(plan.data.enabled) });
      }
    });
    socket.on('wall:stations', (payload) => {
      const changed = WallStationsChangedSchema.safeParse(payload);
      if (!changed.success || state.spectrum === null) {
        return;
      }
      for (const station of changed.data.stations) {
        stations.set(station.id, station);
      }
      for (const id of changed.data.removed) {
        stations.delete(id);
      }
      set({ spectrum: spectrumView(state.spectrum.enabled) });
    });
    socket.on('wall:ended', (payload) => {
      if (WallEndedSchema.safeParse(payload).success) {
        goDark('revoked', 'An admin revoked this display');
      }
    });
    socket.on('disconnect', (reason) => {
      if (stopped || terminal()) {
        return;
      }
      set({ status: 'reconnecting', liveSince: null, reason: `Connection lost (${reason})` });
      // A close from the server side (not a revocation, which says so first) is not retried by
      // Socket.IO itself: retry here.
      if (!socket.active) {
        retryLater();
      }
    });
    socket.on('connect_error', (error) => {
      if (stopped) {
        return;
      }
      const message = error.message;
      if (message.startsWith(WALL_REFUSALS.revoked)) {
        goDark('revoked', message);
        return;
      }
      if (message.startsWith(WALL_REFUSALS.unknown)) {
        goDark('invalid', message);
        return;
      }
      set({
        status: state.lastDataAt === null ? 'connecting' : 'reconnecting',
        liveSince: null,
        reason: message,
      });
      // Socket.IO retries a network failure itself, but not a handshake its server refused.
      if (!socket.active) {
        retryLater();
      }
    });
    socket.connect();

    return () => {
      stopped = true;
      if (retry !== null) {
        clearTimeout(retry);
      }
      socket.disconnect();
      socket.removeAllListeners();
    };
  };

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    points: () => points,
    start,
  };
}
