// Windowed aggregates per device: min, mean, max and p95 of SNR, RSSI, noise floor, throughput and latency
// over tumbling 1-minute and 15-minute windows aligned to UTC. Pure: fed observations with their own
// clock; a window closes when the first observation of the next one arrives, or when close() is called
// with a time past its end (the flush timer). The 15-minute ones are written to Postgres by the caller.
import type { Observation, ObservedValues } from './sample-stream.js';

export const AGGREGATE_METRICS = ['snr', 'rssi', 'noiseFloor', 'throughput', 'latency'] as const;
export type AggregateMetric = (typeof AGGREGATE_METRICS)[number];

export interface AggregateRow {
  deviceId: string;
  bucket: number;
  metric: AggregateMetric;
  samples: number;
  min: number;
  mean: number;
  max: number;
  p95: number;
}

interface Window {
  bucket: number;
  values: number[][];
}

function summarise(deviceId: string, w: Window): AggregateRow[] {
  const rows: AggregateRow[] = [];
  AGGREGATE_METRICS.forEach((metric, i) => {
    const values = w.values[i]!;
    if (!values.length) {
      return;
    }
    values.sort((a, b) => a - b);
    let sum = 0;
    for (const v of values) {
      sum += v;
    }
    const rank = Math.min(values.length - 1, Math.ceil(0.95 * values.length) - 1);
    rows.push({
      deviceId,
      bucket: w.bucket,
      metric,
      samples: values.length,
      min: values[0]!,
      mean: Math.round((sum / values.length) * 100) / 100,
      max: values[values.length - 1]!,
      p95: values[rank]!,
    });
  });
  return rows;
}

export class TumblingAggregates {
  private readonly windows = new Map<string, Window>();
  /** The last closed window of each device. */
  private readonly last = new Map<string, AggregateRow[]>();

  constructor(
    readonly sizeMs: number,
    private readonly onClose: (rows: AggregateRow[]) => void = () => undefined,
    private readonly keepLast = false,
  ) {}

  observe(o: Observation): void {
    if (!o.ok) {
      return;
    }
    const bucket = o.at - (o.at % this.sizeMs);
    let w = this.windows.get(o.deviceId);
    if (w && w.bucket !== bucket) {
      this.emit(o.deviceId, w);
      w = undefined;
    }
    if (!w) {
      w = { bucket, values: AGGREGATE_METRICS.map(() => []) };
      this.windows.set(o.deviceId, w);
    }
    const values: ObservedValues = o.values;
    AGGREGATE_METRICS.forEach((metric, i) => {
      const v = values[metric];
      if (v !== null) {
        w.values[i]!.push(v);
      }
    });
  }

  /** Closes every window that ended before `now`. */
  close(now: number): void {
    for (const [deviceId, w] of this.windows) {
      if (w.bucket + this.sizeMs <= now) {
        this.windows.delete(deviceId);
        this.emit(deviceId, w);
      }
    }
  }

  private emit(deviceId: string, w: Window): void {
    const rows = summarise(deviceId, w);
    if (this.keepLast) {
      this.last.set(deviceId, rows);
    }
    if (rows.length) {
      this.onClose(rows);
    }
  }

  lastClosed(deviceId: string): AggregateRow[] | undefined {
    return this.last.get(deviceId);
  }

  forget(deviceId: string): void {
    this.windows.delete(deviceId);
    this.last.delete(deviceId);
  }

  has(deviceId: string): boolean {
    return this.windows.has(deviceId) || this.last.has(deviceId);
  }

  /** Values held in open windows (8 bytes each as numbers), for the memory figure. */
  heldValues(): number {
    let n = 0;
    for (const w of this.windows.values()) {
      for (const values of w.values) {
        n += values.length;
      }
    }
    return n;
  }
}
