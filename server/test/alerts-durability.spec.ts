// Incident and notification state survive a restart: a notification still pending when the server stops
// (its receiver was down) is delivered by the next server on the same database, one that was delivered is
// not sent again, and the open incident is neither lost nor doubled. Also: the 15-minute aggregates the
// agents keep are written next to the rollups. Field lab, real Postgres and Redis, real HTTP receivers.
import { randomBytes } from 'node:crypto';
import {
  type DeliveryList,
  type DeviceListResponse,
  type DeviceLive,
  type IncidentDetail,
  type IncidentList,
  type NotificationChannel,
} from '@wsnoc/shared';
import { type LabHandle, startLab } from '@wsnoc/simulator';
import pg from 'pg';
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, startServer } from '@/bootstrap.js';
import { AlertEngine } from '@/modules/alerts/alert-engine.service.js';
import { IncidentService } from '@/modules/alerts/incident.service.js';
import { ADMIN_PASSWORD, newDatabase, signIn } from './start-test-server.js';
import { waitFor } from './wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

describe('alerts across a restart', () => {
  let lab: LabHandle;
  let database: { url: string; drop: () => Promise<void> };
  let server: RunningServer | undefined;
  let cookie: string;
  const receivers: WebhookReceiver[] = [];
  const keyPrefix = `${inject('redisPrefix')}${randomBytes(3).toString('hex')}:`;
  const dataDir = `/tmp/wsnoc-alerts-durability-${randomBytes(3).toString('hex')}`;
  const secretKey = randomBytes(32).toString('hex');

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL: inject('redisUrl'),
    REDIS_KEY_PREFIX: keyPrefix,
    ADMIN_PASSWORD,
    WSNOC_SECRET_KEY: secretKey,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    POLL_INTERVAL_MS: '1000',
    POLL_UNREACHABLE_AFTER: '2',
    POLL_MAX_BACKOFF_MS: '2000',
    DRIVER_COMMAND_TIMEOUT_MS: '1500',
    ALERTS_EVAL_MS: '100',
    NOTIFY_POLL_MS: '100',
    NOTIFY_BACKOFF_MS: '100',
    NOTIFY_BACKOFF_MAX_MS: '500',
    NOTIFY_MAX_ATTEMPTS: '100',
    NOTIFY_TIMEOUT_MS: '1000',
    ...extra,
  });
  const boot = async (extra: NodeJS.ProcessEnv = {}) => {
    server = await startServer(env(extra));
    cookie = await signIn(server.url);
    return server;
  };
  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${server!.url}/api${path}`, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...init.headers },
    });
    if (!response.ok) {
      throw new Error(`${path}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as T;
  };
  const devices = async () => (await api<DeviceListResponse>('/devices?limit=1000')).items;
  const channel = (name: string, port: number) =>
    api<NotificationChannel>('/notification-channels', {
      method: 'POST',
      body: JSON.stringify({
        name,
        type: 'webhook',
        target: `http://127.0.0.1:${port}/`,
        minSeverity: 'warning',
      }),
    });
  const fault = (names: string[], on: boolean) =>
    Promise.all(
      names.map((name) =>
        fetch(`${lab.controlUrl}/radios/${name}/faults`, {
          method: on ? 'POST' : 'DELETE',
          headers: { 'content-type': 'application/json' },
          ...(on ? { body: JSON.stringify({ kind: 'offline' }) } : {}),
        }),
      ),
    );
  const openIncidents = async (deviceId: string) =>
    (await api<IncidentList>(`/incidents?deviceId=${deviceId}&state=open,acknowledged`)).incidents;
  const incidentState = async (id: string) => (await api<IncidentDetail>(`/incidents/${id}`)).incident.state;
  const restart = async () => {
    await server!.close();
    server = undefined;
    await boot();
  };

  beforeAll(async () => {
    lab = await startLab({
      seed: 5,
      port: 0,
      controlPort: 0,
      pawsPort: 0,
      radios: 10,
      firstAddress: '127.49.0.1',
    });
    database = await newDatabase();
    await boot({ ENROL_SIMULATOR_URL: lab.controlUrl });
    await waitFor(
      async () => {
        const rows = await devices();
        return rows.length === 10 && rows.every((d) => d.lastPollAt !== null);
      },
      30_000,
      'every radio enrolled and polled',
    );
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await lab?.close();
    await database?.drop();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('delivers after a restart what was pending, sends nothing twice, and keeps the incident', async () => {
    const up = await startWebhookReceiver();
    receivers.push(up);
    // The second receiver's port, closed for now: its deliveries fail and stay pending.
    const down = await startWebhookReceiver();
    await down.close();
    const good = await channel('up', up.port);
    const late = await channel('down', down.port);
    const cpe = (await devices()).find((d: DeviceLive) => d.role === 'cpe' && d.parentId !== null)!;
    await fetch(`${lab.controlUrl}/radios/${cpe.name}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'offline' }),
    });
    await waitFor(
      () => up.got.some((b) => b.event === 'opened'),
      20_000,
      'the opening delivered to the receiver that is up',
    );
    const incidentId = up.got.find((b) => b.event === 'opened')!.incident.id;
    await waitFor(
      async () =>
        (await api<DeliveryList>(`/notification-channels/${late.id}/deliveries`)).items.some(
          (d) => d.incidentId === incidentId && d.state === 'pending' && d.attempts >= 2,
        ),
      10_000,
      'the other delivery failing and pending',
    );

    await server!.close();
    server = undefined;
    const back = await startWebhookReceiver({ port: down.port });
    receivers.push(back);
    await boot();

    await waitFor(
      async () =>
        (await api<DeliveryList>(`/notification-channels/${late.id}/deliveries`)).items.some(
          (d) => d.incidentId === incidentId && d.state === 'delivered',
        ),
      20_000,
      'the pending delivery sent by the new server',
    );
    expect(back.eventsOf(incidentId).filter((e) => e === 'opened')).toHaveLength(1);
    expect(up.eventsOf(incidentId).filter((e) => e === 'opened')).toHaveLength(1);
    const goodLog = await api<DeliveryList>(`/notification-channels/${good.id}/deliveries`);
    expect(goodLog.items.filter((d) => d.incidentId === incidentId && d.event === 'opened')).toHaveLength(1);
    // The incident is still the one open incident of that radio (the new server's agents fired again).
    const open = await api<IncidentList>(`/incidents?deviceId=${cpe.id}&state=open,acknowledged`);
    expect(open.incidents.map((i) => i.id)).toEqual([incidentId]);

    await fetch(`${lab.controlUrl}/radios/${cpe.name}/faults`, { method: 'DELETE' });
    await waitFor(
      () => back.eventsOf(incidentId).includes('resolved'),
      20_000,
      'the resolution after the restart',
    );
  });

  it('notifies an incident silenced by a maintenance window when the window ends, once, across a restart', async () => {
    const hook = await startWebhookReceiver();
    receivers.push(hook);
    await channel('after the window', hook.port);
    const cpe = (await devices()).filter((d) => d.role === 'cpe' && d.parentId !== null).at(-1)!;
    const endsAt = Date.now() + 15_000;
    await api('/maintenance-windows', {
      method: 'POST',
      body: JSON.stringify({
        name: 'mast repair',
        scope: { type: 'device', value: cpe.name },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        reason: 'guy wire',
      }),
    });
    await fault([cpe.name], true);
    await waitFor(
      async () => (await openIncidents(cpe.id)).some((i) => i.silencedBy?.name === 'mast repair'),
      12_000,
      'the incident, silenced by the window',
    );
    const incident = (await openIncidents(cpe.id))[0]!;

    await restart();
    await waitFor(
      () => hook.eventsOf(incident.id).length > 0,
      endsAt - Date.now() + 15_000,
      'the opening sent by the new server once the window ended',
    );
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt);
    const timeline = (await api<IncidentDetail>(`/incidents/${incident.id}`)).timeline;
    expect(timeline.filter((e) => e.type === 'notified')).toHaveLength(1);
    await fault([cpe.name], false);
    await waitFor(() => hook.eventsOf(incident.id).includes('resolved'), 30_000, 'the resolution');
    expect(hook.eventsOf(incident.id)).toEqual(['opened', 'resolved']);
  }, 90_000);

  it('rebuilds a station outage after a restart: it resolves once, and its CPEs still down are judged on their own', async () => {
    const hook = await startWebhookReceiver();
    receivers.push(hook);
    await channel('station outage', hook.port);
    const all = await devices();
    const station = all.find((d) => d.role === 'base-station' && all.some((c) => c.parentId === d.id))!;
    const cpes = all.filter((d) => d.parentId === station.id);
    await fault([station.name, ...cpes.map((c) => c.name)], true);
    await waitFor(
      async () =>
        (await openIncidents(station.id)).some(
          (i) => i.deviceId === station.id && i.suppressedCount === cpes.length,
        ),
      30_000,
      'the station incident with its CPEs counted in',
    );
    const incident = (await openIncidents(station.id)).find((i) => i.deviceId === station.id)!;
    await waitFor(() => hook.eventsOf(incident.id).length > 0, 10_000, 'the opening sent');

    await restart();
    // The station answers again; its CPEs stay down.
    await fault([station.name], false);
    await waitFor(
      async () => (await incidentState(incident.id)) === 'resolved',
      30_000,
      'the station incident resolved',
    );
    // Judged again on their own: the station answers, so each CPE still down is an outage of its own.
    await waitFor(
      async () => {
        for (const cpe of cpes) {
          if (!(await openIncidents(cpe.id)).some((i) => i.deviceId === cpe.id && i.kind === 'absence')) {
            return false;
          }
        }
        return true;
      },
      30_000,
      'an incident of its own for every CPE still down',
    );
    await waitFor(() => hook.eventsOf(incident.id).includes('resolved'), 10_000, 'the resolution sent');
    const sent = hook.eventsOf(incident.id);
    expect(sent).toEqual(['opened', 'resolved']);

    await fault(
      cpes.map((c) => c.name),
      false,
    );
    await waitFor(
      async () => {
        for (const cpe of cpes) {
          if ((await openIncidents(cpe.id)).length) {
            return false;
          }
        }
        return true;
      },
      30_000,
      'the CPE incidents resolved',
    );
  }, 120_000);

  it('rebuilds a site outage after a restart and resolves it once every station answers', async () => {
    const hook = await startWebhookReceiver();
    receivers.push(hook);
    await channel('site outage', hook.port);
    const all = await devices();
    const stations = all.filter((d) => d.role === 'base-station');
    expect(stations.length).toBeGreaterThanOrEqual(2);
    for (const s of stations) {
      await api(`/devices/${s.id}`, { method: 'PATCH', body: JSON.stringify({ site: 'Restart' }) });
    }
    await waitFor(
      async () =>
        (await devices()).filter((d) => d.role === 'base-station').every((d) => d.site === 'Restart'),
      10_000,
      'the stations moved to one site',
    );
    const names = all.filter((d) => d.role === 'base-station' || d.parentId !== null).map((d) => d.name);
    await fault(names, true);
    const siteIncident = async () =>
      (await api<IncidentList>('/incidents?state=open,acknowledged')).incidents.find(
        (i) => i.scope.type === 'site' && i.site === 'Restart',
      );
    await waitFor(
      async () => (await siteIncident())?.affectedCount === names.length,
      30_000,
      'one site incident covering every device',
    );
    const incident = (await siteIncident())!;
    // Its opening may wait out the outage tree's quiet period: the station that went first was just notified.

    await restart();
    await fault(names, false);
    await waitFor(
      async () => (await incidentState(incident.id)) === 'resolved',
      30_000,
      'the site incident resolved',
    );
    await waitFor(() => hook.eventsOf(incident.id).includes('resolved'), 10_000, 'the resolution sent');
    // Its opening, held back by the tree's quiet period (the first station was notified just before),
    // goes out when it resolves, ahead of the resolution: each exactly once.
    expect(hook.eventsOf(incident.id)).toEqual(['opened', 'resolved']);
    // Nothing of the outage is left open.
    expect((await api<IncidentList>('/incidents?state=open,acknowledged')).incidents).toEqual([]);
  }, 120_000);

  it('closes the incident of a device removed while two instances run, its resolution sent once', async () => {
    const hook = await startWebhookReceiver();
    receivers.push(hook);
    const c = await channel('removal', hook.port);
    const cpe = (await devices()).filter((d) => d.role === 'cpe' && d.parentId !== null).at(-2)!;
    await fault([cpe.name], true);
    await waitFor(async () => (await openIncidents(cpe.id)).length === 1, 30_000, 'the incident');
    const incident = (await openIncidents(cpe.id))[0]!;
    // A second instance on the same database holds the open incident too (read at its start).
    const other = await startServer(env());
    try {
      const held = (s: RunningServer) =>
        s.app
          .get(IncidentService)
          .openDeviceIncidents()
          .some((i) => i.deviceId === cpe.id);
      expect(held(other)).toBe(true);
      const removed = await fetch(`${server!.url}/api/devices/${cpe.id}`, {
        method: 'DELETE',
        headers: { cookie },
      });
      expect(removed.status).toBe(204);
      await waitFor(() => !held(server!) && !held(other), 10_000, 'both instances letting the incident go');
      const closed = await api<IncidentDetail>(`/incidents/${incident.id}`);
      expect(closed.incident).toMatchObject({ state: 'resolved', resolvedBy: 'device-removed' });
      expect(closed.timeline.filter((e) => e.type === 'resolved')).toHaveLength(1);
      await waitFor(
        async () =>
          (await api<DeliveryList>(`/notification-channels/${c.id}/deliveries`)).items.every(
            (d) => d.state === 'delivered',
          ),
        10_000,
        'every delivery sent',
      );
      expect(hook.eventsOf(incident.id).filter((e) => e === 'resolved')).toHaveLength(1);
    } finally {
      await other.close();
      await fault([cpe.name], false);
    }
  }, 90_000);

  it('resolves the incidents of a removed rule once while two instances run', async () => {
    const hook = await startWebhookReceiver();
    receivers.push(hook);
    const c = await channel('retired rule', hook.port);
    const rule = await api<{ id: string }>('/alert-rules', {
      method: 'POST',
      body: JSON.stringify({
        name: 'any latency',
        metric: 'latency',
        kind: 'threshold',
        condition: { op: '>=', value: 0 },
        severity: 'warning',
      }),
    });
    const ruleIncidents = async () =>
      (await api<IncidentList>('/incidents?limit=500')).incidents.filter((i) => i.ruleId === rule.id);
    const radios = (await devices()).length;
    await waitFor(async () => (await ruleIncidents()).length === radios, 20_000, 'an incident per radio');
    const other = await startServer(env());
    try {
      const held = (s: RunningServer) =>
        s.app
          .get(IncidentService)
          .openDeviceIncidents()
          .some((i) => i.ruleId === rule.id);
      expect(held(other)).toBe(true);
      await fetch(`${server!.url}/api/alert-rules/${rule.id}`, { method: 'DELETE', headers: { cookie } });
      await waitFor(() => !held(server!) && !held(other), 10_000, 'both instances letting them go');
      const ids = (await ruleIncidents()).map((i) => i.id);
      expect((await ruleIncidents()).every((i) => i.state === 'resolved')).toBe(true);
      await waitFor(
        async () =>
          (await api<DeliveryList>(`/notification-channels/${c.id}/deliveries`)).items.every(
            (d) => d.state === 'delivered',
          ),
        15_000,
        'every delivery sent',
      );
      const resolutions = hook.got.filter((b) => b.event === 'resolved').map((b) => b.incident.id);
      expect(resolutions.sort()).toEqual([...ids].sort());
    } finally {
      await other.close();
    }
  }, 90_000);

  it('writes closed 15-minute aggregate windows to Postgres', async () => {
    const engine = server!.app.get(AlertEngine);
    const before = Date.now();
    await waitFor(() => engine.quarter.heldValues() > 0, 10_000, 'values in the open windows');
    // Closing with a clock past the current window's end: what the flush timer does at the boundary.
    await engine.flushNow(before - (before % 900_000) + 900_000);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{
        metric: string;
        samples: number;
        min: number;
        max: number;
        p95: number;
      }>(`SELECT metric, samples, min, max, p95 FROM device_aggregates_15m`);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.metric)).toEqual(expect.arrayContaining(['snr', 'latency']));
      for (const r of rows) {
        expect(r.samples).toBeGreaterThan(0);
        expect(r.min).toBeLessThanOrEqual(r.p95);
        expect(r.p95).toBeLessThanOrEqual(r.max);
      }
    } finally {
      await client.end();
    }
  });
});
