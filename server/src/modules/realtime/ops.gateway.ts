// The /ops Socket.IO namespace, and nothing on `/`. Only signed-in users connect, from the console's own
// pages: the session cookie and the Origin are checked in the handshake, and a session may hold at most
// FEED_MAX_SOCKETS_PER_SESSION sockets on an instance (the newest is refused, so tabs and wall displays
// already open are never pushed out by a new one). A new client gets a greeting and the fleet snapshot,
// then every delta frame; it may ask for a fresh snapshot (resync) after a gap or a reconnect.
//
// The feed must not outlive its session: sign-out closes the session's sockets at once (on every
// instance, through the sign-out announcement), and every FEED_SESSION_CHECK_MS one timer checks each
// session still exists, as does every resync. A socket is also closed when it floods resyncs or refused
// events, or when FEED_MAX_BUFFERED_FRAMES frames wait for a reader that cannot keep up, so no client
// makes the server hold unbounded memory or work for it.
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  type ClientToServerEvents,
  FEED_REFUSED_UNAVAILABLE,
  OPS_CLIENT_EVENT_ACCESS,
  OPS_NAMESPACE,
  ResyncRequestSchema,
  SESSION_COOKIE,
  type ServerToClientEvents,
} from '@wsnoc/shared';
import type { Namespace } from 'socket.io';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { AuthService } from '@/modules/auth/auth.service.js';
import { readCookie } from '@/modules/auth/cookie.js';
import { foreignOrigin } from '@/modules/auth/cross-site.policy.js';
import { FeedClient, FeedClients, type OpsSocket } from './feed-clients.js';
import { type FeedCloseReason, type FeedMetrics, registerFeedMetrics } from './feed.metrics.js';
import { FeedBroadcastService } from './feed-broadcast.service.js';
import { type BuiltSnapshot, FeedSnapshotCache } from './feed-snapshot.cache.js';
import { FeedService } from './feed.service.js';
import { SessionBatch, SessionStoreUnavailable } from './session-batch.js';

const FLEET_ROOM = 'fleet';

/** Resyncs ignored in a row (none served between) after which the socket is closed as a flood. */
const RESYNC_FLOOD_LIMIT = 20;

/** How long a client refused because the session store did not answer should wait before trying again. */
const RETRY_UNAVAILABLE_MS = 1_000;

/** A handshake refusal: its message, and `data` for the client's connect_error (err.data). */
type Refusal = { message: string; data?: { code: string; retryInMs: number } };

type OpsNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

@Injectable()
@WebSocketGateway({ namespace: OPS_NAMESPACE })
export class OpsGateway
  implements OnGatewayInit<OpsNamespace>, OnGatewayConnection<OpsSocket>, OnApplicationShutdown
{
  private readonly clients = new FeedClients();
  private readonly metrics: FeedMetrics;
  private checkTimer: NodeJS.Timeout | undefined;
  private checking = false;
  private stopListening: (() => void) | undefined;
  /** The handshakes' session reads, batched (a reconnect storm is one MGET, not one read per socket). */
  readonly sessions: SessionBatch;

  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly feed: FeedService,
    private readonly snapshots: FeedSnapshotCache,
    private readonly broadcast: FeedBroadcastService,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.metrics = registerFeedMetrics(
      metrics.registry,
      () => this.clients.size,
      () => this.snapshots.stats,
    );
    this.sessions = new SessionBatch((ids) => this.auth.resolveSessionIds(ids));
  }

  afterInit(namespace: OpsNamespace): void {
    // Socket.IO always serves `/`; nothing is meant to connect there, so nothing may.
    namespace.server.of('/').use((_socket, next) => {
      this.metrics.refused('wrong-namespace');
      next(new Error(`no feed on this namespace: connect to ${OPS_NAMESPACE}`));
    });
    // Local only: each instance numbers its own frames from its own mirror (which already holds every
    // instance's changes), so frames must not cross to clients of other instances through the adapter.
    this.feed.setSink((frame) => {
      for (const client of this.clients.all()) {
        this.closeIfBehind(client);
      }
      namespace.local.to(FLEET_ROOM).emit('devices:delta', frame);
    });
    this.broadcast.setBroadcaster((event, ...args) => namespace.local.to(FLEET_ROOM).emit(event, ...args));
    namespace.use((socket, next) => {
      this.admit(socket as OpsSocket).then(
        (refusal) =>
          next(refusal ? Object.assign(new Error(refusal.message), { data: refusal.data }) : undefined),
        (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
      );
    });
    this.stopListening = this.auth.onSessionEnded((sessionId) => this.endSession(sessionId, 'signed-out'));
    // One timer for every socket: each session is read once per period, however many sockets it has.
    this.checkTimer = setInterval(() => void this.checkSessions(), this.config.env.FEED_SESSION_CHECK_MS);
    this.checkTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.checkTimer);
    this.stopListening?.();
  }

  /** Why the handshake is refused, or null when the socket may connect (its user and session set). */
  private async admit(socket: OpsSocket): Promise<Refusal | null> {
    const { headers } = socket.handshake;
    const foreign = foreignOrigin(headers, this.config.env.ALLOWED_ORIGINS);
    if (foreign) {
      this.metrics.refused('cross-site');
      return { message: `forbidden: the feed is not served to pages of another site (${foreign})` };
    }
    const token = readCookie(headers.cookie, SESSION_COOKIE);
    if (!token || !this.auth.wellFormedToken(token)) {
      this.metrics.refused('unauthenticated');
      return { message: token ? 'unauthorized: session expired' : 'unauthorized: sign in first' };
    }
    const sessionId = this.auth.sessionIdOf(token);
    let user;
    try {
      user = await this.sessions.resolve(sessionId);
    } catch (err) {
      if (!(err instanceof SessionStoreUnavailable)) {
        throw err;
      }
      this.metrics.refused('unavailable');
      this.logger.warn({ err: err.message }, 'live-feed handshake refused: the session store did not answer');
      return {
        message: `${FEED_REFUSED_UNAVAILABLE}: the session could not be checked now; retrying in ${RETRY_UNAVAILABLE_MS / 1000} s`,
        data: { code: FEED_REFUSED_UNAVAILABLE, retryInMs: RETRY_UNAVAILABLE_MS },
      };
    }
    if (!user) {
      this.metrics.refused('unauthenticated');
      return { message: 'unauthorized: session expired' };
    }
    if (this.clients.countFor(sessionId) >= this.config.env.FEED_MAX_SOCKETS_PER_SESSION) {
      this.metrics.refused('too-many');
      return {
        message: `too many live-feed connections for this session (at most ${this.config.env.FEED_MAX_SOCKETS_PER_SESSION}); close a tab`,
      };
    }
    socket.data.user = user;
    socket.data.sessionId = sessionId;
    return null;
  }

  handleConnection(socket: OpsSocket): void {
    const { user, sessionId } = socket.data;
    // Two handshakes of one session may both have passed the cap while their session reads were in flight.
    if (this.clients.countFor(sessionId) >= this.config.env.FEED_MAX_SOCKETS_PER_SESSION) {
      this.metrics.refused('too-many');
      socket.disconnect(true);
      return;
    }
    const client = new FeedClient(socket);
    this.clients.add(client);
    socket.on('disconnect', () => this.clients.remove(client));
    this.logger.debug({ username: user.username, socket: socket.id }, 'ops feed connected');
    socket.emit('hello', {
      serverTime: new Date().toISOString(),
      version: this.config.version,
      user: { username: user.username, role: user.role },
    });
    // Joining the room and sending the snapshot (and the frames since it) happen in one turn of the event
    // loop, so no frame can fall between the snapshot's sequence number and the first delta it receives.
    this.sendSnapshot(client, true);
    socket.onAny((event: string) => this.refuseUnlisted(client, event));
    this.handle(client, 'ping', (ack) => {
      if (typeof ack === 'function') {
        ack(new Date().toISOString());
      }
    });
    this.handle(client, 'devices:resync', (payload) => this.onResync(client, payload));
  }

  /** Serves an event only to the roles OPS_CLIENT_EVENT_ACCESS names for it (and admins). */
  private handle<E extends keyof ClientToServerEvents>(
    client: FeedClient,
    event: E,
    handler: (...args: Parameters<ClientToServerEvents[E]>) => void,
  ): void {
    const roles = OPS_CLIENT_EVENT_ACCESS[event];
    const socket = client.socket as unknown as {
      on(event: string, listener: (...args: Parameters<ClientToServerEvents[E]>) => void): void;
    };
    socket.on(event, (...args) => {
      const { role } = client.socket.data.user;
      if (role !== 'admin' && !roles.includes(role)) {
        this.refuse(client, event, `Requires role ${roles.join(' or ')}; you are ${role}`);
        return;
      }
      handler(...args);
    });
  }

  private refuseUnlisted(client: FeedClient, event: string): void {
    if (!Object.hasOwn(OPS_CLIENT_EVENT_ACCESS, event)) {
      this.refuse(client, event.slice(0, 64), 'No such event on this feed');
    }
  }

  /** Tells a socket its event was refused, at the refusal rate (RefusalLimiter); closes one that keeps on. */
  private refuse(client: FeedClient, event: string, message: string): void {
    if (!client.socket.connected) {
      return; // closed already: the rest of the flood was in the same read
    }
    const next = client.refusals.next();
    if (next === 'answer') {
      client.socket.emit('feed:refused', { event, message });
    } else if (next === 'close') {
      this.close(client, 'refusal-flood');
    }
  }

  private onResync(client: FeedClient, payload: unknown): void {
    if (!client.resyncs.take()) {
      client.ignoredResyncs++;
      this.metrics.resyncIgnored();
      if (client.ignoredResyncs >= RESYNC_FLOOD_LIMIT) {
        this.close(client, 'resync-flood');
      }
      return;
    }
    client.ignoredResyncs = 0;
    const parsed = ResyncRequestSchema.safeParse(payload ?? {});
    this.logger.debug(
      { socket: client.socket.id, reason: parsed.success ? parsed.data.reason : 'invalid' },
      'feed resync',
    );
    void this.resync(client);
  }

  /** A snapshot only while the session lasts: a resync is when a client asks for the most at once. */
  private async resync(client: FeedClient): Promise<void> {
    try {
      if (!(await this.auth.resolveSessionId(client.sessionId))) {
        this.endSession(client.sessionId, 'expired');
        return;
      }
    } catch (err) {
      // The cache cannot say (an outage): the session was good at the handshake and the timer checks it
      // again once the cache is back, so the client is served rather than left with a gap.
      this.logger.warn({ err, socket: client.socket.id }, 'could not check a feed session on resync');
    }
    if (client.socket.connected) {
      this.sendSnapshot(client, false);
    }
  }

  /** The shared snapshot, then the frames since it; on connect, joins the frames' room in the same turn. */
  private sendSnapshot(client: FeedClient, join: boolean): void {
    this.snapshots
      .serve((snapshot: BuiltSnapshot, since) => {
        const { socket } = client;
        if (!socket.connected || this.closeIfBehind(client)) {
          return;
        }
        if (join) {
          void socket.join(FLEET_ROOM);
        }
        socket.emit('devices:snapshot', snapshot.frame);
        for (const frame of since) {
          socket.emit('devices:delta', frame);
        }
      })
      .catch((err: unknown) => {
        this.logger.warn({ err, socket: client.socket.id }, 'could not build a live-feed snapshot');
        // Said before closing, so the client knows to reconnect rather than wait.
        client.socket.emit('feed:refused', {
          event: 'devices:snapshot',
          message: `no snapshot could be built now (${(err as Error).message}); reconnect to try again`,
        });
        client.socket.disconnect(true);
      });
  }

  /** Closes a socket whose reader has not taken FEED_MAX_BUFFERED_FRAMES frames yet; true if it did. */
  private closeIfBehind(client: FeedClient): boolean {
    if (client.backlog < this.config.env.FEED_MAX_BUFFERED_FRAMES) {
      return false;
    }
    this.logger.warn(
      { socket: client.socket.id, backlog: client.backlog },
      'closing a live-feed socket that does not keep up',
    );
    this.close(client, 'slow-consumer');
    return true;
  }

  private async checkSessions(): Promise<void> {
    if (this.checking) {
      return; // a slow cache must not stack checks on top of each other
    }
    this.checking = true;
    try {
      const ids = this.clients.sessionIds();
      const users = await Promise.allSettled(ids.map((id) => this.auth.resolveSessionId(id)));
      users.forEach((result, i) => {
        if (result.status === 'fulfilled' && !result.value) {
          this.endSession(ids[i]!, 'expired');
        } else if (result.status === 'fulfilled' && result.value) {
          // A new role (an admin changed it) holds on the feed from the next check too.
          for (const client of this.clients.ofSession(ids[i]!)) {
            client.socket.data.user = result.value;
          }
        }
      });
      const failed = users.find((result) => result.status === 'rejected');
      if (failed) {
        // Kept open through a cache outage; checked again on the next tick.
        this.logger.warn({ err: failed.reason as unknown }, 'could not check live-feed sessions');
      }
    } finally {
      this.checking = false;
    }
  }

  private endSession(sessionId: string, reason: 'signed-out' | 'expired'): void {
    for (const client of this.clients.ofSession(sessionId)) {
      this.close(client, reason);
    }
  }

  private close(client: FeedClient, reason: FeedCloseReason): void {
    const { socket } = client;
    this.clients.remove(client);
    this.metrics.closed(reason);
    if (reason === 'signed-out' || reason === 'expired') {
      // Said before closing, so the console can send its user to the sign-in page.
      socket.emit('auth:expired', { reason });
    }
    socket.disconnect(true);
    if (reason === 'slow-consumer') {
      // Frames it never read are dropped with it instead of waiting for a drain that will not come.
      socket.conn.close(true);
    }
  }
}
