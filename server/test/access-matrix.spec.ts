// The access matrix, asserted over HTTP against the real server: every route of the OpenAPI document,
// called as anonymous, viewer, operator and admin, answers 401 to anonymous and 403 to a role below the
// one this table requires, and lets every role at or above it through (whatever the route then answers:
// 400, 404, 409 and so on are the route's own business, past the guard). The table is written out here,
// on purpose apart from the code: a route the document has and the table lacks fails the test, and so
// does a table entry with no route.
import {
  type ClientToServerEvents,
  OPS_CLIENT_EVENT_ACCESS,
  OPS_NAMESPACE,
  ROLE_RANK,
  type ServerToClientEvents,
  type UserRole,
  WALL_CLIENT_EVENT_ACCESS,
  WALL_NAMESPACE,
  type WallClientToServerEvents,
  type WallServerToClientEvents,
} from '@wsnoc/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { signIn, startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';

type Required = 'public' | UserRole;

const MATRIX: Record<string, Required> = {
  'GET /health': 'public',
  'GET /metrics': 'public',
  'POST /auth/login': 'public',
  'POST /auth/logout': 'viewer',
  'GET /auth/me': 'viewer',
  'POST /auth/password': 'viewer',
  'GET /auth/sessions': 'viewer',
  'DELETE /auth/sessions': 'viewer',
  'GET /users': 'admin',
  'POST /users': 'admin',
  'PATCH /users/:userId': 'admin',
  'POST /users/:userId/password': 'admin',
  'GET /users/:userId/sessions': 'admin',
  'DELETE /users/:userId/sessions': 'admin',
  'GET /docs': 'viewer',
  'GET /docs/init.js': 'viewer',
  'GET /docs-json': 'viewer',
  'GET /devices': 'viewer',
  'POST /devices': 'operator',
  'POST /devices/import': 'operator',
  'GET /devices/:id': 'viewer',
  'PATCH /devices/:id': 'operator',
  'DELETE /devices/:id': 'operator',
  'GET /devices/:id/telemetry': 'viewer',
  'GET /devices/:id/lock': 'viewer',
  'GET /devices/:id/running-config': 'operator',
  'POST /devices/:id/actions/refresh': 'operator',
  'POST /devices/:id/actions/reboot': 'operator',
  'POST /devices/:id/config': 'operator',
  'POST /devices/:id/config/confirm': 'operator',
  'POST /devices/:id/config/rollback': 'operator',
  'GET /devices/:id/config/changes': 'viewer',
  'GET /spectrum/stations': 'viewer',
  'GET /spectrum/stations/:id': 'viewer',
  'POST /spectrum/stations/:id/check': 'operator',
  'POST /spectrum/plans': 'operator',
  'POST /spectrum/plans/:planId/apply': 'operator',
  'GET /spectrum/plans/:planId/run': 'viewer',
  'GET /spectrum/records': 'viewer',
  'GET /devices/:id/config/versions': 'viewer',
  'POST /devices/:id/config/versions': 'operator',
  'GET /devices/:id/config/versions/:versionId': 'viewer',
  'POST /devices/:id/config/versions/:versionId/restore': 'operator',
  'GET /devices/:id/config/drift': 'viewer',
  'GET /config-drift': 'viewer',
  'GET /config-templates': 'viewer',
  'POST /bulk-runs/preview': 'operator',
  'POST /bulk-runs': 'operator',
  'GET /bulk-runs': 'viewer',
  'GET /bulk-runs/:runId': 'viewer',
  'GET /bulk-runs/:runId/report': 'viewer',
  'POST /bulk-runs/:runId/pause': 'operator',
  'POST /bulk-runs/:runId/resume': 'operator',
  'POST /bulk-runs/:runId/cancel': 'operator',
  'POST /bulk-runs/:runId/rollback': 'operator',
  'GET /audit': 'viewer',
  'GET /wall/displays': 'admin',
  'POST /wall/displays': 'admin',
  'PATCH /wall/displays/:id': 'admin',
  'DELETE /wall/displays/:id': 'admin',
  'GET /alert-rules': 'viewer',
  'POST /alert-rules': 'admin',
  'PATCH /alert-rules/:id': 'admin',
  'DELETE /alert-rules/:id': 'admin',
  'POST /alert-rules/preview': 'admin',
  'GET /incidents': 'viewer',
  'GET /incidents/:id': 'viewer',
  'POST /incidents/:id/acknowledge': 'operator',
  'POST /incidents/:id/assign': 'operator',
  'POST /incidents/:id/resolve': 'operator',
  'GET /maintenance-windows': 'viewer',
  'POST /maintenance-windows': 'admin',
  'DELETE /maintenance-windows/:id': 'admin',
  'GET /notification-channels': 'viewer',
  'POST /notification-channels': 'admin',
  'PATCH /notification-channels/:id': 'admin',
  'DELETE /notification-channels/:id': 'admin',
  'GET /notification-channels/:id/deliveries': 'viewer',
};

/** Every client event of the /ops feed and the least role that may send it. */
const SOCKET_MATRIX: Record<string, Required> = {
  ping: 'viewer',
  'devices:resync': 'viewer',
};

/** Routes that end the session they are called with: each such call gets a session of its own. */
const ENDS_SESSION = new Set(['POST /auth/logout', 'DELETE /auth/sessions']);

const PRINCIPALS = ['anonymous', 'viewer', 'operator', 'admin'] as const;
type Principal = (typeof PRINCIPALS)[number];

const PASSWORDS: Record<Exclude<Principal, 'anonymous' | 'admin'>, string> = {
  viewer: 'glass-window-seven',
  operator: 'copper-kettle-nine',
};

/** What the guard must answer, or 'through' when it must let the call reach the route. */
function expected(required: Required, who: Principal): 401 | 403 | 'through' {
  if (required === 'public') {
    return 'through';
  }
  if (who === 'anonymous') {
    return 401;
  }
  return ROLE_RANK[who] >= ROLE_RANK[required] ? 'through' : 403;
}

const SOME_ID = '00000000-0000-4000-8000-000000000000';

let server: RunningServer;
const cookies: Partial<Record<Principal, string>> = {};

async function cookieFor(who: Principal, fresh: boolean): Promise<string | undefined> {
  if (who === 'anonymous') {
    return undefined;
  }
  const password = who === 'admin' ? undefined : PASSWORDS[who];
  if (fresh) {
    return signIn(server.url, who, password);
  }
  cookies[who] ??= await signIn(server.url, who, password);
  return cookies[who];
}

async function call(route: string, who: Principal): Promise<number> {
  const [method, path] = route.split(' ') as [string, string];
  const cookie = await cookieFor(who, ENDS_SESSION.has(route));
  const hasBody = method !== 'GET' && method !== 'DELETE';
  const response = await fetch(`${server.url}/api${path.replace(/:\w+/g, SOME_ID)}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    },
    body: hasBody ? '{}' : undefined,
  });
  await response.arrayBuffer();
  if (route === 'DELETE /auth/sessions' && response.status === 200) {
    // Signed out everywhere: the session kept for the other calls has ended too.
    delete cookies[who];
  }
  return response.status;
}

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_FAILURES: '50', LOGIN_MAX_FAILURES_PER_ADDRESS: '200' });
  const admin = await signIn(server.url);
  for (const role of ['viewer', 'operator'] as const) {
    const response = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ username: role, role, password: PASSWORDS[role] }),
    });
    expect(response.status, await response.text()).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('access matrix', () => {
  it('covers every route of the OpenAPI document, and nothing else', async () => {
    const response = await fetch(`${server.url}/api/docs-json`, {
      headers: { cookie: (await cookieFor('viewer', false))! },
    });
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map(
        (method) => `${method.toUpperCase()} ${path.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    expect(documented.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it('answers every route as the matrix says, for each of anonymous, viewer, operator and admin', async () => {
    const wrong: string[] = [];
    for (const [route, required] of Object.entries(MATRIX)) {
      for (const who of PRINCIPALS) {
        const status = await call(route, who);
        const want = expected(required, who);
        const ok = want === 'through' ? status !== 401 && status !== 403 && status < 500 : status === want;
        if (!ok) {
          wrong.push(
            `${route} as ${who}: ${status}, expected ${want === 'through' ? 'past the guard' : want}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

type FeedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens the feed as `who`; resolves with the socket once its snapshot came, or the handshake's refusal. */
async function openFeed(who: Principal): Promise<{ socket: FeedSocket; snapshots: () => number } | Error> {
  const cookie = await cookieFor(who, false);
  const socket: FeedSocket = io(`${server.url}${OPS_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
  });
  let snapshots = 0;
  let refused: Error | undefined;
  socket.on('devices:snapshot', () => snapshots++);
  socket.on('connect_error', (err) => (refused = err));
  await waitFor(() => snapshots > 0 || refused !== undefined, 5_000, `the feed as ${who}`);
  if (refused) {
    socket.close();
    return refused;
  }
  return { socket, snapshots: () => snapshots };
}

/** Sends one event as the matrix needs it and resolves with 'served' or the refusal's message. */
async function send(feed: { socket: FeedSocket; snapshots: () => number }, event: string): Promise<string> {
  const refusals: string[] = [];
  feed.socket.on('feed:refused', (r) => refusals.push(`${r.event}: ${r.message}`));
  if (event === 'ping') {
    let answered = false;
    feed.socket.emit('ping', () => (answered = true));
    await waitFor(() => answered || refusals.length > 0, 5_000, 'the ping ack');
    return answered ? 'served' : refusals[0]!;
  }
  if (event === 'devices:resync') {
    const before = feed.snapshots();
    feed.socket.emit('devices:resync', { reason: 'manual' });
    await waitFor(() => feed.snapshots() > before || refusals.length > 0, 5_000, 'the resync snapshot');
    return feed.snapshots() > before ? 'served' : refusals[0]!;
  }
  throw new Error(`the test does not know how to send ${event}: add it`);
}

describe('access matrix of the live feed', () => {
  it('lists every client event the gateway serves, with the same least role', () => {
    const served = Object.fromEntries(
      Object.entries(OPS_CLIENT_EVENT_ACCESS).map(([event, roles]) => [
        event,
        roles.includes('viewer') ? 'viewer' : roles.includes('operator') ? 'operator' : 'admin',
      ]),
    );
    expect(served).toEqual(SOCKET_MATRIX);
  });

  it('refuses anonymous handshakes, serves each event to the roles the matrix says, refuses unknown events', async () => {
    const anonymous = await openFeed('anonymous');
    expect(anonymous).toBeInstanceOf(Error);
    expect((anonymous as Error).message).toMatch(/unauthorized/);
    const wrong: string[] = [];
    for (const who of ['viewer', 'operator', 'admin'] as const) {
      const feed = await openFeed(who);
      if (feed instanceof Error) {
        throw feed;
      }
      try {
        for (const [event, required] of Object.entries(SOCKET_MATRIX)) {
          const answer = await send(feed, event);
          const want = expected(required, who) === 'through' ? 'served' : 'refused';
          if ((answer === 'served') !== (want === 'served')) {
            wrong.push(`${event} as ${who}: ${answer}, expected ${want}`);
          }
        }
        const refused: string[] = [];
        feed.socket.on('feed:refused', (r) => refused.push(r.message));
        (feed.socket as unknown as { emit(event: string, payload: unknown): void }).emit('users:delete', {});
        await waitFor(() => refused.length > 0, 5_000, 'the refusal of an unknown event');
        expect(refused[0]).toMatch(/No such event/);
      } finally {
        feed.socket.close();
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});

/**
 * Every client event of the /wall feed. A wall display holds a token, never a role: session cookies of
 * any role are refused at the handshake, and a token may send these events and nothing else.
 */
const WALL_SOCKET_MATRIX: Record<string, 'display'> = {
  ping: 'display',
};

/**
 * Every server event of the /wall feed, and when a display hears it: those sent on connect must reach a
 * token's socket (and no session's, which the handshake refuses). Typed by the event map, so an event
 * added there and not here fails to compile.
 */
const WALL_SERVER_EVENTS: Record<keyof WallServerToClientEvents, 'on connect' | 'on change'> = {
  'wall:hello': 'on connect',
  'wall:snapshot': 'on connect',
  'wall:open-incidents': 'on connect',
  'wall:spectrum': 'on connect',
  'wall:update': 'on change',
  'wall:config': 'on change',
  'wall:ended': 'on change',
  'wall:refused': 'on change',
  'wall:incidents': 'on change',
  'wall:stations': 'on change',
};

type WallSocket = Socket<WallServerToClientEvents, WallClientToServerEvents>;

/** Opens /wall with a token and/or a cookie; resolves with the socket once its snapshot came, or the refusal. */
async function openWall(
  options: { token?: string; cookie?: string },
  heard: (event: string) => void = () => undefined,
): Promise<WallSocket | Error> {
  const socket: WallSocket = io(`${server.url}${WALL_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
  });
  let snapshot = false;
  let refused: Error | undefined;
  socket.onAny((event: string) => heard(event));
  socket.on('wall:snapshot', () => (snapshot = true));
  socket.on('connect_error', (err) => (refused = err));
  await waitFor(() => snapshot || refused !== undefined, 5_000, 'the wall feed');
  if (refused) {
    socket.close();
    return refused;
  }
  return socket;
}

describe('access matrix of the wall feed', () => {
  it('lists every client event the wall gateway serves', () => {
    const served = Object.fromEntries(
      Object.entries(WALL_CLIENT_EVENT_ACCESS).map(([event, who]) => [event, who.join(',')]),
    );
    expect(served).toEqual(WALL_SOCKET_MATRIX);
  });

  it('refuses every session without a token, serves the token its events and refuses all others', async () => {
    for (const who of PRINCIPALS) {
      const cookie = await cookieFor(who, false);
      const sessionHeard: string[] = [];
      const refused = await openWall({ cookie }, (event) => sessionHeard.push(event));
      expect(refused, `a ${who} session on /wall`).toBeInstanceOf(Error);
      expect(sessionHeard, `events sent to a ${who} session on /wall`).toEqual([]);
      expect((refused as Error).message).toMatch(/unauthorized/);
    }
    const created = await fetch(`${server.url}/api/wall/displays`, {
      method: 'POST',
      headers: { cookie: (await cookieFor('admin', false))!, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'matrix wall' }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const heard = new Set<string>();
    const socket = await openWall({ token }, (event) => heard.add(event));
    if (socket instanceof Error) {
      throw socket;
    }
    try {
      const onConnect = Object.entries(WALL_SERVER_EVENTS)
        .filter(([, when]) => when === 'on connect')
        .map(([event]) => event);
      await waitFor(() => onConnect.every((e) => heard.has(e)), 5_000, 'every on-connect wall event');
      for (const event of Object.keys(WALL_SOCKET_MATRIX)) {
        if (event !== 'ping') {
          throw new Error(`the test does not know how to send ${event}: add it`);
        }
        let answered = false;
        socket.emit('ping', () => (answered = true));
        await waitFor(() => answered, 5_000, 'the wall ping ack');
      }
      const refusals: string[] = [];
      socket.on('wall:refused', (r) => refusals.push(r.message));
      const raw = socket as unknown as { emit(event: string, payload: unknown): void };
      for (const event of ['devices:resync', 'wall:update', 'users:delete']) {
        raw.emit(event, {});
      }
      await waitFor(() => refusals.length === 3, 5_000, 'the refusals of events a display may not send');
      expect(refusals.every((m) => /read-only/.test(m))).toBe(true);
    } finally {
      socket.close();
    }
  }, 60_000);
});
