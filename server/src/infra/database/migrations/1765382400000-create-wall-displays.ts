import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wall displays and their feed tokens. Only the SHA-256 of a token is stored, so a database dump holds no
 * usable token. A revoked display keeps its row (revoked_at set), so a screen still holding the token is
 * told "revoked" rather than "unknown", and its name is free again for a new display.
 */
export class CreateWallDisplays1765382400000 implements MigrationInterface {
  name = 'CreateWallDisplays1765382400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE wall_displays (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(64) NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        sites jsonb NOT NULL DEFAULT '[]'::jsonb,
        panels jsonb NOT NULL,
        rotate_seconds integer NOT NULL CHECK (rotate_seconds BETWEEN 5 AND 3600),
        created_by varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX wall_displays_active_name_idx ON wall_displays (name) WHERE revoked_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE wall_displays`);
  }
}
