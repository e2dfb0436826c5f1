// The chart time ranges operators know (1 h to 30 d). The server picks raw samples or rollups from the
// span; the client only says from and to.
export const TELEMETRY_RANGES = ['1h', '6h', '24h', '7d', '30d'] as const;
export type TelemetryRange = (typeof TELEMETRY_RANGES)[number];

const HOUR_MS = 3_600_000;
const RANGE_MS: Record<TelemetryRange, number> = {
  '1h': HOUR_MS,
  '6h': 6 * HOUR_MS,
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
};

export function isTelemetryRange(value: string | null): value is TelemetryRange {
  return value !== null && (TELEMETRY_RANGES as readonly string[]).includes(value);
}

export function rangeWindow(range: TelemetryRange, now: number): { from: Date; to: Date } {
  return { from: new Date(now - RANGE_MS[range]), to: new Date(now) };
}

/** Short ranges refresh often; a month view barely moves in a minute. */
export function refreshEveryMs(range: TelemetryRange): number {
  return range === '1h' ? 30_000 : range === '6h' ? 60_000 : 300_000;
}

/** The chart groups: metrics sharing a unit share a chart. */
export const CHART_GROUPS = [
  { id: 'snr', title: 'SNR', unit: 'dB', metrics: ['snrDb'] },
  { id: 'signal', title: 'RSSI and noise floor', unit: 'dBm', metrics: ['rssiDbm', 'noiseFloorDbm'] },
  { id: 'throughput', title: 'Throughput', unit: 'Mbit/s', metrics: ['throughputMbps'] },
  { id: 'txpower', title: 'Tx power', unit: 'dBm', metrics: ['txPowerDbm'] },
] as const;

export const CHART_METRICS = CHART_GROUPS.flatMap((group) => group.metrics);
