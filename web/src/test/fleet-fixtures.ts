// Small, readable device rows and feed frames for the live-data tests.
import {
  encodeSnapshotFrame,
  type DeviceChange,
  type DeviceLive,
  type FeedDelta,
  type FeedSnapshotFrame,
} from '@wsnoc/shared';

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

/** A snapshot frame as the server sends a small fleet's: plain columns. */
export function snapshot(seq: number, devices: DeviceLive[]): FeedSnapshotFrame {
  return encodeSnapshotFrame({ seq, at: AT, devices });
}

/** The same, gzipped as the server sends a large fleet's (the bytes an ArrayBuffer, as in a browser). */
export async function gzippedSnapshot(seq: number, devices: DeviceLive[]): Promise<FeedSnapshotFrame> {
  const plain = encodeSnapshotFrame({ seq, at: AT, devices });
  const source = new Blob([JSON.stringify(plain.data)]).stream().pipeThrough(new CompressionStream('gzip'));
  const data = await new Response(source).arrayBuffer();
  return { ...plain, encoding: 'columnar+gzip', data };
}

export function delta(seq: number, changes: DeviceChange[], removed: string[] = []): FeedDelta {
  return { seq, at: AT, changes, removed };
}
