// Alerts against the field lab, real Postgres and Redis, and real local receivers: a base station that
// goes offline is one incident with its CPEs counted in, resolving by itself; a flapping radio is one
// incident with a flap count; a maintenance window silences notifications and the incident says so (its
// resolution is still sent); a webhook that fails twice gets the notification on the third try, signed;
// a mail with the incident's summary arrives at a local SMTP server; incidents reach the live feed.
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  type AlertRuleList,
  type DeliveryList,
  type DeviceLive,
  type Incident,
  type IncidentDetail,
  type IncidentList,
  type IncidentsChanged,
  type NotificationChannel,
  OPS_NAMESPACE,
  WALL_NAMESPACE,
  type RulePreview,
} from '@wsnoc/shared';
import { SMTPServer } from 'smtp-server';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabStack, startLabStack } from './lab-stack.js';
import { waitFor } from './wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'test-webhook-secret';

interface Mail {
  to: string[];
  raw: string;
}

describe('alerts and incidents', () => {
  let stack: LabStack;
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  const hooks: WebhookReceiver[] = [];
  let feed: Socket;
  const fed: Incident[] = [];
  let station: DeviceLive;
  let cpes: DeviceLive[];
  let others: DeviceLive[];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    stack = await startLabStack(
      { radios: 24, seed: 11, firstAddress: '127.47.0.1' },
      {
        POLL_INTERVAL_MS: '1000',
        POLL_UNREACHABLE_AFTER: '2',
        ALERTS_EVAL_MS: '100',
        ALERTS_REOPEN_MS: '0',
        // the outbox is looked at when something is enqueued and when a row falls due, not on this timer
        NOTIFY_POLL_MS: '60000',
        NOTIFY_BACKOFF_MS: '100',
        NOTIFY_TREE_QUIET_MS: '0',
        NOTIFY_WEBHOOK_SECRET: SECRET,
        NOTIFY_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        NOTIFY_MAIL_FROM: 'wsnoc <noc@example.net>',
        LOG_LEVEL: process.env.WSNOC_TEST_LOG ?? 'silent',
      },
    );
    const devices = await stack.devices();
    const stations = devices.filter((d) => d.role === 'base-station');
    const childrenOf = (id: string) => devices.filter((d) => d.parentId === id);
    station = stations.sort((a, b) => childrenOf(b.id).length - childrenOf(a.id).length)[0]!;
    cpes = childrenOf(station.id);
    others = devices.filter((d) => d.role === 'cpe' && d.parentId !== station.id && d.parentId !== null);
    expect(cpes.length).toBeGreaterThan(1);
    expect(others.length).toBeGreaterThan(3);
    feed = io(`${stack.server.url}${OPS_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie: stack.cookie },
    });
    feed.on('incidents:changed', (payload: IncidentsChanged) => fed.push(...payload.incidents));
    await new Promise<void>((resolve, reject) => {
      feed.on('connect', resolve);
      feed.on('connect_error', reject);
    });
  }, 90_000);

  afterAll(async () => {
    feed?.close();
    await stack?.control('/faults', 'DELETE');
    await stack?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
    await Promise.all(hooks.map((hook) => hook.close()));
  });

  const json = <T>(path: string, init?: RequestInit): Promise<T> => stack.json<T>(path, init);
  const incidents = async (query = '') =>
    (await json<IncidentList>(`/incidents?limit=500${query}`)).incidents;
  const offline = (d: DeviceLive) => stack.control(`/radios/${d.name}/faults`, 'POST', { kind: 'offline' });
  const online = (d: DeviceLive) => stack.control(`/radios/${d.name}/faults`, 'DELETE');
  const channel = (body: object) =>
    json<NotificationChannel>('/notification-channels', { method: 'POST', body: JSON.stringify(body) });
  const deliveries = async (c: NotificationChannel) =>
    (await json<DeliveryList>(`/notification-channels/${c.id}/deliveries`)).items;
  const removeChannel = (c: NotificationChannel) =>
    stack.api(`/notification-channels/${c.id}`, { method: 'DELETE' });
  const openFor = async (d: DeviceLive, kind?: Incident['kind']) =>
    (await incidents(`&deviceId=${d.id}&state=open,acknowledged`)).filter((i) => !kind || i.kind === kind);
  const resolvedAll = async (list: Incident[]) => {
    const now = await incidents();
    return list.every((i) => now.find((n) => n.id === i.id)?.state === 'resolved');
  };

  it('ships the five built-in rules', async () => {
    const { items } = await json<AlertRuleList>('/alert-rules');
    expect(items.filter((r) => r.builtin).map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'Base station unreachable',
        'CPE unreachable',
        'SNR below 15 dB for 2 minutes',
        'Temperature above 70 °C',
      ]),
    );
    expect(items.filter((r) => r.builtin)).toHaveLength(5);
  });

  it('makes one incident of a base station that goes offline, counts its CPEs into it, and resolves it when it returns', async () => {
    // A wall display of the station's site hears of the incident too.
    const display = await json<{ token: string }>('/wall/displays', {
      method: 'POST',
      body: JSON.stringify({ name: 'alerts wall', sites: [station.site] }),
    });
    const wall = io(`${stack.server.url}${WALL_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: display.token },
    });
    const onWall: Incident[] = [];
    wall.on('wall:incidents', (payload: IncidentsChanged) => onWall.push(...payload.incidents));
    await new Promise<void>((resolve, reject) => {
      wall.on('wall:hello', () => resolve());
      wall.on('connect_error', reject);
    });
    // The tower's outage: the station and every CPE behind it stop answering (they are managed through it).
    const before = (await incidents()).map((i) => i.id);
    await Promise.all([station, ...cpes].map(offline));
    await waitFor(
      async () => {
        const [own] = await openFor(station, 'absence');
        return own !== undefined && own.suppressedCount === cpes.length;
      },
      30_000,
      'the station incident with every CPE counted in',
    );
    const opened = (await incidents()).filter((i) => !before.includes(i.id));
    expect(opened).toHaveLength(1);
    const [incident] = opened;
    expect(incident).toMatchObject({
      deviceId: station.id,
      severity: 'critical',
      kind: 'absence',
      state: 'open',
      suppressedCount: cpes.length,
      affectedCount: cpes.length + 1,
    });
    const detail = await json<IncidentDetail>(`/incidents/${incident!.id}`);
    expect(
      detail.affected
        .filter((a) => a.relation === 'suppressed')
        .map((a) => a.id)
        .sort(),
    ).toEqual(cpes.map((c) => c.id).sort());
    expect(detail.timeline[0]!.type).toBe('opened');
    expect(detail.timeline.filter((e) => e.type === 'suppressed')).toHaveLength(cpes.length);
    // It went out on the live feed.
    await waitFor(() => fed.some((i) => i.id === incident!.id), 5_000, 'the incident on the feed');
    await waitFor(() => onWall.some((i) => i.id === incident!.id), 5_000, 'the incident on the wall');
    wall.close();

    await Promise.all([station, ...cpes].map(online));
    await waitFor(() => resolvedAll([incident!]), 30_000, 'the station incident resolved by itself');
    const resolved = await json<IncidentDetail>(`/incidents/${incident!.id}`);
    expect(resolved.incident.resolvedBy).toBe('auto');
    expect(resolved.timeline.at(-1)!.type).toBe('resolved');
    await waitFor(
      () => fed.some((i) => i.id === incident!.id && i.state === 'resolved'),
      5_000,
      'the resolution on the feed',
    );
    // Still one: the CPEs coming back (or lagging) opened nothing of their own.
    expect((await incidents()).filter((i) => !before.includes(i.id))).toHaveLength(1);
  });

  it('gives a flapping radio one incident with a flap count, not one per flap', async () => {
    const flappy = others[0]!;
    const { items } = await json<AlertRuleList>('/alert-rules');
    const flapping = items.find((r) => r.kind === 'flapping' && r.builtin)!;
    await json(`/alert-rules/${flapping.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ windowSec: 300, count: 4 }),
    });
    // Rules change at run time: the rule now in force is the changed one.
    for (let i = 0; i < 4; i++) {
      await offline(flappy);
      await waitFor(
        async () => (await stack.byName(flappy.name))?.lastError !== null,
        10_000,
        'a failed poll',
      );
      await online(flappy);
      await waitFor(async () => (await stack.byName(flappy.name))?.lastError === null, 10_000, 'a good poll');
    }
    await waitFor(
      async () => ((await openFor(flappy, 'flapping'))[0]?.flapCount ?? 0) >= 7,
      15_000,
      'the flapping incident counting the flaps',
    );
    const all = (await incidents(`&deviceId=${flappy.id}`)).filter((i) => i.kind === 'flapping');
    expect(all).toHaveLength(1);
    expect(all[0]!.flapCount).toBeGreaterThanOrEqual(7);
    expect(all[0]!.title).toMatch(/flapping/);
  });

  it('holds notifications inside a maintenance window, says so on the incident, and still sends the resolution', async () => {
    const hook = await startWebhookReceiver();
    hooks.push(hook);
    const c = await channel({
      name: 'window hook',
      type: 'webhook',
      target: hook.url,
      minSeverity: 'warning',
    });
    const device = others[1]!;
    const window = await json<{ id: string; name: string }>('/maintenance-windows', {
      method: 'POST',
      body: JSON.stringify({
        name: 'tower climb',
        scope: { type: 'device', value: device.name },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        reason: 'antenna swap',
      }),
    });
    try {
      await offline(device);
      await waitFor(async () => (await openFor(device, 'absence')).length === 1, 20_000, 'the incident');
      const [incident] = await openFor(device, 'absence');
      expect(incident!.silencedBy).toEqual({ id: window.id, name: 'tower climb' });
      const detail = await json<IncidentDetail>(`/incidents/${incident!.id}`);
      expect(detail.timeline.map((e) => e.type)).toContain('silenced');
      await online(device);
      await waitFor(() => resolvedAll([incident!]), 20_000, 'the incident resolved');
      await waitFor(
        async () =>
          (await deliveries(c)).some(
            (d) => d.incidentId === incident!.id && d.event === 'resolved' && d.state === 'delivered',
          ),
        10_000,
        'the resolution delivered',
      );
      const mine = hook.got.filter((s) => s.incident.id === incident!.id);
      expect(mine.map((s) => s.event)).toEqual(['resolved']);
      expect(mine[0]!.incident.silencedBy?.name).toBe('tower climb');
    } finally {
      await removeChannel(c);
      await stack.api(`/maintenance-windows/${window.id}`, { method: 'DELETE' });
    }
  });

  it('retries a webhook that fails twice and delivers it, signed, on the third try', async () => {
    const hook = await startWebhookReceiver({ failFirst: 2 });
    hooks.push(hook);
    const c = await channel({ name: 'flaky hook', type: 'webhook', target: hook.url, minSeverity: 'major' });
    const device = others[2]!;
    try {
      await offline(device);
      await waitFor(async () => (await openFor(device, 'absence')).length === 1, 20_000, 'the incident');
      const [incident] = await openFor(device, 'absence');
      await waitFor(
        async () =>
          (await deliveries(c)).some((d) => d.incidentId === incident!.id && d.state === 'delivered'),
        15_000,
        'the notification delivered',
      );
      const delivery = (await deliveries(c)).find(
        (d) => d.incidentId === incident!.id && d.event === 'opened',
      )!;
      expect(delivery).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200 });
      expect(hook.got.slice(0, 3).map((b) => b.status)).toEqual([500, 500, 200]);
      const third = hook.got[2]!;
      expect(third.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(third.raw).digest('hex')}`);
      expect(third).toMatchObject({ event: 'opened', incident: { id: incident!.id } });
    } finally {
      await online(device);
      await removeChannel(c);
    }
  });

  it("mails the incident's summary to a local SMTP server", async () => {
    const c = await channel({
      name: 'noc mail',
      type: 'email',
      target: 'noc@example.net',
      minSeverity: 'major',
    });
    const device = others[3]!;
    try {
      await offline(device);
      await waitFor(async () => (await openFor(device, 'absence')).length === 1, 20_000, 'the incident');
      const [incident] = await openFor(device, 'absence');
      await waitFor(() => mails.some((m) => m.raw.includes(incident!.id)), 15_000, 'the mail');
      const mail = mails.find((m) => m.raw.includes(incident!.id))!;
      expect(mail.to).toEqual(['noc@example.net']);
      // Unfolded: long lines of the quoted-printable body wrap with "=\r\n".
      const text = mail.raw.replace(/=\r?\n/g, '');
      expect(text).toContain(incident!.summary.slice(0, 40));
      expect(text).toMatch(/Subject: \[wsnoc major\] OPEN/);
    } finally {
      await online(device);
      await removeChannel(c);
    }
  });

  it('acknowledges (with who), assigns and resolves an incident by hand, each on the timeline', async () => {
    const device = others[4] ?? others[0]!;
    await offline(device);
    try {
      await waitFor(async () => (await openFor(device, 'absence')).length === 1, 20_000, 'the incident');
      const [incident] = await openFor(device, 'absence');
      const acked = await json<Incident>(`/incidents/${incident!.id}/acknowledge`, { method: 'POST' });
      expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'admin' });
      const assigned = await json<Incident>(`/incidents/${incident!.id}/assign`, {
        method: 'POST',
        body: JSON.stringify({ assignee: 'field-team' }),
      });
      expect(assigned.assignee).toBe('field-team');
      const resolved = await json<Incident>(`/incidents/${incident!.id}/resolve`, {
        method: 'POST',
        body: JSON.stringify({ note: 'replaced the PoE injector' }),
      });
      expect(resolved).toMatchObject({ state: 'resolved', resolvedBy: 'admin' });
      const again = await stack.api(`/incidents/${incident!.id}/resolve`, { method: 'POST' });
      expect(again.status).toBe(409);
      const detail = await json<IncidentDetail>(`/incidents/${incident!.id}`);
      expect(detail.timeline.map((e) => e.type)).toEqual(
        expect.arrayContaining(['opened', 'acknowledged', 'assigned', 'resolved']),
      );
    } finally {
      await online(device);
    }
  });

  it('applies a rule added at run time at once, and resolves its incidents when it is removed', async () => {
    const target = others[5] ?? others[0]!;
    const rule = await json<{ id: string }>('/alert-rules', {
      method: 'POST',
      body: JSON.stringify({
        name: 'any latency on one tag',
        metric: 'latency',
        kind: 'threshold',
        condition: { op: '>=', value: 0 },
        severity: 'warning',
        scope: { type: 'site', value: target.site },
      }),
    });
    await waitFor(
      async () =>
        (await incidents(`&deviceId=${target.id}`)).some((i) => i.ruleId === rule.id && i.state === 'open'),
      10_000,
      'an incident of the new rule',
    );
    expect((await stack.api(`/alert-rules/${rule.id}`, { method: 'DELETE' })).status).toBe(204);
    await waitFor(
      async () =>
        (await incidents()).filter((i) => i.ruleId === rule.id).every((i) => i.state === 'resolved'),
      10_000,
      'its incidents resolved with the rule gone',
    );
  });

  it('runs the anomaly agent on the live stream: a step in temperature fires, the steady radios beside it stay quiet', async () => {
    const target = others[6] ?? others[1]!;
    const neighbours = (await stack.devices()).filter((d) => d.site === target.site && d.id !== target.id);
    const rule = await json<{ id: string }>('/alert-rules', {
      method: 'POST',
      body: JSON.stringify({
        name: 'temperature step',
        metric: 'temperature',
        kind: 'anomaly',
        condition: { op: '>', value: 4 },
        windowSec: 60,
        severity: 'warning',
        scope: { type: 'site', value: target.site },
      }),
    });
    try {
      // A baseline first: a dozen polls of the radio under the rule.
      const polls = new Set<string>();
      await waitFor(
        async () => {
          const at = (await stack.byName(target.name))?.lastPollAt;
          if (at) {
            polls.add(at);
          }
          return polls.size >= 13;
        },
        30_000,
        'a baseline of polls',
      );
      const before = (await stack.radio(target.name)) as unknown as { temperatureC?: number };
      const now = (await stack.byName(target.name))!.temperatureC ?? before.temperatureC ?? 40;
      expect(
        (await stack.control(`/radios/${target.name}/set`, 'POST', { temperatureC: now + 30 })).status,
      ).toBe(200);
      await waitFor(
        async () => (await incidents(`&deviceId=${target.id}`)).some((i) => i.ruleId === rule.id),
        15_000,
        'the anomaly incident',
      );
      const fired = (await incidents()).filter((i) => i.ruleId === rule.id);
      expect(fired.map((i) => i.deviceId)).toEqual([target.id]);
      expect(fired[0]!.lastValue).toBeGreaterThan(4);
      expect(neighbours.length).toBeGreaterThan(0);
    } finally {
      await stack.api(`/alert-rules/${rule.id}`, { method: 'DELETE' });
    }
  }, 60_000);

  it('refuses bad input with a 400 naming the field', async () => {
    const bad = await stack.api('/alert-rules', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', metric: 'snr', kind: 'threshold', severity: 'major' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/condition/);
    const builtin = (await json<AlertRuleList>('/alert-rules')).items.find((r) => r.builtin)!;
    expect((await stack.api(`/alert-rules/${builtin.id}`, { method: 'DELETE' })).status).toBe(409);
    const window = await stack.api('/maintenance-windows', {
      method: 'POST',
      body: JSON.stringify({
        name: 'w',
        scope: { type: 'site', value: 's' },
        startsAt: '2026-01-02T00:00:00Z',
        endsAt: '2026-01-01T00:00:00Z',
      }),
    });
    expect(window.status).toBe(400);
    expect(await window.text()).toMatch(/endsAt/);
  });

  it('previews what a rule would have fired on the history', async () => {
    await waitFor(
      async () => {
        const preview = await json<RulePreview>('/alert-rules/preview', {
          method: 'POST',
          body: JSON.stringify({
            rule: {
              name: 'p',
              metric: 'reachable',
              kind: 'threshold',
              condition: { op: '>=', value: 0 },
              severity: 'warning',
            },
          }),
        });
        return preview.evaluatedSamples > 0 && preview.firings.length > 0;
      },
      20_000,
      'a preview over the written history',
    );
    const preview = await json<RulePreview>('/alert-rules/preview', {
      method: 'POST',
      body: JSON.stringify({
        rule: {
          name: 'never',
          metric: 'snr',
          kind: 'threshold',
          condition: { op: '<', value: -500 },
          severity: 'warning',
        },
      }),
    });
    expect(preview.firings).toEqual([]);
    expect(preview.evaluatedSamples).toBeGreaterThan(0);
  });

  it('makes one site incident when the base stations of one site go down together, and resolves it when they return', async () => {
    const devices = await stack.devices();
    const stations = devices.filter((d) => d.role === 'base-station');
    expect(stations.length).toBeGreaterThanOrEqual(2);
    // One site for every station (the lab puts each in a site of its own).
    for (const s of stations) {
      expect(
        (await stack.api(`/devices/${s.id}`, { method: 'PATCH', body: JSON.stringify({ site: 'Twin' }) }))
          .status,
      ).toBe(200);
    }
    await waitFor(
      async () =>
        (await stack.devices()).filter((d) => d.role === 'base-station').every((d) => d.site === 'Twin'),
      10_000,
      'the stations moved to one site',
    );
    const before = (await incidents()).map((i) => i.id);
    const everything = devices.filter((d) => d.role === 'base-station' || d.parentId !== null);
    await Promise.all(everything.map(offline));
    try {
      await waitFor(
        async () => {
          const site = (await incidents('&state=open,acknowledged')).find((i) => i.scope.type === 'site');
          return site !== undefined && site.affectedCount === everything.length;
        },
        30_000,
        'one site incident covering every device',
      ).catch(async (err: Error) => {
        const open = (await incidents()).filter((i) => !before.includes(i.id));
        throw new Error(
          `${err.message}; opened: ${JSON.stringify(open.map((i) => [i.title, i.state, i.affectedCount, i.resolvedBy]))}`,
        );
      });
      const opened = (await incidents()).filter((i) => !before.includes(i.id));
      const site = opened.find((i) => i.scope.type === 'site')!;
      expect(site).toMatchObject({ site: 'Twin', state: 'open', severity: 'critical' });
      // Whatever opened on the way (the first station's own incident) is merged into it; nothing else is open.
      expect(opened.filter((i) => i.state !== 'resolved').map((i) => i.id)).toEqual([site.id]);
      expect(opened.filter((i) => i.id !== site.id).every((i) => i.resolvedBy === 'merged')).toBe(true);
    } finally {
      await Promise.all(everything.map(online));
    }
    await waitFor(
      async () =>
        (await incidents()).filter((i) => !before.includes(i.id)).every((i) => i.state === 'resolved'),
      30_000,
      'the site incident resolved once the stations answer again',
    );
  }, 90_000);
});
