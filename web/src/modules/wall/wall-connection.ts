// The browser's real /wall socket. Tests build the store with a fake one.
import { WALL_NAMESPACE } from '@wsnoc/shared';
import { io } from 'socket.io-client';
import type { WallSocket } from './wall.store';

export function createWallSocket(token: string): WallSocket {
  return io(WALL_NAMESPACE, {
    path: '/socket.io',
    autoConnect: false,
    auth: { token },
    // WebSocket only, as /ops: long-polling would need sticky sessions across instances.
    transports: ['websocket'],
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });
}
