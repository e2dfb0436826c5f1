// The /ops snapshot is encoded once per feed version and shared (issue 13, part 5). What sharing must not
// break: the snapshot holds exactly the inventory's devices, nothing of one session or scope reaches
// another, and a change made after a shared snapshot was built still reaches a client served it later.
import {
  type ClientToServerEvents,
  DeviceLiveSchema,
  DeviceResponseSchema,
  FEED_COLUMN_FIELDS,
  type FeedDelta,
  type FeedSnapshot,
  type FeedSnapshotFrame,
  OPS_NAMESPACE,
  type ServerHello,
  type ServerToClientEvents,
  WALL_NAMESPACE,
  WallDisplayCreatedSchema,
  type WallSnapshot,
} from '@wsnoc/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { KeyValueStore } from '@/infra/cache/cache.types.js';
import { decodeSnapshotFrameSync } from '@/modules/realtime/snapshot-decode.js';
import { readMetric } from './read-metric.js';
import { signIn, startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';

type OpsClient = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Feed {
  socket: OpsClient;
  hello: ServerHello | undefined;
  frames: FeedSnapshotFrame[];
  snapshots: FeedSnapshot[];
  /** Deltas received after the first snapshot, in order. */
  deltas: FeedDelta[];
}

const opened: { close(): void }[] = [];

function openFeed(url: string, cookie: string): Feed {
  const socket: OpsClient = io(`${url}${OPS_NAMESPACE}`, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
  });
  const feed: Feed = { socket, hello: undefined, frames: [], snapshots: [], deltas: [] };
  socket.on('hello', (hello) => (feed.hello = hello));
  socket.on('devices:snapshot', (frame) => {
    feed.frames.push(frame);
    feed.snapshots.push(decodeSnapshotFrameSync(frame));
  });
  socket.on('devices:delta', (delta) => {
    if (feed.snapshots.length) {
      feed.deltas.push(delta);
    }
  });
  opened.push(socket);
  return feed;
}

/** The fleet as the client holds it: the first snapshot plus every delta after it, checked in order. */
function picture(feed: Feed): Map<string, Record<string, unknown>> {
  const snapshot = feed.snapshots[0]!;
  const rows = new Map<string, Record<string, unknown>>(snapshot.devices.map((d) => [d.id, { ...d }]));
  let seq = snapshot.seq;
  for (const delta of feed.deltas) {
    expect(delta.seq, 'deltas follow the snapshot without a gap').toBe(seq + 1);
    seq = delta.seq;
    for (const change of delta.changes) {
      rows.set(change.id, { ...rows.get(change.id), ...change });
    }
    delta.removed.forEach((id) => rows.delete(id));
  }
  return rows;
}

afterEach(() => {
  for (const socket of opened.splice(0)) {
    socket.close();
  }
});

describe('the shared /ops snapshot', () => {
  let server: RunningServer;
  let admin: string;
  const ids: string[] = [];

  const api = (path: string, init: RequestInit = {}, cookie = admin) =>
    fetch(`${server.url}/api${path}`, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });

  beforeAll(async () => {
    // Every snapshot gzipped, so the shared binary path is the one under test.
    server = await startTestServer({ FEED_SNAPSHOT_GZIP_MIN_BYTES: '0', POLL_INTERVAL_MS: '1000' });
    admin = await signIn(server.url);
    for (let i = 0; i < 24; i++) {
      const response = await api('/devices', {
        method: 'POST',
        body: JSON.stringify({
          name: `snap-${i}`,
          role: i % 6 ? 'cpe' : 'base-station',
          // Nothing answers there: the devices are polled, fail and change status, as real ones do.
          host: `127.49.0.${i + 1}`,
          port: 2323,
          username: 'admin',
          password: 'secret1',
          site: i % 2 ? 'North' : 'South',
          lat: 57 + i / 100,
          lon: -5,
          tags: i % 3 ? ['simulated'] : [],
        }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      ids.push(DeviceResponseSchema.parse(await response.json()).id);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('decodes to exactly the devices in the inventory: a deleted one is not in it', async () => {
    const gone = ids.splice(0, 2);
    for (const id of gone) {
      expect((await api(`/devices/${id}`, { method: 'DELETE' })).status).toBe(204);
    }
    const feed = openFeed(server.url, admin);
    await waitFor(() => feed.snapshots.length === 1, 10_000, 'the snapshot');
    expect(feed.frames[0]!.encoding).toBe('columnar+gzip');
    const snapshot = feed.snapshots[0]!;
    expect(snapshot.devices.map((d) => d.id).sort()).toEqual([...ids].sort());
    for (const device of snapshot.devices) {
      expect(DeviceLiveSchema.parse(device)).toEqual(device);
    }
    const listed = (await (await api('/devices?limit=1000')).json()) as {
      items: { id: string; name: string }[];
    };
    expect(new Map(snapshot.devices.map((d) => [d.id, d.name]))).toEqual(
      new Map(listed.items.map((d) => [d.id, d.name])),
    );
  });

  it('gives every session the fleet and nothing of another session', async () => {
    const password = 'viewer-password-1234';
    const created = await api('/users', {
      method: 'POST',
      body: JSON.stringify({ username: 'snap-viewer', role: 'viewer', password }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const viewer = await signIn(server.url, 'snap-viewer', password);
    const served = (await readMetric(server.url, 'wsnoc_feed_snapshot_served')) ?? 0;
    const [a, b] = [openFeed(server.url, admin), openFeed(server.url, viewer)];
    await waitFor(() => a.snapshots.length === 1 && b.snapshots.length === 1, 10_000, 'both snapshots');
    await waitFor(() => a.hello !== undefined && b.hello !== undefined, 10_000, 'both greetings');
    expect(a.hello!.user).toEqual({ username: 'admin', role: 'admin' });
    expect(b.hello!.user).toEqual({ username: 'snap-viewer', role: 'viewer' });
    // The shared frame holds device columns only: no user, role or session in it.
    for (const frame of [...a.frames, ...b.frames]) {
      expect(Object.keys(frame).sort()).toEqual(['at', 'count', 'data', 'encoding', 'seq']);
      const text = JSON.stringify(decodeSnapshotFrameSync(frame));
      expect(text).not.toContain('snap-viewer');
      expect(text).not.toContain('"role":"admin"');
      expect(Object.keys(decodeSnapshotFrameSync(frame).devices[0]!).sort()).toEqual(
        [...FEED_COLUMN_FIELDS].sort(),
      );
    }
    expect((await readMetric(server.url, 'wsnoc_feed_snapshot_served'))! - served).toBe(2);
  });

  it('delivers a change made after the shared snapshot was built to a client served it later', async () => {
    const first = openFeed(server.url, admin);
    await waitFor(() => first.snapshots.length === 1, 10_000, 'the first snapshot');
    // The change lands in the live state now; the next frame carries it, whatever snapshot a client got.
    const target = ids[5]!;
    const patched = await api(`/devices/${target}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: 'renamed-after-build' }),
    });
    expect(patched.status).toBe(200);
    const second = openFeed(server.url, admin);
    await waitFor(() => second.snapshots.length === 1, 10_000, 'the second snapshot');
    await waitFor(() => picture(second).get(target)?.name === 'renamed-after-build', 10_000, 'the rename');
    await waitFor(
      () => picture(first).get(target)?.name === 'renamed-after-build',
      10_000,
      'the rename, first',
    );
    expect(picture(second).size).toBe(ids.length);
  });

  it('keeps wall displays of different sites apart', async () => {
    const display = async (name: string, sites: string[]) => {
      const response = await api('/wall/displays', { method: 'POST', body: JSON.stringify({ name, sites }) });
      expect(response.status, await response.clone().text()).toBe(201);
      return WallDisplayCreatedSchema.parse(await response.json());
    };
    const [north, south] = [await display('north', ['North']), await display('south', ['South'])];
    const screens = [north, south].map((d) => {
      const socket = io(`${server.url}${WALL_NAMESPACE}`, {
        transports: ['websocket'],
        auth: { token: d.token },
        reconnection: false,
        forceNew: true,
      });
      opened.push(socket);
      const snapshots: WallSnapshot[] = [];
      socket.on('wall:snapshot', (s: WallSnapshot) => snapshots.push(s));
      return snapshots;
    });
    await waitFor(() => screens.every((s) => s.length >= 1), 10_000, 'both wall snapshots');
    const listed = (await (await api('/devices?limit=1000')).json()) as {
      items: { id: string; site: string }[];
    };
    const siteOf = new Map(listed.items.map((d) => [d.id, d.site]));
    const [northPoints = [], southPoints = []] = screens.map((s) =>
      s[0]!.points.map((p) => siteOf.get(p.id)),
    );
    expect(northPoints.length).toBeGreaterThan(0);
    expect(new Set(northPoints)).toEqual(new Set(['North']));
    expect(new Set(southPoints)).toEqual(new Set(['South']));
  });

  it('admits a burst of handshakes from many sessions at once, with few session reads', async () => {
    const cookies: string[] = [];
    for (let i = 0; i < 12; i++) {
      cookies.push(await signIn(server.url)); // one at a time: the console hashes a few passwords at once
    }
    // A loaded session store (each read takes 50 ms), as in a storm after a restart: the handshakes that
    // arrive while reads are in flight share the next one.
    const store = server.app.get(KeyValueStore);
    const [get, getMany] = [store.get.bind(store), store.getMany.bind(store)];
    let reads = 0;
    const slow = <T>(value: Promise<T>) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 50));
    store.get = (key) => {
      reads += key.startsWith('session:') ? 1 : 0;
      return slow(get(key));
    };
    store.getMany = (keys) => {
      reads++;
      return slow(getMany(keys));
    };
    try {
      const feeds = Array.from({ length: 36 }, (_, i) => openFeed(server.url, cookies[i % cookies.length]!));
      await waitFor(
        () => feeds.every((f) => f.snapshots.length === 1),
        20_000,
        'every snapshot of the burst',
      );
      expect(feeds.every((f) => f.snapshots[0]!.devices.length === ids.length)).toBe(true);
      // Fewer reads than sessions: one read per handshake (36) was the old way.
      expect(reads).toBeLessThan(cookies.length);
    } finally {
      store.get = get;
      store.getMany = getMany;
    }
  });

  it('refuses a handshake as `unavailable` when the session store does not answer, and admits the retry', async () => {
    const store = server.app.get(KeyValueStore);
    const getMany = store.getMany.bind(store);
    store.getMany = () => Promise.reject(new Error('connection reset by the cache'));
    let refusal: (Error & { data?: { code?: string; retryInMs?: number } }) | undefined;
    const feed = openFeed(server.url, admin);
    feed.socket.on('connect_error', (err) => (refusal = err));
    try {
      await waitFor(() => refusal !== undefined, 10_000, 'the refusal');
    } finally {
      store.getMany = getMany;
    }
    expect(refusal!.message).toMatch(/^unavailable: the session could not be checked now/);
    expect(refusal!.data).toEqual({ code: 'unavailable', retryInMs: 1_000 });
    expect(await readMetric(server.url, 'wsnoc_feed_refused_total{reason="unavailable"}')).toBe(1);
    feed.socket.connect();
    await waitFor(() => feed.snapshots.length === 1, 10_000, 'the snapshot after the retry');
  });
});
