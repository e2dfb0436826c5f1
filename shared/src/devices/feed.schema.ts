// The live feed on /ops: a snapshot first, then ordered deltas. A client that sees a gap in `seq`, or
// reconnects, asks for a resync and gets a fresh snapshot.
//
// On the wire the snapshot is columnar (one array per field, string tables for the few strings many
// devices share), encoded once per feed version and sent to every client that asks for that version.
// Large ones are gzipped once on the server (`columnar+gzip`, the bytes a Uint8Array / ArrayBuffer);
// small ones go as the columns themselves (`columnar`). encodeFeedColumns / decodeFeedColumns are the
// pair; the decoded object equals the FeedSnapshot it was made from.
import { z } from 'zod';
import { DEVICE_ROLES, DEVICE_STATUSES, DeviceLiveSchema, type DeviceLive } from './device.schema.js';

export const FeedSnapshotSchema = z.object({
  seq: z.number().int(),
  at: z.string().datetime(),
  devices: z.array(DeviceLiveSchema),
});
export type FeedSnapshot = z.infer<typeof FeedSnapshotSchema>;

/**
 * Changed fields only, plus the id. One delta frame coalesces everything from about 250 ms. A change
 * that comes from a poll always carries `lastPollAt` (it moves with every poll): the time of the poll
 * that saw it (the latest one when several are coalesced), so a client can tell poll-to-frame time.
 */
export const DeviceChangeSchema = DeviceLiveSchema.partial().extend({ id: z.string() });
export type DeviceChange = z.infer<typeof DeviceChangeSchema>;

export const FeedDeltaSchema = z.object({
  seq: z.number().int(),
  at: z.string().datetime(),
  changes: z.array(DeviceChangeSchema),
  removed: z.array(z.string()),
});
export type FeedDelta = z.infer<typeof FeedDeltaSchema>;

/** Why a client asks for a fresh snapshot: a gap in sequence numbers, a reconnect, or a person asked. */
export const RESYNC_REASONS = ['gap', 'reconnect', 'manual'] as const;
export type ResyncReason = (typeof RESYNC_REASONS)[number];

export const ResyncRequestSchema = z.object({
  reason: z.enum(RESYNC_REASONS).default('manual'),
});

// ---- the columnar snapshot ----

/** Version of the column layout; a client that meets another one asks for nothing and says so. */
export const FEED_COLUMNS_VERSION = 1;

const nullableNumbers = z.array(z.number().nullable());
/** A time: epoch ms when the ISO text round-trips through Date exactly, else the text itself. */
const times = z.array(z.union([z.number(), z.string()]).nullable());
/** An index into `strings`, or null. */
const stringRefs = z.array(z.number().int().min(0).nullable());

export const FeedColumnsSchema = z
  .object({
    v: z.literal(FEED_COLUMNS_VERSION),
    /** Every shared string (sites, errors, tags) once. */
    strings: z.array(z.string()),
    /** Distinct tag lists, each as indices into `strings`. */
    tagSets: z.array(z.array(z.number().int().min(0))),
    id: z.array(z.string()),
    name: z.array(z.string()),
    /** Index into DEVICE_ROLES. */
    role: z.array(
      z
        .number()
        .int()
        .min(0)
        .max(DEVICE_ROLES.length - 1),
    ),
    /** Index into DEVICE_STATUSES. */
    status: z.array(
      z
        .number()
        .int()
        .min(0)
        .max(DEVICE_STATUSES.length - 1),
    ),
    since: times,
    lastPollAt: times,
    lastError: stringRefs,
    site: stringRefs,
    /** Index into `tagSets`. */
    tags: z.array(z.number().int().min(0)),
    /** Row index of the parent in this snapshot, or its id when it is not in it, or null. */
    parentId: z.array(z.union([z.number().int().min(0), z.string()]).nullable()),
    lat: nullableNumbers,
    lon: nullableNumbers,
    channel: nullableNumbers,
    txPowerDbm: nullableNumbers,
    /** 1, 0 or null. */
    transmitting: z.array(z.union([z.literal(0), z.literal(1)]).nullable()),
    temperatureC: nullableNumbers,
    uptimeSec: nullableNumbers,
    snrDb: nullableNumbers,
    rssiDbm: nullableNumbers,
    throughputMbps: nullableNumbers,
    clientsUp: nullableNumbers,
    clientsTotal: nullableNumbers,
  })
  .superRefine((columns, ctx) => {
    const n = columns.id.length;
    for (const [key, value] of Object.entries(columns)) {
      if (Array.isArray(value) && key !== 'strings' && key !== 'tagSets' && value.length !== n) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `column ${key} has ${value.length} rows, id has ${n}`,
        });
      }
    }
  });
export type FeedColumns = z.infer<typeof FeedColumnsSchema>;

/** Every DeviceLive field has a column: a field added to the row without one fails the codec's test. */
export const FEED_COLUMN_FIELDS = [
  'id',
  'name',
  'role',
  'status',
  'since',
  'lastPollAt',
  'lastError',
  'site',
  'tags',
  'parentId',
  'lat',
  'lon',
  'channel',
  'txPowerDbm',
  'transmitting',
  'temperatureC',
  'uptimeSec',
  'snrDb',
  'rssiDbm',
  'throughputMbps',
  'clientsUp',
  'clientsTotal',
] as const satisfies readonly (keyof DeviceLive)[];

export const FEED_SNAPSHOT_ENCODINGS = ['columnar', 'columnar+gzip'] as const;
export type FeedSnapshotEncoding = (typeof FEED_SNAPSHOT_ENCODINGS)[number];

/** What `devices:snapshot` carries. `data` is FeedColumns, or the gzip of their JSON for `columnar+gzip`. */
export interface FeedSnapshotFrame {
  seq: number;
  at: string;
  /** Devices in it, so a reader can say how big it is before decoding. */
  count: number;
  encoding: FeedSnapshotEncoding;
  data: FeedColumns | Uint8Array | ArrayBuffer;
}

export const FeedSnapshotFrameHeaderSchema = z.object({
  seq: z.number().int(),
  at: z.string().datetime(),
  count: z.number().int().min(0),
  encoding: z.enum(FEED_SNAPSHOT_ENCODINGS),
});

const NUMBER_FIELDS = [
  'lat',
  'lon',
  'channel',
  'txPowerDbm',
  'temperatureC',
  'uptimeSec',
  'snrDb',
  'rssiDbm',
  'throughputMbps',
  'clientsUp',
  'clientsTotal',
] as const;

/** Date#toISOString's own form: a time in it turns into epoch ms and back to the same text. */
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function encodeTime(value: string | null): number | string | null {
  if (value === null) {
    return null;
  }
  if (ISO_MS.test(value)) {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : value;
  }
  // Any other form (no milliseconds, an offset): only when it round-trips exactly.
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString() === value ? ms : value;
}

function decodeTime(value: number | string | null): string | null {
  return typeof value === 'number' ? new Date(value).toISOString() : value;
}

/** The devices as columns: the pair of decodeFeedColumns. */
export function encodeFeedColumns(devices: readonly DeviceLive[]): FeedColumns {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const ref = (value: string | null): number | null => {
    if (value === null) {
      return null;
    }
    let index = stringIndex.get(value);
    if (index === undefined) {
      index = strings.push(value) - 1;
      stringIndex.set(value, index);
    }
    return index;
  };
  const tagSets: number[][] = [];
  const tagSetIndex = new Map<string, number>();
  const rowOf = new Map<string, number>();
  devices.forEach((device, row) => rowOf.set(device.id, row));
  const roleIndex = new Map<string, number>(DEVICE_ROLES.map((role, i) => [role, i]));
  const statusIndex = new Map<string, number>(DEVICE_STATUSES.map((status, i) => [status, i]));

  const n = devices.length;
  const numbers = Object.fromEntries(
    NUMBER_FIELDS.map((field) => [field, new Array<number | null>(n)]),
  ) as Record<(typeof NUMBER_FIELDS)[number], (number | null)[]>;
  const columns = {
    v: FEED_COLUMNS_VERSION,
    strings,
    tagSets,
    id: new Array<string>(n),
    name: new Array<string>(n),
    role: new Array<number>(n),
    status: new Array<number>(n),
    since: new Array<number | string | null>(n),
    lastPollAt: new Array<number | string | null>(n),
    lastError: new Array<number | null>(n),
    site: new Array<number | null>(n),
    tags: new Array<number>(n),
    parentId: new Array<number | string | null>(n),
    transmitting: new Array<0 | 1 | null>(n),
    ...numbers,
  } satisfies FeedColumns;
  for (let row = 0; row < n; row++) {
    const d = devices[row]!;
    columns.id[row] = d.id;
    columns.name[row] = d.name;
    columns.role[row] = roleIndex.get(d.role)!;
    columns.status[row] = statusIndex.get(d.status)!;
    columns.since[row] = encodeTime(d.since);
    columns.lastPollAt[row] = encodeTime(d.lastPollAt);
    columns.lastError[row] = ref(d.lastError);
    columns.site[row] = ref(d.site);
    const tagKey = JSON.stringify(d.tags);
    let tagSet = tagSetIndex.get(tagKey);
    if (tagSet === undefined) {
      tagSet = tagSets.push(d.tags.map((tag) => ref(tag)!)) - 1;
      tagSetIndex.set(tagKey, tagSet);
    }
    columns.tags[row] = tagSet;
    columns.parentId[row] = d.parentId === null ? null : (rowOf.get(d.parentId) ?? d.parentId);
    columns.transmitting[row] = d.transmitting === null ? null : d.transmitting ? 1 : 0;
    for (const field of NUMBER_FIELDS) {
      numbers[field][row] = d[field];
    }
  }
  return columns;
}

/** The rows back, in the order they were encoded. Parse untrusted input with FeedColumnsSchema first. */
export function decodeFeedColumns(columns: FeedColumns): DeviceLive[] {
  const { strings } = columns;
  const str = (index: number | null): string | null => (index === null ? null : strings[index]!);
  const tagSets = columns.tagSets.map((set) => set.map((index) => strings[index]!));
  const devices = new Array<DeviceLive>(columns.id.length);
  for (let row = 0; row < devices.length; row++) {
    const parent = columns.parentId[row]!;
    const transmitting = columns.transmitting[row]!;
    devices[row] = {
      id: columns.id[row]!,
      name: columns.name[row]!,
      role: DEVICE_ROLES[columns.role[row]!]!,
      status: DEVICE_STATUSES[columns.status[row]!]!,
      since: decodeTime(columns.since[row]!)!,
      lastPollAt: decodeTime(columns.lastPollAt[row]!),
      lastError: str(columns.lastError[row]!),
      site: str(columns.site[row]!),
      // A copy per row: a store that edits one device's tags must not edit every device sharing the set.
      tags: [...tagSets[columns.tags[row]!]!],
      parentId: typeof parent === 'number' ? columns.id[parent]! : parent,
      lat: columns.lat[row]!,
      lon: columns.lon[row]!,
      channel: columns.channel[row]!,
      txPowerDbm: columns.txPowerDbm[row]!,
      transmitting: transmitting === null ? null : transmitting === 1,
      temperatureC: columns.temperatureC[row]!,
      uptimeSec: columns.uptimeSec[row]!,
      snrDb: columns.snrDb[row]!,
      rssiDbm: columns.rssiDbm[row]!,
      throughputMbps: columns.throughputMbps[row]!,
      clientsUp: columns.clientsUp[row]!,
      clientsTotal: columns.clientsTotal[row]!,
    };
  }
  return devices;
}

/** An uncompressed snapshot frame (small fleets, tests). The server gzips large ones itself. */
export function encodeSnapshotFrame(snapshot: FeedSnapshot): FeedSnapshotFrame {
  return {
    seq: snapshot.seq,
    at: snapshot.at,
    count: snapshot.devices.length,
    encoding: 'columnar',
    data: encodeFeedColumns(snapshot.devices),
  };
}

/**
 * The snapshot a frame carries, once its bytes are gunzipped (`json` is the columns' JSON text, for
 * `columnar+gzip`). Throws an Error naming what did not match the contract.
 */
export function decodeSnapshotFrame(frame: unknown, json?: string): FeedSnapshot {
  const header = FeedSnapshotFrameHeaderSchema.safeParse(frame);
  if (!header.success) {
    throw new Error(`devices:snapshot header: ${header.error.issues[0]?.message ?? 'invalid'}`);
  }
  const raw: unknown = json === undefined ? (frame as { data?: unknown }).data : JSON.parse(json);
  const columns = FeedColumnsSchema.safeParse(raw);
  if (!columns.success) {
    const issue = columns.error.issues[0];
    throw new Error(
      `devices:snapshot columns: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim(),
    );
  }
  if (columns.data.id.length !== header.data.count) {
    throw new Error(`devices:snapshot says ${header.data.count} devices but holds ${columns.data.id.length}`);
  }
  return { seq: header.data.seq, at: header.data.at, devices: decodeFeedColumns(columns.data) };
}
