// Bulk runs as an operator sees them: preview (a dry run that reads every radio's running configuration
// and diffs it, sending nothing), create (refused whole, before any radio is touched, when a value is
// invalid for any device), list and detail, pause, resume, cancel and roll back. The engine does the
// work; every step here is audited with who, which run, and which devices.
import { Inject, Injectable } from '@nestjs/common';
import {
  type BulkChange,
  type BulkItem,
  type BulkPreview,
  type BulkResume,
  type BulkRun,
  type BulkRunCreate,
  type BulkRunDetail,
  diffConfig,
  type PreviewItem,
  templateById,
} from '@wsnoc/shared';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import type { Actor } from '@/modules/commands/command.service.js';
import { fieldsOf, pick } from '@/modules/commands/config-values.js';
import { DriverService } from '@/modules/driver/driver.service.js';
import { DeviceDirectory } from '@/modules/inventory/device-directory.service.js';
import { DeviceLockService } from '@/modules/locks/device-lock.service.js';
import { DeviceBusyError } from '@/modules/locks/lock.errors.js';
import { BulkPlanner } from './bulk-planner.js';
import type { BulkItemEntity, BulkRunEntity } from './bulk-run.entity.js';
import { BulkRunEngine } from './bulk-run.engine.js';
import { type NewItem, BulkRunRepository } from './bulk-run.repository.js';
import { ProvisioningError } from './provisioning.errors.js';

/** Radios read at once in a preview's dry run. */
const PREVIEW_CONCURRENCY = 32;
const PREVIEW_LOCK_MS = 30_000;
const RUNS_LISTED = 100;
/** Device names kept in an audit entry of a run. */
const AUDIT_NAMES = 200;

@Injectable()
export class BulkRunService {
  constructor(
    private readonly planner: BulkPlanner,
    private readonly runs: BulkRunRepository,
    private readonly engine: BulkRunEngine,
    private readonly directory: DeviceDirectory,
    private readonly driver: DriverService,
    private readonly locks: DeviceLockService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  /**
   * The dry run: each device's values and problems, and the diff against its running configuration,
   * read now. A poll in progress is waited for, as for any operator; a radio another operation holds is
   * not (the run retries it). Nothing is sent to any radio.
   */
  async preview(change: BulkChange, actor: Actor): Promise<BulkPreview> {
    const planned = await this.planner.plan(change, actor);
    const items: PreviewItem[] = planned.map((p) => ({
      deviceId: p.device.entity.id,
      name: p.device.entity.name,
      values: p.values,
      issues: p.issues,
      running: null,
      diff: [],
      readError: null,
    }));
    let next = 0;
    const read = async () => {
      for (let i = next++; i < planned.length; i = next++) {
        const device = planned[i]!.device;
        const item = items[i]!;
        try {
          const running = await this.locks.run(
            { id: device.entity.id, name: device.entity.name },
            `${actor.username} (preview)`,
            () => this.driver.readConfig(device.target),
            PREVIEW_LOCK_MS,
          );
          item.running = running;
          item.diff = diffConfig(running, { ...running, ...item.values }, fieldsOf(item.values));
        } catch (err) {
          item.readError =
            err instanceof DeviceBusyError
              ? `${err.message}; the run will try it when it is free`
              : (err as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: PREVIEW_CONCURRENCY }, read));
    return {
      items,
      invalid: items.filter((i) => i.issues.length).length,
      unchanged: items.filter((i) => i.running && !i.issues.length && !i.diff.length).length,
    };
  }

  /** Creates a run and starts it (or schedules it). Refused whole when any device has a problem. */
  async create(request: BulkRunCreate, actor: Actor): Promise<BulkRunDetail> {
    const planned = await this.planner.plan(request, actor);
    const invalid = planned.filter((p) => p.issues.length);
    if (invalid.length) {
      const issues = invalid.flatMap((p) =>
        p.issues.map((i) => ({ path: `${p.device.entity.name}.${i.path}`, message: i.message })),
      );
      throw new ProvisioningError(
        'invalid-run',
        `${invalid.length} of ${planned.length} devices cannot take this change: ${issues
          .slice(0, 5)
          .map((i) => `${i.path}: ${i.message}`)
          .join('; ')}${issues.length > 5 ? '; ...' : ''}`,
        { issues },
      );
    }
    const template = templateById(request.template)!;
    const rollout = request.rollout;
    const startAt = rollout.startAt ? new Date(rollout.startAt) : new Date();
    const items = batchItems(
      planned.map((p) => ({
        deviceId: p.device.entity.id,
        deviceName: p.device.entity.name,
        desired: p.values,
      })),
      rollout.canarySize,
      rollout.batchSize,
    );
    const run = await this.runs.createRun(
      {
        name: request.name ?? `${template.name}, ${planned.length} device${planned.length === 1 ? '' : 's'}`,
        kind: 'apply',
        rollbackOf: null,
        actor: actor.username,
        template: template.id,
        variables: request.variables,
        rollout,
        status: startAt > new Date() ? 'scheduled' : 'running',
        batches: batchCount(items),
        startAt,
      },
      items,
    );
    if (run.status === 'running') {
      await this.runs.markStarted(run.id);
    }
    await this.auditRun(actor, 'bulk-run.create', run, items, {
      template: template.id,
      variables: request.variables,
      overrides: request.overrides,
      rollout,
    });
    void this.engine.advance(run.id);
    return this.detail(run.id);
  }

  async list(): Promise<BulkRun[]> {
    const runs = await this.runs.listRuns(RUNS_LISTED);
    const counts = await this.runs.counts(runs.map((r) => r.id));
    const rollbacks = await this.runs.rollbacksOf(runs.map((r) => r.id));
    return runs.map((run) => mapRun(run, counts.get(run.id)!, rollbacks.get(run.id) ?? null));
  }

  async get(runId: string): Promise<BulkRun> {
    const run = await this.require(runId);
    const counts = (await this.runs.counts([run.id])).get(run.id)!;
    const rollbacks = await this.runs.rollbacksOf([run.id]);
    return mapRun(run, counts, rollbacks.get(run.id) ?? null);
  }

  async detail(runId: string): Promise<BulkRunDetail> {
    const run = await this.get(runId);
    return { ...run, items: (await this.runs.itemsOf(runId)).map(mapItem) };
  }

  async items(runId: string, ids: string[]): Promise<BulkItem[]> {
    return (await this.runs.itemsByIds(ids)).filter((i) => i.runId === runId).map(mapItem);
  }

  /** Stops handing out devices; those under way finish. */
  pause(runId: string, actor: Actor): Promise<BulkRunDetail> {
    return this.transition(runId, actor, 'bulk-run.pause', ['running', 'scheduled'], async (run, manager) => {
      await this.runs.updateRun(manager, run.id, {
        status: 'paused',
        pauseReason: `paused by ${actor.username}`,
      });
    });
  }

  /** Goes on from where it stopped; the threshold counts failures from here, at its new value if given. */
  resume(runId: string, body: BulkResume, actor: Actor): Promise<BulkRunDetail> {
    return this.transition(runId, actor, 'bulk-run.resume', ['paused'], async (run, manager) => {
      const counts = (await this.runs.counts([run.id], manager)).get(run.id)!;
      if (body.failureThresholdPercent !== undefined) {
        await this.runs.setThreshold(manager, run.id, body.failureThresholdPercent);
      }
      await this.runs.updateRun(manager, run.id, {
        status: run.startedAt ? 'running' : run.startAt > new Date() ? 'scheduled' : 'running',
        startedAt: run.startedAt ?? (run.startAt > new Date() ? null : new Date()),
        pauseReason: null,
        nextBatchAt: null,
        thresholdBaseFailed: counts.failed + counts.reverted,
        thresholdBaseDone: counts.succeeded + counts.unchanged + counts.failed + counts.reverted,
      });
    });
  }

  /** Stops the run for good: devices not started are left untouched and marked cancelled. */
  cancel(runId: string, actor: Actor): Promise<BulkRunDetail> {
    return this.transition(
      runId,
      actor,
      'bulk-run.cancel',
      ['running', 'scheduled', 'paused'],
      async (run, manager) => {
        await this.runs.transitionAll(
          manager,
          run.id,
          ['pending', 'queued'],
          'cancelled',
          `cancelled by ${actor.username}`,
        );
        await this.runs.updateRun(manager, run.id, {
          status: 'cancelled',
          pauseReason: null,
          finishedAt: new Date(),
        });
      },
    );
  }

  /**
   * A new run that puts back, on every device this run changed, the values it ran before (the fields
   * the run changed), through the same safe apply. Only once the run no longer changes anything.
   */
  async rollback(runId: string, actor: Actor): Promise<BulkRunDetail> {
    const run = await this.require(runId);
    if (run.status === 'running' || run.status === 'scheduled') {
      throw new ProvisioningError(
        'run-state',
        `${run.name} is ${run.status}: pause or cancel it before rolling it back`,
      );
    }
    if (run.kind === 'rollback') {
      throw new ProvisioningError('run-state', `${run.name} is a rollback; run the original again instead`);
    }
    if ((await this.runs.rollbacksOf([run.id])).has(run.id)) {
      throw new ProvisioningError('run-state', `${run.name} was already rolled back`);
    }
    const all = await this.runs.itemsOf(run.id);
    if (all.some((i) => i.status === 'applying' || i.status === 'queued')) {
      throw new ProvisioningError(
        'run-state',
        `${run.name} still has devices under way; try again when they finish`,
      );
    }
    const changed = all.filter((i) => i.status === 'succeeded' && i.before);
    if (!changed.length) {
      throw new ProvisioningError(
        'run-state',
        `${run.name} changed no device, so there is nothing to roll back`,
      );
    }
    const items = batchItems(
      changed.map((i) => ({
        deviceId: i.deviceId,
        deviceName: i.deviceName,
        desired: pick(i.before!, fieldsOf(i.desired)),
      })),
      0,
      run.rollout.batchSize,
    );
    const rollout = {
      ...run.rollout,
      canarySize: 0,
      pauseBetweenBatchesSec: 0,
      failureThresholdPercent: 100,
      startAt: undefined,
    };
    const rollback = await this.runs.createRun(
      {
        name: `Rollback of ${run.name}`.slice(0, 120),
        kind: 'rollback',
        rollbackOf: run.id,
        actor: actor.username,
        template: 'rollback',
        variables: {},
        rollout,
        status: 'running',
        batches: batchCount(items),
        startAt: new Date(),
      },
      items,
    );
    await this.runs.markStarted(rollback.id);
    await this.auditRun(actor, 'bulk-run.rollback', rollback, items, { rollbackOf: run.id });
    this.engine.changed(run.id);
    void this.engine.advance(rollback.id);
    return this.detail(rollback.id);
  }

  private async transition(
    runId: string,
    actor: Actor,
    action: string,
    from: BulkRunEntity['status'][],
    step: Parameters<BulkRunRepository['withRunLock']>[1],
  ): Promise<BulkRunDetail> {
    const moved = await this.runs.withRunLock(runId, async (run, manager) => {
      if (!from.includes(run.status)) {
        throw new ProvisioningError(
          'run-state',
          `${run.name} is ${run.status}; it cannot be ${verb(action)}`,
        );
      }
      await step(run, manager);
      return run;
    });
    if (!moved) {
      throw new ProvisioningError('run-not-found', `no bulk run ${runId}`);
    }
    await this.audit
      .record({ actor, action, outcome: 'ok', detail: moved.name, after: { runId } })
      .catch((err: unknown) =>
        this.logger.error({ err: (err as Error).message, action }, 'audit entry not written'),
      );
    this.engine.changed(runId);
    void this.engine.advance(runId);
    return this.detail(runId);
  }

  private async require(runId: string): Promise<BulkRunEntity> {
    const run = await this.runs.findRun(runId);
    if (!run) {
      throw new ProvisioningError('run-not-found', `no bulk run ${runId}`);
    }
    return run;
  }

  private async auditRun(
    actor: Actor,
    action: string,
    run: BulkRunEntity,
    items: NewItem[],
    what: Record<string, unknown>,
  ): Promise<void> {
    const names = items.map((i) => i.deviceName);
    await this.audit
      .record({
        actor,
        action,
        outcome: 'ok',
        detail: `${run.name}: ${items.length} device${items.length === 1 ? '' : 's'} (${names
          .slice(0, 10)
          .join(', ')}${names.length > 10 ? ', ...' : ''})`,
        after: {
          runId: run.id,
          ...what,
          devices: names.slice(0, AUDIT_NAMES),
          values: items.slice(0, AUDIT_NAMES).map((i) => i.desired),
        },
      })
      .catch((err: unknown) =>
        this.logger.error({ err: (err as Error).message, action }, 'audit entry not written'),
      );
  }
}

function verb(action: string): string {
  return (
    { 'bulk-run.pause': 'paused', 'bulk-run.resume': 'resumed', 'bulk-run.cancel': 'cancelled' }[action] ??
    action
  );
}

/** The canary first (batch 0, when there is one), then batches of `batchSize`, in the order given. */
export function batchItems(
  devices: Omit<NewItem, 'batch' | 'seq'>[],
  canarySize: number,
  batchSize: number,
): NewItem[] {
  const canary = Math.min(canarySize, devices.length);
  return devices.map((device, seq) => ({
    ...device,
    seq,
    batch: seq < canary ? 0 : Math.floor((seq - canary) / batchSize) + (canary > 0 ? 1 : 0),
  }));
}

function batchCount(items: NewItem[]): number {
  return items.length ? Math.max(...items.map((i) => i.batch)) + 1 : 0;
}

export function mapRun(run: BulkRunEntity, counts: BulkRun['counts'], rolledBackBy: string | null): BulkRun {
  return {
    id: run.id,
    name: run.name,
    kind: run.kind,
    rollbackOf: run.rollbackOf,
    rolledBackBy,
    actor: run.actor,
    template: run.template,
    variables: run.variables,
    rollout: run.rollout,
    status: run.status,
    pauseReason: run.pauseReason,
    currentBatch: run.currentBatch,
    batches: run.batches,
    counts,
    createdAt: run.createdAt.toISOString(),
    startAt: run.startAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export function mapItem(item: BulkItemEntity): BulkItem {
  const fields = fieldsOf(item.desired);
  return {
    id: item.id,
    runId: item.runId,
    deviceId: item.deviceId,
    name: item.deviceName,
    batch: item.batch,
    status: item.status,
    values: item.desired,
    before: item.before,
    after: item.after,
    diff: item.before && item.after ? diffConfig(item.before, item.after, fields) : [],
    changeId: item.changeId,
    busyRetries: item.busyRetries,
    detail: item.detail,
    startedAt: item.startedAt?.toISOString() ?? null,
    finishedAt: item.finishedAt?.toISOString() ?? null,
  };
}
