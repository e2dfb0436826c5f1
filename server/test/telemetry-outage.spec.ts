// The history writer across a Postgres outage: a TCP proxy between the writer and Postgres is cut and
// restored, so the writer sees real refused connections and a real recovery.
import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseOptions, MIGRATIONS } from '@/infra/database/database.options.js';
import { CreateTelemetry1764316800000 } from '@/infra/database/migrations/1764316800000-create-telemetry.js';
import { PartitionManager } from '@/modules/telemetry/partition.manager.js';
import { TelemetryRepository } from '@/modules/telemetry/telemetry.repository.js';
import type { TelemetryRow } from '@/modules/telemetry/telemetry.types.js';
import { TelemetryWriter } from '@/modules/telemetry/telemetry.writer.js';
import { TcpProxy } from './tcp-proxy.js';
import { waitFor } from './wait-for.js';

function row(deviceId: string, i: number): TelemetryRow {
  return {
    deviceId,
    at: new Date(Date.now() - 60_000 + i),
    status: 'up',
    channel: 30,
    txPowerDbm: 20,
    transmitting: true,
    temperatureC: 40,
    uptimeSec: i,
    snrDb: 20,
    rssiDbm: -60,
    noiseFloorDbm: -95,
    throughputMbps: 10,
    clientsUp: null,
    clientsTotal: null,
    pollMs: 30,
  };
}

let dataSource: DataSource;
beforeAll(async () => {
  const options = databaseOptions(inject('databaseUrl'));
  const migrations = [...new Set([...MIGRATIONS, CreateTelemetry1764316800000])];
  dataSource = await new DataSource({ ...options, migrations }).initialize();
  await new PartitionManager(TelemetryRepository.fromDataSource(dataSource)).maintain();
});
afterAll(async () => {
  await dataSource.destroy();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

async function setUp(maxBufferedRows: number) {
  const proxy = new TcpProxy(new URL(inject('databaseUrl')));
  await proxy.start();
  const direct = TelemetryRepository.connect(inject('databaseUrl'));
  const repository = TelemetryRepository.connect(proxy.url, { connectionTimeoutMillis: 1_000 });
  const writer = new TelemetryWriter(repository, {
    batchSize: 100,
    flushIntervalMs: 10,
    retryBaseMs: 10,
    retryMaxMs: 50,
    maxBufferedRows,
  });
  cleanups.push(async () => {
    await writer.close();
    await proxy.stop();
    await repository.close();
    await direct.close();
  });
  const stored = async (deviceId: string) =>
    (
      await direct.query<{ n: number; min: string | null }>(
        'SELECT count(*)::int AS n, min(uptime_sec)::text AS min FROM device_samples WHERE device_id = $1',
        [deviceId],
      )
    )[0]!;
  return { proxy, writer, stored };
}

describe(TelemetryWriter.name, () => {
  it('keeps rows while Postgres is unreachable and writes them all once it is back', async () => {
    const { proxy, writer, stored } = await setUp(10_000);
    writer.start();
    await proxy.stop();
    const deviceId = randomUUID();
    for (let i = 0; i < 450; i++) {
      writer.write(row(deviceId, i));
    }

    await waitFor(() => writer.stats.flushFailures >= 3, 10_000, 'failed flushes');
    expect(writer.stats).toMatchObject({ written: 0, buffered: 450 });
    expect(writer.stats.dropped).toEqual({ overflow: 0, rejected: 0, shutdown: 0 });

    await proxy.start();
    await waitFor(() => writer.stats.written === 450, 10_000, 'rows written after recovery');
    expect(writer.stats.buffered).toBe(0);
    expect((await stored(deviceId)).n).toBe(450);
  });

  it('drops the oldest rows when the buffer is full, counts them, and writes the newest later', async () => {
    const { proxy, writer, stored } = await setUp(300);
    writer.start();
    await proxy.stop();
    const deviceId = randomUUID();
    for (let i = 0; i < 1_000; i++) {
      writer.write(row(deviceId, i));
    }
    await waitFor(() => writer.stats.flushFailures >= 1, 10_000, 'a failed flush');

    // At most one batch may be in flight beyond the bound.
    expect(writer.stats.buffered).toBeLessThanOrEqual(400);
    expect(writer.stats.dropped.overflow + writer.stats.buffered).toBe(1_000);

    await proxy.start();
    await waitFor(() => writer.stats.buffered === 0, 10_000, 'the buffer to drain');
    const { n, min } = await stored(deviceId);
    expect(n).toBe(1_000 - writer.stats.dropped.overflow);
    expect(Number(min)).toBe(writer.stats.dropped.overflow);
  });
});
