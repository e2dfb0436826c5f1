// Incidents, not alert storms. The engine hands over what the agents decided (fire, clear, update) and
// this service turns it into durable incidents with a timeline:
// - a CPE whose base station is down is counted into the base station's incident (suppressed), and a
//   CPE is judged only after a poll of its parent that came after the CPE's own fault, so the order in
//   which radios are polled never turns a tower outage into a page per CPE;
// - many base stations of one site down at once make one site incident;
// - a device in a maintenance window gets no notification, and its incident records the window;
// - incidents resolve by themselves when the agent clears (the agent's hysteresis), or by hand; a
//   resolution is always notified, silenced or not;
// - every change goes out on the feed (`incidents:changed`) of every instance.
// Changes run one at a time (a promise chain), so two transitions of one outage never race.
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  type AlertRule,
  type DeviceLive,
  type Incident,
  type IncidentDetail,
  type IncidentList,
  type IncidentListQuery,
  IncidentSchema,
  type MaintenanceWindow,
  severityRank,
} from '@wsnoc/shared';
import { Counter } from 'prom-client';
import { z } from 'zod';
import { PubSub } from '@/infra/cache/cache.types.js';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { FeedBroadcastService } from '@/modules/realtime/feed-broadcast.service.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { AlertConfigService } from './alert-config.service.js';
import { AlertsError } from './alerts.errors.js';
import {
  AlertsRepository,
  type Db,
  type Member,
  type OutboxItem,
  publicIncident,
  type StoredIncident,
} from './alerts.repository.js';

const FEED_CHANNEL = 'alerts:incidents';
const FeedMessageSchema = z.object({ from: z.string(), incidents: z.array(IncidentSchema) });

/** What the engine knows of a device's latest poll on this instance. */
export interface PollSeen {
  at: number;
  ok: boolean;
}

interface Pending {
  rule: AlertRule;
  deviceId: string;
  parentId: string;
  at: number;
  value: number | null;
  deadline: number;
}

const ruleKey = (ruleId: string, deviceId: string) => `${ruleId}:${deviceId}`;
const siteKey = (site: string) => `site:${site}`;
/** `resolvedBy` of an incident closed because its device left the inventory. */
export const DEVICE_REMOVED = 'device-removed';
/** The synthetic rule id of site incidents. */
export const SITE_RULE_ID = 'site-outage';

@Injectable()
export class IncidentService implements OnModuleInit, OnApplicationShutdown {
  readonly instanceId = Math.random().toString(36).slice(2);
  private readonly open = new Map<string, StoredIncident>();
  /** Device -> the open outage incident it is the primary of. */
  private readonly downBy = new Map<string, string>();
  /** Device -> the open incident it is counted into (suppressed). */
  private readonly memberOf = new Map<string, string>();
  /** Incident -> base stations of a site incident still down. */
  private readonly siteDown = new Map<string, Set<string>>();
  /** Suppressed devices whose own rule still fires, so they are judged again when their root resolves. */
  private readonly suppressedFiring = new Map<
    string,
    { rule: AlertRule; at: number; value: number | null }
  >();
  private readonly pending = new Map<string, Pending>();
  private chain: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly changes: Counter<'change'>;
  /** Test and bench hook: called with each incident as it goes out on the feed. */
  private readonly feedListeners = new Set<(incidents: Incident[]) => void>();
  /** The engine's view of the latest polls, for the parent confirmation. */
  seen: (deviceId: string) => PollSeen | undefined = () => undefined;

  constructor(
    private readonly repository: AlertsRepository,
    private readonly alertConfig: AlertConfigService,
    private readonly live: LiveStateService,
    private readonly feed: FeedBroadcastService,
    private readonly pubsub: PubSub,
    private readonly config: AppConfig,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.changes = new Counter({
      name: 'wsnoc_incident_changes_total',
      help: 'Incident changes by kind (opened, suppressed, resolved...)',
      labelNames: ['change'],
      registers: [metrics.registry],
    });
  }

  async onModuleInit(): Promise<void> {
    await this.rebuild();
    this.unsubscribe = await this.pubsub.subscribe(FEED_CHANNEL, (message) => this.receive(message));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.unsubscribe?.();
  }

  /**
   * The outages open before a restart, as they were: the devices counted into each incident, and the base
   * stations of each site incident still counted down (the engine adopts those as firing, so they clear
   * when they answer again, and the site incident resolves as it would have without the restart).
   */
  private async rebuild(): Promise<void> {
    for (const incident of await this.repository.openIncidents()) {
      this.index(incident);
      if (incident.scope.type === 'site') {
        this.siteDown.set(incident.id, new Set());
      }
    }
    for (const m of await this.repository.openSuppressedMembers()) {
      this.memberOf.set(m.deviceId, m.incidentId);
      if (m.role === 'base-station') {
        this.siteDown.get(m.incidentId)?.add(m.deviceId);
      }
    }
  }

  /** The base stations counted down into open site incidents: the engine adopts them at start. */
  outageStations(): string[] {
    return [...this.siteDown.values()].flatMap((down) => [...down]);
  }

  /**
   * An agent took a device counted into an outage as firing (at start): the device is judged on its own
   * if that outage resolves while it is still down, as it is when the agent fires here.
   */
  adoptSuppressed(rule: AlertRule, deviceId: string, at: number): void {
    if (this.memberOf.has(deviceId) && !this.suppressedFiring.has(deviceId)) {
      this.suppressedFiring.set(deviceId, { rule, at, value: 0 });
    }
  }

  onFeed(listener: (incidents: Incident[]) => void): () => void {
    this.feedListeners.add(listener);
    return () => this.feedListeners.delete(listener);
  }

  /** The open incidents about one device under one rule: what the agents adopt at start. */
  openDeviceIncidents(): { ruleId: string; deviceId: string }[] {
    return [...this.open.values()]
      .filter((i) => i.scope.type === 'device' && i.deviceId)
      .map((i) => ({ ruleId: i.ruleId, deviceId: i.deviceId! }));
  }

  /** Open incidents held by this instance. */
  openCount(): number {
    return this.open.size;
  }

  /** Runs one change after the previous ones. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch((err: Error) => this.logger.warn({ err: err.message }, 'incident change failed'));
    return next;
  }

  // ---- what the agents decided ----

  fire(
    rule: AlertRule,
    deviceId: string,
    at: number,
    value: number | null,
    flapCount?: number,
  ): Promise<void> {
    return this.serial(() => this.onFire(rule, deviceId, at, value, flapCount));
  }

  clear(rule: AlertRule, deviceId: string, at: number, value: number | null): Promise<void> {
    return this.serial(() => this.onClear(rule, deviceId, at, value));
  }

  update(rule: AlertRule, deviceId: string, value: number | null, flapCount?: number): Promise<void> {
    return this.serial(() => this.onUpdate(rule, deviceId, value, flapCount));
  }

  /**
   * Judges CPEs waiting for their parent, and notifies incidents whose maintenance window is over; the
   * engine calls it on its timer.
   */
  tick(now: number): Promise<void> {
    const unsilenced = this.windowOver(now);
    if (!this.pending.size && !unsilenced.length) {
      return Promise.resolve();
    }
    return this.serial(async () => {
      if (unsilenced.length) {
        await this.unsilence(unsilenced, now);
      }
      await this.judgePending(now);
    });
  }

  /** Open incidents silenced by a maintenance window that is over (ended, or deleted). */
  private windowOver(now: number): StoredIncident[] {
    const out: StoredIncident[] = [];
    for (const incident of this.open.values()) {
      const held = incident.silencedBy;
      if (
        held &&
        !this.alertConfig.currentWindows().some((w) => w.id === held.id && Date.parse(w.endsAt) > now)
      ) {
        out.push(incident);
      }
    }
    return out;
  }

  /**
   * The window that silenced these incidents is over while they are still open: each is notified now,
   * as it would have been when it opened (or moves to another window that still covers it). Once: the
   * incident leaves the window in the same transaction that writes the outbox rows.
   */
  private async unsilence(incidents: StoredIncident[], now: number): Promise<void> {
    const running = await this.repository.activeWindows(new Date(now));
    const channels = await this.alertConfig.channelRows();
    for (const incident of incidents) {
      const held = incident.silencedBy!;
      if (running.some((w) => w.id === held.id)) {
        continue; // this instance has not heard of a change to the window yet
      }
      const device = incident.deviceId ? (this.live.get(incident.deviceId) ?? null) : null;
      const next = this.windowFor(device, incident.site ?? null, new Date(now));
      const updated = await this.repository.tx(async (db) => {
        const row = await this.repository.swapSilence(
          incident.id,
          held.id,
          next ? { id: next.id, name: next.name } : null,
          db,
        );
        if (!row) {
          return null;
        }
        if (next) {
          await this.repository.addEvent(
            row.id,
            'silenced',
            `maintenance window ${held.name} is over; still inside ${next.name}: no notifications until it ends`,
            null,
            db,
          );
          return row;
        }
        await this.repository.addEvent(
          row.id,
          'notified',
          `maintenance window ${held.name} is over and the incident is still open: its opening is notified now`,
          null,
          db,
        );
        const items = this.outbox(channels, row, 'opened');
        if (!items.length) {
          return row;
        }
        await this.repository.enqueue(row.id, items, db);
        return this.repository.updateIncident(row.id, { last_notified_at: new Date(now) }, db);
      });
      const current = updated ?? (await this.repository.getIncident(incident.id));
      if (current) {
        this.index(current);
        if (updated) {
          this.changes.inc({ change: next ? 'silenced' : 'unsilenced' });
          this.publish([current]);
        }
      }
    }
  }

  /**
   * A rule was disabled, deleted or changed: its agent (and what it knew) is gone, so its open incidents
   * would never clear. They resolve now; a changed rule that still fires reopens them.
   */
  ruleRetired(ruleId: string, why: string): Promise<void> {
    return this.serial(async () => {
      for (const incident of [...this.open.values()]) {
        if (incident.ruleId === ruleId) {
          await this.resolveIncident(incident, 'auto', why, Date.now());
        }
      }
    });
  }

  private async onFire(
    rule: AlertRule,
    deviceId: string,
    at: number,
    value: number | null,
    flapCount?: number,
  ): Promise<void> {
    const device = this.live.get(deviceId);
    if (!device) {
      return;
    }
    if (rule.kind === 'absence') {
      if (this.rootOf(deviceId)) {
        // Already counted into an outage (a site incident, or one from before a restart): judged on its
        // own should that outage resolve while it is still down.
        if (this.memberOf.has(deviceId)) {
          this.suppressedFiring.set(deviceId, { rule, at, value });
        }
        return;
      }
      if (device.parentId) {
        const parentRoot = this.rootOf(device.parentId);
        if (parentRoot) {
          await this.suppress(parentRoot, device, rule, at, value);
          return;
        }
        const intervalMs = this.config.env.POLL_INTERVAL_MS;
        this.pending.set(deviceId, {
          rule,
          deviceId,
          parentId: device.parentId,
          at,
          value,
          deadline: at + this.config.env.ALERTS_PARENT_CONFIRM_INTERVALS * intervalMs,
        });
        await this.judgePending(at);
        return;
      }
      if (device.role === 'base-station' && device.site) {
        if (await this.maybeSite(rule, device, at, value)) {
          return;
        }
      }
    }
    await this.openFor(rule, device, at, value, flapCount);
  }

  /** The open incident a device is down under: its own outage incident, or the one it is counted into. */
  private rootOf(deviceId: string): StoredIncident | undefined {
    const id = this.downBy.get(deviceId) ?? this.memberOf.get(deviceId);
    return id ? this.byId(id) : undefined;
  }

  private byId(id: string): StoredIncident | undefined {
    for (const incident of this.open.values()) {
      if (incident.id === id) {
        return incident;
      }
    }
    return undefined;
  }

  /**
   * Each waiting CPE: counted into its parent's outage once there is one; its own incident once a poll
   * of the parent after the CPE's fault came back good; and its own as well when the parent gave no
   * verdict by the deadline.
   */
  private async judgePending(now: number): Promise<void> {
    for (const [deviceId, p] of [...this.pending]) {
      const device = this.live.get(deviceId);
      if (!device) {
        this.pending.delete(deviceId);
        continue;
      }
      const parentRoot = this.rootOf(p.parentId);
      if (parentRoot) {
        this.pending.delete(deviceId);
        await this.suppress(parentRoot, device, p.rule, p.at, p.value);
        continue;
      }
      const parentPoll = this.seen(p.parentId);
      const parentLive = this.live.get(p.parentId);
      const parentGoodAfter =
        (parentPoll?.ok === true && parentPoll.at > p.at) ||
        (!parentPoll &&
          parentLive?.lastPollAt !== null &&
          parentLive?.lastPollAt !== undefined &&
          Date.parse(parentLive.lastPollAt) > p.at);
      if (parentGoodAfter || !parentLive || now >= p.deadline) {
        this.pending.delete(deviceId);
        await this.openFor(p.rule, device, p.at, p.value);
      }
    }
  }

  /** Many base stations of one site down at once: one incident for the site. True when it took this one. */
  private async maybeSite(
    rule: AlertRule,
    device: DeviceLive,
    at: number,
    value: number | null,
  ): Promise<boolean> {
    const site = device.site!;
    const open = this.open.get(siteKey(site));
    if (open) {
      await this.suppress(open, device, rule, at, value, true);
      return true;
    }
    const stations = this.live.all().filter((d) => d.role === 'base-station' && d.site === site);
    const downStations = stations.filter((d) => d.id !== device.id && this.downBy.has(d.id));
    const down = downStations.length + 1;
    if (down < this.config.env.ALERTS_SITE_MIN_STATIONS || down * 2 < stations.length) {
      return false;
    }
    // One outage tree: a station of it notified moments ago counts as the tree's notification.
    const treeNotifiedAt = Math.max(
      0,
      ...downStations.map((d) => {
        const own = this.rootOf(d.id);
        return own?.lastNotifiedAt ? Date.parse(own.lastNotifiedAt) : 0;
      }),
    );
    const siteIncident = await this.openIncident(
      {
        key: siteKey(site),
        treeNotifiedAt,
        rule: { id: SITE_RULE_ID, name: 'Site outage', kind: 'absence', severity: rule.severity },
        scopeType: 'site',
        device: null,
        site,
        title: `Site ${site}: ${down} of ${stations.length} base stations down`,
        summary: `${down} of the ${stations.length} base stations of site ${site} stopped answering polls; their CPEs are counted into this incident.`,
        at,
        value,
      },
      [],
    );
    if (!siteIncident) {
      return false;
    }
    // The stations already down under incidents of their own move into the site incident.
    for (const station of downStations) {
      const own = this.rootOf(station.id);
      if (own && own.id !== siteIncident.id) {
        await this.merge(own, siteIncident);
      }
    }
    await this.suppress(siteIncident, device, rule, at, value, true);
    return true;
  }

  /** Folds a station's incident into the site incident: its members follow, it resolves as merged. */
  private async merge(from: StoredIncident, into: StoredIncident): Promise<void> {
    const members = await this.repository.members(from.id);
    const stationId = from.deviceId!;
    const updated = await this.repository.tx(async (db) => {
      await this.repository.addEvent(
        from.id,
        'suppressed',
        `merged into the site incident ${into.title}`,
        null,
        db,
      );
      const resolved = await this.repository.updateIncident(
        from.id,
        { state: 'resolved', resolved_at: new Date(), resolved_by: 'merged' },
        db,
      );
      let added = 0;
      for (const m of members) {
        if (await this.repository.addMember(into.id, { ...m, deviceId: m.id, relation: 'suppressed' }, db)) {
          added++;
        }
      }
      await this.repository.addEvent(
        into.id,
        'suppressed',
        `${from.deviceName ?? stationId} and ${added - 1} devices behind it counted in`,
        null,
        db,
      );
      const target = await this.repository.countIn(into.id, added, db);
      return [resolved!, target!] as const;
    });
    this.unindex(from);
    for (const m of members) {
      this.memberOf.set(m.id, into.id);
    }
    this.siteDown.get(into.id)?.add(stationId);
    this.index(updated[1]);
    this.changes.inc({ change: 'merged' });
    this.publish([updated[0], updated[1]]);
  }

  private async suppress(
    root: StoredIncident,
    device: DeviceLive,
    rule: AlertRule,
    at: number,
    value: number | null,
    station = false,
  ): Promise<void> {
    this.suppressedFiring.set(device.id, { rule, at, value });
    if (this.memberOf.get(device.id) === root.id) {
      return;
    }
    const member: Member = {
      deviceId: device.id,
      name: device.name,
      role: device.role,
      site: device.site,
      relation: 'suppressed',
    };
    const updated = await this.repository.tx(async (db) => {
      if (!(await this.repository.addMember(root.id, member, db))) {
        return null;
      }
      await this.repository.addEvent(
        root.id,
        'suppressed',
        `${device.name} (${device.role}) is down too: counted into this incident, not paged`,
        null,
        db,
        new Date(at),
      );
      return this.repository.countIn(root.id, 1, db);
    });
    this.memberOf.set(device.id, root.id);
    if (station) {
      this.siteDown.get(root.id)?.add(device.id);
    }
    if (updated) {
      this.index(updated);
      this.changes.inc({ change: 'suppressed' });
      this.publish([updated]);
    }
  }

  private async openFor(
    rule: AlertRule,
    device: DeviceLive,
    at: number,
    value: number | null,
    flapCount?: number,
  ): Promise<void> {
    const what = describe(rule, value, flapCount);
    await this.openIncident(
      {
        key: ruleKey(rule.id, device.id),
        rule,
        scopeType: 'device',
        device,
        site: device.site,
        title: `${device.name}: ${what}`,
        summary: `${rule.name} on ${device.name} (${device.role}${device.site ? `, site ${device.site}` : ''}): ${what}.`,
        at,
        value,
        flapCount,
      },
      [{ deviceId: device.id, name: device.name, role: device.role, site: device.site, relation: 'primary' }],
    );
  }

  private async openIncident(
    o: {
      key: string;
      rule: Pick<AlertRule, 'id' | 'name' | 'kind' | 'severity'>;
      scopeType: 'device' | 'site';
      device: DeviceLive | null;
      site: string | null;
      title: string;
      summary: string;
      at: number;
      value: number | null;
      flapCount?: number | undefined;
      /** When another incident of the same outage tree was last notified (epoch ms). */
      treeNotifiedAt?: number;
    },
    members: Member[],
  ): Promise<StoredIncident | null> {
    if (this.open.has(o.key)) {
      return this.open.get(o.key)!;
    }
    const window = this.windowFor(o.device, o.site, new Date());
    const silencedBy = window ? { id: window.id, name: window.name } : null;
    const reopenSince = new Date(Date.now() - this.config.env.ALERTS_REOPEN_MS);
    const channels = await this.alertConfig.channelRows();
    const quietMs = this.config.env.NOTIFY_TREE_QUIET_MS;
    const result = await this.repository.tx(async (db) => {
      const previous =
        this.config.env.ALERTS_REOPEN_MS > 0
          ? await this.repository.findRecentlyResolved(o.key, reopenSince, db)
          : null;
      let incident: StoredIncident | null;
      if (previous) {
        incident = await this.repository.updateIncident(
          previous.id,
          {
            state: 'open',
            resolved_at: null,
            resolved_by: null,
            acknowledged_at: null,
            acknowledged_by: null,
            last_value: o.value,
            flap_count: Math.max(previous.flapCount, o.flapCount ?? 0),
            silenced_by: silencedBy,
          },
          db,
        );
        await this.repository.addEvent(
          previous.id,
          'reopened',
          `fired again: ${o.title}`,
          null,
          db,
          new Date(o.at),
        );
      } else {
        incident = await this.repository.insertIncident(
          {
            dedupKey: o.key,
            ruleId: o.rule.id,
            ruleName: o.rule.name,
            kind: o.rule.kind,
            severity: o.rule.severity,
            scopeType: o.scopeType,
            deviceId: o.device?.id ?? null,
            deviceName: o.device?.name ?? null,
            site: o.site,
            title: o.title,
            summary: o.summary,
            flapCount: o.flapCount ?? 0,
            lastValue: o.value,
            silencedBy,
            openedAt: new Date(o.at),
          },
          db,
        );
        if (!incident) {
          return null; // another instance opened it first
        }
        await this.repository.addEvent(incident.id, 'opened', o.summary, null, db, new Date(o.at));
        for (const m of members) {
          await this.repository.addMember(incident.id, m, db);
        }
      }
      if (!incident) {
        return null;
      }
      if (silencedBy) {
        await this.repository.addEvent(
          incident.id,
          'silenced',
          `inside maintenance window ${silencedBy.name}: no notifications until it ends (the resolution is still sent)`,
          null,
          db,
        );
        return incident;
      }
      const lastOfTree = Math.max(
        o.treeNotifiedAt ?? 0,
        incident.lastNotifiedAt !== undefined ? Date.parse(incident.lastNotifiedAt) : 0,
      );
      // Within the tree's quiet period the notification waits for its end: the tree's next slot.
      const quietUntil =
        lastOfTree > 0 && Date.now() - lastOfTree < quietMs ? new Date(lastOfTree + quietMs) : undefined;
      const items = this.outbox(channels, incident, previous ? 'escalated' : 'opened', quietUntil);
      if (items.length) {
        await this.repository.enqueue(incident.id, items, db);
        incident =
          (await this.repository.updateIncident(
            incident.id,
            { last_notified_at: quietUntil ?? new Date() },
            db,
          )) ?? incident;
      }
      return incident;
    });
    if (!result) {
      const existing = await this.repository.findOpenByKey(o.key);
      if (existing) {
        this.index(existing);
      }
      return existing;
    }
    this.index(result);
    if (o.scopeType === 'site') {
      this.siteDown.set(result.id, new Set());
    }
    this.changes.inc({ change: 'opened' });
    this.publish([result]);
    // CPEs waiting for this device's verdict are counted in now.
    if (o.device && o.rule.kind === 'absence') {
      await this.judgePending(Date.now());
    }
    return result;
  }

  /** Outbox rows for every enabled channel whose severity floor the incident reaches. */
  private outbox(
    channels: Awaited<ReturnType<AlertConfigService['channelRows']>>,
    incident: StoredIncident,
    event: 'opened' | 'resolved' | 'escalated',
    quietUntil?: Date,
  ): OutboxItem[] {
    const payload = { event, incident: publicIncident(incident) };
    return channels
      .filter((c) => c.enabled && severityRank(incident.severity) <= severityRank(c.min_severity))
      .map((c) =>
        quietUntil && event !== 'resolved'
          ? {
              channelId: c.id,
              event,
              payload,
              state: 'pending' as const,
              notBefore: quietUntil,
              lastError: `this outage was notified less than the quiet period ago (NOTIFY_TREE_QUIET_MS): held until ${quietUntil.toISOString()}`,
            }
          : { channelId: c.id, event, payload, state: 'pending' as const },
      );
  }

  private windowFor(device: DeviceLive | null, site: string | null, at: Date): MaintenanceWindow | undefined {
    const t = at.getTime();
    return this.alertConfig.currentWindows().find((w) => {
      if (Date.parse(w.startsAt) > t || Date.parse(w.endsAt) <= t) {
        return false;
      }
      switch (w.scope.type) {
        case 'device':
          return device !== null && (w.scope.value === device.id || w.scope.value === device.name);
        case 'site':
          return site !== null && w.scope.value === site;
        case 'tag':
          return device !== null && device.tags.includes(w.scope.value);
      }
    });
  }

  private async onUpdate(
    rule: AlertRule,
    deviceId: string,
    value: number | null,
    flapCount?: number,
  ): Promise<void> {
    const incident = this.open.get(ruleKey(rule.id, deviceId));
    if (!incident) {
      return;
    }
    const set: Record<string, unknown> = { last_value: value };
    if (flapCount !== undefined && flapCount > incident.flapCount) {
      set.flap_count = flapCount;
    }
    const updated = await this.repository.updateIncident(incident.id, set);
    if (updated) {
      this.index(updated);
      this.publish([updated]);
    }
  }

  private async onClear(rule: AlertRule, deviceId: string, at: number, value: number | null): Promise<void> {
    this.pending.delete(deviceId);
    this.suppressedFiring.delete(deviceId);
    const own = this.open.get(ruleKey(rule.id, deviceId));
    if (own) {
      await this.resolveIncident(
        own,
        'auto',
        `the condition cleared${value !== null ? ` (${value})` : ''}`,
        at,
      );
      return;
    }
    await this.leaveRoot(deviceId, at, 'every base station of the site answers again');
  }

  /** A device counted into an outage is no longer down in it; the last station of a site resolves it. */
  private async leaveRoot(deviceId: string, at: number, why: string): Promise<void> {
    const rootId = this.memberOf.get(deviceId);
    if (!rootId) {
      return;
    }
    this.memberOf.delete(deviceId);
    const down = this.siteDown.get(rootId);
    if (down?.delete(deviceId) && down.size === 0) {
      const site = this.byId(rootId);
      if (site) {
        await this.resolveIncident(site, 'auto', why, at);
      }
    }
  }

  /**
   * A device left the inventory: its own open incidents resolve (`resolvedBy: device-removed`), and it
   * is no longer counted down in an outage (a site incident whose last station it was resolves).
   */
  deviceRemoved(deviceId: string): Promise<void> {
    return this.serial(async () => {
      this.pending.delete(deviceId);
      this.suppressedFiring.delete(deviceId);
      const now = Date.now();
      for (const incident of [...this.open.values()]) {
        if (incident.scope.type === 'device' && incident.deviceId === deviceId) {
          await this.resolveIncident(incident, DEVICE_REMOVED, 'device removed from the inventory', now);
        }
      }
      await this.leaveRoot(
        deviceId,
        now,
        'every base station of the site answers again or left the inventory',
      );
    });
  }

  private async resolveIncident(
    incident: StoredIncident,
    by: string,
    detail: string,
    at: number,
    actor?: string,
  ): Promise<StoredIncident> {
    const channels = await this.alertConfig.channelRows();
    // Only an open incident: another instance that saw the same change (a removed device, a retired
    // rule) may have resolved it first, and its resolution is sent once.
    let first = true;
    const resolved = await this.repository.tx(async (db: Db) => {
      const row = await this.repository.resolveOpen(incident.id, new Date(at), by, db);
      if (!row) {
        first = false;
        const current = await this.repository.getIncident(incident.id, db);
        if (!current) {
          throw AlertsError.notFound('incident', incident.id);
        }
        return current;
      }
      await this.repository.addEvent(incident.id, 'resolved', detail, actor ?? null, db, new Date(at));
      // Always, also for an incident that was silenced or opened inside a maintenance window; what the
      // quiet period still holds back of it goes first.
      await this.repository.releaseHeld(incident.id, db);
      const items = this.outbox(channels, row, 'resolved');
      await this.repository.enqueue(incident.id, items, db);
      return row;
    });
    this.unindex(incident);
    if (first) {
      this.changes.inc({ change: 'resolved' });
      this.publish([resolved]);
    }
    // Devices counted into it that are still down are judged on their own now.
    const orphans = [...this.memberOf].filter(([, id]) => id === incident.id).map(([deviceId]) => deviceId);
    for (const deviceId of orphans) {
      this.memberOf.delete(deviceId);
      const firing = this.suppressedFiring.get(deviceId);
      if (firing) {
        this.suppressedFiring.delete(deviceId);
        await this.onFire(firing.rule, deviceId, Date.now(), firing.value);
      }
    }
    return resolved;
  }

  // ---- what operators do ----

  /** One page of incidents as the query asks; the controller asks one past the page to set nextCursor. */
  async list(query: IncidentListQuery): Promise<IncidentList> {
    const rows = await this.repository.listIncidents(query);
    return { incidents: rows.map(publicIncident) };
  }

  /**
   * The active incidents of some sites (none: all), worst first, at most `limit`, and whether more are
   * open: what a wall display starts from.
   */
  async activeOf(
    sites: readonly string[],
    limit: number,
  ): Promise<{ incidents: Incident[]; truncated: boolean }> {
    const rows = await this.repository.activeIncidentsOf(sites, limit + 1);
    return { incidents: rows.slice(0, limit).map(publicIncident), truncated: rows.length > limit };
  }

  async detail(id: string): Promise<IncidentDetail> {
    const incident = await this.repository.getIncident(id);
    if (!incident) {
      throw AlertsError.notFound('incident', id);
    }
    const [timeline, affected] = await Promise.all([
      this.repository.timeline(id),
      this.repository.members(id),
    ]);
    return { incident: publicIncident(incident), timeline, affected };
  }

  acknowledge(id: string, actor: string): Promise<Incident> {
    return this.serial(async () => {
      const incident = await this.requireOpen(id);
      if (incident.state === 'acknowledged') {
        return publicIncident(incident);
      }
      const updated = await this.repository.tx(async (db) => {
        await this.repository.addEvent(id, 'acknowledged', `acknowledged by ${actor}`, actor, db);
        return this.repository.updateIncident(
          id,
          { state: 'acknowledged', acknowledged_at: new Date(), acknowledged_by: actor },
          db,
        );
      });
      this.index(updated!);
      this.publish([updated!]);
      return publicIncident(updated!);
    });
  }

  assign(id: string, assignee: string, actor: string): Promise<Incident> {
    return this.serial(async () => {
      await this.requireOpen(id);
      const updated = await this.repository.tx(async (db) => {
        await this.repository.addEvent(id, 'assigned', `assigned to ${assignee} by ${actor}`, actor, db);
        return this.repository.updateIncident(id, { assignee }, db);
      });
      this.index(updated!);
      this.publish([updated!]);
      return publicIncident(updated!);
    });
  }

  resolveByHand(id: string, actor: string, note?: string): Promise<Incident> {
    return this.serial(async () => {
      const incident = await this.requireOpen(id);
      const resolved = await this.resolveIncident(
        incident,
        actor,
        `resolved by ${actor}${note ? `: ${note}` : ''}`,
        Date.now(),
        actor,
      );
      return publicIncident(resolved);
    });
  }

  private async requireOpen(id: string): Promise<StoredIncident> {
    const incident = await this.repository.getIncident(id);
    if (!incident) {
      throw AlertsError.notFound('incident', id);
    }
    if (incident.state === 'resolved') {
      throw new AlertsError('resolved', `Incident ${id} is resolved already`);
    }
    return incident;
  }

  // ---- indexes and the feed ----

  private index(incident: StoredIncident): void {
    if (incident.state === 'resolved') {
      this.unindex(incident);
      return;
    }
    this.open.set(incident.dedupKey, incident);
    if (incident.deviceId && incident.kind === 'absence' && incident.scope.type === 'device') {
      this.downBy.set(incident.deviceId, incident.id);
    }
  }

  private unindex(incident: StoredIncident): void {
    const held = this.open.get(incident.dedupKey);
    if (held && held.id === incident.id) {
      this.open.delete(incident.dedupKey);
    }
    if (incident.deviceId && this.downBy.get(incident.deviceId) === incident.id) {
      this.downBy.delete(incident.deviceId);
    }
    this.siteDown.delete(incident.id);
  }

  private publish(incidents: StoredIncident[]): void {
    const out = incidents.map(publicIncident);
    this.send(out);
    void this.pubsub
      .publish(FEED_CHANNEL, JSON.stringify({ from: this.instanceId, incidents: out }))
      .catch((err: Error) =>
        this.logger.warn({ err: err.message }, 'incident change not announced to other instances'),
      );
  }

  private send(incidents: Incident[]): void {
    this.feed.send('incidents:changed', { incidents });
    for (const listener of this.feedListeners) {
      listener(incidents);
    }
  }

  private receive(message: string): void {
    let parsed: z.infer<typeof FeedMessageSchema>;
    try {
      parsed = FeedMessageSchema.parse(JSON.parse(message));
    } catch {
      return;
    }
    if (parsed.from === this.instanceId) {
      return;
    }
    // Another instance changed these: keep this instance's open set current (an ack, a resolve).
    for (const incident of parsed.incidents) {
      const held = [...this.open.values()].find((i) => i.id === incident.id);
      if (held) {
        this.index({ ...held, ...incident, dedupKey: held.dedupKey });
      }
    }
    this.send(parsed.incidents);
  }
}

const UNITS: Record<string, string> = {
  snr: ' dB',
  rssi: ' dBm',
  noiseFloor: ' dBm',
  throughput: ' Mbps',
  latency: ' ms',
  temperature: ' °C',
  reachable: '',
};

function describe(rule: AlertRule, value: number | null, flapCount?: number): string {
  switch (rule.kind) {
    case 'absence':
      return 'not answering polls';
    case 'flapping':
      return `flapping: ${flapCount ?? '?'} up/down changes within ${rule.windowSec ?? 600} s`;
    case 'anomaly':
      return `${rule.metric} anomaly (robust z-score ${value ?? '?'})`;
    case 'rateOfChange':
      return `${rule.metric} changing at ${value ?? '?'}${UNITS[rule.metric]}/min`;
    case 'threshold':
      return `${rule.metric} ${value ?? '?'}${UNITS[rule.metric]} ${rule.condition?.op ?? ''} ${rule.condition?.value ?? ''}${UNITS[rule.metric]}${rule.durationSec ? ` for ${rule.durationSec} s` : ''}`;
  }
}
