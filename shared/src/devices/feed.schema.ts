// The live feed on /ops: a snapshot first, then ordered deltas. A client that sees a gap in `seq`, or
// reconnects, asks for a resync and gets a fresh snapshot.
import { z } from 'zod';
import { DeviceLiveSchema } from './device.schema.js';

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
