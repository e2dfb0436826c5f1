// The /wall Socket.IO namespace: unattended displays, read-only. A display connects with its feed token
// (handshake `auth: { token }`), never a session cookie; it gets a greeting with its configuration, a
// snapshot of its scope, then compact updates (WallFeedService), and its scope's open incidents and
// spectrum plan, whole then as they change (WallPanelsService). It may send nothing but a ping; any
// other event is refused. A token holds at most WALL_MAX_SOCKETS_PER_DISPLAY sockets per instance (the
// newest is refused), and a reader that falls WALL_MAX_BUFFERED_FRAMES behind is closed.
//
// A revoked display goes dark within seconds on every instance: the revocation is announced through the
// cache's pub/sub, and every WALL_TOKEN_CHECK_MS one timer re-reads the displays this instance serves,
// so a lost announcement costs at most that period. The screen is told why before it is closed.
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  WALL_CLIENT_EVENT_ACCESS,
  WALL_NAMESPACE,
  WALL_REFUSALS,
  type WallClientToServerEvents,
  WallHandshakeSchema,
  type WallServerToClientEvents,
} from '@wsnoc/shared';
import type { Namespace, Socket } from 'socket.io';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { foreignOrigin } from '@/modules/auth/cross-site.policy.js';
import { RefusalLimiter } from '@/modules/realtime/refusal-limiter.js';
import type { WallDisplayEntity } from './wall-display.entity.js';
import { WallDisplayService, wallConfig } from './wall-display.service.js';
import { WallFeedService } from './wall-feed.service.js';
import { WallPanelsService } from './wall-panels.service.js';
import { sameSites } from './wall-view.js';

/** Updates (about one a second) that may wait for a display's reader before its socket is closed. */
const WALL_MAX_BUFFERED_FRAMES = 60;
/** How soon the incidents and spectrum lists are read again when Postgres could not answer. */
const WALL_PANELS_RETRY_MS = 5_000;

type WallNamespace = Namespace<WallClientToServerEvents, WallServerToClientEvents>;
export type WallSocket = Socket<
  WallClientToServerEvents,
  WallServerToClientEvents,
  Record<string, never>,
  { display: WallDisplayEntity }
>;

const room = (displayId: string) => `display:${displayId}`;

/** A screen, and the packets its transport has not taken yet (a reader that cannot keep up grows it). */
class WallClient {
  backlog = 0;
  readonly refusals = new RefusalLimiter();
  private readonly stop: () => void;

  constructor(readonly socket: WallSocket) {
    const conn = socket.conn;
    const queued = () => this.backlog++;
    const flushed = () => (this.backlog = 0);
    conn.on('packetCreate', queued);
    conn.on('flush', flushed);
    this.stop = () => {
      conn.off('packetCreate', queued);
      conn.off('flush', flushed);
    };
  }

  get displayId(): string {
    return this.socket.data.display.id;
  }

  dispose(): void {
    this.stop();
  }
}

@Injectable()
@WebSocketGateway({ namespace: WALL_NAMESPACE })
export class WallGateway
  implements OnGatewayInit<WallNamespace>, OnGatewayConnection<WallSocket>, OnApplicationShutdown
{
  private readonly byDisplay = new Map<string, Set<WallClient>>();
  private checkTimer: NodeJS.Timeout | undefined;
  private checking = false;
  /** A change announced while a check was in flight: that check may have read the row before it. */
  private recheck = false;
  private stopListening: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly displays: WallDisplayService,
    private readonly feed: WallFeedService,
    private readonly panels: WallPanelsService,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  afterInit(namespace: WallNamespace): void {
    // Local only, like /ops: each instance derives its displays' updates from its own mirror.
    this.feed.setSink((displayId, update) => {
      for (const client of this.clientsOf(displayId)) {
        this.closeIfBehind(client);
      }
      namespace.local.to(room(displayId)).emit('wall:update', update);
    });
    namespace.use((socket, next) => {
      this.admit(socket as WallSocket).then(
        (refusal) => next(refusal ? new Error(refusal) : undefined),
        (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
      );
    });
    const stopDisplays = this.displays.onDisplayChanged((id) => void this.reconcile([id]));
    // Incidents and station grants of each display's scope, as they change (on any instance).
    this.panels.setSink({
      incidents: (displayId, payload) => namespace.local.to(room(displayId)).emit('wall:incidents', payload),
      stations: (displayId, payload) => namespace.local.to(room(displayId)).emit('wall:stations', payload),
    });
    this.stopListening = stopDisplays;
    this.checkTimer = setInterval(
      () => void this.reconcile([...this.byDisplay.keys()]),
      this.config.env.WALL_TOKEN_CHECK_MS,
    );
    this.checkTimer.unref();
  }

  onApplicationShutdown(): void {
    this.closed = true;
    clearInterval(this.checkTimer);
    this.stopListening?.();
  }

  /** For tests and metrics: screens connected to this instance. */
  get size(): number {
    let total = 0;
    for (const set of this.byDisplay.values()) {
      total += set.size;
    }
    return total;
  }

  /** Why the handshake is refused, or null when the socket may connect (its display set). */
  private async admit(socket: WallSocket): Promise<string | null> {
    const foreign = foreignOrigin(socket.handshake.headers, this.config.env.ALLOWED_ORIGINS);
    if (foreign) {
      return `forbidden: the wall feed is not served to pages of another site (${foreign})`;
    }
    const handshake = WallHandshakeSchema.safeParse(socket.handshake.auth);
    if (!handshake.success) {
      return `${WALL_REFUSALS.unknown}: a wall display connects with its token (auth: { token })`;
    }
    let resolution: Awaited<ReturnType<WallDisplayService['resolveToken']>>;
    try {
      resolution = await this.displays.resolveToken(handshake.data.token);
    } catch (err) {
      this.logger.warn({ err }, 'could not check a wall display token');
      return `${WALL_REFUSALS.unavailable}: the token cannot be checked now; try again shortly`;
    }
    switch (resolution.kind) {
      case 'unknown':
        return `${WALL_REFUSALS.unknown}: no wall display has this token`;
      case 'revoked':
        return `${WALL_REFUSALS.revoked}: this display's token was revoked; ask an admin for a new one`;
      case 'active':
        break;
    }
    const { display } = resolution;
    if (this.clientsOf(display.id).length >= this.config.env.WALL_MAX_SOCKETS_PER_DISPLAY) {
      return `${WALL_REFUSALS.tooMany} screens for display ${display.name} (at most ${this.config.env.WALL_MAX_SOCKETS_PER_DISPLAY})`;
    }
    socket.data.display = display;
    return null;
  }

  handleConnection(socket: WallSocket): void {
    const { display } = socket.data;
    // Two handshakes of one token may both have passed the cap while their reads were in flight.
    if (this.clientsOf(display.id).length >= this.config.env.WALL_MAX_SOCKETS_PER_DISPLAY) {
      socket.disconnect(true);
      return;
    }
    const client = new WallClient(socket);
    const set = this.byDisplay.get(display.id) ?? new Set();
    set.add(client);
    this.byDisplay.set(display.id, set);
    socket.on('disconnect', () => this.remove(client));
    this.logger.debug({ display: display.name, socket: socket.id }, 'wall display connected');
    socket.emit('wall:hello', {
      serverTime: new Date().toISOString(),
      version: this.config.version,
      display: wallConfig(display),
    });
    // Joined and sent its snapshot in one turn of the event loop: no update falls between the two.
    void socket.join(room(display.id));
    socket.emit('wall:snapshot', this.feed.snapshot(display.id, display.sites));
    void this.sendPanels([client], display.id, display.sites);
    socket.onAny((event: string) => {
      if (Object.hasOwn(WALL_CLIENT_EVENT_ACCESS, event) || !socket.connected) {
        return;
      }
      const next = client.refusals.next();
      if (next === 'answer') {
        socket.emit('wall:refused', {
          event: event.slice(0, 64),
          message: 'A wall display is read-only: no such event on this feed',
        });
      } else if (next === 'close') {
        this.logger.warn({ socket: socket.id }, 'closing a wall display socket that floods refused events');
        this.remove(client);
        socket.disconnect(true);
      }
    });
    socket.on('ping', (ack) => {
      if (typeof ack === 'function') {
        ack(new Date().toISOString());
      }
    });
  }

  private clientsOf(displayId: string): WallClient[] {
    return [...(this.byDisplay.get(displayId) ?? [])];
  }

  private remove(client: WallClient): void {
    const set = this.byDisplay.get(client.displayId);
    if (!set?.delete(client)) {
      return;
    }
    client.dispose();
    if (!set.size) {
      this.byDisplay.delete(client.displayId);
      this.feed.forget(client.displayId);
      this.panels.forget(client.displayId);
    }
  }

  /**
   * Re-reads the displays: screens of a revoked one are told and closed, screens of a changed one get
   * its new configuration (and a fresh snapshot when its sites changed). A database outage keeps them
   * open, as they were good at their handshake; the next period checks again.
   */
  private async reconcile(ids: string[]): Promise<void> {
    ids = ids.filter((id) => this.byDisplay.has(id));
    if (!ids.length) {
      return;
    }
    if (this.checking) {
      this.recheck = true;
      return;
    }
    this.checking = true;
    try {
      const active = await this.displays.activeByIds(ids);
      for (const id of ids) {
        const current = active.get(id);
        if (!current) {
          this.endDisplay(id);
        } else {
          this.refresh(current);
        }
      }
    } catch (err) {
      this.logger.warn({ err }, 'could not re-check wall displays');
    } finally {
      this.checking = false;
    }
    if (this.recheck) {
      this.recheck = false;
      await this.reconcile([...this.byDisplay.keys()]);
    }
  }

  private refresh(current: WallDisplayEntity): void {
    const clients = this.clientsOf(current.id);
    const known = clients[0]?.socket.data.display;
    if (!known || known.updatedAt.getTime() === current.updatedAt.getTime()) {
      return;
    }
    const rescoped = !sameSites(known.sites, current.sites);
    if (rescoped) {
      this.feed.forget(current.id);
    }
    const snapshot = rescoped ? this.feed.snapshot(current.id, current.sites) : null;
    for (const client of clients) {
      client.socket.data.display = current;
      client.socket.emit('wall:config', wallConfig(current));
      if (snapshot) {
        client.socket.emit('wall:snapshot', snapshot);
      }
    }
    if (rescoped) {
      void this.sendPanels(clients, current.id, current.sites);
    }
  }

  /**
   * The whole incidents and spectrum lists of a scope, to screens that just connected or were re-scoped.
   * A screen that left, or whose display changed scope again while they were read, is not sent them.
   * When Postgres cannot answer, they are read again shortly: a screen left without them would ignore
   * every change, for weeks.
   */
  private async sendPanels(clients: WallClient[], displayId: string, sites: readonly string[]) {
    const waiting = () =>
      clients.filter((c) => c.socket.connected && sameSites(c.socket.data.display.sites, sites));
    let lists: Awaited<ReturnType<WallPanelsService['follow']>>;
    try {
      lists = await this.panels.follow(displayId, sites);
    } catch (err) {
      this.logger.warn({ err, display: displayId }, 'could not read the incidents and spectrum of a wall');
      setTimeout(() => {
        const still = waiting();
        if (!this.closed && still.length) {
          void this.sendPanels(still, displayId, sites);
        }
      }, WALL_PANELS_RETRY_MS).unref();
      return;
    }
    for (const { socket } of waiting()) {
      socket.emit('wall:open-incidents', lists.incidents);
      socket.emit('wall:spectrum', lists.spectrum);
    }
  }

  private endDisplay(displayId: string): void {
    for (const client of this.clientsOf(displayId)) {
      // Said before closing, so the screen shows "Display revoked" rather than trying again.
      client.socket.emit('wall:ended', { reason: 'revoked' });
      this.remove(client);
      client.socket.disconnect(true);
    }
    this.logger.info({ display: displayId }, 'wall display revoked: its screens were closed');
  }

  private closeIfBehind(client: WallClient): void {
    if (client.backlog < WALL_MAX_BUFFERED_FRAMES) {
      return;
    }
    this.logger.warn({ socket: client.socket.id }, 'closing a wall display socket that does not keep up');
    this.remove(client);
    client.socket.disconnect(true);
    client.socket.conn.close(true);
  }
}
