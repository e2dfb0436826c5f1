import { describe, expect, it } from 'vitest';
import { resolutionFor } from './telemetry.service.js';

const HOUR = 3_600_000;

describe('resolutionFor', () => {
  it('reads raw polls up to 6 h, 1 min buckets up to 7 days and 1 h buckets beyond', () => {
    expect(resolutionFor(6 * HOUR)).toBe('raw');
    expect(resolutionFor(6 * HOUR + 1)).toBe('1m');
    expect(resolutionFor(7 * 24 * HOUR)).toBe('1m');
    expect(resolutionFor(7 * 24 * HOUR + 1)).toBe('1h');
  });
});
