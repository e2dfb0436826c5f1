// The inventory decides which devices exist, and a PATCH changes exactly what it names. Regression tests
// for what a first real use found: PATCH applying create defaults, ghost devices from a Redis that held
// another database's live state, a deletion undone by a poll in flight, a stored password following a
// host change, and malformed ids or control characters reaching Postgres as 500s.
import {
  type ClientToServerEvents,
  DeviceResponseSchema,
  type DeviceResponseDto,
  type FeedSnapshot,
  OPS_NAMESPACE,
  type ServerToClientEvents,
} from '@wsnoc/shared';
import { startLab, type LabHandle } from '@wsnoc/simulator';
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { type LabStack, startLabStack } from './lab-stack.js';
import { signIn, startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';
import { decodeSnapshotFrameSync } from '@/modules/realtime/snapshot-decode.js';

const DASHES = '-'.repeat(36);
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('inventory', () => {
  let stack: LabStack;

  beforeAll(async () => {
    stack = await startLabStack({ radios: 16, seed: 5, firstAddress: '127.42.0.1' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
  const get = async (id: string) =>
    DeviceResponseSchema.parse(await (await stack.api(`/devices/${id}`)).json());
  const bsName = async () => (await stack.devices()).find((d) => d.role === 'base-station')!.name;

  describe('PATCH', () => {
    let device: DeviceResponseDto;
    const otherBs = async () => (await stack.devices()).filter((d) => d.role === 'base-station')[1]!.name;

    beforeAll(async () => {
      const created = await stack.api(
        '/devices',
        json('POST', {
          name: 'patch-me',
          role: 'cpe',
          host: '127.42.200.1',
          port: 2323,
          username: 'admin',
          password: 'secret1',
          site: 'Glen Affric',
          lat: 57.2,
          lon: -5.0,
          antennaHeightM: 6,
          parent: await bsName(),
          tags: ['simulated', 'school'],
        }),
      );
      expect(created.status).toBe(201);
      device = DeviceResponseSchema.parse(await created.json());
    });

    // Each field alone: the answer and a fresh read show that field changed and every other one kept.
    const cases: [
      string,
      () => Record<string, unknown> | Promise<Record<string, unknown>>,
      (d: DeviceResponseDto) => unknown,
    ][] = [
      ['name', () => ({ name: 'patched-name' }), (d) => d.name],
      ['site', () => ({ site: 'north' }), (d) => d.site],
      ['lat', () => ({ lat: 57.3 }), (d) => d.lat],
      ['lon', () => ({ lon: -5.1 }), (d) => d.lon],
      ['antennaHeightM', () => ({ antennaHeightM: 9 }), (d) => d.antennaHeightM],
      ['tags', () => ({ tags: ['school'] }), (d) => d.tags],
      ['parent', async () => ({ parent: await otherBs() }), (d) => d.parentName],
      ['host', () => ({ host: '127.42.200.2', password: 'secret2' }), (d) => d.host],
      ['port', () => ({ port: 2424, password: 'secret3' }), (d) => d.port],
      ['username', () => ({ username: 'ops', password: 'secret4' }), (d) => d.username],
      ['site cleared', () => ({ site: null }), (d) => d.site],
      ['parent cleared', () => ({ parent: null }), (d) => d.parentName],
      ['position cleared', () => ({ lat: null, lon: null }), (d) => [d.lat, d.lon]],
    ];
    it.each(cases)('changes %s and nothing else', async (_field, body, read) => {
      const before = await get(device.id);
      const patch = await body();
      const response = await stack.api(`/devices/${device.id}`, json('PATCH', patch));
      expect(response.status).toBe(200);
      const after = await get(device.id);
      const { updatedAt: _a, ...kept } = after;
      const { updatedAt: _b, ...was } = before;
      const changed = Object.keys(kept).filter(
        (k) => JSON.stringify(kept[k as keyof typeof kept]) !== JSON.stringify(was[k as keyof typeof was]),
      );
      const named = Object.keys(patch).filter((k) => k !== 'password');
      const expected = named.flatMap((k) => (k === 'parent' ? ['parentId', 'parentName'] : [k]));
      expect(changed.sort()).toEqual(expected.sort());
      expect(read(after)).not.toEqual(read(before));
    });

    it('audits a change with who made it and from which address', async () => {
      const response = await stack.api(`/devices/${device.id}`, json('PATCH', { site: 'audited-site' }));
      expect(response.status).toBe(200);
      const { items } = (await (
        await stack.api(`/audit?deviceId=${device.id}&action=device.update`)
      ).json()) as { items: { actor: string; address: string | null; after: { site?: string } }[] };
      expect(items[0]).toMatchObject({ actor: 'admin', after: { site: 'audited-site' } });
      expect(items[0]!.address).toMatch(/127\.0\.0\.1/);
    });

    it('writes, audits and announces nothing when the PATCH changes nothing', async () => {
      const audited = async () =>
        (
          (await (await stack.api(`/audit?deviceId=${device.id}&action=device.update`)).json()) as {
            items: unknown[];
          }
        ).items.length;
      const before = await get(device.id);
      const entries = await audited();
      for (const patch of [{}, { tags: before.tags }, { site: before.site, lat: before.lat }]) {
        const response = await stack.api(`/devices/${device.id}`, json('PATCH', patch));
        expect(response.status, JSON.stringify(patch)).toBe(200);
        expect(DeviceResponseSchema.parse(await response.json())).toEqual(before);
      }
      expect(await get(device.id)).toEqual(before);
      expect(await audited()).toBe(entries);
    });

    it('requires the password again when host, port or username changes', async () => {
      const current = await get(device.id);
      for (const patch of [{ host: '127.42.200.9' }, { port: 2525 }, { username: 'someone' }]) {
        const response = await stack.api(`/devices/${device.id}`, json('PATCH', patch));
        expect(response.status, JSON.stringify(patch)).toBe(400);
        const answer = (await response.json()) as { issues: { path: string }[] };
        expect(answer.issues.map((i) => i.path)).toEqual(['password']);
      }
      expect(await get(device.id)).toEqual(current);
      // Naming the same host again moves nothing, so no password is needed.
      expect((await stack.api(`/devices/${device.id}`, json('PATCH', { host: current.host }))).status).toBe(
        200,
      );
    });
  });

  it('answers 400 naming the field for malformed ids and control characters, and 404 for a missing device', async () => {
    for (const [method, path] of [
      ['GET', `/devices/${DASHES}`],
      ['PATCH', `/devices/${DASHES}`],
      ['DELETE', `/devices/${DASHES}`],
      ['POST', `/devices/${DASHES}/actions/refresh`],
      ['POST', `/devices/${DASHES}/config/confirm`],
      ['GET', `/devices/${DASHES}/telemetry?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`],
    ] as const) {
      const response = await stack.api(path, {
        method,
        body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
      });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(((await response.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('id');
    }
    for (const [method, path, body] of [
      ['GET', `/devices/${MISSING}`, undefined],
      ['PATCH', `/devices/${MISSING}`, { tags: [] }],
      ['DELETE', `/devices/${MISSING}`, undefined],
      ['POST', `/devices/${MISSING}/actions/refresh`, undefined],
      ['POST', `/devices/${MISSING}/config`, { set: { txPowerDbm: 20 } }],
    ] as const) {
      const response = await stack.api(path, { method, body: body && JSON.stringify(body) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const nul = '\u0000';
    for (const [field, value] of [
      ['site', `Glen${nul}`],
      ['parent', `bs${nul}1`],
    ] as const) {
      const body = {
        name: `nul-${field}`,
        role: 'cpe',
        host: '127.42.201.1',
        username: 'u',
        password: 'p',
        [field]: value,
      };
      const response = await stack.api('/devices', json('POST', body));
      expect(response.status, field).toBe(400);
      expect(((await response.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe(field);
    }
    const target = (await stack.devices())[0]!;
    const patched = await stack.api(`/devices/${target.id}`, json('PATCH', { site: `x${nul}` }));
    expect(patched.status).toBe(400);
  });

  it('drops the result of a poll in flight for a device deleted meanwhile, and closes its session', async () => {
    const cpe = (await stack.devices()).find((d) => d.role === 'cpe' && d.status !== 'unreachable')!;
    const droppedResults = async () => {
      const text = await (await stack.api('/metrics')).text();
      return Number(/^wsnoc_poll_results_dropped_total (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const dropped = await droppedResults();
    // 700 ms a line: a poll (three lines) runs for 2.1 s
    await stack.control(`/radios/${cpe.name}/faults`, 'POST', { kind: 'slow', latencyMs: 700 });
    try {
      // held for 400 ms already: a slow poll under way, not a fast one whose lock is about to go
      await waitFor(
        async () => {
          const { holder } = (await (await stack.api(`/devices/${cpe.id}/lock`)).json()) as {
            holder: { since: string } | null;
          };
          return holder !== null && Date.now() - Date.parse(holder.since) >= 400;
        },
        10_000,
        'a poll in flight',
      );
      expect((await stack.api(`/devices/${cpe.id}`, { method: 'DELETE' })).status).toBe(204);
      await waitFor(async () => (await stack.radio(cpe.name)).sessions === 0, 10_000, 'its session closed');
      // The poll that was in flight ends (its session was closed under it) and its result is dropped.
      await waitFor(async () => (await droppedResults()) > dropped, 10_000, 'the in-flight result dropped');
    } finally {
      await stack.control(`/radios/${cpe.name}/faults`, 'DELETE');
    }
    expect((await stack.devices()).map((d) => d.id)).not.toContain(cpe.id);
    expect((await stack.radio(cpe.name)).sessions).toBe(0);
    expect((await stack.api(`/devices/${cpe.id}/actions/refresh`, { method: 'POST' })).status).toBe(404);
  });
});

describe('live state joined to the inventory', () => {
  const prefix = `${inject('redisPrefix')}ghosts:`;
  let lab: LabHandle;
  let first: RunningServer | undefined;
  let second: RunningServer | undefined;

  beforeAll(async () => {
    lab = await startLab({
      radios: 20,
      seed: 9,
      firstAddress: '127.43.0.1',
      port: 0,
      controlPort: 0,
      pawsPort: 0,
    });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await lab?.close();
  });

  it('lists only the inventory, prunes what an earlier database left in Redis, and 404s a ghost', async () => {
    // An earlier deployment: its database enrolled the whole lab, and its live state is in Redis.
    first = await startTestServer({
      ENROL_SIMULATOR_URL: lab.controlUrl,
      REDIS_KEY_PREFIX: prefix,
      POLL_INTERVAL_MS: '1000',
    });
    const firstCookie = await signIn(first.url);
    const list = async (server: RunningServer, cookie: string) =>
      (
        (await (await fetch(`${server.url}/api/devices?limit=10000`, { headers: { cookie } })).json()) as {
          items: { id: string; name: string }[];
        }
      ).items;
    await waitFor(
      async () => (await list(first!, firstCookie)).length === 20,
      30_000,
      'first fleet enrolled',
    );
    const ghosts = await list(first, firstCookie);
    await first.close();
    first = undefined;

    // A new database on the same Redis, with an inventory of its own: two radios.
    second = await startTestServer({ REDIS_KEY_PREFIX: prefix, POLL_INTERVAL_MS: '1000' });
    const cookie = await signIn(second.url);
    const radios = (await (await fetch(`${lab.controlUrl}/radios`)).json()) as {
      id: string;
      role: string;
      host: string;
      port: number;
      username: string;
      password: string;
    }[];
    for (const radio of radios.filter((r) => r.role === 'base-station').slice(0, 2)) {
      const created = await fetch(`${second.url}/api/devices`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: radio.id,
          role: 'base-station',
          host: radio.host,
          port: radio.port,
          username: radio.username,
          password: radio.password,
        }),
      });
      expect(created.status).toBe(201);
    }
    const items = await list(second, cookie);
    expect(items).toHaveLength(2);
    const ghost = ghosts[0]!;
    expect(items.map((d) => d.id)).not.toContain(ghost.id);
    expect((await fetch(`${second.url}/api/devices/${ghost.id}`, { headers: { cookie } })).status).toBe(404);
    expect(
      (
        await fetch(`${second.url}/api/devices/${ghost.id}/actions/refresh`, {
          method: 'POST',
          headers: { cookie },
        })
      ).status,
    ).toBe(404);
    // The feed's snapshot carries the inventory only.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${second.url}${OPS_NAMESPACE}`, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
    });
    try {
      const snapshot = await new Promise<FeedSnapshot>((resolve) =>
        socket.once('devices:snapshot', (frame) => resolve(decodeSnapshotFrameSync(frame))),
      );
      expect(snapshot.devices.map((d) => d.id).sort()).toEqual(items.map((d) => d.id).sort());
    } finally {
      socket.close();
    }
    // The orphans are gone from Redis too, not only hidden.
    const redis = createClient({ url: inject('redisUrl') });
    await redis.connect();
    try {
      // the orphans went at start; the inventory's rows reach the cache with the next live-state flush
      const expected = items.map((d) => d.id).sort();
      let index: string[] = [];
      await waitFor(
        async () => {
          index = (await redis.hKeys(`${prefix}devices:live`)).sort();
          return index.length >= expected.length;
        },
        5_000,
        'the live rows in Redis',
      );
      expect(index).toEqual(expected);
      expect(await redis.exists(`${prefix}device:${ghost.id}`)).toBe(0);
    } finally {
      redis.destroy();
    }
  });
});
