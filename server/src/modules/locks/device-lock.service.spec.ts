import { describe, expect, it, vi } from 'vitest';
import { MemoryLockStore } from '@/infra/cache/memory.cache.js';
import { DeviceLockService, POLLER } from './device-lock.service.js';
import { DeviceBusyError } from './lock.errors.js';

const radio = { id: 'r1', name: 'bs-0001' };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe(DeviceLockService.name, () => {
  it('refuses a second operator with 409 naming the holder and since when', async () => {
    const locks = new DeviceLockService(new MemoryLockStore());
    const gate = deferred();
    const first = locks.run(radio, 'alice (reboot)', () => gate.promise);
    const second = locks.run(radio, 'bob (refresh)', () => Promise.resolve('ran'));
    await expect(second).rejects.toBeInstanceOf(DeviceBusyError);
    await expect(second).rejects.toThrow(/bs-0001 is busy: alice \(reboot\) since \d{4}-/);
    gate.resolve();
    await first;
    await expect(locks.run(radio, 'bob (refresh)', () => Promise.resolve('ran'))).resolves.toBe('ran');
  });

  it('waits for a background poll instead of refusing the operator', async () => {
    const locks = new DeviceLockService(new MemoryLockStore());
    const poll = deferred();
    const polling = locks.tryRun(radio.id, POLLER, () => poll.promise, 10_000);
    const action = locks.run(radio, 'alice (refresh)', () => Promise.resolve('done'));
    setTimeout(() => poll.resolve(), 50);
    await expect(action).resolves.toBe('done');
    await polling;
  });

  it('takes the radio when the poll that held it ends between the refused acquire and the look at its holder', async () => {
    const store = new MemoryLockStore();
    const locks = new DeviceLockService(store);
    const poll = deferred();
    const polling = locks.tryRun(radio.id, POLLER, () => poll.promise, 10_000);
    const holder = store.holder.bind(store);
    let first = true;
    store.holder = async (resource) => {
      if (first) {
        // The poll ends right here: the acquire was refused, and now nobody holds the radio.
        first = false;
        poll.resolve();
        await polling;
      }
      return holder(resource);
    };
    await expect(locks.run(radio, 'bulk (configure)', () => Promise.resolve('done'))).resolves.toBe('done');
  });

  it('skips a poll while an operator holds the radio', async () => {
    const locks = new DeviceLockService(new MemoryLockStore());
    const gate = deferred();
    const action = locks.run(radio, 'alice (reboot)', () => gate.promise);
    await expect(
      locks.tryRun(radio.id, POLLER, () => Promise.resolve('polled'), 10_000),
    ).resolves.toBeUndefined();
    gate.resolve();
    await action;
  });

  it("takes a turn's poll locks in one call to the store, and releases them together", async () => {
    const store = new MemoryLockStore();
    const acquireMany = vi.spyOn(store, 'acquireMany');
    const releaseMany = vi.spyOn(store, 'releaseMany');
    const acquire = vi.spyOn(store, 'acquire');
    const locks = new DeviceLockService(store);
    const busy = deferred();
    const operator = locks.run({ id: 'r3', name: 'bs-0003' }, 'alice (reboot)', () => busy.promise);
    acquire.mockClear();
    const ids = ['r1', 'r2', 'r3', 'r4'];
    const polled = await Promise.all(
      ids.map((id) => locks.tryRun(id, POLLER, () => Promise.resolve(id), 10_000)),
    );
    expect(polled).toEqual(['r1', 'r2', undefined, 'r4']);
    expect(acquireMany).toHaveBeenCalledTimes(1);
    expect(acquireMany.mock.calls[0]![0]).toEqual(ids.map((id) => `device:${id}`));
    expect(releaseMany).toHaveBeenCalledTimes(1);
    expect(releaseMany.mock.calls[0]![0].map((l) => l.resource)).toEqual([
      'device:r1',
      'device:r2',
      'device:r4',
    ]);
    expect(await store.holder('device:r1')).toBeNull();
    expect((await store.holder('device:r3'))?.owner).toBe('alice (reboot)');
    busy.resolve();
    await operator;
  });

  it('polls anyway when the lock store cannot be reached', async () => {
    const store = new MemoryLockStore();
    store.acquire = () => Promise.reject(new Error('cache down'));
    const locks = new DeviceLockService(store);
    await expect(locks.tryRun(radio.id, POLLER, () => Promise.resolve('polled'), 10_000)).resolves.toBe(
      'polled',
    );
  });
  it('keeps extending a long hold, one shared heartbeat for every lock, and stops once released', async () => {
    vi.useFakeTimers();
    try {
      const store = new MemoryLockStore();
      const extend = vi.spyOn(store, 'extend');
      const locks = new DeviceLockService(store);
      const sweeps = vi.spyOn(locks['heartbeats'] as unknown as { sweep(): void }, 'sweep');
      const gates = [deferred(), deferred()];
      // ttl 3 s: extended every 1 s while held
      const holds = gates.map((gate, i) =>
        locks.run({ id: `r${i}`, name: `bs-${i}` }, 'alice (change)', () => gate.promise, 3_000),
      );
      await vi.advanceTimersByTimeAsync(2_600);
      expect(extend.mock.calls.length).toBeGreaterThanOrEqual(4); // both locks, twice each
      // the timer wakes when an extension is due (at 1 s and 2 s), not every 250 ms to look
      expect(sweeps).toHaveBeenCalledTimes(2);
      expect(vi.getTimerCount()).toBe(1);
      // past the TTL, the locks are still held: the heartbeat extended them
      expect((await store.holder('device:r0'))?.owner).toBe('alice (change)');
      for (const gate of gates) {
        gate.resolve();
      }
      await Promise.all(holds);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(vi.getTimerCount()).toBe(0);
      const calls = extend.mock.calls.length;
      await vi.advanceTimersByTimeAsync(5_000);
      expect(extend.mock.calls.length).toBe(calls);
    } finally {
      vi.useRealTimers();
    }
  });
});
