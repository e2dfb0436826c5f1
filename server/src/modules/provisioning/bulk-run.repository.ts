// The only code that reads and writes bulk runs, their items and the desired configurations. A run's
// progress is decided under a row lock on the run (advance), and every item moves between states with a
// conditional update, so two instances (or a retried job) never both start the same device.
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { BulkCounts, BulkItemStatus, ConfigValues } from '@wsnoc/shared';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';
import { BulkItemEntity, BulkRunEntity, DesiredConfigEntity } from './bulk-run.entity.js';

export type NewRun = Omit<
  BulkRunEntity,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'startedAt'
  | 'finishedAt'
  | 'nextBatchAt'
  | 'currentBatch'
  | 'pauseReason'
  | 'thresholdBaseFailed'
  | 'thresholdBaseDone'
>;
export type NewItem = Pick<BulkItemEntity, 'deviceId' | 'deviceName' | 'batch' | 'seq' | 'desired'>;

const EMPTY_COUNTS: BulkCounts = {
  total: 0,
  pending: 0,
  queued: 0,
  applying: 0,
  succeeded: 0,
  unchanged: 0,
  failed: 0,
  reverted: 0,
  cancelled: 0,
};

@Injectable()
export class BulkRunRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(BulkRunEntity) private readonly runs: Repository<BulkRunEntity>,
    @InjectRepository(BulkItemEntity) private readonly items: Repository<BulkItemEntity>,
    @InjectRepository(DesiredConfigEntity) private readonly desired: Repository<DesiredConfigEntity>,
  ) {}

  /** The run and all its items, in one transaction: a run is never half-created. */
  createRun(run: NewRun, items: NewItem[]): Promise<BulkRunEntity> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(manager.create(BulkRunEntity, run));
      for (let i = 0; i < items.length; i += 500) {
        await manager.insert(
          BulkItemEntity,
          items.slice(i, i + 500).map((item) => ({ ...item, runId: saved.id, status: 'pending' as const })),
        );
      }
      return saved;
    });
  }

  findRun(id: string): Promise<BulkRunEntity | null> {
    return this.runs.findOne({ where: { id } });
  }

  listRuns(limit: number): Promise<BulkRunEntity[]> {
    return this.runs.find({ order: { createdAt: 'DESC' }, take: limit });
  }

  /** The rollback run of each of these runs, if one was started. */
  async rollbacksOf(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) {
      return new Map();
    }
    const rows = await this.runs.find({
      select: { id: true, rollbackOf: true },
      where: { rollbackOf: In(ids) },
    });
    return new Map(rows.map((r) => [r.rollbackOf!, r.id]));
  }

  /** Runs that may have work to do: scheduled or running. */
  async activeRunIds(): Promise<string[]> {
    const rows = await this.runs.find({
      select: { id: true },
      where: { status: In(['scheduled', 'running']) },
    });
    return rows.map((r) => r.id);
  }

  itemsOf(runId: string): Promise<BulkItemEntity[]> {
    return this.items.find({ where: { runId }, order: { seq: 'ASC' } });
  }

  findItem(id: string): Promise<BulkItemEntity | null> {
    return this.items.findOne({ where: { id } });
  }

  itemsByIds(ids: string[]): Promise<BulkItemEntity[]> {
    return ids.length
      ? this.items.find({ where: { id: In(ids) }, order: { seq: 'ASC' } })
      : Promise.resolve([]);
  }

  /** How many items of each run are in each state. */
  async counts(
    runIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, BulkCounts>> {
    const result = new Map(runIds.map((id) => [id, { ...EMPTY_COUNTS }]));
    if (!runIds.length) {
      return result;
    }
    const rows: { run_id: string; status: BulkItemStatus; n: string }[] = await manager.query(
      `SELECT run_id, status, count(*) AS n FROM bulk_run_items WHERE run_id = ANY($1) GROUP BY run_id, status`,
      [runIds],
    );
    for (const row of rows) {
      const counts = result.get(row.run_id)!;
      counts[row.status] = Number(row.n);
      counts.total += Number(row.n);
    }
    return result;
  }

  /** Runs `step` in a transaction holding the run's row lock; null when the run is gone. */
  withRunLock<T>(
    runId: string,
    step: (run: BulkRunEntity, manager: EntityManager) => Promise<T>,
  ): Promise<T | null> {
    return this.dataSource.transaction(async (manager) => {
      const run = await manager
        .getRepository(BulkRunEntity)
        .createQueryBuilder('run')
        .setLock('pessimistic_write')
        .where('run.id = :runId', { runId })
        .getOne();
      return run ? step(run, manager) : null;
    });
  }

  async updateRun(
    manager: EntityManager,
    id: string,
    patch: Partial<Omit<BulkRunEntity, 'variables' | 'rollout'>>,
  ): Promise<void> {
    await manager.update(BulkRunEntity, { id }, { ...patch, updatedAt: new Date() });
  }

  async markStarted(id: string): Promise<void> {
    await this.runs.update({ id }, { startedAt: new Date(), updatedAt: new Date() });
  }

  /** A resume's new failure threshold. */
  async setThreshold(manager: EntityManager, id: string, percent: number): Promise<void> {
    await manager.query(
      `UPDATE bulk_runs SET rollout = jsonb_set(rollout, '{failureThresholdPercent}', to_jsonb($2::numeric)) WHERE id = $1`,
      [id, percent],
    );
  }

  /** Per state, the items of one batch. */
  async batchCounts(
    manager: EntityManager,
    runId: string,
    batch: number,
  ): Promise<Partial<Record<BulkItemStatus, number>>> {
    const rows: { status: BulkItemStatus; n: string }[] = await manager.query(
      `SELECT status, count(*) AS n FROM bulk_run_items WHERE run_id = $1 AND batch = $2 GROUP BY status`,
      [runId, batch],
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Marks up to `limit` pending items of a batch queued (those not waiting out a busy retry). */
  async queueNext(manager: EntityManager, runId: string, batch: number, limit: number): Promise<string[]> {
    if (limit <= 0) {
      return [];
    }
    const rows: { id: string }[] = await manager.query(
      `WITH moved AS (
         UPDATE bulk_run_items SET status = 'queued', updated_at = now()
          WHERE id IN (
            SELECT id FROM bulk_run_items
             WHERE run_id = $1 AND batch = $2 AND status = 'pending' AND (retry_at IS NULL OR retry_at <= now())
             ORDER BY seq LIMIT $3)
          RETURNING id)
       SELECT id FROM moved`,
      [runId, batch, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Items queued longer than `olderThanMs` (their job may be lost): touched, to be sent again. */
  async staleQueued(manager: EntityManager, runId: string, olderThanMs: number): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `WITH touched AS (
         UPDATE bulk_run_items SET updated_at = now()
          WHERE run_id = $1 AND status = 'queued' AND updated_at < now() - make_interval(secs => $2::float8)
          RETURNING id)
       SELECT id FROM touched`,
      [runId, olderThanMs / 1000],
    );
    return rows.map((r) => r.id);
  }

  /** When the first busy item of a batch may be tried again, if any waits. */
  async nextRetryAt(manager: EntityManager, runId: string, batch: number): Promise<Date | null> {
    const rows: { at: Date | null }[] = await manager.query(
      `SELECT min(retry_at) AS at FROM bulk_run_items WHERE run_id = $1 AND batch = $2 AND status = 'pending'`,
      [runId, batch],
    );
    return rows[0]?.at ?? null;
  }

  /** Moves an item from one of `from` to its next state; null when it was not in one of them. */
  async transitionItem(
    id: string,
    from: BulkItemStatus[],
    patch: Partial<BulkItemEntity>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BulkItemEntity | null> {
    const result = await manager.update(
      BulkItemEntity,
      { id, status: In(from) },
      {
        ...patch,
        updatedAt: new Date(),
      },
    );
    return result.affected ? manager.findOne(BulkItemEntity, { where: { id } }) : null;
  }

  /** Every item of a run still in one of `from`, moved to `to` (a cancel). */
  async transitionAll(
    manager: EntityManager,
    runId: string,
    from: BulkItemStatus[],
    to: BulkItemStatus,
    detail: string,
  ): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `WITH moved AS (
         UPDATE bulk_run_items SET status = $3, detail = $4, finished_at = now(), updated_at = now()
          WHERE run_id = $1 AND status = ANY($2) RETURNING id)
       SELECT id FROM moved`,
      [runId, from, to, detail],
    );
    return rows.map((r) => r.id);
  }

  /** A device's desired configuration gains the values a run set on it. */
  async mergeDesired(deviceId: string, values: ConfigValues, runId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO desired_configs (device_id, desired, run_id) VALUES ($1, $2, $3)
       ON CONFLICT (device_id) DO UPDATE
         SET desired = desired_configs.desired || EXCLUDED.desired, run_id = EXCLUDED.run_id, updated_at = now()`,
      [deviceId, JSON.stringify(values), runId],
    );
  }

  findDesired(deviceId: string): Promise<DesiredConfigEntity | null> {
    return this.desired.findOne({ where: { deviceId } });
  }

  allDesired(): Promise<DesiredConfigEntity[]> {
    return this.desired.find();
  }
}
