// The feed sockets this instance holds, grouped by session: what the per-session cap counts, what the
// session check walks (one cache read per session, however many tabs it has open) and what sign-out ends.
import type { ClientToServerEvents, ServerToClientEvents } from '@wsnoc/shared';
import type { Socket } from 'socket.io';
import type { SessionUser } from '@/modules/auth/session.repository.js';
import { RefusalLimiter } from './refusal-limiter.js';
import { TokenBucket } from './token-bucket.js';

export type OpsSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { user: SessionUser; sessionId: string }
>;

/** A burst of resyncs a socket may ask for at once, then one per RESYNC_REFILL_MS. */
export const RESYNC_BURST = 5;
export const RESYNC_REFILL_MS = 2_000;

export class FeedClient {
  readonly resyncs = new TokenBucket(RESYNC_BURST, RESYNC_REFILL_MS);
  /** Resyncs ignored since the last one served: a socket that keeps asking regardless is closed. */
  ignoredResyncs = 0;
  readonly refusals = new RefusalLimiter();
  /**
   * Packets the engine holds for this socket that the transport has not taken yet. A reader that cannot
   * keep up makes it grow (the transport stays busy, or a long-poll never comes back for them).
   */
  backlog = 0;
  private readonly stopCounting: () => void;

  constructor(readonly socket: OpsSocket) {
    const conn = socket.conn;
    const queued = () => this.backlog++;
    const flushed = () => (this.backlog = 0);
    conn.on('packetCreate', queued);
    conn.on('flush', flushed);
    this.stopCounting = () => {
      conn.off('packetCreate', queued);
      conn.off('flush', flushed);
    };
  }

  get sessionId(): string {
    return this.socket.data.sessionId;
  }

  dispose(): void {
    this.stopCounting();
  }
}

export class FeedClients {
  private readonly bySession = new Map<string, Set<FeedClient>>();
  private total = 0;

  get size(): number {
    return this.total;
  }

  countFor(sessionId: string): number {
    return this.bySession.get(sessionId)?.size ?? 0;
  }

  add(client: FeedClient): void {
    const set = this.bySession.get(client.sessionId) ?? new Set();
    if (!set.has(client)) {
      set.add(client);
      this.total++;
    }
    this.bySession.set(client.sessionId, set);
  }

  /** Safe to call twice: a socket closed by the server is removed at once and again on its disconnect. */
  remove(client: FeedClient): void {
    const set = this.bySession.get(client.sessionId);
    if (set?.delete(client)) {
      this.total--;
      client.dispose();
      if (!set.size) {
        this.bySession.delete(client.sessionId);
      }
    }
  }

  ofSession(sessionId: string): FeedClient[] {
    return [...(this.bySession.get(sessionId) ?? [])];
  }

  sessionIds(): string[] {
    return [...this.bySession.keys()];
  }

  all(): FeedClient[] {
    return [...this.bySession.values()].flatMap((set) => [...set]);
  }
}
