import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { BulkItemStatus, BulkRunStatus, ConfigValues, RadioConfig, Rollout } from '@wsnoc/shared';

@Entity('bulk_runs')
export class BulkRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'apply' | 'rollback';

  @Column({ name: 'rollback_of', type: 'uuid', nullable: true })
  rollbackOf: string | null;

  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: 'varchar', length: 64 })
  template: string;

  @Column({ type: 'jsonb' })
  variables: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  rollout: Rollout;

  @Column({ type: 'varchar', length: 16 })
  status: BulkRunStatus;

  @Column({ name: 'pause_reason', type: 'text', nullable: true })
  pauseReason: string | null;

  @Column({ name: 'current_batch', type: 'integer', default: 0 })
  currentBatch: number;

  @Column({ type: 'integer' })
  batches: number;

  /** After a batch, when the next may start (the pause between batches). */
  @Column({ name: 'next_batch_at', type: 'timestamptz', nullable: true })
  nextBatchAt: Date | null;

  /** Failed and done items when the run last started or resumed: the threshold counts from there. */
  @Column({ name: 'threshold_base_failed', type: 'integer', default: 0 })
  thresholdBaseFailed: number;

  @Column({ name: 'threshold_base_done', type: 'integer', default: 0 })
  thresholdBaseDone: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'start_at', type: 'timestamptz' })
  startAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity('bulk_run_items')
export class BulkItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'device_id', type: 'uuid' })
  deviceId: string;

  @Column({ name: 'device_name', type: 'varchar', length: 64 })
  deviceName: string;

  @Column({ type: 'integer' })
  batch: number;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 16 })
  status: BulkItemStatus;

  @Column({ type: 'jsonb' })
  desired: ConfigValues;

  @Column({ type: 'jsonb', nullable: true })
  before: RadioConfig | null;

  @Column({ type: 'jsonb', nullable: true })
  after: RadioConfig | null;

  @Column({ name: 'change_id', type: 'uuid', nullable: true })
  changeId: string | null;

  /** The pg-boss job that started the safe apply: its retry (after a crash) settles, never applies. */
  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId: string | null;

  @Column({ name: 'busy_retries', type: 'integer', default: 0 })
  busyRetries: number;

  /** A busy radio's item waits until then before it is handed out again. */
  @Column({ name: 'retry_at', type: 'timestamptz', nullable: true })
  retryAt: Date | null;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity('desired_configs')
export class DesiredConfigEntity {
  @PrimaryColumn({ name: 'device_id', type: 'uuid' })
  deviceId: string;

  @Column({ type: 'jsonb' })
  desired: ConfigValues;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
