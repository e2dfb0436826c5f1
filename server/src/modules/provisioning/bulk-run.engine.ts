// Drives bulk runs. Runs and items live in Postgres; each device of a run is one pg-boss job, so a job
// an instance took when it died is handed to a surviving instance (or to this one after a restart)
// once it expires. The run's progress (start at its time, top up its batch to the concurrency, the
// canary and the failure threshold, the pause between batches, completion) is decided by advance()
// under a row lock on the run, by whichever instance gets there: after every item and on a sweep.
//
// One device, one safe apply: the item moves queued -> applying (a conditional update that records the
// job) before anything is sent. A job that finds its item already applying under its own id is a
// retry after a crash: it never applies again, it settles what the radio runs (confirmed if it runs the
// change, reported reverted if not). A second job for an item someone else holds does nothing.
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { BulkCounts } from '@wsnoc/shared';
import { z } from 'zod';
import { PubSub } from '@/infra/cache/cache.types.js';
import { JobQueue } from '@/infra/jobs/job-queue.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import { CommandError } from '@/modules/commands/command.errors.js';
import { CommandService } from '@/modules/commands/command.service.js';
import { isDriverError } from '@/modules/driver/driver.errors.js';
import { DeviceBusyError } from '@/modules/locks/lock.errors.js';
import type { BulkItemEntity, BulkRunEntity } from './bulk-run.entity.js';
import { BulkRunRepository } from './bulk-run.repository.js';
import { BulkSettings } from './bulk.settings.js';

export const ITEM_QUEUE = 'bulk-item';
const CHANGED_CHANNEL = 'bulk:changed';
/** How often the sweep looks while no run is scheduled or running (a change makes it look at once). */
const IDLE_SWEEP_MS = 30_000;
/** A busy radio is tried again after this, times the number of tries so far, up to the last try. */
const BUSY_RETRY_MS = 5_000;
const BUSY_TRIES = 12;
/** Items done before the failure threshold is judged inside a batch (at a batch's end it always is). */
const THRESHOLD_SAMPLE = 10;
/** A queued item whose job was lost (the instance died between the two) is sent again after this. */
const REQUEUE_AFTER_MS = 60_000;

const ChangedSchema = z.object({ runId: z.string(), items: z.array(z.string()) });
export type RunChangeListener = (runId: string, itemIds: string[]) => void;

const ItemJobSchema = z.object({ itemId: z.string().uuid(), runId: z.string().uuid() });
type ItemJob = z.infer<typeof ItemJobSchema>;

@Injectable()
export class BulkRunEngine implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweepAt = 0;
  private readonly advancing = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly listeners = new Set<RunChangeListener>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private stopped = false;

  constructor(
    private readonly runs: BulkRunRepository,
    private readonly commands: CommandService,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly pubsub: PubSub,
    private readonly settings: BulkSettings,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe(CHANGED_CHANNEL, (message) => {
      const parsed = ChangedSchema.safeParse(safeJson(message));
      if (parsed.success) {
        this.tell(parsed.data.runId, parsed.data.items);
        // another instance's run moved: its jobs may be for us, and the sweep should look soon
        this.jobs.wake(ITEM_QUEUE);
        this.sweepSoon();
      }
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.queue(ITEM_QUEUE, {
      expireInSeconds: this.settings.itemExpireSeconds,
      retryLimit: 100,
      retryDelaySeconds: 2,
      policy: 'stately',
    });
    await this.jobs.consume<ItemJob>(ITEM_QUEUE, this.settings.workers, async (job) => {
      const data = ItemJobSchema.safeParse(job.data);
      if (!data.success) {
        this.logger.warn({ job: job.id, data: job.data }, 'bulk item job without an item; dropped');
        return;
      }
      await this.runItem(job.id, data.data);
    });
    void this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sweepTimer);
    await this.unsubscribe?.();
    await Promise.allSettled([...this.advancing.values()]);
  }

  /** Told of every change to a run or its items, on every instance (the live feed). */
  onChange(listener: RunChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces a change to every instance. */
  changed(runId: string, itemIds: string[] = []): void {
    void this.pubsub
      .publish(CHANGED_CHANNEL, JSON.stringify({ runId, items: itemIds }))
      .catch(() => this.tell(runId, itemIds));
  }

  /**
   * Looks at every run that may have work: start due runs, top up batches, re-send lost jobs. Every
   * `BULK_SWEEP_MS` while some run is scheduled or running; with none, every 30 s, and at once when a
   * run changes here or on another instance (sweepSoon), so an idle console does not query for nothing.
   */
  async sweep(): Promise<void> {
    if (this.stopped) {
      return;
    }
    clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    let active = true;
    try {
      const ids = await this.runs.activeRunIds();
      active = ids.length > 0;
      for (const id of ids) {
        await this.advance(id);
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'bulk run sweep failed');
    }
    this.armSweep(active ? this.settings.sweepMs : IDLE_SWEEP_MS);
  }

  /** The next sweep within BULK_SWEEP_MS, not the idle 30 s. */
  private sweepSoon(): void {
    this.armSweep(this.settings.sweepMs);
  }

  private armSweep(ms: number): void {
    if (this.stopped) {
      return;
    }
    const at = Date.now() + ms;
    if (this.sweepTimer && this.sweepAt <= at) {
      return;
    }
    clearTimeout(this.sweepTimer);
    this.sweepAt = at;
    this.sweepTimer = setTimeout(() => void this.sweep(), ms);
    this.sweepTimer.unref();
  }

  /** Moves a run on; concurrent calls for one run on this instance coalesce into one more pass. */
  advance(runId: string): Promise<void> {
    this.sweepSoon();
    const running = this.advancing.get(runId);
    if (running) {
      this.again.add(runId);
      return running;
    }
    const pass = (async () => {
      do {
        this.again.delete(runId);
        await this.advanceOnce(runId).catch((err: unknown) =>
          this.logger.warn({ err: (err as Error).message, run: runId }, 'bulk run advance failed'),
        );
      } while (this.again.has(runId) && !this.stopped);
    })().finally(() => this.advancing.delete(runId));
    this.advancing.set(runId, pass);
    return pass;
  }

  private async advanceOnce(runId: string): Promise<void> {
    const toSend: string[] = [];
    let changed = false;
    await this.runs.withRunLock(runId, async (run, manager) => {
      const now = new Date();
      if (run.status === 'scheduled') {
        if (run.startAt > now) {
          return;
        }
        await this.runs.updateRun(manager, run.id, { status: 'running', startedAt: now });
        run.status = 'running';
        changed = true;
      }
      if (run.status !== 'running') {
        return;
      }
      if (run.nextBatchAt && run.nextBatchAt > now) {
        return;
      }
      const counts = (await this.runs.counts([run.id], manager)).get(run.id)!;
      const pause = this.thresholdBreach(run, counts, false);
      if (pause) {
        await this.runs.updateRun(manager, run.id, { status: 'paused', pauseReason: pause });
        await this.auditRun(run, 'bulk-run.paused', pause, counts);
        changed = true;
        return;
      }
      for (;;) {
        const batch = await this.runs.batchCounts(manager, run.id, run.currentBatch);
        const inFlight = (batch.queued ?? 0) + (batch.applying ?? 0);
        if (inFlight + (batch.pending ?? 0) > 0) {
          toSend.push(
            ...(await this.runs.queueNext(
              manager,
              run.id,
              run.currentBatch,
              run.rollout.concurrency - inFlight,
            )),
          );
          break;
        }
        // The batch is done: judge it whole, then move to the next, or finish.
        const atEnd = this.thresholdBreach(run, counts, true);
        if (atEnd) {
          await this.runs.updateRun(manager, run.id, { status: 'paused', pauseReason: atEnd });
          await this.auditRun(run, 'bulk-run.paused', atEnd, counts);
          changed = true;
          break;
        }
        if (run.currentBatch + 1 >= run.batches) {
          await this.runs.updateRun(manager, run.id, { status: 'completed', finishedAt: now });
          await this.auditRun(run, 'bulk-run.completed', summary(counts), counts);
          changed = true;
          break;
        }
        run.currentBatch++;
        changed = true;
        const wait = run.rollout.pauseBetweenBatchesSec;
        run.nextBatchAt = wait > 0 ? new Date(now.getTime() + wait * 1000) : null;
        await this.runs.updateRun(manager, run.id, {
          currentBatch: run.currentBatch,
          nextBatchAt: run.nextBatchAt,
        });
        if (run.nextBatchAt) {
          break;
        }
      }
      toSend.push(...(await this.runs.staleQueued(manager, run.id, REQUEUE_AFTER_MS)));
    });
    for (const itemId of new Set(toSend)) {
      await this.jobs.send<ItemJob>(ITEM_QUEUE, { itemId, runId }, { singletonKey: itemId });
    }
    if (changed || toSend.length) {
      this.changed(runId, toSend);
    }
  }

  /**
   * Why the run must pause now, if it must: any failure in the canary, or more failures than the
   * threshold among the devices done since the run last started or resumed.
   */
  private thresholdBreach(run: BulkRunEntity, counts: BulkCounts, batchDone: boolean): string | null {
    const bad = counts.failed + counts.reverted - run.thresholdBaseFailed;
    const done =
      counts.succeeded + counts.unchanged + counts.failed + counts.reverted - run.thresholdBaseDone;
    if (run.currentBatch === 0 && run.rollout.canarySize > 0 && bad > 0 && run.kind === 'apply') {
      return `the canary failed on ${bad} of ${done} device${done === 1 ? '' : 's'}`;
    }
    if (done <= 0 || (!batchDone && done < THRESHOLD_SAMPLE)) {
      return null;
    }
    const share = (bad * 100) / done;
    return share > run.rollout.failureThresholdPercent
      ? `${bad} of ${done} devices failed (${share.toFixed(1)}%), above the ${run.rollout.failureThresholdPercent}% threshold`
      : null;
  }

  /** One device of a run, as a pg-boss job. Throws only when the database fails (pg-boss retries). */
  private async runItem(jobId: string, job: ItemJob): Promise<void> {
    const item = await this.runs.findItem(job.itemId);
    const run = item && (await this.runs.findRun(item.runId));
    if (!item || !run) {
      return;
    }
    if (item.status === 'applying') {
      if (item.jobId === jobId) {
        await this.settle(run, item);
      }
      return;
    }
    if (item.status !== 'queued') {
      return;
    }
    if (run.status !== 'running') {
      // Paused or cancelled after it was queued: back to waiting (a cancel has already moved it).
      await this.runs.transitionItem(item.id, ['queued'], { status: 'pending' });
      this.changed(run.id, [item.id]);
      return;
    }
    const started = await this.runs.transitionItem(item.id, ['queued'], {
      status: 'applying',
      jobId,
      startedAt: new Date(),
    });
    if (!started) {
      return;
    }
    this.changed(run.id, [item.id]);
    await this.apply(run, started);
    await this.advance(run.id);
  }

  private async apply(run: BulkRunEntity, item: BulkItemEntity): Promise<void> {
    const actor = { username: run.actor };
    try {
      const outcome = await this.commands.safeApply(
        item.deviceId,
        item.desired,
        run.rollout.confirmMinutes,
        actor,
      );
      if (outcome.kind === 'unchanged') {
        await this.finish(run, item, 'unchanged', {
          before: outcome.running.config,
          after: outcome.running.config,
          detail: 'already ran every value: nothing sent',
        });
        return;
      }
      await this.finish(run, item, 'succeeded', {
        before: outcome.change.before,
        after: outcome.change.after,
        changeId: outcome.change.id,
      });
      // A rollback's values are what the operator wants now: without this, a rolled-back radio would
      // read as drifted from the change it just undid.
      await this.runs.mergeDesired(item.deviceId, item.desired, run.id);
    } catch (err) {
      await this.failed(run, item, err);
    }
  }

  /** Records why a device's change did not stand, or puts a busy radio back for later. */
  private async failed(run: BulkRunEntity, item: BulkItemEntity, err: unknown): Promise<void> {
    const busy = err instanceof DeviceBusyError || isDriverError(err, 'locked') || isDriverError(err, 'busy');
    if (busy && item.busyRetries + 1 < BUSY_TRIES) {
      const retries = item.busyRetries + 1;
      const back = await this.runs.transitionItem(item.id, ['applying'], {
        status: 'pending',
        busyRetries: retries,
        retryAt: new Date(Date.now() + BUSY_RETRY_MS * retries),
        detail: `busy, tried again later: ${(err as Error).message}`,
        jobId: null,
      });
      if (back) {
        this.changed(run.id, [item.id]);
      }
      return;
    }
    const message = (err as Error).message;
    // The change went on the radio but was not confirmed (it did not verify, or management was lost):
    // the radio goes back by itself at the end of its confirm window.
    const reverting =
      err instanceof CommandError && (err.code === 'management-lost' || err.code === 'verify-failed');
    await this.finish(run, item, reverting ? 'reverted' : 'failed', {
      detail: reverting
        ? `${message}; not confirmed, so the radio goes back by itself within ${run.rollout.confirmMinutes} min`
        : busy
          ? `busy on every try (${BUSY_TRIES}): ${message}`
          : message,
    });
  }

  /** After a crash during this item's safe apply: confirm what the radio runs, or report it reverted. */
  private async settle(run: BulkRunEntity, item: BulkItemEntity): Promise<void> {
    try {
      const outcome = await this.commands.settleInterrupted(item.deviceId, item.desired, {
        username: run.actor,
      });
      if (outcome.kept) {
        await this.finish(run, item, 'succeeded', {
          after: outcome.running.config,
          detail: 'interrupted during the change; the radio ran it, so it was confirmed',
        });
        await this.runs.mergeDesired(item.deviceId, item.desired, run.id);
      } else {
        await this.finish(run, item, 'reverted', {
          after: outcome.running.config,
          detail:
            'interrupted during the change; the radio does not run it (it reverted, or never took it), so nothing was sent again',
        });
      }
    } catch (err) {
      if (err instanceof DeviceBusyError || isDriverError(err)) {
        // The radio is held (the dead instance's lease has not lapsed yet) or unreachable: the job is
        // retried, and this path runs again.
        throw err;
      }
      await this.finish(run, item, 'failed', { detail: (err as Error).message });
    }
    await this.advance(run.id);
  }

  private async finish(
    run: BulkRunEntity,
    item: BulkItemEntity,
    status: 'succeeded' | 'unchanged' | 'failed' | 'reverted',
    patch: Partial<Pick<BulkItemEntity, 'before' | 'after' | 'changeId' | 'detail'>>,
  ): Promise<void> {
    const done = await this.runs.transitionItem(item.id, ['applying'], {
      status,
      detail: null,
      ...patch,
      finishedAt: new Date(),
    });
    if (done) {
      this.changed(run.id, [item.id]);
    }
  }

  private async auditRun(
    run: BulkRunEntity,
    action: string,
    detail: string,
    counts: BulkCounts,
  ): Promise<void> {
    await this.audit
      .record({
        actor: run.actor,
        action,
        outcome: 'ok',
        detail: `${run.name}: ${detail}`,
        after: { runId: run.id, counts },
      })
      .catch((err: unknown) =>
        this.logger.error({ err: (err as Error).message, action }, 'audit entry not written'),
      );
  }

  private tell(runId: string, itemIds: string[]): void {
    for (const listener of this.listeners) {
      listener(runId, itemIds);
    }
  }
}

function summary(counts: BulkCounts): string {
  return `${counts.succeeded} changed, ${counts.unchanged} unchanged, ${counts.failed} failed, ${counts.reverted} reverted, ${counts.cancelled} cancelled`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
