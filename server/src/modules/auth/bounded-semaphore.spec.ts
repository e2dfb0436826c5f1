import { describe, expect, it } from 'vitest';
import { BoundedSemaphore, type Release } from './bounded-semaphore.js';

describe(BoundedSemaphore.name, () => {
  it('holds at most `limit` slots, queues up to `queueLimit` callers and refuses the next at once', async () => {
    const semaphore = new BoundedSemaphore(2, 1);
    const a = await semaphore.acquire()!;
    const b = await semaphore.acquire()!;
    const waiting = semaphore.acquire();
    expect(waiting).not.toBeNull();
    expect(semaphore.acquire()).toBeNull();
    expect({ inFlight: semaphore.inFlight, queued: semaphore.queued }).toEqual({ inFlight: 2, queued: 1 });

    a();
    const c = await waiting!;
    expect({ inFlight: semaphore.inFlight, queued: semaphore.queued }).toEqual({ inFlight: 2, queued: 0 });
    b();
    c();
    expect(semaphore.inFlight).toBe(0);
    expect(semaphore.maxInFlight).toBe(2);
  });

  it('hands slots to waiters first come, first served', async () => {
    const semaphore = new BoundedSemaphore(1, 3);
    const first = await semaphore.acquire()!;
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) =>
      semaphore.acquire()!.then((release) => {
        order.push(n);
        release();
      }),
    );
    first();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
    expect(semaphore.inFlight).toBe(0);
  });

  it('never frees a slot twice when a release is called again', async () => {
    const semaphore = new BoundedSemaphore(1, 1);
    const release: Release = await semaphore.acquire()!;
    const next = semaphore.acquire()!;
    release();
    release();
    await next;
    expect(semaphore.inFlight).toBe(1);
    expect(semaphore.acquire()).not.toBeNull(); // the queue slot is free again, the running one is not
    expect(semaphore.acquire()).toBeNull();
  });

  it('keeps concurrent tasks within the limit', async () => {
    const semaphore = new BoundedSemaphore(3, 100);
    let running = 0;
    let seen = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const release = await semaphore.acquire()!;
        running++;
        seen = Math.max(seen, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        release();
      }),
    );
    expect(seen).toBe(3);
    expect(semaphore.maxInFlight).toBe(3);
  });

  it('refuses a limit below one', () => {
    expect(() => new BoundedSemaphore(0, 1)).toThrow(RangeError);
  });
});
