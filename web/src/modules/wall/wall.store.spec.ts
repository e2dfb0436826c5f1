import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WALL_INCIDENTS_MAX } from '@wsnoc/shared';
import { COUNTS, hello, incident, point, snapshot, station, wallOnFakeSocket } from './wall-test-fixtures';

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

  describe('incidents', () => {
    const live = () => {
      const wall = wallOnFakeSocket();
      wall.store.start();
      wall.socket.serverConnects();
      return wall;
    };
    const ids = (store: ReturnType<typeof live>['store']) =>
      store.getState().incidents?.map((i) => i.title) ?? null;

    it('takes the whole list, then upserts changes and drops the resolved, worst first and oldest first', () => {
      const { socket, store } = live();
      expect(store.getState().incidents).toBeNull();
      // A change before the first list is left to the list, which holds it.
      socket.serverEmits('wall:incidents', { incidents: [incident('9')] });
      expect(store.getState().incidents).toBeNull();
      socket.serverEmits('wall:open-incidents', {
        at: new Date().toISOString(),
        incidents: [incident('1', { severity: 'minor' }), incident('2')],
        truncated: false,
      });
      expect(ids(store)).toEqual(['Incident 2', 'Incident 1']);
      const old = new Date(Date.now() - 3_600_000).toISOString();
      socket.serverEmits('wall:incidents', {
        incidents: [
          incident('3', { severity: 'major', openedAt: old }),
          incident('4', { severity: 'critical' }),
          incident('1', { state: 'resolved' }),
        ],
      });
      expect(ids(store)).toEqual(['Incident 4', 'Incident 3', 'Incident 2']);
    });

    it(`holds at most ${WALL_INCIDENTS_MAX} incidents, the least urgent dropped, and says more are open`, () => {
      const { socket, store } = live();
      socket.serverEmits('wall:open-incidents', {
        at: new Date().toISOString(),
        incidents: [],
        truncated: false,
      });
      const storm = Array.from({ length: WALL_INCIDENTS_MAX + 50 }, (_, n) =>
        incident(String(n + 1), { severity: n === 0 ? 'critical' : 'warning' }),
      );
      socket.serverEmits('wall:incidents', { incidents: storm });
      const state = store.getState();
      expect(state.incidents).toHaveLength(WALL_INCIDENTS_MAX);
      expect(state.incidents![0]!.severity).toBe('critical');
      expect(state.incidentsTruncated).toBe(true);
    });
  });

  describe('spectrum', () => {
    it('takes the whole plan, then upserts stations and drops those that left the scope', () => {
      const { socket, store } = wallOnFakeSocket();
      store.start();
      socket.serverConnects();
      socket.serverEmits('wall:spectrum', {
        at: new Date().toISOString(),
        enabled: true,
        stations: [station('bs-2'), station('bs-1')],
      });
      expect(store.getState().spectrum?.stations.map((s) => s.id)).toEqual(['bs-1', 'bs-2']);
      socket.serverEmits('wall:stations', {
        at: new Date().toISOString(),
        stations: [station('bs-1', { phase: 'muted', channel: null })],
        removed: ['bs-2'],
      });
      expect(store.getState().spectrum).toMatchObject({
        enabled: true,
        stations: [{ id: 'bs-1', phase: 'muted', channel: null }],
      });
      socket.serverEmits('wall:ended', { reason: 'revoked' });
      expect(store.getState()).toMatchObject({ spectrum: null, incidents: null });
    });
  });
});
