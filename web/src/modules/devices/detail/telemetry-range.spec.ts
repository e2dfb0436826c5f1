import { describe, expect, it } from 'vitest';
import { CHART_METRICS, isTelemetryRange, rangeWindow, refreshEveryMs } from './telemetry-range';

describe('telemetry ranges', () => {
  it('turns a range into a from/to window ending now', () => {
    const now = Date.parse('2025-01-31T12:00:00Z');
    expect(rangeWindow('6h', now).from.toISOString()).toBe('2025-01-31T06:00:00.000Z');
    expect(rangeWindow('30d', now).from.toISOString()).toBe('2025-01-01T12:00:00.000Z');
    expect(rangeWindow('1h', now).to.toISOString()).toBe('2025-01-31T12:00:00.000Z');
  });

  it('accepts only known ranges from the URL', () => {
    expect(isTelemetryRange('7d')).toBe(true);
    expect(isTelemetryRange('2w')).toBe(false);
    expect(isTelemetryRange(null)).toBe(false);
  });

  it('refreshes short ranges more often and asks for every charted metric', () => {
    expect(refreshEveryMs('1h')).toBeLessThan(refreshEveryMs('30d'));
    expect(CHART_METRICS).toEqual(['snrDb', 'rssiDbm', 'noiseFloorDbm', 'throughputMbps', 'txPowerDbm']);
  });
});
