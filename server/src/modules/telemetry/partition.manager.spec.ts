import { describe, expect, it } from 'vitest';
import { partitionEnd, partitionFor } from './partition.manager.js';

describe('partitionFor', () => {
  it('cuts raw and 1 min partitions at UTC midnight and 1 h partitions at the UTC month', () => {
    const t = new Date('2025-12-31T23:59:59.999Z');
    expect(partitionFor('raw', t)).toEqual({
      name: 'device_samples_p20251231',
      from: new Date('2025-12-31T00:00:00Z'),
      to: new Date('2026-01-01T00:00:00Z'),
    });
    expect(partitionFor('1m', t).name).toBe('device_samples_1m_p20251231');
    expect(partitionFor('1h', t)).toEqual({
      name: 'device_samples_1h_p202512',
      from: new Date('2025-12-01T00:00:00Z'),
      to: new Date('2026-01-01T00:00:00Z'),
    });
  });
});

describe('partitionEnd', () => {
  it('reads the end of the range back from the names it made, and ignores others', () => {
    expect(partitionEnd('raw', 'device_samples_p20240229')).toEqual(new Date('2024-03-01T00:00:00Z'));
    expect(partitionEnd('1h', 'device_samples_1h_p202412')).toEqual(new Date('2025-01-01T00:00:00Z'));
    expect(partitionEnd('raw', 'device_samples_default')).toBeNull();
    expect(partitionEnd('1h', 'device_samples_1h_p20241201')).toBeNull();
  });
});
