import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeOpsSocket } from '@/test/fake-ops-socket';
import { createConnectionStore, onBackLive, type ConnectionStore } from './connection.store';
import { describeConnection } from './describe-connection';

const HELLO = {
  serverTime: '2025-01-01T00:00:00.000Z',
  version: '0.1.0',
  user: { username: 'admin', role: 'admin' },
};

describe('createConnectionStore', () => {
  let socket: FakeOpsSocket;
  let store: ConnectionStore;
  let created: number;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
    socket = new FakeOpsSocket();
    created = 0;
    store = createConnectionStore({
      createSocket: () => {
        created += 1;
        return socket.asOpsSocket();
      },
      heartbeatMs: 5_000,
      staleAfterMs: 15_000,
      releaseGraceMs: 1_000,
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('is idle until someone acquires it, then connecting, then live on connect', () => {
    expect(store.getState().status).toBe('idle');

    store.acquire();
    expect(store.getState().status).toBe('connecting');
    expect(socket.connectCalls).toBe(1);

    socket.serverConnects();
    expect(store.getState()).toMatchObject({ status: 'live', attempt: 0, reason: null });
    expect(describeConnection(store.getState(), Date.now()).label).toBe('live');
  });

  it('keeps the server hello after parsing it', () => {
    store.acquire();
    socket.serverConnects();
    socket.serverEmits('hello', HELLO);
    expect(store.getState().hello).toEqual(HELLO);
  });

  it('turns a dropped link into reconnecting with the age of the last message', () => {
    store.acquire();
    socket.serverConnects();
    const connectedAt = Date.now();

    vi.advanceTimersByTime(2_000);
    socket.drop('transport close');

    const state = store.getState();
    expect(state.status).toBe('reconnecting');
    expect(state.reason).toMatch(/transport close/);
    // The last heartbeat did not happen yet (5 s), so the last message is the connect itself.
    expect(state.lastMessageAt).toBe(connectedAt);
    expect(describeConnection(state, connectedAt + 12_000)).toEqual({ label: 'reconnecting…', age: '12 s' });

    socket.io.fire('reconnect_attempt', 3);
    expect(store.getState().attempt).toBe(3);

    socket.serverConnects();
    expect(store.getState()).toMatchObject({ status: 'live', attempt: 0 });
  });

  it('goes stale when the server stops answering, and live again when it speaks', () => {
    store.acquire();
    socket.serverConnects();

    vi.advanceTimersByTime(30_000);
    expect(store.getState().status).toBe('live'); // heartbeats answered every 5 s

    socket.answersPings = false;
    const lastAnswer = Date.now();
    vi.advanceTimersByTime(16_000);
    const stale = store.getState();
    expect(stale.status).toBe('stale');
    expect(describeConnection(stale, Date.now()).age).toBe('16 s');
    expect(stale.lastMessageAt).toBe(lastAnswer);

    socket.serverEmits('hello', HELLO);
    expect(store.getState().status).toBe('live');
  });

  it('is offline when the server refuses the connection and stops retrying', () => {
    store.acquire();
    socket.refuse('unauthorized');
    expect(store.getState()).toMatchObject({ status: 'offline' });
    expect(store.getState().reason).toMatch(/unauthorized/);
  });

  it('tries again, later each time, when the server could not check the session just then', () => {
    store.acquire();
    expect(socket.connectCalls).toBe(1);
    const refusal = 'unavailable: the session could not be checked now; retrying in 1 s';
    socket.refuse(refusal, { code: 'unavailable', retryInMs: 1_000 });
    expect(store.getState()).toMatchObject({ status: 'reconnecting', attempt: 1 });
    expect(store.getState().reason).toMatch(/^unavailable: the session could not be checked now/);
    vi.advanceTimersByTime(999);
    expect(socket.connectCalls).toBe(1);
    vi.advanceTimersByTime(501); // at most 1.5 s with the spread
    expect(socket.connectCalls).toBe(2);
    socket.refuse(refusal, { code: 'unavailable', retryInMs: 1_000 });
    expect(store.getState().attempt).toBe(2);
    vi.advanceTimersByTime(1_999);
    expect(socket.connectCalls).toBe(2);
    vi.advanceTimersByTime(1_001);
    expect(socket.connectCalls).toBe(3);
    socket.serverConnects();
    expect(store.getState()).toMatchObject({ status: 'live', attempt: 0 });
  });

  it('does not retry a refusal that is not `unavailable`, nor after it was released', () => {
    const release = store.acquire();
    socket.refuse('unauthorized: session expired', { code: 'other' });
    expect(store.getState().status).toBe('offline');
    vi.advanceTimersByTime(60_000);
    expect(socket.connectCalls).toBe(1);
    release();
    vi.advanceTimersByTime(2_000);
    expect(store.getState().status).toBe('idle');
  });

  it('is offline when the server closes the session', () => {
    store.acquire();
    socket.serverConnects();
    socket.active = false; // Socket.IO does not reconnect after 'io server disconnect'
    socket.drop('io server disconnect');
    expect(store.getState().status).toBe('offline');
  });

  it('is offline with the reason when the server ends the session, and stays so when it closes', () => {
    store.acquire();
    socket.serverConnects();
    socket.serverEmits('auth:expired', { reason: 'signed-out' });
    expect(store.getState()).toMatchObject({ status: 'offline' });
    expect(store.getState().reason).toMatch(/Signed out/);

    socket.active = false; // the server closes the socket right after: 'io server disconnect'
    socket.drop('io server disconnect');
    expect(store.getState()).toMatchObject({ status: 'offline' });
    expect(store.getState().reason).toMatch(/Signed out/);
  });

  it('reads an expired session as expired, and forgets it on the next connection', () => {
    const release = store.acquire();
    socket.serverConnects();
    socket.serverEmits('auth:expired', { reason: 'expired' });
    expect(store.getState().reason).toMatch(/session has expired/);

    release();
    vi.advanceTimersByTime(1_000);
    store.acquire();
    socket.serverConnects();
    socket.drop('transport close');
    expect(store.getState()).toMatchObject({ status: 'reconnecting' });
  });

  it('shares one socket among holders and closes it after the last release', () => {
    const releaseA = store.acquire();
    const releaseB = store.acquire();
    socket.serverConnects();
    expect(created).toBe(1);

    releaseA();
    vi.advanceTimersByTime(5_000);
    expect(store.getState().status).toBe('live');

    releaseB();
    releaseB(); // a second call must not release someone else's hold
    expect(store.getState().status).toBe('live'); // grace period, a remount may take it back
    vi.advanceTimersByTime(1_000);
    expect(store.getState().status).toBe('idle');
    expect(socket.connected).toBe(false);
    expect(store.getSocket()).toBeNull();
  });

  it('reuses the socket when re-acquired within the grace period (StrictMode remount)', () => {
    store.acquire()();
    store.acquire();
    vi.advanceTimersByTime(5_000);
    expect(created).toBe(1);
    expect(store.getState().status).toBe('connecting');
  });

  it('delivers server events to registered handlers and counts them as messages', () => {
    const seen: string[] = [];
    const off = store.on('hello', (payload) => seen.push(payload.version));
    store.acquire();
    socket.serverConnects();

    vi.advanceTimersByTime(3_000);
    socket.serverEmits('hello', HELLO);
    expect(seen).toEqual(['0.1.0']);
    expect(store.getState().lastMessageAt).toBe(Date.now());

    off();
    socket.serverEmits('hello', HELLO);
    expect(seen).toEqual(['0.1.0']);
  });

  it('notifies subscribers on transitions', () => {
    const listener = vi.fn();
    store.subscribe(listener);
    store.acquire();
    socket.serverConnects();
    expect(listener).toHaveBeenCalledTimes(2);
  });
});

describe('onBackLive', () => {
  it('fires when the link comes back, not on the first connect, and not after unsubscribing', () => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
    try {
      const socket = new FakeOpsSocket();
      const store = createConnectionStore({
        createSocket: () => socket.asOpsSocket(),
        heartbeatMs: 5_000,
        staleAfterMs: 15_000,
      });
      let calls = 0;
      const stop = onBackLive(store, () => {
        calls += 1;
      });
      store.acquire();
      socket.serverConnects();
      expect(calls).toBe(0);

      socket.drop('transport close');
      socket.serverConnects();
      expect(calls).toBe(1);

      stop();
      socket.drop('transport close');
      socket.serverConnects();
      expect(calls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
