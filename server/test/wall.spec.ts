// Wall displays against the real server, Postgres, Redis and Socket.IO client: the feed token is answered
// once and kept only as a hash; a display scoped to one site never receives another site's devices; a
// revoked token is cut off within 5 s on every instance (announced, or found by the re-check when the
// announcement never comes) and refused afterwards; a bad token is refused; only admins manage displays.
import { createHash, randomBytes } from 'node:crypto';
import {
  DeviceResponseSchema,
  WALL_NAMESPACE,
  type WallClientToServerEvents,
  WallDisplayCreatedSchema,
  WallDisplayListSchema,
  type WallPoint,
  type WallServerToClientEvents,
  type WallSnapshot,
  type WallUpdate,
} from '@wsnoc/shared';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { signIn, startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';

interface Screen {
  socket: Socket<WallServerToClientEvents, WallClientToServerEvents>;
  snapshots: WallSnapshot[];
  updates: WallUpdate[];
  ended: string[];
  configs: string[][];
  /** How many whole incident and spectrum lists came (on connect, and on a new scope). */
  panelLists: number;
  closedAt: number | undefined;
  refusedWith: Error | undefined;
  /** Every device id this screen was ever sent. */
  seen: Set<string>;
}

const opened: Screen[] = [];

function openScreen(url: string, token: string | undefined): Screen {
  const socket: Screen['socket'] = io(`${url}${WALL_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: token === undefined ? {} : { token },
  });
  const screen: Screen = {
    socket,
    snapshots: [],
    updates: [],
    ended: [],
    configs: [],
    panelLists: 0,
    closedAt: undefined,
    refusedWith: undefined,
    seen: new Set(),
  };
  const see = (points: WallPoint[]) => points.forEach((p) => screen.seen.add(p.id));
  socket.on('wall:snapshot', (s) => {
    screen.snapshots.push(s);
    see(s.points);
    s.worst.forEach((l) => screen.seen.add(l.id));
  });
  socket.on('wall:update', (u) => {
    screen.updates.push(u);
    see(u.points);
    u.worst.forEach((l) => screen.seen.add(l.id));
  });
  socket.on('wall:ended', (e) => screen.ended.push(e.reason));
  socket.on('wall:config', (c) => screen.configs.push(c.sites));
  socket.on('wall:open-incidents', () => screen.panelLists++);
  socket.on('wall:spectrum', () => screen.panelLists++);
  socket.on('connect_error', (err) => (screen.refusedWith = err));
  socket.on('disconnect', () => (screen.closedAt = Date.now()));
  opened.push(screen);
  return screen;
}

async function connected(screen: Screen): Promise<void> {
  await waitFor(
    () => screen.snapshots.length > 0 || screen.refusedWith !== undefined,
    5_000,
    'a wall connection',
  );
  if (screen.refusedWith) {
    throw screen.refusedWith;
  }
}

async function refusal(screen: Screen): Promise<string> {
  await waitFor(() => screen.socket.connected || screen.refusedWith !== undefined, 5_000, 'an answer');
  return screen.refusedWith?.message ?? 'connected';
}

afterEach(() => {
  for (const screen of opened.splice(0)) {
    screen.socket.close();
  }
});

describe('wall displays', () => {
  let a: RunningServer;
  /** A second instance on the same database and Redis, whose own re-check is too slow to matter. */
  let b: RunningServer;
  let admin: string;
  const shared = {
    POLL_INTERVAL_MS: '500',
    REDIS_KEY_PREFIX: `${inject('redisPrefix')}wall-${randomBytes(3).toString('hex')}:`,
    WALL_MAX_SOCKETS_PER_DISPLAY: '3',
    WALL_HEARTBEAT_MS: '1000',
  };
  const alpha: string[] = [];
  const beta: string[] = [];

  const api = (server: RunningServer, path: string, init: RequestInit = {}, cookie = admin) =>
    fetch(`${server.url}/api${path}`, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });

  async function createDisplay(body: Record<string, unknown>) {
    const response = await api(a, '/wall/displays', { method: 'POST', body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(201);
    return WallDisplayCreatedSchema.parse(await response.json());
  }

  let address = 1;
  async function createDevice(site: string): Promise<string> {
    const response = await api(a, '/devices', {
      method: 'POST',
      body: JSON.stringify({
        name: `wall-${site.toLowerCase()}-${address}`,
        role: address % 2 ? 'base-station' : 'cpe',
        // Nothing answers there: the devices are polled, fail and change status, as real ones do.
        host: `127.43.0.${address++}`,
        port: 2323,
        username: 'admin',
        password: 'secret1',
        site,
        lat: 57 + address / 100,
        lon: -5,
      }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return DeviceResponseSchema.parse(await response.json()).id;
  }

  beforeAll(async () => {
    a = await startTestServer(shared);
    b = await startTestServer({
      ...shared,
      DATABASE_URL: a.config.env.DATABASE_URL,
      WALL_TOKEN_CHECK_MS: '60000',
    });
    admin = await signIn(a.url);
    for (let i = 0; i < 3; i++) {
      alpha.push(await createDevice('Alpha'));
      beta.push(await createDevice('Beta'));
    }
  }, 90_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('answers the token once, stores only its SHA-256 and audits the creation', async () => {
    const created = await createDisplay({ name: 'ops room left', sites: ['Alpha'], rotateSeconds: 15 });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A new display shows every panel by default.
    expect(created).toMatchObject({
      sites: ['Alpha'],
      panels: ['map', 'counts', 'worst-links', 'incidents', 'spectrum'],
    });

    const list = WallDisplayListSchema.parse(await (await api(a, '/wall/displays')).json());
    const listed = list.items.find((d) => d.id === created.id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(list)).not.toContain(created.token);

    const rows = await a.app
      .get(DataSource)
      .query<Record<string, unknown>[]>('SELECT * FROM wall_displays WHERE id = $1', [created.id]);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(created.token);

    const audit = (await (await api(a, '/audit?action=wall.create')).json()) as {
      items: { target: string; actor: string; after: unknown }[];
    };
    const entry = audit.items.find((e) => e.target === 'wall:ops room left');
    expect(entry?.actor).toBe('admin');
    expect(JSON.stringify(entry)).not.toContain(created.token);
  });

  it('refuses a missing, malformed or unknown token', async () => {
    expect(await refusal(openScreen(a.url, undefined))).toMatch(/^unauthorized/);
    expect(await refusal(openScreen(a.url, 'x'))).toMatch(/^unauthorized/);
    expect(await refusal(openScreen(a.url, randomBytes(32).toString('base64url')))).toMatch(
      /^unauthorized: no wall display has this token/,
    );
  });

  it("sends a display scoped to one site that site's devices only, in its snapshot and every update", async () => {
    const { token } = await createDisplay({ name: 'alpha only', sites: ['Alpha'] });
    const screen = openScreen(a.url, token);
    await connected(screen);
    const snapshot = screen.snapshots[0]!;
    expect(snapshot.points.map((p) => p.id).sort()).toEqual([...alpha].sort());
    expect(snapshot.counts.total).toBe(alpha.length);

    // Devices come and move while the screen watches: one in each site, and a Beta one moved to Alpha.
    const newAlpha = await createDevice('Alpha');
    const newBeta = await createDevice('Beta');
    const moved = beta[0]!;
    expect((await api(a, `/devices/${moved}`, { method: 'PATCH', body: '{"site":"Alpha"}' })).status).toBe(
      200,
    );
    await waitFor(
      () => screen.seen.has(newAlpha) && screen.seen.has(moved),
      10_000,
      'the new and the moved Alpha devices',
    );
    // Polls fail and statuses change: wait for updates to keep coming (heartbeats at least).
    const updatesBefore = screen.updates.length;
    await waitFor(() => screen.updates.length >= updatesBefore + 2, 10_000, 'more updates');
    expect(screen.updates.at(-1)!.counts.total).toBe(alpha.length + 2);

    // Moved back out, it is removed from the screen.
    expect((await api(a, `/devices/${moved}`, { method: 'PATCH', body: '{"site":"Beta"}' })).status).toBe(
      200,
    );
    await waitFor(
      () => screen.updates.some((u) => u.removed.includes(moved)),
      10_000,
      'the moved device removed',
    );
    const never = [...beta.filter((id) => id !== moved), newBeta];
    expect([...screen.seen].filter((id) => never.includes(id))).toEqual([]);
  });

  it('re-scopes open screens when an admin changes the sites', async () => {
    const display = await createDisplay({ name: 'rescoped', sites: ['Alpha'] });
    const screen = openScreen(b.url, display.token);
    await connected(screen);
    await waitFor(() => screen.panelLists === 2, 5_000, 'the incidents and spectrum lists on connect');
    const response = await api(a, `/wall/displays/${display.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ sites: ['Beta'] }),
    });
    expect(response.status).toBe(200);
    await waitFor(() => screen.snapshots.length === 2, 5_000, 'a snapshot of the new scope');
    expect(screen.configs.at(-1)).toEqual(['Beta']);
    const points = screen.snapshots[1]!.points.map((p) => p.id);
    expect(points.length).toBeGreaterThanOrEqual(beta.length);
    expect(points.filter((id) => alpha.includes(id))).toEqual([]);
    await waitFor(() => screen.panelLists === 4, 5_000, 'the incidents and spectrum lists of the new scope');
  });

  it('cuts a revoked display off within 5 s on every instance, tells it why, and refuses it afterwards', async () => {
    const display = await createDisplay({ name: 'to revoke' });
    // One screen on each instance; b re-checks only every minute, so b hears it from the announcement.
    const here = openScreen(a.url, display.token);
    const there = openScreen(b.url, display.token);
    await Promise.all([connected(here), connected(there)]);
    const revokedAt = Date.now();
    expect((await api(a, `/wall/displays/${display.id}`, { method: 'DELETE' })).status).toBe(204);
    await waitFor(() => here.closedAt !== undefined && there.closedAt !== undefined, 5_000, 'both closed');
    expect(Math.max(here.closedAt!, there.closedAt!) - revokedAt).toBeLessThan(5_000);
    expect(here.ended).toEqual(['revoked']);
    expect(there.ended).toEqual(['revoked']);

    expect(await refusal(openScreen(a.url, display.token))).toMatch(/^revoked/);
    expect(await refusal(openScreen(b.url, display.token))).toMatch(/^revoked/);
    const list = WallDisplayListSchema.parse(await (await api(a, '/wall/displays')).json());
    expect(list.items.map((d) => d.id)).not.toContain(display.id);
    const audit = (await (await api(a, '/audit?action=wall.revoke')).json()) as {
      items: { target: string }[];
    };
    expect(audit.items.map((e) => e.target)).toContain('wall:to revoke');
  });

  it('cuts a display off within 5 s when no announcement comes, from the periodic re-check', async () => {
    const display = await createDisplay({ name: 'silently revoked' });
    const screen = openScreen(a.url, display.token);
    await connected(screen);
    const revokedAt = Date.now();
    // Straight in the database, as a restore or another tool would: nobody announces it.
    await a.app
      .get(DataSource)
      .query('UPDATE wall_displays SET revoked_at = now() WHERE id = $1', [display.id]);
    await waitFor(() => screen.closedAt !== undefined, 5_000, 'the screen closed');
    expect(screen.closedAt! - revokedAt).toBeLessThan(5_000);
    expect(screen.ended).toEqual(['revoked']);
  });

  it('holds a token to WALL_MAX_SOCKETS_PER_DISPLAY screens per instance', async () => {
    const { token } = await createDisplay({ name: 'crowded' });
    const screens = [openScreen(a.url, token), openScreen(a.url, token), openScreen(a.url, token)];
    await Promise.all(screens.map(connected));
    expect(await refusal(openScreen(a.url, token))).toMatch(/^too many/);
    // Another instance counts its own.
    await connected(openScreen(b.url, token));
  });

  it('answers a flood of events a display may not send at a bounded rate, and closes it', async () => {
    const { token } = await createDisplay({ name: 'noisy' });
    const screen = openScreen(a.url, token);
    await connected(screen);
    const refusals: string[] = [];
    screen.socket.on('wall:refused', (r) => refusals.push(r.message));
    const raw = screen.socket as unknown as { emit(event: string, payload: unknown): void };
    for (let i = 0; i < 100; i++) {
      raw.emit('wall:update', {});
    }
    await waitFor(() => screen.closedAt !== undefined, 5_000, 'the flooding screen closed');
    // the burst of ten and at most one refilled meanwhile, not one answer per event
    expect(refusals.length).toBeGreaterThanOrEqual(10);
    expect(refusals.length).toBeLessThanOrEqual(11);
    expect(refusals.every((m) => /read-only/.test(m))).toBe(true);
  });

  it('lets only admins manage displays', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const password = `${role}-password-long-enough`;
      const made = await api(a, '/users', {
        method: 'POST',
        body: JSON.stringify({ username: `wall-${role}`, role, password }),
      });
      expect(made.status).toBe(201);
      const cookie = await signIn(a.url, `wall-${role}`, password);
      const calls: [string, string, string?][] = [
        ['GET', '/wall/displays'],
        ['POST', '/wall/displays', '{"name":"sneaky"}'],
        ['PATCH', `/wall/displays/${alpha[0]}`, '{"name":"sneaky"}'],
        ['DELETE', `/wall/displays/${alpha[0]}`],
      ];
      for (const [method, path, body] of calls) {
        expect((await api(a, path, { method, body }, cookie)).status, `${method} ${path} as ${role}`).toBe(
          403,
        );
      }
    }
  });

  it('names the field at fault and refuses a name already in use', async () => {
    const bad = await api(a, '/wall/displays', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', panels: ['teapot'], rotateSeconds: 1 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/panels.*rotateSeconds|rotateSeconds.*panels/s);
    await createDisplay({ name: 'twice' });
    const again = await api(a, '/wall/displays', { method: 'POST', body: '{"name":"twice"}' });
    expect(again.status).toBe(409);
  });
});
