// Defect 4 of issue 8: the /ops feed must not outlive its session, and one client must not be able to
// make the server do unbounded work for it (resync floods, socket after socket, a reader that never
// reads). Against the real server, Redis and Socket.IO client.
import { createHash, randomBytes } from 'node:crypto';
import {
  type ClientToServerEvents,
  OPS_NAMESPACE,
  SESSION_COOKIE,
  type ServerToClientEvents,
} from '@wsnoc/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { KeyValueStore } from '@/infra/cache/cache.types.js';
import { readMetric } from './read-metric.js';
import { signIn, startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';

interface FeedClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  snapshots: number;
  /** Reasons of every `auth:expired` the server sent. */
  expired: string[];
  /** Why the socket closed; undefined while open. */
  closedBecause: string | undefined;
  /** Why the server refused the handshake, if it did. */
  refusedWith: Error | undefined;
}

const opened: FeedClient[] = [];

function openFeed(url: string, cookie: string, options: { namespace?: string; origin?: string } = {}) {
  const socket: FeedClient['socket'] = io(`${url}${options.namespace ?? OPS_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie, ...(options.origin ? { origin: options.origin } : {}) },
  });
  const client: FeedClient = {
    socket,
    snapshots: 0,
    expired: [],
    closedBecause: undefined,
    refusedWith: undefined,
  };
  socket.on('connect_error', (error) => (client.refusedWith = error));
  socket.on('devices:snapshot', () => client.snapshots++);
  socket.on('auth:expired', (payload) => client.expired.push(payload.reason));
  socket.on('disconnect', (reason) => (client.closedBecause = reason));
  opened.push(client);
  return client;
}

/** Resolves once the server accepted the socket and sent its snapshot; throws the refusal. */
async function connected(client: FeedClient): Promise<void> {
  await waitFor(() => client.snapshots > 0 || client.refusedWith !== undefined, 5_000, 'a feed connection');
  if (client.refusedWith) {
    throw client.refusedWith;
  }
}

/** The server's refusal of the handshake, or 'connected' when it accepted it. */
async function refusal(client: FeedClient): Promise<Error | 'connected'> {
  await waitFor(() => client.socket.connected || client.refusedWith !== undefined, 5_000, 'an answer');
  return client.refusedWith ?? 'connected';
}

/** Deletes the session from the cache as its expiry would, without the sign-out path. */
async function expire(server: RunningServer, cookie: string): Promise<void> {
  const token = cookie.slice(`${SESSION_COOKIE}=`.length);
  const sessionId = createHash('sha256').update(token).digest('hex');
  await server.app.get(KeyValueStore).del(`session:${sessionId}`);
}

const logout = (url: string, cookie: string) =>
  fetch(`${url}/api/auth/logout`, { method: 'POST', headers: { cookie } });

afterEach(() => {
  for (const client of opened.splice(0)) {
    client.socket.close();
  }
});

describe('ops feed: sessions checked often, limits per socket and session', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ FEED_SESSION_CHECK_MS: '200', FEED_MAX_SOCKETS_PER_SESSION: '3' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('closes a socket within the check period once its session has expired', async () => {
    const cookie = await signIn(server.url);
    const client = openFeed(server.url, cookie);
    await connected(client);
    await expire(server, cookie);
    await waitFor(() => client.closedBecause !== undefined, 3_000, 'the socket of an expired session closed');
    expect(client.expired).toEqual(['expired']);
    // The server closed it; Socket.IO clients do not reconnect after that.
    expect(client.closedBecause).toBe('io server disconnect');
  });

  it('ignores a resync flood and closes a socket that keeps flooding', async () => {
    const client = openFeed(server.url, await signIn(server.url));
    await connected(client);
    for (let i = 0; i < 100; i++) {
      client.socket.emit('devices:resync', { reason: 'manual' });
    }
    // The snapshot on connect, a burst of 5 resyncs, and at most one token refilled meanwhile.
    await waitFor(() => client.closedBecause !== undefined || client.snapshots > 7, 5_000, 'an answer');
    expect(client.snapshots).toBeLessThanOrEqual(7);
    await waitFor(() => client.closedBecause !== undefined, 5_000, 'the flooding socket closed');
    expect(await readMetric(server.url, 'wsnoc_feed_disconnects_total{reason="resync-flood"}')).toBe(1);
  });

  it('answers a flood of refused events at a bounded rate and closes a socket that keeps on', async () => {
    const client = openFeed(server.url, await signIn(server.url));
    await connected(client);
    const refusals: { event: string; message: string }[] = [];
    client.socket.on('feed:refused', (payload) => refusals.push(payload));
    const flood = client.socket as unknown as { emit(event: string, ...args: unknown[]): void };
    for (let i = 0; i < 100; i++) {
      flood.emit('no-such-event', i);
    }
    await waitFor(() => client.closedBecause !== undefined, 5_000, 'the flooding socket closed');
    // The burst of ten, and at most one refilled meanwhile; not one answer per event.
    expect(refusals.length).toBeGreaterThanOrEqual(10);
    expect(refusals.length).toBeLessThanOrEqual(11);
    expect(refusals[0]).toEqual({ event: 'no-such-event', message: 'No such event on this feed' });
    expect(client.closedBecause).toBe('io server disconnect');
    expect(await readMetric(server.url, 'wsnoc_feed_disconnects_total{reason="refusal-flood"}')).toBe(1);
  });

  it('refuses a session its next socket beyond FEED_MAX_SOCKETS_PER_SESSION, not other sessions', async () => {
    const cookie = await signIn(server.url);
    for (let i = 0; i < 3; i++) {
      await connected(openFeed(server.url, cookie));
    }
    const refused = await refusal(openFeed(server.url, cookie));
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/too many live-feed connections/);
    await connected(openFeed(server.url, await signIn(server.url)));
  });

  it('refuses the default namespace', async () => {
    const refused = await refusal(openFeed(server.url, await signIn(server.url), { namespace: '/' }));
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/\/ops/);
  });

  it('refuses a handshake from a page of another site', async () => {
    const cookie = await signIn(server.url);
    const refused = await refusal(openFeed(server.url, cookie, { origin: 'http://evil.example' }));
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/another site/);
    await connected(openFeed(server.url, cookie, { origin: server.url }));
  });
});

describe('ops feed: sign-out, resync and slow readers', () => {
  let server: RunningServer;
  let other: RunningServer;
  beforeAll(async () => {
    // A check period far beyond the tests' deadlines: whatever closes a socket here is not the timer.
    const shared = {
      FEED_SESSION_CHECK_MS: '300000',
      FEED_MAX_BUFFERED_FRAMES: '4',
      REDIS_KEY_PREFIX: `${inject('redisPrefix')}feed-${randomBytes(3).toString('hex')}:`,
    };
    server = await startTestServer(shared);
    // A second instance on the same database and key space, as in a scaled-out deployment.
    other = await startTestServer({ ...shared, DATABASE_URL: server.config.env.DATABASE_URL });
  });
  afterAll(async () => {
    await other?.close();
    await server?.close();
  });

  it("closes a session's sockets at once on sign-out, on this instance and the others", async () => {
    const cookie = await signIn(server.url);
    const here = openFeed(server.url, cookie);
    const there = openFeed(other.url, cookie);
    const bystander = openFeed(server.url, await signIn(server.url));
    await Promise.all([connected(here), connected(there), connected(bystander)]);

    expect((await logout(server.url, cookie)).status).toBe(204);
    await waitFor(
      () => here.closedBecause !== undefined && there.closedBecause !== undefined,
      2_000,
      'both sockets of the signed-out session closed',
    );
    expect(here.expired).toEqual(['signed-out']);
    expect(there.expired).toEqual(['signed-out']);
    expect(bystander.socket.connected).toBe(true);
  });

  it('checks the session again on resync and closes instead of sending a snapshot', async () => {
    const cookie = await signIn(server.url);
    const client = openFeed(server.url, cookie);
    await connected(client);
    await expire(server, cookie);
    client.socket.emit('devices:resync', { reason: 'manual' });
    await waitFor(() => client.closedBecause !== undefined, 2_000, 'the socket closed on resync');
    expect(client.expired).toEqual(['expired']);
    expect(client.snapshots).toBe(1);
  });

  it('closes a socket whose reader stopped reading once FEED_MAX_BUFFERED_FRAMES wait for it', async () => {
    // Engine.IO long-polling by hand: frames wait in the server's buffer until the client asks for them,
    // so a client that stops asking is exactly a reader that cannot keep up.
    const cookie = await signIn(server.url);
    const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
    const handshake = await (await fetch(base, { headers: { cookie } })).text();
    const { sid } = JSON.parse(handshake.slice(1)) as { sid: string };
    const poll = `${base}&sid=${sid}`;
    const send = (packets: string[]) =>
      fetch(poll, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: packets.join('\x1e') });
    expect((await send([`40${OPS_NAMESPACE},`])).status).toBe(200);
    let received = '';
    while (!received.includes('devices:snapshot')) {
      received += await (await fetch(poll)).text();
    }
    const before =
      (await readMetric(server.url, 'wsnoc_feed_disconnects_total{reason="slow-consumer"}')) ?? 0;

    // Five snapshots asked for and none read: the fifth finds four frames waiting.
    await send(Array<string>(5).fill(`42${OPS_NAMESPACE},["devices:resync",{"reason":"manual"}]`));
    await waitFor(
      async () =>
        (await readMetric(server.url, 'wsnoc_feed_disconnects_total{reason="slow-consumer"}')) === before + 1,
      3_000,
      'the slow reader closed',
    );
    // Its buffer went with it: the Engine.IO session no longer exists.
    expect((await fetch(poll)).status).toBe(400);
  });
});
