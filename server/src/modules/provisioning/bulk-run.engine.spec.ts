// When the bulk engine's sweep queries Postgres: every BULK_SWEEP_MS while a run is scheduled or running,
// rarely on an idle console, and soon again once any instance says a run changed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryPubSub } from '@/infra/cache/memory.cache.js';
import type { JobQueue } from '@/infra/jobs/job-queue.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import type { AuditService } from '@/modules/audit/audit.service.js';
import type { CommandService } from '@/modules/commands/command.service.js';
import { strictMock } from '../../../test/strict-mock.js';
import { BulkRunEngine, ITEM_QUEUE } from './bulk-run.engine.js';
import type { BulkRunRepository } from './bulk-run.repository.js';

const SWEEP_MS = 2_000;

function engineWith(active: () => string[]) {
  const activeRunIds = vi.fn(() => Promise.resolve(active()));
  const wake = vi.fn();
  const pubsub = new MemoryPubSub();
  const engine = new BulkRunEngine(
    strictMock<BulkRunRepository>('runs', {
      activeRunIds,
      // a run that has nothing to do this pass
      withRunLock: () => Promise.resolve(undefined as never),
    }),
    strictMock<CommandService>('commands'),
    strictMock<JobQueue>('jobs', {
      queue: () => Promise.resolve(),
      consume: () => Promise.resolve(),
      wake,
    }),
    strictMock<AuditService>('audit'),
    pubsub,
    { sweepMs: SWEEP_MS, workers: 1, itemExpireSeconds: 60 },
    strictMock<AppLogger>('logger', { warn: () => undefined }),
  );
  return { engine, activeRunIds, wake, pubsub };
}

describe(BulkRunEngine.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('looks for runs every 30 s on an idle console, and within BULK_SWEEP_MS after a change message', async () => {
    const { engine, activeRunIds, wake, pubsub } = engineWith(() => []);
    await engine.onModuleInit();
    await engine.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(60_000);
    // the first look at boot, then one each 30 s (it was one per BULK_SWEEP_MS: 31 in this minute)
    expect(activeRunIds).toHaveBeenCalledTimes(3);
    await pubsub.publish('bulk:changed', JSON.stringify({ runId: 'r1', items: [] }));
    await vi.advanceTimersByTimeAsync(SWEEP_MS);
    expect(activeRunIds).toHaveBeenCalledTimes(4);
    expect(wake).toHaveBeenCalledWith(ITEM_QUEUE);
    await engine.onApplicationShutdown();
  });

  it('keeps looking every BULK_SWEEP_MS while a run is scheduled or running', async () => {
    let active = ['r1'];
    const { engine, activeRunIds } = engineWith(() => active);
    await engine.onModuleInit();
    await engine.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(10 * SWEEP_MS);
    expect(activeRunIds).toHaveBeenCalledTimes(11);
    active = [];
    await vi.advanceTimersByTimeAsync(30_000);
    // the run ended: one more look found nothing, then the idle pace
    expect(activeRunIds.mock.calls.length).toBeLessThanOrEqual(13);
    await engine.onApplicationShutdown();
  });
});
