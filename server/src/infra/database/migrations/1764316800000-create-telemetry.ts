import type { MigrationInterface, QueryRunner } from 'typeorm';

// Rollup columns per metric: avg, min, max and n (how many raw values were not null), so that the 1 h
// level can be built from the 1 min level with a correctly weighted mean.
const METRIC_COLUMNS = [
  'snr_db',
  'rssi_dbm',
  'noise_floor_dbm',
  'throughput_mbps',
  'tx_power_dbm',
  'temperature_c',
] as const;

function rollupTable(name: string): string {
  const metrics = METRIC_COLUMNS.map(
    (m) => `${m}_avg double precision, ${m}_min real, ${m}_max real, ${m}_n integer NOT NULL DEFAULT 0`,
  ).join(',\n        ');
  return `
      CREATE TABLE ${name} (
        device_id uuid NOT NULL,
        bucket timestamptz NOT NULL,
        samples integer NOT NULL,
        ${metrics},
        PRIMARY KEY (device_id, bucket)
      ) PARTITION BY RANGE (bucket)`;
}

/**
 * Poll history. Partitions are not created here: the telemetry PartitionManager creates them ahead of
 * time (on boot and on a timer) and drops whole partitions past their retention.
 *
 * No foreign key to devices: a FK on a partitioned hot table costs a lookup per inserted row, and makes
 * deleting a device block on (or cascade through) millions of history rows; history of a deleted device
 * simply ages out with its partitions.
 *
 * status is a smallint code (see STATUS_CODES in telemetry.types.ts) to keep the hot row narrow.
 * The primary key (device_id, at) serves the one query (a device over a time range) and makes a retried
 * batch idempotent: the writer inserts plainly and, only when that hits the key, again with ON CONFLICT
 * DO NOTHING. Measured alternatives: a non-unique btree on the same columns inserts no faster than the
 * key does without ON CONFLICT; (at, device_id) or a BRIN on at alone insert faster but make a device's
 * history a scan of every device's rows in the range.
 */
export class CreateTelemetry1764316800000 implements MigrationInterface {
  name = 'CreateTelemetry1764316800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE device_samples (
        device_id uuid NOT NULL,
        at timestamptz NOT NULL,
        status smallint NOT NULL,
        channel smallint,
        tx_power_dbm real,
        transmitting boolean,
        temperature_c real,
        uptime_sec bigint,
        snr_db real,
        rssi_dbm real,
        noise_floor_dbm real,
        throughput_mbps real,
        clients_up smallint,
        clients_total smallint,
        poll_ms real,
        PRIMARY KEY (device_id, at)
      ) PARTITION BY RANGE (at)`);
    await queryRunner.query(rollupTable('device_samples_1m'));
    await queryRunner.query(rollupTable('device_samples_1h'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE device_samples_1h`);
    await queryRunner.query(`DROP TABLE device_samples_1m`);
    await queryRunner.query(`DROP TABLE device_samples`);
  }
}
