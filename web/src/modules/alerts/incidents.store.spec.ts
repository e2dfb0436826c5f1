import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncidentList } from '@wsnoc/shared';
import { createConnectionStore, type ConnectionStore } from '@/modules/connection/connection.store';
import { incident, incidentList } from '@/test/alerts-fixtures';
import { FakeOpsSocket } from '@/test/fake-ops-socket';
import { ACTIVE_STATES } from './alerts-view-state';
import { createIncidentsStore, type IncidentsStore } from './incidents.store';

const LATER = '2025-01-01T10:05:00.000Z';
const A = incident({ title: 'a', openedAt: '2025-01-01T09:00:00.000Z' });
const B = incident({ title: 'b', openedAt: '2025-01-01T09:30:00.000Z' });

describe(createIncidentsStore.name, () => {
  let socket: FakeOpsSocket;
  let connection: ConnectionStore;
  let answers: { resolve: (list: IncidentList) => void; reject: (error: Error) => void }[];
  let store: IncidentsStore;
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeOpsSocket();
    connection = createConnectionStore({ createSocket: () => socket.asOpsSocket(), releaseGraceMs: 0 });
    connection.acquire();
    socket.serverConnects();
    answers = [];
    store = createIncidentsStore({
      connection,
      filters: { states: ACTIVE_STATES, severities: [] },
      load: () => new Promise((resolve, reject) => answers.push({ resolve, reject })),
    });
    stop = store.start();
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  const answer = async (list: IncidentList): Promise<void> => {
    answers.shift()?.resolve(list);
    await vi.advanceTimersByTimeAsync(0);
  };
  const titles = () => store.getState().incidents.map((i) => i.title);

  it('lists newest first, adds an incident that opens, and drops one that resolves', async () => {
    await answer(incidentList([A, B]));
    expect(titles()).toEqual(['b', 'a']);
    const C = incident({ title: 'c', openedAt: LATER, updatedAt: LATER });
    socket.serverEmits('incidents:changed', { incidents: [C] });
    expect(titles()).toEqual(['c', 'b', 'a']);
    socket.serverEmits('incidents:changed', {
      incidents: [{ ...A, state: 'resolved', resolvedAt: LATER, updatedAt: LATER }],
    });
    expect(titles()).toEqual(['c', 'b']);
  });

  it('applies an acknowledgement to the row, and ignores an older copy that arrives after it', async () => {
    await answer(incidentList([A]));
    const acked = { ...A, state: 'acknowledged' as const, acknowledgedBy: 'olga', updatedAt: LATER };
    socket.serverEmits('incidents:changed', { incidents: [acked] });
    expect(store.get(A.id)?.acknowledgedBy).toBe('olga');
    socket.serverEmits('incidents:changed', { incidents: [A] });
    expect(store.get(A.id)?.state).toBe('acknowledged');
  });

  it('still answers for an incident the feed took out of the list, so an open detail sees it resolve', async () => {
    await answer(incidentList([A]));
    const resolved = { ...A, state: 'resolved' as const, resolvedAt: LATER, updatedAt: LATER };
    socket.serverEmits('incidents:changed', { incidents: [resolved] });
    expect(titles()).toEqual([]);
    expect(store.get(A.id)?.state).toBe('resolved');
    // It opens again: back in the list.
    const reopened = { ...A, state: 'open' as const, updatedAt: '2025-01-01T10:06:00.000Z' };
    socket.serverEmits('incidents:changed', { incidents: [reopened] });
    expect(titles()).toEqual(['a']);
  });

  it('keeps a feed copy that arrived while the list was on its way: it is the newer one', async () => {
    const acked = { ...A, state: 'acknowledged' as const, updatedAt: LATER };
    socket.serverEmits('incidents:changed', { incidents: [acked] });
    await answer(incidentList([A, B]));
    expect(store.get(A.id)?.state).toBe('acknowledged');
    expect(titles()).toEqual(['b', 'a']);
  });

  it('drops a row that does not match the contract, not the event', async () => {
    await answer(incidentList([]));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    socket.serverEmits('incidents:changed', { incidents: [{ id: 'nope' }, B] });
    expect(titles()).toEqual(['b']);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('reads the list again after a reconnect: changes made meanwhile are not sent again', async () => {
    await answer(incidentList([A, B]));
    socket.drop();
    expect(answers).toHaveLength(0);
    socket.serverConnects();
    expect(answers).toHaveLength(1);
    await answer(incidentList([B]));
    expect(titles()).toEqual(['b']);
  });

  it('shows an error for a first load that fails, but keeps the list when a refresh fails', async () => {
    answers.shift()?.reject(new Error('Cannot reach the wsnoc server.'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('error');
    store.reload();
    await answer(incidentList([A], '2025-01-01T09:00:00.000Z'));
    expect(store.getState().more).toBe(true);
    store.reload();
    answers.shift()?.reject(new Error('The server answered 500'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('ready');
    expect(titles()).toEqual(['a']);
    expect(store.getState().error).toBe('The server answered 500');
  });

  describe('paging', () => {
    const HISTORY = { states: ['resolved' as const], severities: [] };
    const done = (title: string, openedAt: string) =>
      incident({ title, state: 'resolved', openedAt, resolvedAt: LATER, updatedAt: LATER });
    const R1 = done('r1', '2025-01-01T09:03:00.000Z');
    const R2 = done('r2', '2025-01-01T09:02:00.000Z');
    const R3 = done('r3', '2025-01-01T09:01:00.000Z');
    let cursors: (string | undefined)[];

    const paged = (whole: boolean) => {
      stop();
      cursors = [];
      answers.length = 0;
      const paging = createIncidentsStore({
        connection,
        filters: whole ? { states: ACTIVE_STATES, severities: [] } : HISTORY,
        whole,
        load: (_filters, cursor) => {
          cursors.push(cursor);
          return new Promise((resolve, reject) => answers.push({ resolve, reject }));
        },
      });
      stop = paging.start();
      return paging;
    };
    const names = (s: IncidentsStore) => s.getState().incidents.map((i) => i.title);

    it('reads the next page on loadMore, once however often it is asked, and lists each incident once', async () => {
      const history = paged(false);
      await answer(incidentList([R1, R2], 'c2'));
      expect(history.getState().more).toBe(true);
      // The feed already brought a newer copy of an incident of the next page.
      const noted = { ...R3, assignee: 'olga', updatedAt: '2025-01-01T10:06:00.000Z' };
      socket.serverEmits('incidents:changed', { incidents: [noted] });
      history.loadMore();
      history.loadMore();
      expect(history.getState().loadingMore).toBe(true);
      expect(cursors).toEqual([undefined, 'c2']);
      await answer(incidentList([R2, R3]));
      expect(names(history)).toEqual(['r1', 'r2', 'r3']);
      expect(history.get(R3.id)?.assignee).toBe('olga');
      expect(history.getState()).toMatchObject({ more: false, loadingMore: false });
      history.loadMore();
      expect(cursors).toHaveLength(2);
    });

    it('reads as many pages again as were shown, on a reload', async () => {
      const history = paged(false);
      await answer(incidentList([R1], 'c2'));
      history.loadMore();
      await answer(incidentList([R2], 'c3'));
      history.reload();
      await answer(incidentList([R1], 'c2'));
      await answer(incidentList([R2], 'c3'));
      expect(cursors).toEqual([undefined, 'c2', undefined, 'c2']);
      expect(names(history)).toEqual(['r1', 'r2']);
      expect(history.getState().more).toBe(true);
    });

    it('keeps what it shows when a next page cannot be read, and says why', async () => {
      const history = paged(false);
      await answer(incidentList([R1], 'c2'));
      history.loadMore();
      answers.shift()?.reject(new Error('The server answered 503'));
      await vi.advanceTimersByTimeAsync(0);
      expect(names(history)).toEqual(['r1']);
      expect(history.getState()).toMatchObject({
        more: true,
        loadingMore: false,
        error: 'The server answered 503',
      });
    });

    it('reads every page of a whole list before showing it', async () => {
      const open = [R1, R2, R3].map((r) => ({ ...r, state: 'open' as const, resolvedAt: undefined }));
      const whole = paged(true);
      await answer(incidentList([open[0]!], 'c2'));
      expect(whole.getState().status).toBe('loading');
      await answer(incidentList([open[1]!, open[2]!]));
      expect(cursors).toEqual([undefined, 'c2']);
      expect(names(whole)).toEqual(['r1', 'r2', 'r3']);
      expect(whole.getState().more).toBe(false);
    });
  });

  it("reads one device's list again when an outage elsewhere may have counted the device in", async () => {
    stop();
    const cpeStore = createIncidentsStore({
      connection,
      filters: { states: ACTIVE_STATES, severities: [], deviceId: 'cpe' },
      load: () => new Promise((resolve, reject) => answers.push({ resolve, reject })),
      recheckMs: 1_000,
    });
    stop = cpeStore.start();
    answers.splice(0, answers.length - 1);
    await answer(incidentList([]));
    // An incident about another device with nothing counted in: not this one's.
    socket.serverEmits('incidents:changed', { incidents: [B] });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(answers).toHaveLength(0);
    // The tower's outage grows: the CPE may be in it. Several events make one request.
    const tower = { ...A, suppressedCount: 3, affectedCount: 4, updatedAt: LATER };
    socket.serverEmits('incidents:changed', { incidents: [tower] });
    socket.serverEmits('incidents:changed', { incidents: [{ ...tower, suppressedCount: 4 }] });
    expect(answers).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(answers).toHaveLength(1);
    await answer(incidentList([tower]));
    expect(cpeStore.getState().incidents.map((i) => i.title)).toEqual(['a']);
  });
});
