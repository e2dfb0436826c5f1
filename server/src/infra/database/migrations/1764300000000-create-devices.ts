import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDevices1764300000000 implements MigrationInterface {
  name = 'CreateDevices1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE devices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(64) NOT NULL UNIQUE,
        role varchar(16) NOT NULL CHECK (role IN ('base-station', 'cpe')),
        host varchar(253) NOT NULL,
        port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
        username varchar(64) NOT NULL,
        -- AES-256-GCM, keyed from WSNOC_SECRET_KEY: never the password in clear.
        password_enc text NOT NULL,
        site_id uuid REFERENCES sites(id) ON DELETE SET NULL,
        lat double precision CHECK (lat BETWEEN -90 AND 90),
        lon double precision CHECK (lon BETWEEN -180 AND 180),
        antenna_height_m double precision,
        parent_id uuid REFERENCES devices(id) ON DELETE SET NULL,
        tags text[] NOT NULL DEFAULT '{}',
        desired_config jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (host, port)
      )`);
    await queryRunner.query(`CREATE INDEX devices_tags_idx ON devices USING gin (tags)`);
    await queryRunner.query(`CREATE INDEX devices_parent_idx ON devices (parent_id)`);
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor varchar(64) NOT NULL,
        action varchar(64) NOT NULL,
        device_id uuid,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('ok', 'failed', 'refused')),
        detail text,
        before jsonb,
        after jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_device_idx ON audit_log (device_id, at DESC)`);
    await queryRunner.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP TABLE devices`);
    await queryRunner.query(`DROP TABLE sites`);
  }
}
