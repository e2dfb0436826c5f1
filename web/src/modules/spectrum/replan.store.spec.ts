import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { PlanRun } from '@wsnoc/shared';
import { ApiRequestError } from '@/infra/http.client';
import { createConnectionStore, type ConnectionStore } from '@/modules/connection/connection.store';
import { FakeOpsSocket } from '@/test/fake-ops-socket';
import { planChange, planPreview, planRun } from '@/test/spectrum-fixtures';
import { createReplanStore, newerRun, type ReplanApi, type ReplanStore } from './replan.store';

const PREVIEW = planPreview([
  planChange({ deviceId: 'a', name: 'bs-a', from: 30, to: 31 }),
  planChange({ deviceId: 'b', name: 'bs-b', from: 30, to: null }),
]);
const RUN = planRun({ planId: PREVIEW.id, total: 2 });

describe(createReplanStore.name, () => {
  let socket: FakeOpsSocket;
  let connection: ConnectionStore;
  let api: { [K in keyof ReplanApi]: Mock<ReplanApi[K]> };
  let store: ReplanStore;
  let stop: () => void;
  let clock: number;

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeOpsSocket();
    connection = createConnectionStore({ createSocket: () => socket.asOpsSocket(), releaseGraceMs: 0 });
    connection.acquire();
    socket.serverConnects();
    clock = Date.parse('2030-01-01T00:00:00.000Z');
    api = {
      preview: vi.fn<ReplanApi['preview']>(() => Promise.resolve(PREVIEW)),
      apply: vi.fn<ReplanApi['apply']>(() => Promise.resolve(RUN)),
      run: vi.fn<ReplanApi['run']>(() => Promise.reject(new Error('unexpected run read'))),
    };
    store = createReplanStore({ connection, api, now: () => clock });
    stop = store.start();
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('counts a preview’s lifetime from its arrival on this tab, whatever the server’s clock says', async () => {
    await store.preview();
    const shown = store.getState().preview!;
    expect(shown.receivedAt).toBe(clock);
    // The fixture was made "now" on the real clock, years before this tab's; its 10 minutes still count.
    expect(shown.expiresAt).toBe(clock + 600_000);
  });

  it('marks the preview’s moves until its run has finished, then none', async () => {
    await store.preview();
    const moves = store.getState().moves;
    expect([...moves]).toEqual([
      ['a', { from: 30, to: 31 }],
      ['b', { from: 30, to: null }],
    ]);
    await store.apply();
    socket.serverEmits('spectrum:plan-run', { ...RUN, done: 1 });
    expect(store.getState().moves).toBe(moves);
    socket.serverEmits('spectrum:plan-run', { ...RUN, status: 'done', done: 2, finishedAt: RUN.startedAt });
    expect(store.getState().moves.size).toBe(0);
    expect(store.getState().run?.status).toBe('done');
  });

  it('keeps the reason an apply was refused, and whether only a new preview helps', async () => {
    await store.preview();
    api.apply.mockRejectedValueOnce(
      new ApiRequestError('server', 'another instance runs spectrum management', 503, {
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'spectrum.not-leader',
        message: 'another instance runs spectrum management',
      }),
    );
    await store.apply();
    expect(store.getState().failure).toMatchObject({ step: 'apply', code: 'not-leader', previewAgain: true });
    expect(store.getState().request).toBe('idle');
    expect(store.getState().run).toBeNull();
  });

  it('drops a feed event that breaks the contract', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    socket.serverEmits('spectrum:plan-run', { ...RUN, status: 'exploded' });
    expect(store.getState().run).toBeNull();
    expect(warn).toHaveBeenCalledWith('spectrum:plan-run did not match the contract', expect.any(Array));
  });

  it('reads a run still going again after a reconnect: steps announced meanwhile are not sent again', async () => {
    socket.serverEmits('spectrum:plan-run', { ...RUN, done: 1 });
    api.run.mockResolvedValueOnce({ ...RUN, done: 2, status: 'done', finishedAt: RUN.startedAt });
    socket.drop();
    socket.serverConnects();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.run).toHaveBeenCalledWith(RUN.planId, expect.any(AbortSignal));
    expect(store.getState().run).toMatchObject({ status: 'done', done: 2 });
  });

  it('finds out after a reconnect whether an apply whose answer was lost did start', async () => {
    await store.preview();
    api.apply.mockRejectedValueOnce(
      new ApiRequestError('unreachable', 'Cannot reach the wsnoc server.', null),
    );
    await store.apply();
    expect(store.getState().failure?.code).toBe('unreachable');
    api.run.mockResolvedValueOnce({ ...RUN, done: 1 });
    socket.drop();
    socket.serverConnects();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().run).toMatchObject({ planId: PREVIEW.id, done: 1 });
    expect(store.getState().failure).toBeNull();
  });
});

describe(newerRun.name, () => {
  const later = (run: PlanRun, ms: number): string => new Date(Date.parse(run.startedAt) + ms).toISOString();

  it('keeps the copy of one run that is further along, and a finished one over a running one', () => {
    const one = { ...RUN, done: 1 };
    expect(newerRun(one, RUN)).toBe(one);
    expect(newerRun(RUN, one)).toBe(one);
    const done = { ...RUN, status: 'done' as const, done: 2 };
    expect(newerRun(done, { ...RUN, done: 2 })).toBe(done);
  });

  it('of two plans, keeps the one started later', () => {
    const other = planRun({ planId: 'another-plan', startedAt: later(RUN, 60_000) });
    expect(newerRun(RUN, other)).toBe(other);
    expect(newerRun(other, RUN)).toBe(other);
  });
});
