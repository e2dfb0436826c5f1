// The /ops Socket.IO namespace. Only signed-in users connect: the session cookie is checked in the
// handshake. A new client gets a greeting and the fleet snapshot, then every delta frame; it may ask
// for a fresh snapshot (resync) after a gap in sequence numbers or a reconnect.
import { Inject, Injectable } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  type ClientToServerEvents,
  OPS_NAMESPACE,
  ResyncRequestSchema,
  SESSION_COOKIE,
  type ServerToClientEvents,
} from '@wsnoc/shared';
import type { Namespace, Socket } from 'socket.io';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { AuthService } from '@/modules/auth/auth.service.js';
import { readCookie } from '@/modules/auth/cookie.js';
import { FeedService } from './feed.service.js';
import type { SessionUser } from '@/modules/auth/session.repository.js';

const FLEET_ROOM = 'fleet';

type OpsNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
type OpsSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { user: SessionUser }
>;

@Injectable()
@WebSocketGateway({ namespace: OPS_NAMESPACE })
export class OpsGateway implements OnGatewayInit<OpsNamespace>, OnGatewayConnection<OpsSocket> {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly feed: FeedService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  afterInit(namespace: OpsNamespace): void {
    // Local only: each instance numbers its own frames from its own mirror (which already holds every
    // instance's changes), so frames must not cross to clients of other instances through the adapter.
    this.feed.setSink((frame) => namespace.local.to(FLEET_ROOM).emit('devices:delta', frame));
    namespace.use((socket, next) => {
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      if (!token) {
        next(new Error('unauthorized: sign in first'));
        return;
      }
      this.auth.resolveSession(token).then(
        (user) => {
          if (!user) {
            next(new Error('unauthorized: session expired'));
            return;
          }
          (socket as OpsSocket).data.user = user;
          next();
        },
        (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
      );
    });
  }

  handleConnection(socket: OpsSocket): void {
    const { user } = socket.data;
    this.logger.debug({ username: user.username, socket: socket.id }, 'ops feed connected');
    socket.emit('hello', {
      serverTime: new Date().toISOString(),
      version: this.config.version,
      user: { username: user.username, role: user.role },
    });
    // Joining the room and sending the snapshot happen in one turn of the event loop, so no frame can
    // fall between the snapshot's sequence number and the first delta this client receives.
    void socket.join(FLEET_ROOM);
    socket.emit('devices:snapshot', this.feed.snapshot());
    socket.on('ping', (ack) => {
      if (typeof ack === 'function') {
        ack(new Date().toISOString());
      }
    });
    socket.on('devices:resync', (payload) => {
      const parsed = ResyncRequestSchema.safeParse(payload ?? {});
      this.logger.debug(
        { socket: socket.id, reason: parsed.success ? parsed.data.reason : 'invalid' },
        'feed resync',
      );
      socket.emit('devices:snapshot', this.feed.snapshot());
    });
  }
}
