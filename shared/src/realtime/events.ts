import { z } from 'zod';
import type { IncidentsChanged } from '../alerts/alerts.schema.js';
import type { UserRole } from '../auth/auth.schema.js';
import type { FeedDelta, FeedSnapshotFrame } from '../devices/feed.schema.js';
import type { BulkRunEvent } from '../provisioning/bulk-run.schema.js';
import type { PlanRun, SpectrumStation } from '../spectrum/spectrum.schema.js';

/** The Socket.IO namespace of the operations feed. */
export const OPS_NAMESPACE = '/ops';

export const ServerHelloSchema = z.object({
  serverTime: z.string().datetime(),
  version: z.string(),
  user: z.object({ username: z.string(), role: z.string() }),
});
export type ServerHello = z.infer<typeof ServerHelloSchema>;

/**
 * Why the server ends a feed connection for its session: `signed-out` (sign-out, on any tab or instance)
 * or `expired` (the session lapsed or was removed). The socket is closed right after; sign in again.
 */
export const FEED_SESSION_END_REASONS = ['signed-out', 'expired'] as const;
export const AuthExpiredSchema = z.object({ reason: z.enum(FEED_SESSION_END_REASONS) });
export type AuthExpired = z.infer<typeof AuthExpiredSchema>;

/** Every event the server sends on /ops. Web and server both type their sockets with these maps. */
export interface ServerToClientEvents {
  hello: (payload: ServerHello) => void;
  /** The whole fleet's live state, columnar (decodeSnapshotFrame); sent on connect and on every resync. */
  'devices:snapshot': (payload: FeedSnapshotFrame) => void;
  /** Changes since the previous frame; `seq` is exactly one more than the last frame's. */
  'devices:delta': (payload: FeedDelta) => void;
  /** Base stations whose spectrum state changed (grant, check, mute, alarm), whole rows. */
  'spectrum:stations': (payload: { stations: SpectrumStation[] }) => void;
  /** Progress of a fleet plan being applied, after every step. */
  'spectrum:plan-run': (payload: PlanRun) => void;
  /** A bulk configuration run moved on: the run with its counts, and the devices whose state changed. */
  'bulk:run': (payload: BulkRunEvent) => void;
  /**
   * Incidents that opened or changed (acknowledged, assigned, suppressed more devices, resolved...), as
   * whole records to upsert by id. Load the current list with GET /api/incidents on connect.
   */
  'incidents:changed': (payload: IncidentsChanged) => void;
  /** An event this socket sent was refused: unknown, or the socket's role may not send it. */
  'feed:refused': (payload: FeedRefused) => void;
  /** The session behind this socket has ended; the server closes the socket right after. */
  'auth:expired': (payload: AuthExpired) => void;
}

/** Every event a client may send on /ops. Payloads are still parsed with zod on arrival. */
export interface ClientToServerEvents {
  ping: (ack: (serverTime: string) => void) => void;
  /** Ask for a fresh snapshot, after a gap in sequence numbers or a reconnect. */
  'devices:resync': (payload: { reason: 'gap' | 'reconnect' | 'manual' }) => void;
}

/**
 * Who may send each client event on /ops, besides admins (who always may). The gateway registers its
 * handlers from this table and refuses what it lacks, so an event without an entry cannot be served.
 */
export const OPS_CLIENT_EVENT_ACCESS: Record<keyof ClientToServerEvents, readonly UserRole[]> = {
  ping: ['viewer', 'operator'],
  'devices:resync': ['viewer', 'operator'],
};

/**
 * The start of a handshake refusal's message (and `err.data.code` of the client's connect_error) when the
 * server could not check the session just then (the session store was slow or down): try again after
 * `err.data.retryInMs`. Every other refusal is final until the user acts (sign in, close a tab).
 */
export const FEED_REFUSED_UNAVAILABLE = 'unavailable';

export const FeedRefusedSchema = z.object({ event: z.string(), message: z.string() });
export type FeedRefused = z.infer<typeof FeedRefusedSchema>;
