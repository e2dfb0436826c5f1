// Notification pacing and the incident lifecycle's edges, against the field lab, real Postgres and Redis
// and a real HTTP receiver, with small but non-zero limits: a channel's rate limit holds and what it
// holds back is delivered later; at most one notification per outage tree within the quiet period, the
// held one delivered once it is over; an incident opened inside a maintenance window is notified when the
// window ends; a device removed from the inventory closes its incident and leaves no state behind.
import type {
  Delivery,
  DeliveryList,
  DeviceLive,
  Incident,
  IncidentDetail,
  IncidentList,
  NotificationChannel,
} from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertEngine } from '@/modules/alerts/alert-engine.service.js';
import { type LabStack, startLabStack } from './lab-stack.js';
import { waitFor } from './wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const RATE_WINDOW_MS = 2_000;
const QUIET_MS = 4_000;

describe('notification pacing and lifecycle edges', () => {
  let stack: LabStack;
  const hooks: WebhookReceiver[] = [];
  let stations: DeviceLive[];
  let cpes: DeviceLive[];

  beforeAll(async () => {
    stack = await startLabStack(
      { radios: 10, seed: 5, firstAddress: '127.57.0.1' },
      {
        ALERTS_EVAL_MS: '100',
        // the outbox is looked at when something is enqueued and when a row falls due, not on this timer
        NOTIFY_POLL_MS: '60000',
        NOTIFY_BACKOFF_MS: '100',
        NOTIFY_TREE_QUIET_MS: String(QUIET_MS),
        NOTIFY_RATE_WINDOW_MS: String(RATE_WINDOW_MS),
        LOG_LEVEL: process.env.WSNOC_TEST_LOG ?? 'silent',
      },
    );
    const devices = await stack.devices();
    stations = devices.filter((d) => d.role === 'base-station');
    cpes = devices.filter((d) => d.role === 'cpe' && d.parentId !== null);
    expect(stations.length).toBeGreaterThanOrEqual(2);
    expect(cpes.length).toBeGreaterThanOrEqual(5);
  }, 90_000);

  afterAll(async () => {
    await stack?.control('/faults', 'DELETE');
    await stack?.close();
    await Promise.all(hooks.map((hook) => hook.close()));
  });

  const json = <T>(path: string, init?: RequestInit): Promise<T> => stack.json<T>(path, init);
  const offline = (d: DeviceLive) => stack.control(`/radios/${d.name}/faults`, 'POST', { kind: 'offline' });
  const online = (d: DeviceLive) => stack.control(`/radios/${d.name}/faults`, 'DELETE');
  const openFor = async (d: DeviceLive) =>
    (await json<IncidentList>(`/incidents?deviceId=${d.id}&state=open,acknowledged`)).incidents.filter(
      (i) => i.kind === 'absence',
    );
  const detail = (id: string) => json<IncidentDetail>(`/incidents/${id}`);
  const hookChannel = async (name: string, rateLimitPerMin = 30) => {
    const hook = await startWebhookReceiver();
    hooks.push(hook);
    const channel = await json<NotificationChannel>('/notification-channels', {
      method: 'POST',
      body: JSON.stringify({
        name,
        type: 'webhook',
        target: hook.url,
        minSeverity: 'warning',
        rateLimitPerMin,
      }),
    });
    return { hook, channel };
  };
  const deliveries = async (c: NotificationChannel): Promise<Delivery[]> =>
    (await json<DeliveryList>(`/notification-channels/${c.id}/deliveries`)).items;
  const removeChannel = (c: NotificationChannel) =>
    stack.api(`/notification-channels/${c.id}`, { method: 'DELETE' });
  const allResolved = async (devices: DeviceLive[]) => {
    for (const d of devices) {
      if ((await openFor(d)).length) {
        return false;
      }
    }
    return true;
  };

  it('holds a channel to its rate limit and delivers what it held back later, none lost', async () => {
    const { hook, channel } = await hookChannel('one per window', 1);
    const down = cpes.slice(0, 3);
    try {
      await Promise.all(down.map(offline));
      await waitFor(
        async () => (await Promise.all(down.map(openFor))).every((open) => open.length === 1),
        30_000,
        'an incident for each radio',
      );
      const ids = (await Promise.all(down.map(openFor))).map((open) => open[0]!.id);
      await waitFor(
        async () =>
          (await deliveries(channel)).filter((d) => ids.includes(d.incidentId!) && d.state === 'delivered')
            .length === 3,
        30_000,
        'all three openings delivered',
      );
      const delivered = (await deliveries(channel))
        .filter((d) => d.state === 'delivered')
        .map((d) => Date.parse(d.deliveredAt!))
        .sort((a, b) => a - b);
      // One per window: each delivery a window after the one before.
      for (let i = 1; i < delivered.length; i++) {
        expect(delivered[i]! - delivered[i - 1]!).toBeGreaterThanOrEqual(RATE_WINDOW_MS - 50);
      }
      expect(
        hook.got
          .filter((g) => g.event === 'opened')
          .map((g) => g.incident.id)
          .sort(),
      ).toEqual([...ids].sort());
    } finally {
      await Promise.all(down.map(online));
    }
    await waitFor(() => allResolved(down), 30_000, 'the incidents resolved');
    await waitFor(
      () => hook.got.filter((g) => g.event === 'resolved').length === 3,
      30_000,
      'the three resolutions delivered in turn',
    );
    // Each notification once, its delivery id (what receivers dedupe on) in the body and the header.
    expect(hook.got.map((g) => g.deliveryId)).toEqual([...new Set(hook.got.map((g) => g.deliveryId))]);
    expect(hook.got.every((g) => g.deliveryHeader === g.deliveryId && /^\d+$/.test(g.deliveryId))).toBe(true);
    await removeChannel(channel);
  }, 120_000);

  it('sends at most one notification per outage tree within the quiet period, and the held one after it', async () => {
    const { hook, channel } = await hookChannel('tree');
    for (const s of stations) {
      await json(`/devices/${s.id}`, { method: 'PATCH', body: JSON.stringify({ site: 'Quiet' }) });
    }
    await waitFor(
      async () =>
        (await stack.devices()).filter((d) => d.role === 'base-station').every((d) => d.site === 'Quiet'),
      10_000,
      'the stations in one site',
    );
    const everything = [...stations, ...cpes];
    await Promise.all(everything.map(offline));
    let site: Incident | undefined;
    try {
      await waitFor(
        async () => {
          site = (await json<IncidentList>('/incidents?state=open,acknowledged')).incidents.find(
            (i) => i.scope.type === 'site' && i.site === 'Quiet',
          );
          return site !== undefined;
        },
        30_000,
        'the site incident',
      );
      // The first station's own incident was notified; the site incident (its tree) waits for the quiet
      // period to be over, then goes out: held, never dropped.
      await waitFor(
        () => hook.eventsOf(site!.id).includes('opened'),
        QUIET_MS + 15_000,
        'the site incident notified once the quiet period is over',
      );
      const tree = hook.got.filter((g) => g.event !== 'resolved');
      expect(tree.length).toBe(2);
      expect(tree[1]!.at - tree[0]!.at).toBeGreaterThanOrEqual(QUIET_MS - 100);
      const held = (await deliveries(channel)).find(
        (d) => d.incidentId === site!.id && d.event === 'opened',
      )!;
      expect(held.state).toBe('delivered');
      expect(Date.parse(held.deliveredAt!) - Date.parse(held.createdAt)).toBeGreaterThan(0);
    } finally {
      await Promise.all(everything.map(online));
    }
    await waitFor(() => hook.eventsOf(site!.id).includes('resolved'), 30_000, 'the site resolution');
    await waitFor(() => allResolved(everything), 30_000, 'nothing left open');
    await removeChannel(channel);
  }, 120_000);

  it('notifies an incident opened inside a maintenance window once the window ends, on its timeline', async () => {
    const { hook, channel } = await hookChannel('after the window');
    const device = cpes[3]!;
    const endsAt = Date.now() + 12_000;
    const window = await json<{ id: string }>('/maintenance-windows', {
      method: 'POST',
      body: JSON.stringify({
        name: 'short climb',
        scope: { type: 'device', value: device.name },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        reason: 'feeder swap',
      }),
    });
    try {
      await offline(device);
      await waitFor(
        async () => (await openFor(device)).length === 1,
        10_000,
        'the incident, inside the window',
      );
      const [incident] = await openFor(device);
      expect(incident!.silencedBy?.name).toBe('short climb');
      await waitFor(
        () => hook.eventsOf(incident!.id).length > 0,
        endsAt - Date.now() + 10_000,
        'the opening notified after the window',
      );
      const [first] = hook.got.filter((g) => g.incident.id === incident!.id);
      expect(first!.event).toBe('opened');
      expect(first!.at).toBeGreaterThanOrEqual(endsAt);
      expect(first!.incident.silencedBy).toBeUndefined();
      const after = await detail(incident!.id);
      expect(after.incident.silencedBy).toBeUndefined();
      expect(after.timeline.map((e) => e.type)).toEqual(['opened', 'silenced', 'notified']);
      expect(after.timeline.at(-1)!.detail).toMatch(/short climb is over/);
      await online(device);
      await waitFor(() => hook.eventsOf(incident!.id).includes('resolved'), 30_000, 'the resolution');
      expect(hook.eventsOf(incident!.id)).toEqual(['opened', 'resolved']);
    } finally {
      await online(device);
      await removeChannel(channel);
      await stack.api(`/maintenance-windows/${window.id}`, { method: 'DELETE' });
    }
  }, 60_000);

  it('closes the open incident of a device removed from the inventory, and the agents forget it', async () => {
    const device = cpes[4]!;
    const engine = stack.server.app.get(AlertEngine);
    await offline(device);
    await waitFor(async () => (await openFor(device)).length === 1, 30_000, 'the incident');
    const [incident] = await openFor(device);
    expect(engine.holds(device.id)).toBe(true);
    expect((await stack.api(`/devices/${device.id}`, { method: 'DELETE' })).status).toBe(204);
    const closed = await detail(incident!.id);
    expect(closed.incident).toMatchObject({ state: 'resolved', resolvedBy: 'device-removed' });
    expect(closed.timeline.at(-1)).toMatchObject({
      type: 'resolved',
      detail: 'device removed from the inventory',
    });
    expect(engine.holds(device.id)).toBe(false);
  });
});
