// History counters on the process registry, so that /api/metrics shows every row written or dropped:
// nothing is lost silently.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type {
  TelemetryDropReason,
  TelemetryWriterObserver,
  TelemetryWriterStats,
} from './telemetry.writer.js';

const DROP_REASONS: readonly TelemetryDropReason[] = ['overflow', 'rejected', 'shutdown'];

export interface TelemetryMetrics {
  writer: TelemetryWriterObserver;
  maintenanceFailed(task: 'partitions' | 'rollup'): void;
}

export function registerTelemetryMetrics(
  registry: Registry,
  stats: () => TelemetryWriterStats,
): TelemetryMetrics {
  const registers = [registry];
  const written = new Counter({
    name: 'wsnoc_history_rows_written_total',
    help: 'History rows written to Postgres',
    registers,
  });
  const dropped = new Counter({
    name: 'wsnoc_history_rows_dropped_total',
    help: 'History rows dropped: overflow (buffer full), rejected (a row Postgres refused; the rest of its batch is written), shutdown (closed while down)',
    labelNames: ['reason'] as const,
    registers,
  });
  for (const reason of DROP_REASONS) {
    dropped.inc({ reason }, 0);
  }
  const failures = new Counter({
    name: 'wsnoc_history_flush_failures_total',
    help: 'History insert statements that failed: outages (rows stay buffered) and refusals (the batch is split to find the refused rows)',
    registers,
  });
  new Gauge({
    name: 'wsnoc_history_rows_buffered',
    help: 'History rows waiting in memory to be written',
    registers,
    collect() {
      this.set(stats().buffered);
    },
  });
  new Gauge({
    name: 'wsnoc_history_last_flush_ms',
    help: 'Duration of the last successful history batch insert, in milliseconds',
    registers,
    collect() {
      this.set(stats().lastFlushMs ?? 0);
    },
  });
  const flushSeconds = new Histogram({
    name: 'wsnoc_history_flush_duration_seconds',
    help: 'History batch insert duration',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const maintenance = new Counter({
    name: 'wsnoc_history_maintenance_failures_total',
    help: 'Failed partition maintenance or rollup runs',
    labelNames: ['task'] as const,
    registers,
  });
  return {
    writer: {
      flushed(rows, flushMs) {
        written.inc(rows);
        flushSeconds.observe(flushMs / 1000);
      },
      dropped(rows, reason) {
        dropped.inc({ reason }, rows);
      },
      flushFailed() {
        failures.inc();
      },
    },
    maintenanceFailed(task) {
      maintenance.inc({ task });
    },
  };
}
