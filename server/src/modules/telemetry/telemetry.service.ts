// Reads device history for charts. The resolution follows the range so that a response stays a few
// thousand points at most: raw polls up to 6 h, 1 min buckets up to 7 days, 1 h buckets beyond.
import {
  DeviceIdSchema,
  TELEMETRY_METRICS,
  type TelemetryMetric,
  type TelemetryQuery,
  type TelemetryResponse,
} from '@wsnoc/shared';
import { TelemetryError } from './telemetry.errors.js';
import type { TelemetryRepository } from './telemetry.repository.js';
import type { TelemetryResolution } from './telemetry.types.js';

const HOUR_MS = 3_600_000;
export const RAW_MAX_RANGE_MS = 6 * HOUR_MS;
export const MINUTE_MAX_RANGE_MS = 7 * 24 * HOUR_MS;
/** Beyond the 1 h retention there is nothing to read; two years bounds the response size. */
export const MAX_RANGE_MS = 2 * 366 * 24 * HOUR_MS;

export function resolutionFor(rangeMs: number): TelemetryResolution {
  if (rangeMs <= RAW_MAX_RANGE_MS) {
    return 'raw';
  }
  return rangeMs <= MINUTE_MAX_RANGE_MS ? '1m' : '1h';
}

export class TelemetryService {
  constructor(private readonly repository: TelemetryRepository) {}

  /**
   * History of one device over [from, to). Rollup resolutions return each bucket's mean, stamped at the
   * bucket start; a metric the device did not report is null at that time.
   */
  async query(deviceId: string, query: TelemetryQuery): Promise<TelemetryResponse> {
    if (!DeviceIdSchema.safeParse(deviceId).success) {
      throw new TelemetryError('invalid-device-id', 'id must be a device id (a UUID)');
    }
    const from = new Date(query.from);
    const to = new Date(query.to);
    const range = to.getTime() - from.getTime();
    if (!(range > 0)) {
      throw new TelemetryError('invalid-range', 'from must be before to');
    }
    if (range > MAX_RANGE_MS) {
      throw new TelemetryError('invalid-range', 'the range from..to may span at most two years');
    }
    const metrics: readonly TelemetryMetric[] = query.metrics?.length ? query.metrics : TELEMETRY_METRICS;
    const resolution = resolutionFor(range);
    const rows = await this.repository.series(resolution, deviceId, from, to, metrics);
    const series: Record<string, (number | null)[]> = {};
    for (const metric of metrics) {
      series[metric] = rows.series[metric] ?? [];
    }
    return {
      deviceId,
      resolution,
      from: from.toISOString(),
      to: to.toISOString(),
      t: rows.t,
      series,
    };
  }
}
