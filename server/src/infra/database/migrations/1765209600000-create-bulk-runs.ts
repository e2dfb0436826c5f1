import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk configuration runs and their items (one per device), and each device's desired configuration:
 * what the last run that changed it asked for, to flag drift from.
 */
export class CreateBulkRuns1765209600000 implements MigrationInterface {
  name = 'CreateBulkRuns1765209600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bulk_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('apply', 'rollback')),
        rollback_of uuid REFERENCES bulk_runs(id) ON DELETE SET NULL,
        actor varchar(64) NOT NULL,
        template varchar(64) NOT NULL,
        variables jsonb NOT NULL,
        rollout jsonb NOT NULL,
        status varchar(16) NOT NULL
          CHECK (status IN ('scheduled', 'running', 'paused', 'cancelled', 'completed')),
        pause_reason text,
        current_batch integer NOT NULL DEFAULT 0,
        batches integer NOT NULL,
        next_batch_at timestamptz,
        threshold_base_failed integer NOT NULL DEFAULT 0,
        threshold_base_done integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        start_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX bulk_runs_created_idx ON bulk_runs (created_at DESC)`);
    await queryRunner.query(
      `CREATE INDEX bulk_runs_active_idx ON bulk_runs (status) WHERE status IN ('scheduled', 'running')`,
    );
    await queryRunner.query(`
      CREATE TABLE bulk_run_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES bulk_runs(id) ON DELETE CASCADE,
        device_id uuid NOT NULL,
        device_name varchar(64) NOT NULL,
        batch integer NOT NULL,
        seq integer NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN
          ('pending', 'queued', 'applying', 'succeeded', 'unchanged', 'failed', 'reverted', 'cancelled')),
        desired jsonb NOT NULL,
        before jsonb,
        after jsonb,
        change_id uuid,
        job_id uuid,
        busy_retries integer NOT NULL DEFAULT 0,
        retry_at timestamptz,
        detail text,
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (run_id, device_id)
      )`);
    await queryRunner.query(`CREATE INDEX bulk_run_items_run_idx ON bulk_run_items (run_id, batch, status)`);
    await queryRunner.query(`
      CREATE TABLE desired_configs (
        device_id uuid PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
        desired jsonb NOT NULL,
        run_id uuid REFERENCES bulk_runs(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE desired_configs`);
    await queryRunner.query(`DROP TABLE bulk_run_items`);
    await queryRunner.query(`DROP TABLE bulk_runs`);
  }
}
