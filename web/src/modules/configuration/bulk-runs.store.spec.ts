import { describe, expect, it, vi } from 'vitest';
import { createConnectionStore } from '@/modules/connection/connection.store';
import { bulkItem, bulkRun, runOnly, RUN_ID } from '@/test/bulk-fixtures';
import { FakeOpsSocket } from '@/test/fake-ops-socket';
import { createBulkRunsStore, newerRun, type BulkRunsApi } from './bulk-runs.store';

const ITEMS = [
  bulkItem({ deviceId: 'r1', name: 'radio-1', batch: 0 }),
  bulkItem({ deviceId: 'r2', name: 'radio-2' }),
];

function setup(api: Partial<BulkRunsApi> = {}) {
  const socket = new FakeOpsSocket();
  const connection = createConnectionStore({ createSocket: () => socket.asOpsSocket(), releaseGraceMs: 0 });
  const store = createBulkRunsStore({
    connection,
    api: {
      list: vi.fn(() => Promise.resolve([])),
      detail: vi.fn(() => Promise.resolve(bulkRun(ITEMS))),
      act: vi.fn(() => Promise.reject(new Error('not stubbed'))),
      ...api,
    },
  });
  const release = connection.acquire();
  const stop = store.start();
  socket.serverConnects();
  return { socket, store, stop: () => (stop(), release()) };
}

describe(createBulkRunsStore.name, () => {
  it('keeps a run the feed moved on when an older REST copy arrives late', async () => {
    const { socket, store, stop } = setup();
    store.take(bulkRun(ITEMS));
    const done = { ...ITEMS[0]!, status: 'succeeded' as const };
    socket.serverEmits('bulk:run', { run: runOnly(bulkRun([done, ITEMS[1]!])), items: [done] });
    store.take(bulkRun(ITEMS));
    const tracked = store.getState().runs.get(RUN_ID)!;
    expect(tracked.run.counts.succeeded).toBe(1);
    expect(tracked.items.get(done.id)?.status).toBe('succeeded');
    stop();
    await Promise.resolve();
  });

  it('lists a run first heard of on the feed, without reading its devices', async () => {
    const { socket, store, stop } = setup();
    await vi.waitFor(() => expect(store.getState().list).toEqual([]));
    socket.serverEmits('bulk:run', { run: runOnly(bulkRun(ITEMS)), items: [] });
    expect(store.getState().list?.map((r) => r.id)).toEqual([RUN_ID]);
    expect(store.getState().runs.has(RUN_ID)).toBe(false);
    stop();
  });

  it('drops a feed event that breaks the contract', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { socket, store, stop } = setup();
    store.take(bulkRun(ITEMS));
    socket.serverEmits('bulk:run', { run: { id: RUN_ID }, items: [] });
    expect(store.getState().runs.get(RUN_ID)?.run.counts.total).toBe(2);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    stop();
  });

  it('drops a device row that breaks the contract and applies the rest of the event', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { socket, store, stop } = setup();
    store.take(bulkRun(ITEMS));
    const done = { ...ITEMS[1]!, status: 'succeeded' as const };
    socket.serverEmits('bulk:run', {
      run: runOnly(bulkRun([ITEMS[0]!, done])),
      items: [{ ...ITEMS[0]!, status: 'exploded' }, done],
    });
    const tracked = store.getState().runs.get(RUN_ID)!;
    expect(tracked.items.get(done.id)?.status).toBe('succeeded');
    expect(tracked.items.get(ITEMS[0]!.id)?.status).toBe(ITEMS[0]!.status);
    expect(warn).toHaveBeenCalledWith('bulk:run row did not match the contract', expect.any(Array));
    warn.mockRestore();
    stop();
  });
});

describe(newerRun.name, () => {
  const running = runOnly(bulkRun(ITEMS));
  it('prefers a finished copy to a running one', () => {
    const completed = { ...running, status: 'completed' as const };
    expect(newerRun(completed, running)).toBe(completed);
    expect(newerRun(running, completed)).toBe(completed);
  });
  it('takes a status change (a pause) that moved no device', () => {
    const paused = { ...running, status: 'paused' as const };
    expect(newerRun(running, paused)).toBe(paused);
  });
});
