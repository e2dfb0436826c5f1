import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: rules (five built-in ones seeded here, with fixed ids), incidents with their members (devices
 * suppressed into them) and timeline, maintenance windows, notification channels and the delivery outbox,
 * and the 15-minute windowed aggregates the stream agents keep beside the telemetry rollups.
 *
 * One open incident per dedup key (rule and device, or site): the partial unique index makes two
 * instances that judge the same outage at once agree on one row. The outbox row is written in the same
 * transaction as the incident change it announces, so a restart neither loses nor repeats it.
 */
export class CreateAlerts1765468800000 implements MigrationInterface {
  name = 'CreateAlerts1765468800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE alert_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        metric varchar(16) NOT NULL,
        kind varchar(16) NOT NULL,
        condition jsonb,
        duration_sec integer NOT NULL DEFAULT 0,
        window_sec integer,
        count integer,
        severity varchar(16) NOT NULL,
        scope jsonb NOT NULL DEFAULT '{"type":"all"}'::jsonb,
        builtin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      INSERT INTO alert_rules (id, name, metric, kind, condition, duration_sec, window_sec, count, severity, scope, builtin)
      VALUES
        ('00000000-0000-4000-8000-000000000001', 'Base station unreachable', 'reachable', 'absence', NULL, 0, NULL, 3, 'critical', '{"type":"role","value":"base-station"}', true),
        ('00000000-0000-4000-8000-000000000002', 'CPE unreachable', 'reachable', 'absence', NULL, 0, NULL, 3, 'major', '{"type":"role","value":"cpe"}', true),
        ('00000000-0000-4000-8000-000000000003', 'SNR below 15 dB for 2 minutes', 'snr', 'threshold', '{"op":"<","value":15}', 120, NULL, NULL, 'minor', '{"type":"all"}', true),
        ('00000000-0000-4000-8000-000000000004', 'Radio flapping (more than 4 up/down in 10 minutes)', 'reachable', 'flapping', NULL, 0, 600, 4, 'major', '{"type":"all"}', true),
        ('00000000-0000-4000-8000-000000000005', 'Temperature above 70 °C', 'temperature', 'threshold', '{"op":">","value":70}', 60, NULL, NULL, 'major', '{"type":"all"}', true)`);

    await queryRunner.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedup_key varchar(200) NOT NULL,
        rule_id varchar(64) NOT NULL,
        rule_name varchar(100) NOT NULL,
        kind varchar(16) NOT NULL,
        severity varchar(16) NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'open',
        scope_type varchar(8) NOT NULL,
        device_id uuid,
        device_name varchar(64),
        site varchar(64),
        title text NOT NULL,
        summary text NOT NULL,
        affected_count integer NOT NULL DEFAULT 1,
        suppressed_count integer NOT NULL DEFAULT 0,
        flap_count integer NOT NULL DEFAULT 0,
        opened_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by varchar(64),
        assignee varchar(64),
        resolved_at timestamptz,
        resolved_by varchar(64),
        silenced_by jsonb,
        last_value double precision,
        last_notified_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX incidents_open_key_idx ON incidents (dedup_key) WHERE state <> 'resolved'`,
    );
    await queryRunner.query(`CREATE INDEX incidents_opened_idx ON incidents (opened_at DESC)`);
    await queryRunner.query(`CREATE INDEX incidents_device_idx ON incidents (device_id, opened_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE incident_members (
        incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        device_id uuid NOT NULL,
        device_name varchar(64) NOT NULL,
        role varchar(16) NOT NULL,
        site varchar(64),
        relation varchar(16) NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (incident_id, device_id)
      )`);
    await queryRunner.query(`CREATE INDEX incident_members_device_idx ON incident_members (device_id)`);
    await queryRunner.query(`
      CREATE TABLE incident_events (
        id bigserial PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        type varchar(16) NOT NULL,
        actor varchar(64),
        detail text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id)`);

    await queryRunner.query(`
      CREATE TABLE maintenance_windows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        scope_type varchar(8) NOT NULL,
        scope_value varchar(64) NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        reason text NOT NULL,
        created_by varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX maintenance_windows_ends_idx ON maintenance_windows (ends_at)`);

    await queryRunner.query(`
      CREATE TABLE notification_channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL UNIQUE,
        type varchar(8) NOT NULL,
        target varchar(500) NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        min_severity varchar(16) NOT NULL,
        rate_limit_per_min integer NOT NULL,
        secret_enc text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE notification_deliveries (
        id bigserial PRIMARY KEY,
        channel_id uuid NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
        incident_id uuid REFERENCES incidents (id) ON DELETE SET NULL,
        event varchar(16) NOT NULL,
        payload jsonb NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        last_status integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        delivered_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE state = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX notification_deliveries_channel_idx ON notification_deliveries (channel_id, id DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE device_aggregates_15m (
        device_id uuid NOT NULL,
        bucket timestamptz NOT NULL,
        metric varchar(16) NOT NULL,
        samples integer NOT NULL,
        min real NOT NULL,
        mean double precision NOT NULL,
        max real NOT NULL,
        p95 real NOT NULL,
        PRIMARY KEY (device_id, bucket, metric)
      )`);
    await queryRunner.query(
      `CREATE INDEX device_aggregates_15m_bucket_idx ON device_aggregates_15m (bucket)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'device_aggregates_15m',
      'notification_deliveries',
      'notification_channels',
      'maintenance_windows',
      'incident_events',
      'incident_members',
      'incidents',
      'alert_rules',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
