// History on real Postgres: partitions, one-statement batches, rollups, resolution by range, retention,
// and the Nest module booting against the app's DataSource.
import { randomUUID } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import pg from 'pg';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { databaseOptions, MIGRATIONS } from '@/infra/database/database.options.js';
import { CreateTelemetry1764316800000 } from '@/infra/database/migrations/1764316800000-create-telemetry.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { PartitionManager, partitionFor } from '@/modules/telemetry/partition.manager.js';
import { RollupJob } from '@/modules/telemetry/rollup.job.js';
import { TelemetryModule } from '@/modules/telemetry/telemetry.module.js';
import { TelemetryRepository } from '@/modules/telemetry/telemetry.repository.js';
import { TelemetryService } from '@/modules/telemetry/telemetry.service.js';
import { SILENT_LOG, type TelemetryRow } from '@/modules/telemetry/telemetry.types.js';
import { TelemetryWriter } from '@/modules/telemetry/telemetry.writer.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function migrations() {
  // The set keeps this right once database.options.ts registers the telemetry migration itself.
  return [...new Set([...MIGRATIONS, CreateTelemetry1764316800000])];
}

function sampleRow(deviceId: string, at: Date, overrides: Partial<TelemetryRow> = {}): TelemetryRow {
  return {
    deviceId,
    at,
    status: 'up',
    channel: 30,
    txPowerDbm: 20,
    transmitting: true,
    temperatureC: 41.5,
    uptimeSec: 3600,
    snrDb: 25,
    rssiDbm: -60,
    noiseFloorDbm: -95,
    throughputMbps: 12.5,
    clientsUp: null,
    clientsTotal: null,
    pollMs: 35,
    ...overrides,
  };
}

function mean(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
}

let dataSource: DataSource;
let repository: TelemetryRepository;
let partitions: PartitionManager;

beforeAll(async () => {
  const options = databaseOptions(inject('databaseUrl'));
  dataSource = await new DataSource({ ...options, migrations: migrations() }).initialize();
  repository = TelemetryRepository.fromDataSource(dataSource);
  partitions = new PartitionManager(repository);
});

afterAll(async () => {
  await dataSource.destroy();
});

describe(PartitionManager.name, () => {
  it('creates partitions for today and the days ahead at every level', async () => {
    const now = new Date();
    await partitions.maintain(now);
    const raw = await repository.listPartitions('raw');
    for (let d = 0; d <= 3; d++) {
      expect(raw).toContain(partitionFor('raw', new Date(now.getTime() + d * DAY)).name);
    }
    expect(await repository.listPartitions('1m')).toContain(partitionFor('1m', now).name);
    expect(await repository.listPartitions('1h')).toContain(partitionFor('1h', now).name);
    // Idempotent: a second run (or another instance) creates nothing.
    expect((await partitions.maintain(now)).created).toEqual([]);
  });

  it("routes a row written now into today's partition", async () => {
    const deviceId = randomUUID();
    await repository.insertRows([sampleRow(deviceId, new Date())]);
    const [row] = await repository.query<{ partition: string }>(
      'SELECT tableoid::regclass::text AS partition FROM device_samples WHERE device_id = $1',
      [deviceId],
    );
    expect(row?.partition).toBe(partitionFor('raw', new Date()).name);
  });

  it('stores every column as given through the binary insert, nulls and extremes included', async () => {
    const deviceId = randomUUID().toUpperCase();
    const at = new Date(Date.now() - 1234);
    const full = sampleRow(deviceId, at, {
      status: 'unreachable',
      channel: -32_768,
      txPowerDbm: -1.5,
      transmitting: false,
      temperatureC: 41.25,
      uptimeSec: 2 ** 40 + 0.4,
      snrDb: 0,
      rssiDbm: -120.75,
      clientsUp: 32_767,
      clientsTotal: 0,
    });
    const empty = sampleRow(deviceId, new Date(at.getTime() + 1), {
      channel: null,
      txPowerDbm: null,
      transmitting: null,
      temperatureC: null,
      uptimeSec: null,
      snrDb: null,
      rssiDbm: null,
      noiseFloorDbm: null,
      throughputMbps: null,
      pollMs: null,
    });
    expect(await repository.insertRows([full, empty])).toBe(2);
    const rows = await repository.query<Record<string, unknown>>(
      `SELECT device_id, extract(epoch FROM at)::float8 * 1000 AS at_ms, status, channel, tx_power_dbm,
         transmitting, temperature_c, uptime_sec::text, snr_db, rssi_dbm, noise_floor_dbm, throughput_mbps,
         clients_up, clients_total, poll_ms
       FROM device_samples WHERE device_id = $1 ORDER BY at`,
      [deviceId],
    );
    expect(rows[0]).toEqual({
      device_id: deviceId.toLowerCase(),
      at_ms: at.getTime(),
      status: 4,
      channel: -32_768,
      tx_power_dbm: -1.5,
      transmitting: false,
      temperature_c: 41.25,
      uptime_sec: String(2 ** 40),
      snr_db: 0,
      rssi_dbm: -120.75,
      noise_floor_dbm: -95,
      throughput_mbps: 12.5,
      clients_up: 32_767,
      clients_total: 0,
      poll_ms: 35,
    });
    expect(rows[1]).toMatchObject({ at_ms: at.getTime() + 1, status: 1, channel: null, uptime_sec: null });
    expect(rows[1]?.poll_ms).toBeNull();
  });

  it('refuses a value its column cannot hold as a data error, which the writer does not retry', async () => {
    await expect(
      repository.insertRows([sampleRow(randomUUID(), new Date(), { channel: 40_000 })]),
    ).rejects.toMatchObject({ code: '22003' });
    await expect(repository.insertRows([sampleRow('not-a-uuid', new Date())])).rejects.toMatchObject({
      code: '22P02',
    });
  });

  it('drops whole partitions once their range is past the retention of their level', async () => {
    const manager = new PartitionManager(repository, { retentionDays: { raw: 2, '1m': 3, '1h': 60 } });
    const start = new Date('2021-03-01T00:00:00Z');
    const end = new Date('2021-03-05T00:00:00Z');
    await manager.ensure('raw', start, end);
    await manager.ensure('1m', start, end);
    await manager.ensure('1h', new Date('2020-12-15T00:00:00Z'), end);
    await repository.insertRows([sampleRow(randomUUID(), new Date('2021-03-01T10:00:00Z'))]);

    const dropped = await manager.applyRetention(new Date('2021-03-05T12:00:00Z'));

    expect(dropped.sort()).toEqual(
      [
        'device_samples_p20210301',
        'device_samples_p20210302',
        'device_samples_1m_p20210301',
        'device_samples_1h_p202012',
      ].sort(),
    );
    const raw = await repository.listPartitions('raw');
    expect(raw).toContain('device_samples_p20210303');
    expect(raw).not.toContain('device_samples_p20210301');
    expect(await repository.listPartitions('1h')).toContain('device_samples_1h_p202101');
  });
});

describe(TelemetryWriter.name, () => {
  it('writes a whole batch with one INSERT statement', async () => {
    const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
    const query = vi.spyOn(pg.Client.prototype, 'query');
    const writer = new TelemetryWriter(new TelemetryRepository(pool), { batchSize: 10_000 });
    const deviceIds = Array.from({ length: 2_000 }, () => randomUUID());
    const at = new Date();
    writer.writeMany(deviceIds.map((id) => sampleRow(id, at)));

    await writer.flush();

    const inserts = query.mock.calls.filter(([sql]) => typeof sql === 'string' && /^\s*INSERT/.test(sql));
    query.mockRestore();
    expect(inserts).toHaveLength(1);
    expect(writer.stats).toMatchObject({ written: 2_000, buffered: 0, flushes: 1 });
    const [count] = await repository.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM device_samples WHERE device_id = ANY($1::uuid[])',
      [deviceIds],
    );
    expect(count?.n).toBe(2_000);
    await pool.end();
  });

  it('skips the rows of a retried batch that were already stored instead of failing or duplicating', async () => {
    const at = new Date();
    const rows = [sampleRow(randomUUID(), at), sampleRow(randomUUID(), at)];
    expect(await repository.insertRows(rows.slice(0, 1))).toBe(1);

    expect(await repository.insertRows(rows)).toBe(1);
    expect(await repository.insertRows(rows)).toBe(0);

    const [count] = await repository.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM device_samples WHERE device_id = ANY($1::uuid[])',
      [rows.map((r) => r.deviceId)],
    );
    expect(count?.n).toBe(2);
  });

  it('counts a batch Postgres refuses (no partition for its time) as rejected instead of retrying it', async () => {
    const writer = new TelemetryWriter(repository, { batchSize: 100 }, SILENT_LOG);
    writer.write(sampleRow(randomUUID(), new Date('1999-01-01T00:00:00Z')));

    await writer.flush();

    expect(writer.stats).toMatchObject({ written: 0, buffered: 0, flushFailures: 1 });
    expect(writer.stats.dropped.rejected).toBe(1);
  });
});

describe('one bad row in a history batch', () => {
  it('costs only that row: every other device in the batch gets its row, and the bad ones are counted', async () => {
    const writer = new TelemetryWriter(repository, { batchSize: 500 }, SILENT_LOG);
    const at = new Date();
    const rows = Array.from({ length: 300 }, () => sampleRow(randomUUID(), at));
    // Straight into the writer, past the parser's ranges: a smallint overflow and an unsafe bigint (both
    // refused while encoding), and a time no partition holds (refused by Postgres itself).
    const bad = [
      (rows[7] = { ...rows[7]!, channel: 40_000 }),
      (rows[150] = { ...rows[150]!, uptimeSec: 2 ** 53 + 2 }),
      (rows[299] = { ...rows[299]!, at: new Date('1999-01-01T00:00:00Z') }),
    ];
    writer.writeMany(rows);

    await writer.flush();

    expect(writer.stats).toMatchObject({ written: 297, buffered: 0 });
    expect(writer.stats.dropped).toEqual({ overflow: 0, rejected: 3, shutdown: 0 });
    const stored = await repository.query<{ device_id: string }>(
      'SELECT device_id FROM device_samples WHERE device_id = ANY($1::uuid[])',
      [rows.map((r) => r.deviceId)],
    );
    const storedIds = new Set(stored.map((r) => r.device_id));
    expect(storedIds.size).toBe(297);
    for (const row of bad) {
      expect(storedIds.has(row.deviceId)).toBe(false);
    }
  });
});

describe(TelemetryService.name, () => {
  const deviceId = randomUUID();
  const t0 = new Date('2024-05-10T00:00:00Z').getTime();
  // Two hours of polls every 10 s. snr follows the minute, rssi the second; every sixth poll of the
  // first hour has no snr, so the hourly mean must weight by values present, not by samples.
  const rows: TelemetryRow[] = [];
  for (let t = t0; t < t0 + 2 * HOUR; t += 10_000) {
    const minute = Math.floor((t - t0) / MINUTE);
    const second = ((t - t0) % MINUTE) / 1000;
    const snrMissing = t < t0 + HOUR && second === 50;
    rows.push(
      sampleRow(deviceId, new Date(t), {
        snrDb: snrMissing ? null : minute,
        rssiDbm: -60 - second,
        throughputMbps: minute < 60 ? 10 : 20,
      }),
    );
  }
  const service = () => new TelemetryService(repository);
  const range = (from: number, to: number, metrics?: ('snrDb' | 'rssiDbm' | 'throughputMbps')[]) => ({
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    metrics,
  });

  beforeAll(async () => {
    for (const level of ['raw', '1m', '1h'] as const) {
      await partitions.ensure(level, new Date(t0 - DAY), new Date(t0 + 10 * DAY));
    }
    await repository.insertRows(rows);
    const report = await new RollupJob(repository).run(new Date(t0 + 3 * HOUR), new Date(t0));
    expect(report.minute.buckets).toBe(120);
    expect(report.hour.buckets).toBe(2);
  });

  it('answers a range up to 6 h with the raw polls', async () => {
    const response = await service().query(
      deviceId,
      range(t0 + 10 * MINUTE, t0 + 20 * MINUTE, ['snrDb', 'rssiDbm']),
    );

    expect(response.resolution).toBe('raw');
    expect(response.t).toHaveLength(60);
    expect(response.t[0]).toBe((t0 + 10 * MINUTE) / 1000);
    expect(response.series.snrDb?.slice(0, 6)).toEqual([10, 10, 10, 10, 10, null]);
    expect(response.series.rssiDbm?.slice(0, 3)).toEqual([-60, -70, -80]);
    expect(Object.keys(response.series).sort()).toEqual(['rssiDbm', 'snrDb']);
  });

  it('answers a range up to 7 days with 1 min means', async () => {
    const response = await service().query(deviceId, range(t0 - HOUR, t0 + 2 * DAY));

    expect(response.resolution).toBe('1m');
    expect(response.t).toHaveLength(120);
    expect(response.t[5]).toBe((t0 + 5 * MINUTE) / 1000);
    expect(response.series.snrDb?.[5]).toBe(5);
    expect(response.series.rssiDbm?.[5]).toBeCloseTo(-85, 6);
    expect(response.series.throughputMbps?.[61]).toBe(20);
    // Every metric is returned when none is asked for.
    expect(Object.keys(response.series)).toHaveLength(6);
  });

  it('answers a longer range with 1 h means weighted by the values present', async () => {
    const response = await service().query(
      deviceId,
      range(t0 - DAY, t0 + 9 * DAY, ['snrDb', 'throughputMbps']),
    );

    expect(response.resolution).toBe('1h');
    expect(response.t).toEqual([t0 / 1000, (t0 + HOUR) / 1000]);
    const firstHour = rows.filter((r) => r.at.getTime() < t0 + HOUR).map((r) => r.snrDb);
    expect(response.series.snrDb?.[0]).toBeCloseTo(mean(firstHour)!, 6);
    expect(response.series.snrDb?.[1]).toBeCloseTo(89.5, 6);
    expect(response.series.throughputMbps).toEqual([10, 20]);
  });

  it('recomputes a bucket when late rows arrive, and rerunning changes nothing', async () => {
    const late = new Date(t0 + 30 * MINUTE + 5_000);
    await repository.insertRows([sampleRow(deviceId, late, { snrDb: 30 + 7 * 6 })]);
    const job = new RollupJob(repository, {}, () => late);
    await job.run(new Date(t0 + 3 * HOUR));
    await job.run(new Date(t0 + 3 * HOUR));

    const minute = await service().query(deviceId, range(t0 + 30 * MINUTE, t0 + 7 * HOUR, ['snrDb']));
    expect(minute.resolution).toBe('1m');
    expect(minute.series.snrDb?.[0]).toBeCloseTo((30 * 5 + 72) / 6, 6);
    const [bucket] = await repository.query<{ samples: number }>(
      'SELECT samples FROM device_samples_1m WHERE device_id = $1 AND bucket = $2',
      [deviceId, new Date(t0 + 30 * MINUTE)],
    );
    expect(bucket?.samples).toBe(7);
  });

  it('refuses an empty or reversed range and a malformed id', async () => {
    await expect(service().query(deviceId, range(t0, t0))).rejects.toThrow('from must be before to');
    await expect(service().query('nope', range(t0, t0 + 1))).rejects.toThrow('UUID');
  });
});

describe(TelemetryModule.name, () => {
  it('boots on the app DataSource, prepares partitions and exposes history counters', async () => {
    @Global()
    @Module({
      providers: [MetricsService, { provide: LOGGER, useValue: SILENT_LOG }],
      exports: [MetricsService, LOGGER],
    })
    class TestInfrastructure {}
    @Module({
      imports: [
        TestInfrastructure,
        TypeOrmModule.forRoot({ ...databaseOptions(inject('databaseUrl')), migrations: migrations() }),
        TelemetryModule.register({ flushIntervalMs: 20 }),
      ],
    })
    class TestRoot {}
    const app = await NestFactory.createApplicationContext(TestRoot, { logger: false });
    try {
      const writer = app.get(TelemetryWriter);
      const deviceId = randomUUID();
      writer.write(sampleRow(deviceId, new Date()));
      await expect.poll(() => writer.stats.written, { timeout: 5_000 }).toBe(1);
      const history = await app.get(TelemetryService).query(deviceId, {
        from: new Date(Date.now() - HOUR).toISOString(),
        to: new Date(Date.now() + MINUTE).toISOString(),
      });
      expect(history.t).toHaveLength(1);
      const metrics = await app.get(MetricsService).registry.metrics();
      expect(metrics).toContain('wsnoc_history_rows_written_total 1');
      expect(metrics).toContain('wsnoc_history_rows_dropped_total{reason="overflow"} 0');
    } finally {
      await app.close();
    }
  });
});
