// The browser's real /ops connection store, one per tab. Tests build their own with a fake socket.
import { OPS_NAMESPACE } from '@wsnoc/shared';
import { io } from 'socket.io-client';
import { createConnectionStore, type ConnectionStore, type OpsSocket } from './connection.store';

export function createOpsConnectionStore(): ConnectionStore {
  return createConnectionStore({
    createSocket: (): OpsSocket =>
      io(OPS_NAMESPACE, {
        path: '/socket.io',
        autoConnect: false,
        withCredentials: true,
        // WebSocket only: long-polling would need sticky sessions once several server instances share
        // the load behind one address (DESIGN.md, scale-out).
        transports: ['websocket'],
        reconnectionDelay: 1_000,
        reconnectionDelayMax: 10_000,
      }),
  });
}
