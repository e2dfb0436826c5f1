// History ingest figures: rows/s through TelemetryWriter in poll-sized bursts (10,000 devices x N polls),
// with two floors measured in the same run on the same database: the same UNNEST insert called directly
// (no writer), and COPY through psql. Creates and drops its own database. Prints one JSON object.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTelemetry1764316800000 } from '../server/src/infra/database/migrations/1764316800000-create-telemetry.js';
import { PartitionManager } from '../server/src/modules/telemetry/partition.manager.js';
import { TelemetryRepository } from '../server/src/modules/telemetry/telemetry.repository.js';
import type { TelemetryRow } from '../server/src/modules/telemetry/telemetry.types.js';
import { TelemetryWriter } from '../server/src/modules/telemetry/telemetry.writer.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const POLLS = Number(process.env.BENCH_POLLS ?? 10);
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000);
const POLL_INTERVAL_MS = 10_000;

type MigrationRunner = Parameters<CreateTelemetry1764316800000['up']>[0];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** One poll of the whole fleet at time at: realistic values, a few nulls (links down). */
function burst(deviceIds: string[], at: Date): TelemetryRow[] {
  return deviceIds.map((deviceId, i) => {
    const down = i % 50 === 0;
    return {
      deviceId,
      at,
      status: down ? 'degraded' : 'up',
      channel: 21 + (i % 30),
      txPowerDbm: 20 + (i % 10),
      transmitting: true,
      temperatureC: 35 + Math.random() * 15,
      uptimeSec: 100_000 + i,
      snrDb: down ? null : 10 + Math.random() * 25,
      rssiDbm: down ? null : -90 + Math.random() * 40,
      noiseFloorDbm: down ? null : -100 + Math.random() * 5,
      throughputMbps: down ? 0 : Math.random() * 40,
      clientsUp: i % 20 === 0 ? 15 : null,
      clientsTotal: i % 20 === 0 ? 16 : null,
      pollMs: 20 + Math.random() * 60,
    };
  });
}

function csv(rows: TelemetryRow[]): string {
  const v = (x: number | boolean | null) => (x === null ? '' : String(x));
  return rows
    .map((r) =>
      [
        r.deviceId,
        r.at.toISOString(),
        1,
        v(r.channel),
        v(r.txPowerDbm),
        v(r.transmitting),
        v(r.temperatureC),
        v(r.uptimeSec),
        v(r.snrDb),
        v(r.rssiDbm),
        v(r.noiseFloorDbm),
        v(r.throughputMbps),
        v(r.clientsUp),
        v(r.clientsTotal),
        v(r.pollMs),
      ].join(','),
    )
    .join('\n');
}

function psqlCopy(url: string, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'psql',
      [
        url,
        '-v',
        'ON_ERROR_STOP=1',
        '-qc',
        `\\copy device_samples (device_id, at, status, channel, tx_power_dbm, transmitting, temperature_c, uptime_sec, snr_db, rssi_dbm, noise_floor_dbm, throughput_mbps, clients_up, clients_total, poll_ms) FROM STDIN WITH (FORMAT csv)`,
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql: ${stderr.trim()}`))));
    child.stdin.end(data);
  });
}

async function main(): Promise<void> {
  const database = `wsnoc_bench_${randomBytes(4).toString('hex')}`;
  const admin = TelemetryRepository.connect(ADMIN_URL, { max: 1 });
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const repository = TelemetryRepository.connect(url.toString(), { max: 2 });
  try {
    await new CreateTelemetry1764316800000().up({
      query: (sql: string) => repository.query(sql),
    } as unknown as MigrationRunner);
    await new PartitionManager(repository).maintain();

    const deviceIds = Array.from({ length: DEVICES }, () => randomUUID());
    const start = Date.now() - 3 * POLLS * POLL_INTERVAL_MS;
    const phase = (k: number) =>
      Array.from({ length: POLLS }, (_, p) =>
        burst(deviceIds, new Date(start + (k * POLLS + p) * POLL_INTERVAL_MS)),
      );
    // Generated up front so that only writing is timed.
    const [writerBursts, unnestBursts, copyBursts] = [phase(0), phase(1), phase(2)];

    // The three ways are interleaved burst by burst, so that table and index growth (and any noise
    // from other work on this machine) weigh on each of them alike.
    const flushMs: number[] = [];
    const writer = new TelemetryWriter(
      repository,
      { batchSize: BATCH, maxBufferedRows: DEVICES * 2 },
      undefined,
      { flushed: (_rows, ms) => flushMs.push(ms) },
    );
    const copyData = copyBursts.map(csv);
    let writerSeconds = 0;
    let unnestSeconds = 0;
    let copySeconds = 0;
    for (let p = 0; p < POLLS; p++) {
      // 1. Through the writer: each burst is handed over at once, as a fleet poll wave would.
      let started = performance.now();
      writer.writeMany(writerBursts[p]!);
      await writer.flush();
      writerSeconds += (performance.now() - started) / 1000;

      // 2. Floor: the same UNNEST statement, same batch size, called directly.
      const rows = unnestBursts[p]!;
      started = performance.now();
      for (let i = 0; i < rows.length; i += BATCH) {
        await repository.insertRows(rows.slice(i, i + BATCH));
      }
      unnestSeconds += (performance.now() - started) / 1000;

      // 3. Floor: COPY through psql, one process per burst (its start-up is part of the cost).
      started = performance.now();
      await psqlCopy(url.toString(), copyData[p]!);
      copySeconds += (performance.now() - started) / 1000;
    }
    const stats = writer.stats;
    await writer.close();

    const [count] = await repository.query<{ n: number }>('SELECT count(*)::int AS n FROM device_samples');
    const rows = DEVICES * POLLS;
    const writerRate = rows / writerSeconds;
    const unnestRate = rows / unnestSeconds;
    const copyRate = rows / copySeconds;
    console.log(
      JSON.stringify({
        devices: DEVICES,
        polls: POLLS,
        rows,
        batchSize: BATCH,
        writer: {
          rowsPerSec: Math.round(writerRate),
          flushes: stats.flushes,
          p50FlushMs: round(percentile(flushMs, 50)),
          p99FlushMs: round(percentile(flushMs, 99)),
          dropped: stats.dropped,
          flushFailures: stats.flushFailures,
        },
        floorUnnestRowsPerSec: Math.round(unnestRate),
        floorCopyRowsPerSec: Math.round(copyRate),
        ratioToUnnest: round(writerRate / unnestRate, 2),
        ratioToCopy: round(writerRate / copyRate, 2),
        targetRowsPerSec: 50_000,
        meetsTarget: writerRate >= 50_000,
        rowsStored: count?.n ?? 0,
      }),
    );
  } finally {
    await repository.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.close();
  }
}

await main();
