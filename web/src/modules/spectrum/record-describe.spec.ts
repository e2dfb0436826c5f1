import { describe, expect, it } from 'vitest';
import { spectrumRecord } from '@/test/spectrum-fixtures';
import { describeRecord } from './record-describe';

describe(describeRecord.name, () => {
  it('names the fleet plan behind a retune, so an auditor can tell it from a withdrawal', () => {
    const record = spectrumRecord({
      id: '1',
      kind: 'configured',
      channel: 39,
      eirpDbm: 30,
      detail: { reason: 'fleet plan 141ec294 (final)', set: { channel: 39 } },
    });
    expect(describeRecord(record)).toBe('Radio set to ch 39 at 30 dBm, for fleet plan 141ec294 (final)');
  });

  it('says what the radio was on when the console knows it, and no reason when none was given', () => {
    const record = spectrumRecord({
      id: '2',
      kind: 'configured',
      channel: 31,
      eirpDbm: 30,
      detail: { from: { channel: 30, eirpDbm: 30 }, grant: { channel: 31, eirpDbm: 30 } },
    });
    expect(describeRecord(record)).toBe('Radio set to ch 31 at 30 dBm (was ch 30 at 30 dBm)');
  });
});
