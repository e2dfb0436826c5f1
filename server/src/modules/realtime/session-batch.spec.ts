import { describe, expect, it } from 'vitest';
import type { SessionUser } from '@/modules/auth/session.repository.js';
import { SessionBatch, SessionStoreUnavailable } from './session-batch.js';

const user = (id: string): SessionUser => ({ id, username: id, role: 'viewer' });

describe('SessionBatch', () => {
  it('reads every session asked for in one turn with one read, each session once', async () => {
    const reads: string[][] = [];
    const batch = new SessionBatch((ids) => {
      reads.push([...ids]);
      return Promise.resolve(ids.map((id) => (id === 'gone' ? null : user(id))));
    });
    const asked = ['s1', 's2', 's1', 'gone', 's3', 's2'];
    const users = await Promise.all(asked.map((id) => batch.resolve(id)));
    expect(reads).toEqual([['s1', 's2', 'gone', 's3']]);
    expect(users.map((u) => u?.id ?? null)).toEqual(['s1', 's2', 's1', null, 's3', 's2']);
  });

  it('keeps at most maxInFlight reads outstanding and splits by maxBatch', async () => {
    let open = 0;
    let most = 0;
    const sizes: number[] = [];
    const batch = new SessionBatch(
      async (ids) => {
        open++;
        most = Math.max(most, open);
        sizes.push(ids.length);
        await new Promise((resolve) => setTimeout(resolve, 5));
        open--;
        return ids.map(user);
      },
      { maxBatch: 10, maxInFlight: 2 },
    );
    const users = await Promise.all(Array.from({ length: 55 }, (_, i) => batch.resolve(`s${i}`)));
    expect(users.every((u, i) => u?.id === `s${i}`)).toBe(true);
    expect(most).toBe(2);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(55);
    expect(Math.max(...sizes)).toBe(10);
  });

  it('tries a failed or slow read again before refusing, and then refuses every handshake of it', async () => {
    let calls = 0;
    const flaky = new SessionBatch(
      (ids) => (++calls < 3 ? Promise.reject(new Error('ECONNRESET')) : Promise.resolve(ids.map(user))),
      { retryMs: 1, attempts: 3 },
    );
    expect((await flaky.resolve('s1'))?.id).toBe('s1');
    expect(flaky.stats.retries).toBe(2);

    const stuck = new SessionBatch(() => new Promise(() => undefined), {
      timeoutMs: 20,
      retryMs: 1,
      attempts: 2,
    });
    const refused = await Promise.allSettled([stuck.resolve('a'), stuck.resolve('b'), stuck.resolve('a')]);
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const reason = (refused[0] as PromiseRejectedResult).reason as Error;
    expect(reason).toBeInstanceOf(SessionStoreUnavailable);
    expect(reason.message).toMatch(/session store did not answer: no answer within 20 ms/);
    expect(stuck.stats.refused).toBe(3);
  });
});
