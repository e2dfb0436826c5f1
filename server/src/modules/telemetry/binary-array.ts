// Postgres binary array encoding (the format of array_send / array_recv), for the history insert.
//
// pg sends a Buffer parameter in binary format, and `$1::uuid[]` on an untyped parameter makes the server
// read it with uuid[]'s receive function. Letting pg turn JS arrays into text literals instead cost more
// than the insert itself: about 60 ms of event-loop time per 5,000-row batch (two regex escapes per
// element), then the server parses every float back from text. Binary is a few ms on both sides and is
// exact for float8 and timestamps.

/** Element type OIDs (pg_type.oid); array_recv checks them against the declared array type. */
const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  float4: 700,
  float8: 701,
  timestamptz: 1184,
  uuid: 2950,
} as const;

type ElementKind = keyof typeof OID;

const SIZE: Record<ElementKind, number> = {
  bool: 1,
  int8: 8,
  int2: 2,
  float4: 4,
  float8: 8,
  timestamptz: 8,
  uuid: 16,
};

/** Milliseconds from the Unix epoch to the Postgres epoch, 2000-01-01T00:00:00Z. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 2 ** 32;
const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * A value Postgres would have refused as text. Carries the SQLSTATE it would have raised (class 22, data
 * exception), so the writer treats the batch as rejected rather than retrying it forever.
 */
export class InvalidHistoryValueError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'InvalidHistoryValueError';
  }
}

function writeInt64(buf: Buffer, offset: number, value: number): void {
  // Exact for |value| < 2^53, which covers microsecond timestamps for the next 140 years and any uptime.
  const hi = Math.floor(value / TWO_32);
  buf.writeInt32BE(hi, offset);
  buf.writeUInt32BE(value - hi * TWO_32, offset + 4);
}

function writeElement(buf: Buffer, offset: number, kind: ElementKind, value: unknown): void {
  switch (kind) {
    case 'uuid': {
      const s = value as string;
      if (typeof s !== 'string' || !UUID_RE.test(s)) {
        throw new InvalidHistoryValueError(`invalid input syntax for type uuid: "${String(s)}"`, '22P02');
      }
      buf.write(s.replaceAll('-', ''), offset, 16, 'hex');
      return;
    }
    case 'timestamptz': {
      const ms = value as number;
      if (!Number.isFinite(ms)) {
        throw new InvalidHistoryValueError('timestamp out of range', '22008');
      }
      writeInt64(buf, offset, Math.round((ms - PG_EPOCH_MS) * 1000));
      return;
    }
    case 'int2': {
      const v = value as number;
      if (!Number.isInteger(v) || v < -32_768 || v > 32_767) {
        throw new InvalidHistoryValueError(`value ${v} out of range for type smallint`, '22003');
      }
      buf.writeInt16BE(v, offset);
      return;
    }
    case 'int8': {
      const v = value as number;
      if (!Number.isSafeInteger(v)) {
        throw new InvalidHistoryValueError(`value ${v} out of range for type bigint`, '22003');
      }
      writeInt64(buf, offset, v);
      return;
    }
    case 'float4':
      buf.writeFloatBE(value as number, offset);
      return;
    case 'float8':
      buf.writeDoubleBE(value as number, offset);
      return;
    case 'bool':
      buf.writeUInt8(value ? 1 : 0, offset);
      return;
  }
}

/**
 * Encodes a one-dimensional array; null and undefined elements are SQL NULL. Timestamps are given as epoch
 * milliseconds. Throws InvalidHistoryValueError for a value the column type cannot hold.
 */
export function encodeArray(kind: ElementKind, values: readonly unknown[]): Buffer {
  const n = values.length;
  const size = SIZE[kind];
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (values[i] === null || values[i] === undefined) {
      nulls++;
    }
  }
  const buf = Buffer.allocUnsafe(20 + n * 4 + (n - nulls) * size);
  // Header: dimensions, has-nulls flag, element type, then length and lower bound of the one dimension.
  buf.writeInt32BE(n === 0 ? 0 : 1, 0);
  buf.writeInt32BE(nulls > 0 ? 1 : 0, 4);
  buf.writeUInt32BE(OID[kind], 8);
  if (n === 0) {
    return buf.subarray(0, 12);
  }
  buf.writeInt32BE(n, 12);
  buf.writeInt32BE(1, 16);
  let offset = 20;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      buf.writeInt32BE(-1, offset);
      offset += 4;
      continue;
    }
    buf.writeInt32BE(size, offset);
    writeElement(buf, offset + 4, kind, value);
    offset += 4 + size;
  }
  return buf;
}
