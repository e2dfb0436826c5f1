// A Socket.IO client for the console's /ops feed. socket.io-client is a dependency of the server (and
// of web), not of bench, and bench must not add packages: it is loaded from the server's own
// node_modules. Only the few calls the bench makes are typed here.
import { createRequire } from 'node:module';
import type { FeedDelta, FeedSnapshot } from '@wsnoc/shared';

export interface FeedSocket {
  on(event: 'devices:snapshot', listener: (snapshot: FeedSnapshot) => void): FeedSocket;
  on(event: 'devices:delta', listener: (delta: FeedDelta) => void): FeedSocket;
  on(event: 'connect_error', listener: (err: Error) => void): FeedSocket;
  disconnect(): FeedSocket;
}

interface IoOptions {
  transports: string[];
  extraHeaders: Record<string, string>;
  reconnection: boolean;
}

type Io = (url: string, options: IoOptions) => FeedSocket;

const serverRequire = createRequire(new URL('../../server/package.json', import.meta.url));

/** Connects to `${url}/ops` with the session cookie and resolves with the socket and its first snapshot. */
export function connectFeed(
  url: string,
  cookie: string,
  timeoutMs = 30_000,
): Promise<{ socket: FeedSocket; snapshot: FeedSnapshot }> {
  const { io } = serverRequire('socket.io-client') as { io: Io };
  const socket = io(`${url}/ops`, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`no snapshot from ${url}/ops within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect_error', (err) => {
      clearTimeout(timer);
      socket.disconnect();
      // engine.io hides the cause (refused, reset, HTTP status) in `description`
      const cause = (err as Error & { description?: { message?: string; error?: Error } }).description;
      reject(new Error(`${url}/ops: ${err.message} ${cause?.error?.message ?? cause?.message ?? ''}`.trim()));
    });
    socket.on('devices:snapshot', (snapshot) => {
      clearTimeout(timer);
      resolve({ socket, snapshot });
    });
  });
}
