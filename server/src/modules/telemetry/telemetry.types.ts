// Shapes shared by the telemetry pieces. Kept free of Nest and of runtime imports from @wsnoc/shared so
// that the writer core also runs under plain tsx (bench/ingest.ts), which has no decorator metadata.
import type { DeviceStatus, TelemetryMetric } from '@wsnoc/shared';

/** One wide history row: one poll of one device. Metrics are null when the poll could not read them. */
export interface TelemetryRow {
  deviceId: string;
  at: Date;
  status: DeviceStatus;
  channel: number | null;
  txPowerDbm: number | null;
  transmitting: boolean | null;
  temperatureC: number | null;
  uptimeSec: number | null;
  /** Link metrics and client counts as sampleMetrics (sample-metrics.ts) defines them, as in the live row. */
  snrDb: number | null;
  rssiDbm: number | null;
  noiseFloorDbm: number | null;
  throughputMbps: number | null;
  clientsUp: number | null;
  clientsTotal: number | null;
  pollMs: number | null;
}

/**
 * Stored status codes. Explicit rather than the index in DEVICE_STATUSES, so that reordering the shared
 * enum never changes the meaning of rows already on disk.
 */
export const STATUS_CODES: Record<DeviceStatus, number> = {
  unknown: 0,
  up: 1,
  degraded: 2,
  muted: 3,
  unreachable: 4,
};

/** Column name of each metric in device_samples (and prefix of its rollup columns). */
export const METRIC_COLUMN: Record<TelemetryMetric, string> = {
  snrDb: 'snr_db',
  rssiDbm: 'rssi_dbm',
  noiseFloorDbm: 'noise_floor_dbm',
  throughputMbps: 'throughput_mbps',
  txPowerDbm: 'tx_power_dbm',
  temperatureC: 'temperature_c',
};

export type TelemetryResolution = 'raw' | '1m' | '1h';

/** The three levels of history, each with its own partition width and retention. */
export type TelemetryLevel = 'raw' | '1m' | '1h';

export interface TelemetryLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const SILENT_LOG: TelemetryLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface TelemetryOptions {
  /** Flush at least this often (ms). */
  flushIntervalMs: number;
  /** Rows per INSERT; a full batch is flushed at once without waiting for the timer. */
  batchSize: number;
  /** Upper bound of rows held in memory; beyond it the oldest rows are dropped and counted. */
  maxBufferedRows: number;
  /** Backoff after a failed flush: doubles from base up to max (ms). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Partitions are kept ready for today and this many days ahead. */
  partitionDaysAhead: number;
  /** Retention per level, in days; whole partitions older than this are dropped. */
  retentionDays: Record<TelemetryLevel, number>;
  /** How often partitions are checked and rollups run (ms). */
  maintenanceIntervalMs: number;
  rollupIntervalMs: number;
  /** Each rollup also recomputes this much closed history, to take in rows that arrived late (ms). */
  rollupLookbackMs: number;
}

export const TELEMETRY_DEFAULTS: TelemetryOptions = {
  flushIntervalMs: 1_000,
  batchSize: 5_000,
  maxBufferedRows: 200_000,
  retryBaseMs: 500,
  retryMaxMs: 30_000,
  partitionDaysAhead: 3,
  retentionDays: { raw: 2, '1m': 30, '1h': 400 },
  maintenanceIntervalMs: 60 * 60_000,
  rollupIntervalMs: 60_000,
  rollupLookbackMs: 15 * 60_000,
};
