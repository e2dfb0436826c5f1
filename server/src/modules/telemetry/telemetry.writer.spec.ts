import { afterEach, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import { registerTelemetryMetrics } from './telemetry.metrics.js';
import type { TelemetryRow } from './telemetry.types.js';
import { isPermanentWriteError, TelemetryWriter, type TelemetrySink } from './telemetry.writer.js';

function row(i: number): TelemetryRow {
  return {
    deviceId: '00000000-0000-4000-8000-000000000000',
    at: new Date(1_700_000_000_000 + i * 1000),
    status: 'up',
    channel: null,
    txPowerDbm: null,
    transmitting: null,
    temperatureC: null,
    uptimeSec: i,
    snrDb: null,
    rssiDbm: null,
    noiseFloorDbm: null,
    throughputMbps: null,
    clientsUp: null,
    clientsTotal: null,
    pollMs: null,
  };
}

/** A sink that fails with the given error until told otherwise, recording what it wrote. */
function sink(failWith: () => Error | null = () => null) {
  const written: number[] = [];
  const insertRows = vi.fn((rows: readonly TelemetryRow[]) => {
    const error = failWith();
    if (error !== null) {
      return Promise.reject(error);
    }
    written.push(...rows.map((r) => r.uptimeSec!));
    return Promise.resolve(rows.length);
  });
  return { sink: { insertRows } satisfies TelemetrySink, insertRows, written };
}

/**
 * A sink that refuses, as Postgres does, any statement holding one bad row (the whole statement fails),
 * and can also be down. Records what it wrote.
 */
function refusing(isBad: (row: TelemetryRow) => boolean, outage: () => Error | null = () => null) {
  const written: number[] = [];
  const insertRows = vi.fn((rows: readonly TelemetryRow[]) => {
    const down = outage();
    if (down !== null) {
      return Promise.reject(down);
    }
    if (rows.some(isBad)) {
      return Promise.reject(
        Object.assign(new Error('value out of range for type smallint'), { code: '22003' }),
      );
    }
    written.push(...rows.map((r) => r.uptimeSec!));
    return Promise.resolve(rows.length);
  });
  return { sink: { insertRows } satisfies TelemetrySink, insertRows, written };
}

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const noPartition = Object.assign(new Error('no partition of relation found'), { code: '23514' });

describe(TelemetryWriter.name, () => {
  describe('flush', () => {
    it('writes in batches of batchSize, oldest first', async () => {
      const fake = sink();
      const writer = new TelemetryWriter(fake.sink, { batchSize: 4 });
      for (let i = 0; i < 10; i++) {
        writer.write(row(i));
      }
      await writer.flush();
      expect(fake.insertRows.mock.calls.map(([rows]) => rows.length)).toEqual([4, 4, 2]);
      expect(fake.written).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(writer.stats).toMatchObject({ written: 10, buffered: 0, flushes: 3 });
    });

    it('keeps a batch that failed for a transient reason and rejects the caller', async () => {
      let down = true;
      const fake = sink(() => (down ? refused : null));
      const writer = new TelemetryWriter(fake.sink, { batchSize: 4 });
      writer.writeMany([row(0), row(1)]);
      await expect(writer.flush()).rejects.toThrow('ECONNREFUSED');
      expect(writer.stats).toMatchObject({ written: 0, buffered: 2, flushFailures: 1 });
      down = false;
      await writer.flush();
      expect(fake.written).toEqual([0, 1]);
    });

    it('drops and counts every row when the database refuses each one as data', async () => {
      const writer = new TelemetryWriter(sink(() => noPartition).sink, { batchSize: 4 });
      writer.writeMany([row(0), row(1), row(2)]);
      await writer.flush();
      expect(writer.stats.dropped.rejected).toBe(3);
      expect(writer.stats.buffered).toBe(0);
    });
  });

  describe('a batch the database refuses', () => {
    it('writes every other row of the batch, in order, and drops only the refused one', async () => {
      const fake = refusing((r) => r.uptimeSec === 5);
      const writer = new TelemetryWriter(fake.sink, { batchSize: 16 });
      writer.writeMany(Array.from({ length: 16 }, (_, i) => row(i)));

      await writer.flush();

      expect(fake.written).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
      expect(writer.stats).toMatchObject({ written: 15, buffered: 0 });
      expect(writer.stats.dropped).toEqual({ overflow: 0, rejected: 1, shutdown: 0 });
    });

    it('finds a few bad rows among thousands with a few dozen inserts, not one per row', async () => {
      const bad = new Set([17, 2_500, 4_999]);
      const fake = refusing((r) => bad.has(r.uptimeSec!));
      const writer = new TelemetryWriter(fake.sink, { batchSize: 5_000 });
      writer.writeMany(Array.from({ length: 5_000 }, (_, i) => row(i)));

      await writer.flush();

      expect(fake.written).toHaveLength(4_997);
      expect(fake.written.some((uptime) => bad.has(uptime))).toBe(false);
      expect(writer.stats.dropped.rejected).toBe(3);
      // Each bad row costs about two inserts per halving: 3 x 2 x log2(5,000) ~ 75.
      expect(fake.insertRows.mock.calls.length).toBeLessThan(80);
    });

    it('keeps every unwritten row for the retry when the database goes away in the middle of a split', async () => {
      let calls = 0;
      let down = false;
      const fake = refusing(
        (r) => r.uptimeSec === 6,
        () => {
          calls++;
          // Down from the fourth insert, i.e. after the first good half went through.
          return down || calls === 4 ? ((down = true), refused) : null;
        },
      );
      const writer = new TelemetryWriter(fake.sink, { batchSize: 8, retryBaseMs: 1 });
      writer.writeMany(Array.from({ length: 8 }, (_, i) => row(i)));

      await expect(writer.flush()).rejects.toThrow('ECONNREFUSED');
      expect(writer.stats.written + writer.stats.buffered).toBe(8);
      expect(writer.stats.dropped).toEqual({ overflow: 0, rejected: 0, shutdown: 0 });

      down = false;
      await writer.flush();
      expect(fake.written).toEqual([0, 1, 2, 3, 4, 5, 7]);
      expect(writer.stats).toMatchObject({ written: 7, buffered: 0 });
      expect(writer.stats.dropped.rejected).toBe(1);
    });
  });

  describe('write', () => {
    it('drops the oldest rows beyond the bound and counts them', () => {
      const writer = new TelemetryWriter(sink().sink, { batchSize: 1_000, maxBufferedRows: 5 });
      for (let i = 0; i < 12; i++) {
        writer.write(row(i));
      }
      expect(writer.stats.buffered).toBe(5);
      expect(writer.stats.dropped.overflow).toBe(7);
    });
  });

  describe('close', () => {
    it('counts rows it could not write before closing as dropped at shutdown', async () => {
      const writer = new TelemetryWriter(sink(() => refused).sink, { batchSize: 10 });
      writer.writeMany([row(0), row(1), row(2)]);
      await writer.close();
      writer.write(row(3));
      expect(writer.stats.dropped.shutdown).toBe(4);
      expect(writer.stats.buffered).toBe(0);
    });
  });

  it('exposes its counters on the metrics registry', async () => {
    const registry = new Registry();
    const ref: { writer?: TelemetryWriter } = {};
    const metrics = registerTelemetryMetrics(registry, () => ref.writer!.stats);
    const writer = (ref.writer = new TelemetryWriter(
      sink().sink,
      { batchSize: 100, maxBufferedRows: 2 },
      undefined,
      metrics.writer,
    ));
    writer.writeMany([row(0), row(1), row(2)]);
    await writer.flush();
    const text = await registry.metrics();
    expect(text).toContain('wsnoc_history_rows_dropped_total{reason="overflow"} 1');
    expect(text).toContain('wsnoc_history_rows_written_total 2');
    expect(text).toContain('wsnoc_history_rows_buffered 0');
  });

  it('counts refused rows, not refused batches, on the metrics registry', async () => {
    const registry = new Registry();
    const ref: { writer?: TelemetryWriter } = {};
    const metrics = registerTelemetryMetrics(registry, () => ref.writer!.stats);
    const fake = refusing((r) => r.uptimeSec === 1 || r.uptimeSec === 3);
    const writer = (ref.writer = new TelemetryWriter(
      fake.sink,
      { batchSize: 100 },
      undefined,
      metrics.writer,
    ));
    writer.writeMany([row(0), row(1), row(2), row(3), row(4)]);
    await writer.flush();
    const text = await registry.metrics();
    expect(text).toContain('wsnoc_history_rows_dropped_total{reason="rejected"} 2');
    expect(text).toContain('wsnoc_history_rows_written_total 3');
  });
});

describe('the timed flush', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('arms only while rows wait, and retries after an outage without new rows', async () => {
    vi.useFakeTimers();
    let down: Error | null = null;
    const fake = sink(() => down);
    const writer = new TelemetryWriter(fake.sink, {
      batchSize: 100,
      flushIntervalMs: 1_000,
      retryBaseMs: 5_000,
    });
    writer.start();
    // nothing buffered: no timer (a setInterval fired every second on an idle console)
    expect(vi.getTimerCount()).toBe(0);
    writer.write(row(0));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.written).toEqual([0]);
    expect(vi.getTimerCount()).toBe(0);

    // the database goes away: the row stays, and is retried after the backoff with no write to wake it
    down = refused;
    writer.write(row(1));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.insertRows).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(1);
    down = null;
    await vi.advanceTimersByTimeAsync(4_999);
    expect(fake.written).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.written).toEqual([0, 1]);
    expect(vi.getTimerCount()).toBe(0);
    await writer.close();
  });
});

describe(isPermanentWriteError.name, () => {
  it('retries outages and gives up only on data errors', () => {
    expect(isPermanentWriteError(refused)).toBe(false);
    expect(isPermanentWriteError({ code: '57P01' })).toBe(false);
    expect(isPermanentWriteError({ code: '08006' })).toBe(false);
    expect(isPermanentWriteError(noPartition)).toBe(true);
    expect(isPermanentWriteError({ code: '22P02' })).toBe(true);
  });
});
