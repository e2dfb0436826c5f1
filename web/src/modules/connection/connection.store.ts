// Owns the tab's single Socket.IO connection to /ops and its explicit connection state. Screens read the
// state through useSyncExternalStore; the live data layer registers event handlers here instead of
// opening sockets of its own, so a tab never holds more than one connection however many screens listen.
import {
  AuthExpiredSchema,
  FEED_REFUSED_UNAVAILABLE,
  ServerHelloSchema,
  type AuthExpired,
  type ClientToServerEvents,
  type ServerHello,
  type ServerToClientEvents,
} from '@wsnoc/shared';
import type { Socket } from 'socket.io-client';

export type OpsSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionStatus =
  /** Nobody needs the feed (signed out, or before the shell mounts). */
  | 'idle'
  /** First attempt in progress; nothing heard yet. */
  | 'connecting'
  /** Connected and hearing from the server. */
  | 'live'
  /** Connected, but nothing heard for longer than staleAfterMs: the data on screen may be old. */
  | 'stale'
  /** Link lost; Socket.IO is retrying on its own. */
  | 'reconnecting'
  /** Not connected and not retrying (server refused us, or closed the session). */
  | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Epoch ms of the last thing heard from the server (any event or heartbeat answer), null before any. */
  lastMessageAt: number | null;
  /** Epoch ms at which the current status began. */
  since: number;
  /** Reconnection attempts since the link was lost; 0 while connected. */
  attempt: number;
  /** The server's greeting on the current connection. */
  hello: ServerHello | null;
  /** Why we are not live, in words an operator can read. */
  reason: string | null;
}

type EventName = keyof ServerToClientEvents;
type EventHandler<E extends EventName> = (...args: Parameters<ServerToClientEvents[E]>) => void;

export interface ConnectionStore {
  getState: () => ConnectionState;
  subscribe: (listener: () => void) => () => void;
  /** Opens the connection if needed and holds it open until the returned release is called (ref-counted). */
  acquire: () => () => void;
  /** Listens to a server event across reconnects. Returns the unsubscribe. */
  on: <E extends EventName>(event: E, handler: EventHandler<E>) => () => void;
  /** The socket, for emitting; null while idle. */
  getSocket: () => OpsSocket | null;
}

export interface ConnectionStoreOptions {
  createSocket: () => OpsSocket;
  now?: () => number;
  /** How often to ask the server for a heartbeat answer while connected. */
  heartbeatMs?: number;
  /** Silence longer than this while connected turns the state to 'stale'. */
  staleAfterMs?: number;
  /** Keeps the socket briefly after the last release, so a remount (StrictMode, route change) reuses it. */
  releaseGraceMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 5_000;
export const DEFAULT_STALE_AFTER_MS = 15_000;
/** lastMessageAt is published at most this often; labels show whole seconds, so more would only churn renders. */
const PUBLISH_RESOLUTION_MS = 1_000;
const STALE_CHECK_MS = 1_000;
/** The longest wait before asking again after the server could not check the session just then. */
const MAX_UNAVAILABLE_RETRY_MS = 30_000;

/** What a handshake refusal carries besides its message (socket.io's connect_error `data`). */
interface RefusalData {
  code?: string;
  retryInMs?: number;
}

/** What an operator reads when the server ended the feed because the session ended. */
const SESSION_ENDED: Record<AuthExpired['reason'], string> = {
  'signed-out': 'Signed out (in this or another window); sign in again',
  expired: 'Your session has expired; sign in again',
};

export function createConnectionStore(options: ConnectionStoreOptions): ConnectionStore {
  const now = options.now ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const releaseGraceMs = options.releaseGraceMs ?? 1_000;

  let state: ConnectionState = {
    status: 'idle',
    lastMessageAt: null,
    since: now(),
    attempt: 0,
    hello: null,
    reason: null,
  };
  const listeners = new Set<() => void>();
  const handlers = new Map<EventName, Set<(...args: unknown[]) => void>>();
  let socket: OpsSocket | null = null;
  let holders = 0;
  let closeTimer: ReturnType<typeof setTimeout> | null = null;
  let heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  let staleTimer: ReturnType<typeof setInterval> | null = null;
  let lastHeardAt: number | null = null;
  /** Set when the server said the session ended: the close that follows keeps that explanation. */
  let sessionEnded: string | null = null;
  /** A retry after an `unavailable` refusal (Socket.IO does not retry a refused handshake on its own). */
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let unavailableRetries = 0;

  const clearRetryTimer = (): void => {
    if (retryTimer !== null) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
  };

  const publish = (patch: Partial<ConnectionState>): void => {
    const statusChanged = patch.status !== undefined && patch.status !== state.status;
    state = { ...state, ...patch, ...(statusChanged ? { since: now() } : {}) };
    listeners.forEach((listener) => listener());
  };

  const heard = (): void => {
    const at = now();
    lastHeardAt = at;
    if (state.status === 'stale' || state.status === 'connecting') {
      publish({ status: 'live', lastMessageAt: at, reason: null });
    } else if (state.lastMessageAt === null || at - state.lastMessageAt >= PUBLISH_RESOLUTION_MS) {
      publish({ lastMessageAt: at });
    }
  };

  const stopTimers = (): void => {
    if (heartbeatTimer !== null) {
      clearInterval(heartbeatTimer);
      heartbeatTimer = null;
    }
    if (staleTimer !== null) {
      clearInterval(staleTimer);
      staleTimer = null;
    }
  };

  const startTimers = (live: OpsSocket): void => {
    stopTimers();
    // A heartbeat proves the server's event loop answers, not just that a TCP socket is open.
    heartbeatTimer = setInterval(() => {
      live.timeout(heartbeatMs).emit('ping', (error) => {
        if (!error) {
          heard();
        }
      });
    }, heartbeatMs);
    staleTimer = setInterval(() => {
      const silentFor = now() - (lastHeardAt ?? state.since);
      if (state.status === 'live' && silentFor > staleAfterMs) {
        publish({ status: 'stale', lastMessageAt: lastHeardAt, reason: 'No answer from the server' });
      }
    }, STALE_CHECK_MS);
  };

  const attach = (live: OpsSocket): void => {
    live.on('connect', () => {
      unavailableRetries = 0;
      lastHeardAt = now();
      publish({ status: 'live', lastMessageAt: lastHeardAt, attempt: 0, reason: null });
      startTimers(live);
    });
    live.on('disconnect', (reason) => {
      stopTimers();
      if (reason === 'io client disconnect') {
        return; // We closed it ourselves; close() already set the state.
      }
      if (sessionEnded !== null) {
        publish({ status: 'offline', lastMessageAt: lastHeardAt, reason: sessionEnded });
        return;
      }
      publish(
        live.active
          ? { status: 'reconnecting', lastMessageAt: lastHeardAt, reason: `Connection lost (${reason})` }
          : { status: 'offline', lastMessageAt: lastHeardAt, reason: 'The server closed the connection' },
      );
    });
    // The server closes the socket right after this; going offline now lets the shell check the session
    // (SessionWatchEffect), which sends the user to sign in.
    live.on('auth:expired', (payload) => {
      const parsed = AuthExpiredSchema.safeParse(payload);
      sessionEnded = SESSION_ENDED[parsed.success ? parsed.data.reason : 'expired'];
      stopTimers();
      publish({ status: 'offline', lastMessageAt: lastHeardAt, reason: sessionEnded });
    });
    live.on('connect_error', (error) => {
      const data = (error as Error & { data?: RefusalData }).data;
      if (!live.active && data?.code === FEED_REFUSED_UNAVAILABLE) {
        // A burst (every tab reconnecting after a restart) the server could not check in time: try again,
        // a little later each time and spread out so the retries do not arrive as one burst again.
        unavailableRetries += 1;
        const base = Math.min(MAX_UNAVAILABLE_RETRY_MS, (data.retryInMs ?? 1_000) * unavailableRetries);
        const wait = Math.round(base * (1 + Math.random() / 2));
        clearRetryTimer();
        retryTimer = setTimeout(() => {
          retryTimer = null;
          if (socket === live) {
            live.connect();
          }
        }, wait);
        publish({
          status: 'reconnecting',
          lastMessageAt: lastHeardAt,
          attempt: unavailableRetries,
          reason: `${error.message} (trying again in ${Math.round(wait / 1000)} s)`,
        });
        return;
      }
      publish(
        live.active
          ? { status: 'reconnecting', lastMessageAt: lastHeardAt, reason: error.message }
          : {
              status: 'offline',
              lastMessageAt: lastHeardAt,
              reason: `The server refused the connection: ${error.message}`,
            },
      );
    });
    live.io.on('reconnect_attempt', (attempt) => publish({ attempt }));
    live.io.on('reconnect_failed', () => publish({ status: 'offline', reason: 'Gave up reconnecting' }));
    live.on('hello', (payload) => {
      const parsed = ServerHelloSchema.safeParse(payload);
      publish({ hello: parsed.success ? parsed.data : null });
    });
    // Every server event counts as a sign of life, including ones this store does not know about yet.
    live.onAny((event: string, ...args: unknown[]) => {
      heard();
      handlers.get(event as EventName)?.forEach((handler) => handler(...args));
    });
  };

  const open = (): void => {
    if (socket) {
      return;
    }
    socket = options.createSocket();
    attach(socket);
    lastHeardAt = null;
    sessionEnded = null;
    publish({ status: 'connecting', lastMessageAt: null, attempt: 0, hello: null, reason: null });
    socket.connect();
  };

  const close = (): void => {
    closeTimer = null;
    stopTimers();
    clearRetryTimer();
    unavailableRetries = 0;
    if (socket) {
      const closing = socket;
      socket = null;
      closing.disconnect();
      closing.removeAllListeners();
      closing.offAny();
      closing.io.removeAllListeners();
    }
    publish({ status: 'idle', attempt: 0, hello: null, reason: null });
  };

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    acquire: () => {
      holders += 1;
      if (closeTimer !== null) {
        clearTimeout(closeTimer);
        closeTimer = null;
      }
      open();
      let released = false;
      return () => {
        if (released) {
          return;
        }
        released = true;
        holders -= 1;
        if (holders === 0) {
          closeTimer = setTimeout(close, releaseGraceMs);
        }
      };
    },
    on: (event, handler) => {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      const untyped = handler as (...args: unknown[]) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
    getSocket: () => socket,
  };
}

/**
 * Calls listener each time the connection comes back live after a lost link (reconnecting or offline):
 * feed events sent meanwhile are not sent again, so whatever listens to them must read afresh.
 * Returns the unsubscribe.
 */
export function onBackLive(connection: ConnectionStore, listener: () => void): () => void {
  let previous: ConnectionStatus = connection.getState().status;
  return connection.subscribe(() => {
    const status = connection.getState().status;
    const was = previous;
    previous = status;
    if (status === 'live' && (was === 'reconnecting' || was === 'offline')) {
      listener();
    }
  });
}
