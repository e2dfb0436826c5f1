// The only telemetry code that speaks SQL. It talks to pg directly (the pool under TypeORM's DataSource
// in the app, a pool of its own in the bench) because the hot path is one UNNEST insert per batch and
// the rollups need row counts, neither of which TypeORM's query() reports faithfully.
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { encodeArray } from './binary-array.js';
import { METRIC_COLUMN, STATUS_CODES, type TelemetryLevel, type TelemetryRow } from './telemetry.types.js';
import type { TelemetryMetric } from '@wsnoc/shared';

/** The table holding each level of history. */
export const LEVEL_TABLE: Record<TelemetryLevel, string> = {
  raw: 'device_samples',
  '1m': 'device_samples_1m',
  '1h': 'device_samples_1h',
};

const ROLLUP_METRICS = Object.values(METRIC_COLUMN);
// date_bin with a fixed UTC origin: buckets never depend on the session time zone.
const ORIGIN = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;
// Serialises rollups across server instances, so concurrent upserts of the same keys cannot deadlock.
const ROLLUP_LOCK_KEY = 0x7e1e_0001;

const INSERT_SQL = `
  INSERT INTO device_samples (device_id, at, status, channel, tx_power_dbm, transmitting, temperature_c,
    uptime_sec, snr_db, rssi_dbm, noise_floor_dbm, throughput_mbps, clients_up, clients_total, poll_ms)
  SELECT u.device_id, u.at, u.status, u.channel, u.tx_power_dbm, u.transmitting,
    u.temperature_c, u.uptime_sec, u.snr_db, u.rssi_dbm, u.noise_floor_dbm, u.throughput_mbps, u.clients_up,
    u.clients_total, u.poll_ms
  FROM unnest($1::uuid[], $2::timestamptz[], $3::smallint[], $4::smallint[], $5::real[], $6::boolean[],
    $7::real[], $8::bigint[], $9::real[], $10::real[], $11::real[], $12::real[], $13::smallint[],
    $14::smallint[], $15::real[])
    AS u(device_id, at, status, channel, tx_power_dbm, transmitting, temperature_c, uptime_sec, snr_db,
      rssi_dbm, noise_floor_dbm, throughput_mbps, clients_up, clients_total, poll_ms)`;

// The same insert, skipping rows already stored. Only used after the plain insert hit the primary key:
// ON CONFLICT makes every row a speculative insertion, which measured 30-45 % slower on the whole batch,
// while a conflict only happens when a batch is retried after an ambiguous failure (connection lost
// after the commit went through).
const INSERT_SKIPPING_DUPLICATES_SQL = `${INSERT_SQL}
  ON CONFLICT DO NOTHING`;

const UNIQUE_VIOLATION = '23505';

/** Element type of each INSERT_SQL parameter, in order. */
const INSERT_TYPES = [
  'uuid',
  'timestamptz',
  'int2',
  'int2',
  'float4',
  'bool',
  'float4',
  'int8',
  'float4',
  'float4',
  'float4',
  'float4',
  'int2',
  'int2',
  'float4',
] as const;

// Every metric rolls up alike: mean, min and max over time of the per-poll values, which sampleMetrics
// (sample-metrics.ts) defines. So a base station's 1 min throughput is its sector's mean over the minute
// (its max the peak), and the 1 h level weights the minutes by how many polls measured them.
function rollupSql(target: TelemetryLevel): string {
  const columns = ROLLUP_METRICS.flatMap((m) => [`${m}_avg`, `${m}_min`, `${m}_max`, `${m}_n`]);
  const fromRaw = target === '1m';
  const select = fromRaw
    ? ROLLUP_METRICS.map((m) => `avg(${m}), min(${m}), max(${m}), count(${m})`)
    : ROLLUP_METRICS.map(
        (m) =>
          `sum(${m}_avg * ${m}_n) / NULLIF(sum(${m}_n), 0), min(${m}_min), max(${m}_max), sum(${m}_n)::integer`,
      );
  const source = fromRaw ? LEVEL_TABLE.raw : LEVEL_TABLE['1m'];
  const time = fromRaw ? 'at' : 'bucket';
  const width = fromRaw ? '1 minute' : '1 hour';
  const samples = fromRaw ? 'count(*)' : 'sum(samples)::integer';
  return `
    INSERT INTO ${LEVEL_TABLE[target]} (device_id, bucket, samples, ${columns.join(', ')})
    SELECT device_id, date_bin('${width}', ${time}, ${ORIGIN}), ${samples}, ${select.join(', ')}
    FROM ${source}
    WHERE ${time} >= $1 AND ${time} < $2
    GROUP BY 1, 2
    ON CONFLICT (device_id, bucket) DO UPDATE SET samples = EXCLUDED.samples,
      ${columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;
}

const ROLLUP_SQL: Record<'1m' | '1h', string> = { '1m': rollupSql('1m'), '1h': rollupSql('1h') };

export interface SeriesRows {
  /** Epoch seconds. */
  t: number[];
  series: Partial<Record<TelemetryMetric, (number | null)[]>>;
}

export class TelemetryRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool = false,
  ) {}

  /** Shares the pool TypeORM already opened, so history adds no connections of its own. */
  static fromDataSource(dataSource: DataSource): TelemetryRepository {
    // TypeORM types its pg pool as any; check the shape rather than instanceof, since TypeORM may load
    // its own copy of pg.
    const master = (dataSource.driver as unknown as { master?: Partial<pg.Pool> }).master;
    if (typeof master?.query !== 'function' || typeof master.connect !== 'function') {
      throw new Error('telemetry needs a connected postgres DataSource');
    }
    return new TelemetryRepository(master as pg.Pool);
  }

  /** A repository with its own pool (bench, tests); close() ends it. */
  static connect(url: string, options: pg.PoolConfig = {}): TelemetryRepository {
    const pool = new pg.Pool({ connectionString: url, max: 4, ...options });
    // An idle client losing its server must not crash the process; the next query reports the failure.
    pool.on('error', () => undefined);
    return new TelemetryRepository(pool, true);
  }

  async close(): Promise<void> {
    if (this.ownsPool) {
      await this.pool.end();
    }
  }

  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  /**
   * Writes a whole batch in one transaction, as one statement (two when some rows were already stored).
   * Returns rows actually inserted: rows already stored, e.g. from a retried batch whose first attempt did
   * commit, are skipped, so a retry never fails nor duplicates.
   *
   * The transaction commits with synchronous_commit off: it does not wait for its WAL to reach disk, so
   * a database crash (not a mere restart or a lost connection) can lose the history committed in the last
   * moments before it (at most 3 x wal_writer_delay, 600 ms by default). The database stays consistent,
   * and losing a few polls of telemetry is an accepted trade for not waiting on an fsync per batch.
   * Each column goes as one binary array (see binary-array.ts); a value its column cannot hold throws an
   * error with a class 22 SQLSTATE before anything is sent, as Postgres itself would have.
   */
  async insertRows(rows: readonly TelemetryRow[]): Promise<number> {
    const n = rows.length;
    const columns: unknown[][] = Array.from({ length: 15 }, () => new Array<unknown>(n));
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      columns[0]![i] = r.deviceId;
      columns[1]![i] = r.at.getTime();
      columns[2]![i] = STATUS_CODES[r.status];
      columns[3]![i] = r.channel;
      columns[4]![i] = r.txPowerDbm;
      columns[5]![i] = r.transmitting;
      columns[6]![i] = r.temperatureC;
      columns[7]![i] = r.uptimeSec === null ? null : Math.round(r.uptimeSec);
      columns[8]![i] = r.snrDb;
      columns[9]![i] = r.rssiDbm;
      columns[10]![i] = r.noiseFloorDbm;
      columns[11]![i] = r.throughputMbps;
      columns[12]![i] = r.clientsUp;
      columns[13]![i] = r.clientsTotal;
      columns[14]![i] = r.pollMs;
    }
    const params = columns.map((values, j) => encodeArray(INSERT_TYPES[j]!, values));
    const client = await this.pool.connect();
    const state = { broken: undefined as Error | undefined };
    try {
      try {
        return await this.insertInTransaction(client, INSERT_SQL, params, state);
      } catch (err) {
        if ((err as { code?: unknown }).code !== UNIQUE_VIOLATION) {
          throw err;
        }
      }
      return await this.insertInTransaction(client, INSERT_SKIPPING_DUPLICATES_SQL, params, state);
    } finally {
      // A client that could not even roll back has lost its connection: destroy it, do not pool it.
      client.release(state.broken);
    }
  }

  private async insertInTransaction(
    client: pg.PoolClient,
    sql: string,
    params: Buffer[],
    state: { broken: Error | undefined },
  ): Promise<number> {
    // BEGIN and SET go in one round trip (simple protocol); then the insert, then the commit.
    try {
      await client.query('BEGIN; SET LOCAL synchronous_commit = off');
      const result = await client.query(sql, params);
      await client.query('COMMIT');
      return result.rowCount ?? 0;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        state.broken = rollbackError instanceof Error ? rollbackError : new Error('rollback failed');
      });
      throw err;
    }
  }

  async listPartitions(level: TelemetryLevel): Promise<string[]> {
    const rows = await this.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = $1::regclass ORDER BY 1`,
      [LEVEL_TABLE[level]],
    );
    return rows.map((r) => r.name);
  }

  /** Creates one partition; a concurrent creation by another instance is not an error. */
  async createPartition(level: TelemetryLevel, name: string, from: Date, to: Date): Promise<void> {
    // Bounds are our own UTC ISO strings and the name is built from digits: nothing user-supplied.
    try {
      await this.pool.query(
        `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${LEVEL_TABLE[level]}
         FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
      );
    } catch (err) {
      const code = (err as { code?: string }).code;
      // 42P07 duplicate table, 23505 catalog unique violation: another instance won the race.
      if (code !== '42P07' && code !== '23505') {
        throw err;
      }
    }
  }

  async dropPartition(name: string): Promise<void> {
    await this.pool.query(`DROP TABLE IF EXISTS ${name}`);
  }

  /**
   * Recomputes the buckets of one level in [from, to) from the level below. Idempotent: running it twice,
   * or after late rows arrived, leaves the right aggregates. Returns buckets written, or null when another
   * instance holds the rollup lock (it is doing the same work).
   */
  async rollup(target: '1m' | '1h', from: Date, to: Date): Promise<number | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
        ROLLUP_LOCK_KEY,
      ]);
      if (!lock.rows[0]?.ok) {
        await client.query('ROLLBACK');
        return null;
      }
      const result = await client.query(ROLLUP_SQL[target], [from, to]);
      await client.query('COMMIT');
      return result.rowCount ?? 0;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** One device's history at one level, column-oriented. Rollup levels return the bucket means. */
  async series(
    level: TelemetryLevel,
    deviceId: string,
    from: Date,
    to: Date,
    metrics: readonly TelemetryMetric[],
  ): Promise<SeriesRows> {
    const time = level === 'raw' ? 'at' : 'bucket';
    const suffix = level === 'raw' ? '' : '_avg';
    const selected = metrics.map((m) => `${METRIC_COLUMN[m]}${suffix}`);
    const result = await this.pool.query<unknown[]>({
      text: `SELECT extract(epoch FROM ${time})::float8${selected.map((c) => `, ${c}`).join('')}
             FROM ${LEVEL_TABLE[level]}
             WHERE device_id = $1 AND ${time} >= $2 AND ${time} < $3
             ORDER BY ${time}`,
      values: [deviceId, from, to],
      rowMode: 'array',
    });
    const t: number[] = [];
    const series: SeriesRows['series'] = {};
    const columns = metrics.map((m) => (series[m] = [] as (number | null)[]));
    for (const row of result.rows) {
      t.push(row[0] as number);
      for (let j = 0; j < columns.length; j++) {
        const value = row[j + 1];
        columns[j]!.push(value === null || value === undefined ? null : Number(value));
      }
    }
    return { t, series };
  }
}
