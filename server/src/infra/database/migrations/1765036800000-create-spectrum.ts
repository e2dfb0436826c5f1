import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spectrum management: each base station's grant lifecycle (so a restart, or another instance taking
 * over, resumes every deadline where it was) and the compliance record. The record has no foreign key
 * to devices: it is evidence, and must outlive the device it is about.
 */
export class CreateSpectrum1765036800000 implements MigrationInterface {
  name = 'CreateSpectrum1765036800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE spectrum_stations (
        device_id uuid PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
        phase varchar(16) NOT NULL,
        ruleset varchar(8),
        emission_class smallint,
        serial_number varchar(64),
        database_url text,
        registered_at timestamptz,
        registered_lat double precision,
        registered_lon double precision,
        lat double precision,
        lon double precision,
        located_by varchar(16),
        ground_m double precision,
        last_check_at timestamptz,
        last_check_error text,
        last_check_error_at timestamptz,
        next_check_at timestamptz,
        max_polling_secs integer,
        max_location_change double precision,
        needs_spectrum_report boolean NOT NULL DEFAULT false,
        schedule jsonb NOT NULL DEFAULT '[]',
        cell_schedule jsonb NOT NULL DEFAULT '[]',
        planned_channel smallint,
        "grant" jsonb,
        desired_eirp_dbm double precision,
        mute_at timestamptz,
        muted_by_spectrum boolean NOT NULL DEFAULT false,
        mute_reason text,
        alarm text,
        alarm_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE spectrum_records (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        device_id uuid,
        device_name varchar(64),
        kind varchar(32) NOT NULL,
        channel smallint,
        eirp_dbm real,
        detail jsonb
      )`);
    await queryRunner.query(
      `CREATE INDEX spectrum_records_device_idx ON spectrum_records (device_id, at DESC)`,
    );
    await queryRunner.query(`CREATE INDEX spectrum_records_at_idx ON spectrum_records (at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE spectrum_records`);
    await queryRunner.query(`DROP TABLE spectrum_stations`);
  }
}
