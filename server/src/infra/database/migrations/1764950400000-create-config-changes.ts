import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Changes to radios' configuration through the command path, with their before, after and fate (a
 * pending `commit confirmed` must survive a restart so its revert is still noticed), and how long each
 * audited action took.
 */
export class CreateConfigChanges1764950400000 implements MigrationInterface {
  name = 'CreateConfigChanges1764950400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        device_id uuid NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        actor varchar(64) NOT NULL,
        mode varchar(16) NOT NULL CHECK (mode IN ('commit', 'confirmed')),
        status varchar(16) NOT NULL
          CHECK (status IN ('applied', 'pending-confirm', 'confirmed', 'reverted', 'rolled-back', 'failed')),
        requested jsonb NOT NULL,
        before jsonb NOT NULL,
        after jsonb,
        confirm_deadline timestamptz,
        detail text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX config_changes_device_idx ON config_changes (device_id, created_at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX config_changes_pending_idx ON config_changes (confirm_deadline) WHERE status = 'pending-confirm'`,
    );
    await queryRunner.query(`ALTER TABLE audit_log ADD COLUMN duration_ms integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log DROP COLUMN duration_ms`);
    await queryRunner.query(`DROP TABLE config_changes`);
  }
}
