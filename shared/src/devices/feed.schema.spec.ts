import { describe, expect, it } from 'vitest';
import { DeviceLiveSchema, type DeviceLive } from './device.schema.js';
import {
  decodeFeedColumns,
  decodeSnapshotFrame,
  encodeFeedColumns,
  encodeSnapshotFrame,
  FEED_COLUMN_FIELDS,
  type FeedSnapshot,
} from './feed.schema.js';

const BS = '6f1c2d3e-0000-4000-8000-000000000001';

function row(overrides: Partial<DeviceLive> & { id: string }): DeviceLive {
  return {
    name: overrides.id,
    role: 'cpe',
    status: 'up',
    since: '2026-01-01T00:00:00.000Z',
    lastPollAt: '2026-01-01T00:00:10.123Z',
    lastError: null,
    site: 'skye',
    tags: [],
    parentId: BS,
    lat: 57.3,
    lon: -6.2,
    channel: 30,
    txPowerDbm: 20,
    transmitting: true,
    temperatureC: 35.5,
    uptimeSec: 1000,
    snrDb: 25.25,
    rssiDbm: -60,
    throughputMbps: 10.1,
    clientsUp: null,
    clientsTotal: null,
    ...overrides,
  };
}

const FLEET: DeviceLive[] = [
  row({
    id: BS,
    name: 'bs-1',
    role: 'base-station',
    parentId: null,
    clientsUp: 2,
    clientsTotal: 3,
    tags: ['core', 'north'],
  }),
  row({ id: 'cpe-1', tags: ['north'] }),
  row({
    id: 'cpe-2',
    status: 'unreachable',
    lastError: 'timeout: no prompt',
    transmitting: null,
    snrDb: null,
  }),
  row({
    id: 'cpe-3',
    status: 'unknown',
    lastPollAt: null,
    site: null,
    lat: null,
    lon: null,
    transmitting: false,
  }),
  // A parent that is not in the snapshot, a time without milliseconds, and a lone tag set.
  row({ id: 'cpe-4', parentId: 'bs-elsewhere', since: '2026-01-01T00:00:00Z', tags: ['core', 'north'] }),
  row({ id: 'cpe-5', status: 'degraded', lastError: 'timeout: no prompt', tags: ['x.y-z'] }),
  row({ id: 'cpe-6', status: 'muted', role: 'cpe', channel: null, txPowerDbm: null, uptimeSec: 0 }),
];

describe('the columnar feed snapshot', () => {
  it('has a column for every field of the live row', () => {
    expect([...FEED_COLUMN_FIELDS].sort()).toEqual(Object.keys(DeviceLiveSchema.shape).sort());
  });

  it('decodes to exactly the rows it was made from, in order', () => {
    for (const devices of FLEET) {
      expect(DeviceLiveSchema.parse(devices)).toEqual(devices);
    }
    const decoded = decodeFeedColumns(encodeFeedColumns(FLEET));
    expect(decoded).toStrictEqual(FLEET);
  });

  it('round-trips through the frame and its JSON text, as the gzip path sends it', () => {
    const snapshot: FeedSnapshot = { seq: 41, at: '2026-01-01T00:01:00.000Z', devices: FLEET };
    const frame = encodeSnapshotFrame(snapshot);
    expect(frame.count).toBe(FLEET.length);
    expect(decodeSnapshotFrame(frame)).toStrictEqual(snapshot);
    const header = { ...frame, encoding: 'columnar+gzip', data: new Uint8Array() };
    expect(decodeSnapshotFrame(header, JSON.stringify(frame.data))).toStrictEqual(snapshot);
  });

  it('shares strings and tag lists instead of repeating them', () => {
    const columns = encodeFeedColumns(FLEET);
    expect(columns.strings.filter((s) => s === 'timeout: no prompt')).toHaveLength(1);
    expect(columns.tags[0]).toBe(columns.tags[4]);
    expect(columns.parentId[1]).toBe(0);
    expect(columns.parentId[4]).toBe('bs-elsewhere');
    expect(typeof columns.lastPollAt[0]).toBe('number');
    expect(columns.since[4]).toBe('2026-01-01T00:00:00Z');
  });

  it('gives each decoded row its own tags array', () => {
    const decoded = decodeFeedColumns(encodeFeedColumns(FLEET));
    decoded[1]!.tags.push('edited');
    expect(decoded[0]!.tags).toEqual(['core', 'north']);
    expect(decoded[4]!.tags).toEqual(['core', 'north']);
  });

  it('is empty for an empty fleet', () => {
    const snapshot: FeedSnapshot = { seq: 0, at: '2026-01-01T00:01:00.000Z', devices: [] };
    expect(decodeSnapshotFrame(encodeSnapshotFrame(snapshot))).toStrictEqual(snapshot);
  });

  it('refuses a frame whose columns disagree, naming the column', () => {
    const frame = encodeSnapshotFrame({ seq: 1, at: '2026-01-01T00:01:00.000Z', devices: FLEET });
    const columns = { ...(frame.data as ReturnType<typeof encodeFeedColumns>), snrDb: [1] };
    expect(() => decodeSnapshotFrame({ ...frame, data: columns })).toThrow(
      /column snrDb has 1 rows, id has 7/,
    );
    expect(() => decodeSnapshotFrame({ ...frame, count: 8 })).toThrow(/says 8 devices but holds 7/);
    expect(() => decodeSnapshotFrame({ ...frame, encoding: 'zstd' })).toThrow(/header/);
  });
});
