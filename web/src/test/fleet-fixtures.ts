// Small, readable device rows and feed frames for the live-data tests.
import type { DeviceChange, DeviceLive, FeedDelta, FeedSnapshot } from '@wsnoc/shared';

const AT = '2025-01-01T00:00:00.000Z';

export function device(overrides: Partial<DeviceLive> & { id: string }): DeviceLive {
  return {
    name: overrides.id,
    role: 'cpe',
    status: 'up',
    since: AT,
    lastPollAt: AT,
    lastError: null,
    site: 'skye',
    tags: [],
    parentId: null,
    lat: 57.3,
    lon: -6.2,
    channel: 30,
    txPowerDbm: 20,
    transmitting: true,
    temperatureC: 35,
    uptimeSec: 1000,
    snrDb: 25,
    rssiDbm: -60,
    throughputMbps: 10,
    clientsUp: null,
    clientsTotal: null,
    ...overrides,
  };
}

export function snapshot(seq: number, devices: DeviceLive[]): FeedSnapshot {
  return { seq, at: AT, devices };
}

export function delta(seq: number, changes: DeviceChange[], removed: string[] = []): FeedDelta {
  return { seq, at: AT, changes, removed };
}
