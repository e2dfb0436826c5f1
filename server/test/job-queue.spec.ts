// The durable job queue on real Postgres (pg-boss): a consumer of an empty queue looks less and less often
// (an idle console must not query every second for nothing), and a job sent here is still taken at once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JobQueue } from '@/infra/jobs/job-queue.js';
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
});
