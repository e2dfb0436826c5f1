import { type BulkItem, type BulkItemStatus, type BulkRun, RolloutSchema } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { bulkRunTouches, deltaTouchesConfig } from './config-signals';

const COUNTS = {
  total: 1,
  pending: 0,
  queued: 0,
  applying: 0,
  succeeded: 1,
  unchanged: 0,
  failed: 0,
  reverted: 0,
  cancelled: 0,
};
const RUN: BulkRun = {
  id: 'r1',
  name: 'vlan',
  kind: 'apply',
  rollbackOf: null,
  rolledBackBy: null,
  actor: 'admin',
  template: 'vlan',
  variables: {},
  rollout: RolloutSchema.parse({}),
  status: 'running',
  pauseReason: null,
  currentBatch: 0,
  batches: 2,
  counts: COUNTS,
  createdAt: '2026-12-01T10:00:00.000Z',
  startAt: '2026-12-01T10:00:00.000Z',
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: null,
};
const item = (deviceId: string, status: BulkItemStatus): BulkItem => ({
  id: `i-${deviceId}`,
  runId: 'r1',
  deviceId,
  name: deviceId,
  batch: 0,
  status,
  values: {},
  before: null,
  after: null,
  diff: [],
  changeId: null,
  busyRetries: 0,
  detail: null,
  startedAt: null,
  finishedAt: null,
});

describe(deltaTouchesConfig.name, () => {
  const frame = {
    seq: 2,
    at: '2026-12-01T10:00:00.000Z',
    changes: [
      { id: 'a', snrDb: 3 },
      { id: 'b', txPowerDbm: 20 },
    ],
    removed: [],
  };

  it('sees a configuration-backed field move, on the device asked about or on any', () => {
    expect(deltaTouchesConfig(frame, 'b')).toBe(true);
    expect(deltaTouchesConfig(frame, null)).toBe(true);
  });

  it('ignores measurements and other devices', () => {
    expect(deltaTouchesConfig(frame, 'a')).toBe(false);
    expect(deltaTouchesConfig({ ...frame, changes: [{ id: 'a', snrDb: 3 }] }, null)).toBe(false);
  });

  it('treats a malformed frame as no sign', () => {
    expect(deltaTouchesConfig(null, null)).toBe(false);
    expect(deltaTouchesConfig({ changes: [null, 3] }, null)).toBe(false);
  });
});

describe(bulkRunTouches.name, () => {
  it('sees an item settle on the device, not one still applying', () => {
    const run = RUN;
    expect(bulkRunTouches({ run, items: [item('a', 'succeeded')] }, 'a')).toBe(true);
    expect(bulkRunTouches({ run, items: [item('a', 'applying')] }, 'a')).toBe(false);
    expect(bulkRunTouches({ run, items: [item('b', 'succeeded')] }, 'a')).toBe(false);
    // For the whole fleet, a finished run counts even with no item in its event.
    expect(
      bulkRunTouches({ run: { ...run, status: 'completed', finishedAt: RUN.createdAt }, items: [] }, null),
    ).toBe(true);
    expect(bulkRunTouches({ run, items: [] }, null)).toBe(false);
  });

  it('treats an event outside the contract as no sign', () => {
    expect(bulkRunTouches({ run: { id: 'r1' }, items: [] }, null)).toBe(false);
  });
});
