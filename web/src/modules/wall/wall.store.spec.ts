import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COUNTS, hello, point, snapshot, wallOnFakeSocket } from './wall-test-fixtures';

describe('createWallStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('takes the snapshot, then applies updates: upserts, removals, counts and worst links', () => {
    const { socket, store } = wallOnFakeSocket();
    store.start();
    socket.serverConnects();
    socket.serverEmits('wall:hello', hello());
    socket.serverEmits('wall:snapshot', snapshot());
    expect(store.getState()).toMatchObject({ status: 'live', config: { name: 'Ops room' } });
    expect([...store.points().keys()]).toEqual(['a', 'b']);
    socket.serverEmits('wall:update', {
      at: new Date().toISOString(),
      counts: { ...COUNTS, total: 2 },
      points: [point('c', { status: 'unreachable' })],
      removed: ['a'],
      worst: [],
    });
    expect([...store.points().keys()].sort()).toEqual(['b', 'c']);
    expect(store.getState().counts?.total).toBe(2);
  });

  it('goes dark for good when the server says the token was revoked', () => {
    const { socket, store } = wallOnFakeSocket();
    store.start();
    socket.serverConnects();
    socket.serverEmits('wall:snapshot', snapshot());
    socket.serverEmits('wall:ended', { reason: 'revoked' });
    socket.active = false;
    socket.drop('io server disconnect');
    vi.advanceTimersByTime(120_000);
    expect(store.getState().status).toBe('revoked');
    expect(store.points().size).toBe(0);
    expect(socket.connectCalls).toBe(1);
  });

  it('goes dark when the handshake is refused as revoked, or the token is unknown', () => {
    for (const [message, status] of [
      ["revoked: this display's token was revoked", 'revoked'],
      ['unauthorized: no wall display has this token', 'invalid'],
    ] as const) {
      const { socket, store } = wallOnFakeSocket();
      store.start();
      socket.refuse(message);
      vi.advanceTimersByTime(60_000);
      expect(store.getState().status).toBe(status);
      expect(socket.connectCalls).toBe(1);
    }
  });

  it('keeps trying, forever, after other refusals and after the server closes the socket', () => {
    const { socket, store } = wallOnFakeSocket();
    store.start();
    socket.refuse('unavailable: the token cannot be checked now');
    expect(store.getState().status).toBe('connecting');
    vi.advanceTimersByTime(1_000);
    expect(socket.connectCalls).toBe(2);
    socket.serverConnects();
    socket.serverEmits('wall:snapshot', snapshot());
    // A restarting server closes its sockets; Socket.IO does not retry that by itself.
    socket.active = false;
    socket.drop('io server disconnect');
    expect(store.getState().status).toBe('reconnecting');
    vi.advanceTimersByTime(1_000);
    expect(socket.connectCalls).toBe(3);
    for (let i = 0; i < 20; i++) {
      socket.refuse('too many screens for display Ops room');
      vi.advanceTimersByTime(30_000);
    }
    expect(socket.connectCalls).toBe(23);
    expect(store.getState().status).toBe('reconnecting');
    // Data kept while down, so the screen can say how old it is.
    expect(store.getState().lastDataAt).not.toBeNull();
  });
});
