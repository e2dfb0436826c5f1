// The device core end to end on real parts: the field lab's radios over telnet, real Postgres and Redis,
// the live feed over Socket.IO. Enrolment, polling, unreachable and back, the lock, import, history, feed.
import {
  type ClientToServerEvents,
  DeviceListResponseSchema,
  type DeviceLive,
  RadioSummarySchema,
  type FeedDelta,
  type FeedSnapshot,
  OPS_NAMESPACE,
  type ServerToClientEvents,
} from '@wsnoc/shared';
import { type LabHandle, startLab } from '@wsnoc/simulator';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { signIn, startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';
import { decodeSnapshotFrameSync } from '@/modules/realtime/snapshot-decode.js';

describe('device core', () => {
  let lab: LabHandle;
  let server: RunningServer;
  let cookie: string;

  const api = async (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api${path}`, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...init.headers },
    });
  const devices = async (query = ''): Promise<DeviceLive[]> =>
    DeviceListResponseSchema.parse(await (await api(`/devices?limit=10000${query}`)).json()).items;
  const byName = async (name: string) => (await devices()).find((d) => d.name === name);
  const control = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${lab.controlUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    lab = await startLab({
      radios: 16,
      seed: 7,
      firstAddress: '127.40.0.1',
      port: 0,
      controlPort: 0,
      pawsPort: 0,
    });
    server = await startTestServer({
      ENROL_SIMULATOR_URL: lab.controlUrl,
      POLL_INTERVAL_MS: '1000',
      POLL_UNREACHABLE_AFTER: '2',
      POLL_MAX_BACKOFF_MS: '2000',
      DRIVER_COMMAND_TIMEOUT_MS: '1500',
    });
    cookie = await signIn(server.url);
    await waitFor(
      async () => {
        const rows = await devices();
        return rows.length === 16 && rows.every((d) => d.lastPollAt !== null);
      },
      30_000,
      'every radio enrolled and polled',
    );
  });

  afterAll(async () => {
    await server?.close();
    await lab?.close();
  });

  it('enrols the lab fleet and polls every radio, with values that match the radio', async () => {
    const rows = await devices();
    expect(rows.filter((d) => d.role === 'base-station').length).toBeGreaterThan(0);
    const bs = rows.find((d) => d.role === 'base-station')!;
    const truth = (await (await control(`/radios/${bs.name}/state`)).json()) as {
      config: { channel: number };
    };
    expect(bs.channel).toBe(truth.config.channel);
    expect(['up', 'degraded']).toContain(bs.status);
    expect(bs.clientsTotal).toBeGreaterThan(0);
  });

  it("files each enrolled radio under its cell's site, so a site filter finds exactly that cell", async () => {
    const truth = RadioSummarySchema.array().parse(await (await control('/radios')).json());
    const rows = await devices();
    expect(rows.map((d) => [d.name, d.site]).sort()).toEqual(truth.map((r) => [r.id, r.site]).sort());
    const stations = rows.filter((d) => d.role === 'base-station');
    expect(new Set(stations.map((bs) => bs.site)).size).toBe(stations.length);
    const site = stations[0]!.site!;
    const cell = truth.filter((r) => r.id === stations[0]!.name || r.baseStationId === stations[0]!.name);
    expect((await devices(`&site=${encodeURIComponent(site)}`)).map((d) => d.name).sort()).toEqual(
      cell.map((r) => r.id).sort(),
    );
  });

  it('marks a radio unreachable after failed polls and brings it back when it answers again', async () => {
    const cpe = (await devices()).find((d) => d.role === 'cpe')!;
    expect((await control(`/radios/${cpe.name}/faults`, 'POST', { kind: 'offline' })).status).toBe(200);
    await waitFor(async () => (await byName(cpe.name))?.status === 'unreachable', 20_000, 'unreachable');
    const down = (await byName(cpe.name))!;
    expect(down.lastError).toMatch(/connect|closed|reset/i);
    await control(`/radios/${cpe.name}/faults`, 'DELETE');
    await waitFor(async () => (await byName(cpe.name))?.status !== 'unreachable', 20_000, 'reachable again');
    expect((await byName(cpe.name))!.lastError).toBeNull();
  });

  it('lets exactly one of 50 concurrent actions on one radio run; the others get 409 naming the holder', async () => {
    const target = (await devices()).find((d) => d.role === 'cpe' && d.status !== 'unreachable')!;
    // A slow radio (1 s per command, 3 s per refresh) keeps the winner inside the lock while every other
    // request arrives, even on a loaded machine: the requests must really be concurrent.
    await control(`/radios/${target.name}/faults`, 'POST', { kind: 'slow', latencyMs: 1_000 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => api(`/devices/${target.id}/actions/refresh`, { method: 'POST' })),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      const refused = (await answers.find((a) => a.status === 409)!.json()) as {
        message: string;
        holder: { owner: string; since: string };
      };
      expect(refused.holder.owner).toBe('admin (refresh)');
      expect(refused.message).toContain(`${target.name} is busy: admin (refresh) since`);
    } finally {
      await control(`/radios/${target.name}/faults`, 'DELETE');
    }
    const audit = (await (await api(`/audit?deviceId=${target.id}&limit=100`)).json()) as {
      items: { outcome: string }[];
    };
    expect(audit.items.filter((e) => e.outcome === 'ok')).toHaveLength(1);
    expect(audit.items.filter((e) => e.outcome === 'refused')).toHaveLength(49);
  });

  it('imports good CSV lines and reports each bad one without saving it', async () => {
    const csv = [
      'name,role,host,port,username,password,site,lat,lon,parent,tags',
      'import-bs,base-station,127.99.0.1,2323,admin,pw1,Glen,57.1,-5.1,,lab;import',
      'import-cpe,cpe,127.99.0.2,2323,admin,pw2,Glen,57.11,-5.11,import-bs,lab',
      'bad-lat,cpe,127.99.0.3,2323,admin,pw3,Glen,91,-5,,',
      'bad-parent,cpe,127.99.0.4,2323,admin,pw4,Glen,57,-5,nowhere,',
      'long-line,cpe,127.99.0.5,2323,admin,pw5,Glen,57,-5,,,extra',
      'short-line,cpe',
    ].join('\n');
    const response = await api('/devices/import', {
      method: 'POST',
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(response.status).toBe(201);
    const report = (await response.json()) as {
      created: number;
      failed: number;
      lines: { line: number; outcome: string; errors: string[] }[];
    };
    expect(report).toMatchObject({ created: 2, failed: 4 });
    expect(report.lines.find((l) => l.line === 4)!.errors[0]).toMatch(/^lat: /);
    expect(report.lines.find((l) => l.line === 5)!.errors[0]).toBe('parent: no device named nowhere');
    expect(report.lines.find((l) => l.line === 6)!.errors[0]).toMatch(/more fields than the header's 11/);
    // A short line is read with its missing trailing cells empty, so it fails on what is really missing.
    expect(report.lines.find((l) => l.line === 7)!.errors).toContain('host: host is required');
    const names = (await devices()).map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['import-bs', 'import-cpe']));
    expect(names).not.toContain('bad-lat');
    expect(names).not.toContain('bad-parent');
    // Two lines on one host and port: the database refuses the pair, and only the second line fails.
    const clash = await api('/devices/import', {
      method: 'POST',
      body: 'name,role,host,port,username,password\nclash-a,cpe,127.99.1.1,2323,u,p\nclash-b,cpe,127.99.1.1,2323,u,p',
      headers: { 'content-type': 'text/csv' },
    });
    const clashReport = (await clash.json()) as {
      created: number;
      failed: number;
      lines: { errors: string[] }[];
    };
    expect(clashReport).toMatchObject({ created: 1, failed: 1 });
    expect(clashReport.lines[1]!.errors).toEqual(['another device already uses this host and port']);
    const unknownColumn = await api('/devices/import', {
      method: 'POST',
      body: 'name,colour\nx,red',
      headers: { 'content-type': 'text/csv' },
    });
    expect(unknownColumn.status).toBe(400);
  });

  it('keeps history rows per poll and answers a telemetry query', async () => {
    const bs = (await devices()).find((d) => d.role === 'base-station')!;
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    await waitFor(
      async () => {
        const body = (await (
          await api(`/devices/${bs.id}/telemetry?from=${from}&to=${to}&metrics=snrDb,txPowerDbm`)
        ).json()) as { t: number[] };
        return body.t.length >= 2;
      },
      20_000,
      'history rows',
    );
    const body = (await (
      await api(`/devices/${bs.id}/telemetry?from=${from}&to=${to}&metrics=snrDb,txPowerDbm`)
    ).json()) as {
      resolution: string;
      series: Record<string, (number | null)[]>;
    };
    expect(body.resolution).toBe('raw');
    expect(body.series.txPowerDbm!.some((v) => v !== null)).toBe(true);
    const bad = await api(`/devices/${bs.id}/telemetry?from=yesterday&to=${to}`);
    expect(bad.status).toBe(400);
  });

  it('sends a snapshot, then ordered deltas carrying a change made on a radio, and resyncs on request', async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${server.url}${OPS_NAMESPACE}`, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
    });
    const snapshots: FeedSnapshot[] = [];
    const deltas: FeedDelta[] = [];
    /** How many deltas had arrived when each snapshot did. */
    const deltasAtSnapshot: number[] = [];
    socket.on('devices:snapshot', (s) => {
      snapshots.push(decodeSnapshotFrameSync(s));
      deltasAtSnapshot.push(deltas.length);
    });
    socket.on('devices:delta', (d) => deltas.push(d));
    try {
      await waitFor(() => snapshots.length === 1, 10_000, 'snapshot');
      const snapshot = snapshots[0]!;
      expect(snapshot.devices.length).toBeGreaterThanOrEqual(16);
      const bs = snapshot.devices.find((d) => d.role === 'base-station' && d.status !== 'unreachable')!;
      await control(`/radios/${bs.name}/set`, 'POST', { temperatureC: 77 });
      await waitFor(
        () => deltas.some((d) => d.changes.some((c) => c.id === bs.id && c.temperatureC === 77)),
        10_000,
        'delta with the change',
      );
      const seqs = deltas.map((d) => d.seq);
      expect(seqs[0]).toBe(snapshot.seq + 1);
      expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1)).toBe(true);
      // A client that saw a gap asks again and gets a snapshot (shared, so it may be a few frames old)
      // followed by the frames since it: together they hold the change, and reach the last frame seen.
      const seen = seqs[seqs.length - 1]!;
      socket.emit('devices:resync', { reason: 'gap' });
      await waitFor(() => snapshots.length === 2, 10_000, 'resync snapshot');
      const resynced = snapshots[1]!;
      const before = deltasAtSnapshot[1]!;
      await waitFor(
        () => resynced.seq >= seen || deltas.slice(before).some((d) => d.seq >= seen),
        10_000,
        'the frames after the resync snapshot',
      );
      const after = deltas.slice(before).filter((d) => d.seq > resynced.seq);
      expect(after.map((d) => d.seq)).toEqual(after.map((_, i) => resynced.seq + 1 + i));
      const picture = new Map(resynced.devices.map((d) => [d.id, d]));
      for (const frame of after) {
        for (const change of frame.changes) {
          picture.set(change.id, { ...picture.get(change.id)!, ...change });
        }
      }
      expect(picture.get(bs.id)!.temperatureC).toBe(77);
    } finally {
      socket.close();
    }
  });
});
