// The durable job queue on real Postgres (pg-boss): a consumer of an empty queue looks less and less often
// (an idle console must not query every second for nothing), and a job sent here is still taken at once;
// a daily job runs once a day whatever the number of instances.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JobQueue, nextDailyAt } from '@/infra/jobs/job-queue.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { waitFor } from './wait-for.js';

const logger = {
  warn: () => undefined,
  info: () => undefined,
  error: () => undefined,
} as unknown as AppLogger;

let jobs: JobQueue;

beforeAll(async () => {
  jobs = new JobQueue(inject('databaseUrl'), logger);
  await jobs.start();
});

afterAll(async () => {
  await jobs.stop();
});

describe(JobQueue.name, () => {
  it('backs off looking at an empty queue, and takes a sent job at once', async () => {
    const name = `idle-${randomBytes(3).toString('hex')}`;
    await jobs.queue(name, { expireInSeconds: 30, retryLimit: 0, retryDelaySeconds: 1, policy: 'standard' });
    const boss = (jobs as unknown as { boss: { fetch: (queue: string) => Promise<unknown> } }).boss;
    const looks: number[] = [];
    const fetch = boss.fetch.bind(boss);
    boss.fetch = (queue: string, ...rest: unknown[]) => {
      if (queue === name) {
        looks.push(performance.now());
      }
      return (fetch as (...args: unknown[]) => Promise<unknown>)(queue, ...rest);
    };
    const taken: unknown[] = [];
    await jobs.consume<{ n: number }>(name, 2, (job) => {
      taken.push(job.data);
      return Promise.resolve();
    });
    // looks at 0, 1 and 2 s, then 4 s later: the gaps grow
    await waitFor(() => looks.length >= 4, 15_000, 'four looks at the empty queue');
    const gaps = looks.slice(1).map((t, i) => t - looks[i]!);
    expect(gaps[2]).toBeGreaterThan(1.5 * gaps[0]!);
    const sentAt = performance.now();
    await jobs.send(name, { n: 1 });
    await waitFor(() => taken.length === 1, 3_000, 'the sent job to be taken');
    expect(taken).toEqual([{ n: 1 }]);
    // taken by the wake-up, not by the next (seconds away) look
    expect(looks.some((t) => t >= sentAt)).toBe(true);
  });

  it('keeps one waiting run of a daily job across instances, and each run sends the next', async () => {
    const name = `daily-${randomBytes(3).toString('hex')}`;
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    const other = new JobQueue(inject('databaseUrl'), logger);
    const third = new JobQueue(inject('databaseUrl'), logger);
    const jobsOf = async () =>
      (
        await db.query<{ id: string; state: string; start_after: Date }>(
          'SELECT id, state, start_after FROM pgboss.job WHERE name = $1 ORDER BY created_on',
          [name],
        )
      ).rows;
    try {
      const runs: string[] = [];
      // two instances start: one waiting run, due at the next 03:00 UTC
      await jobs.daily(name, 3, () => Promise.resolve(void runs.push('first')));
      await other.daily(name, 3, () => Promise.resolve(void runs.push('other')));
      const [waiting, ...more] = await jobsOf();
      expect(more).toEqual([]);
      expect(waiting!.state).toBe('created');
      expect(waiting!.start_after.getTime()).toBe(nextDailyAt(3).getTime());
      // its time comes (moved to now): a third instance, whose worker looks at once, runs it
      await db.query("UPDATE pgboss.job SET start_after = now() - interval '1 second' WHERE id = $1", [
        waiting!.id,
      ]);
      await third.daily(name, 3, () => Promise.resolve(void runs.push('third')));
      await waitFor(async () => (await jobsOf()).some((j) => j.state === 'completed'), 10_000, 'the run');
      expect(runs).toEqual(['third']);
      const after = await jobsOf();
      expect(after.map((j) => j.state).sort()).toEqual(['completed', 'created']);
      expect(after.find((j) => j.state === 'created')!.start_after.getTime()).toBe(nextDailyAt(3).getTime());
    } finally {
      await Promise.all([other.stop(), third.stop()]);
      await db.end();
    }
  });

  it('finds the next run of a daily hour, across days, months and years', () => {
    expect(nextDailyAt(3, new Date('2026-12-03T02:59:59.999Z')).toISOString()).toBe(
      '2026-12-03T03:00:00.000Z',
    );
    expect(nextDailyAt(3, new Date('2026-12-03T03:00:00.000Z')).toISOString()).toBe(
      '2026-12-04T03:00:00.000Z',
    );
    expect(nextDailyAt(3, new Date('2026-12-03T23:30:00.000Z')).toISOString()).toBe(
      '2026-12-04T03:00:00.000Z',
    );
    expect(nextDailyAt(3, new Date('2026-02-28T04:00:00.000Z')).toISOString()).toBe(
      '2026-03-01T03:00:00.000Z',
    );
    expect(nextDailyAt(0, new Date('2026-12-31T05:00:00.000Z')).toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });
});
