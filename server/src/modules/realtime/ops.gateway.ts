// The /ops Socket.IO namespace. Only signed-in users connect: the session cookie is checked in the
// handshake. Later issues add the live device feed here; for now it greets, so the web shows "live".
import { Inject, Injectable } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  type ClientToServerEvents,
  OPS_NAMESPACE,
  SESSION_COOKIE,
  type ServerToClientEvents,
} from '@wsnoc/shared';
import type { Namespace, Socket } from 'socket.io';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { AuthService } from '@/modules/auth/auth.service.js';
import { readCookie } from '@/modules/auth/cookie.js';
import type { SessionUser } from '@/modules/auth/session.repository.js';

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
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  afterInit(namespace: OpsNamespace): void {
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
    socket.on('ping', (ack) => {
      if (typeof ack === 'function') {
        ack(new Date().toISOString());
      }
    });
  }
}
