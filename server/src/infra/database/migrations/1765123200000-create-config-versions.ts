import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each radio's configuration history: every version read from it, with where it came from. */
export class CreateConfigVersions1765123200000 implements MigrationInterface {
  name = 'CreateConfigVersions1765123200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        device_id uuid NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        taken_at timestamptz NOT NULL DEFAULT now(),
        source varchar(16) NOT NULL CHECK (source IN ('change', 'snapshot', 'on-demand', 'daily')),
        actor varchar(64) NOT NULL,
        change_id uuid,
        hash varchar(64) NOT NULL,
        lines jsonb NOT NULL,
        config jsonb NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX config_versions_device_idx ON config_versions (device_id, taken_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE config_versions`);
  }
}
