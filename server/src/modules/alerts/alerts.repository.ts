// The only alerts code that speaks SQL: rules, incidents (members, timeline), maintenance windows,
// notification channels and the delivery outbox, and the 15-minute aggregates. Plain pg on the pool
// under TypeORM's DataSource, so an incident change and the outbox rows announcing it commit together.
import { Injectable } from '@nestjs/common';
import type {
  AffectedDevice,
  AlertRule,
  AlertRuleCreate,
  Delivery,
  Incident,
  IncidentEvent,
  IncidentEventType,
  IncidentListQuery,
  MaintenanceWindow,
  MaintenanceWindowCreate,
  NotificationChannel,
} from '@wsnoc/shared';
import { ALERT_SEVERITIES } from '@wsnoc/shared';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AggregateRow } from '@/modules/analytics/window-aggregates.js';

export type Db = Pick<pg.Pool, 'query'>;

const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

interface RuleRow {
  id: string;
  name: string;
  enabled: boolean;
  metric: AlertRule['metric'];
  kind: AlertRule['kind'];
  condition: AlertRule['condition'] | null;
  duration_sec: number;
  window_sec: number | null;
  count: number | null;
  severity: AlertRule['severity'];
  scope: AlertRule['scope'];
  builtin: boolean;
  updated_at: Date;
}

function toRule(r: RuleRow): AlertRule {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    metric: r.metric,
    kind: r.kind,
    ...(r.condition ? { condition: r.condition } : {}),
    durationSec: r.duration_sec,
    ...(r.window_sec !== null ? { windowSec: r.window_sec } : {}),
    ...(r.count !== null ? { count: r.count } : {}),
    severity: r.severity,
    scope: r.scope,
    builtin: r.builtin,
    updatedAt: r.updated_at.toISOString(),
  };
}

export interface IncidentRow {
  id: string;
  dedup_key: string;
  rule_id: string;
  rule_name: string;
  kind: Incident['kind'];
  severity: Incident['severity'];
  state: Incident['state'];
  scope_type: 'device' | 'site';
  device_id: string | null;
  device_name: string | null;
  site: string | null;
  title: string;
  summary: string;
  affected_count: number;
  suppressed_count: number;
  flap_count: number;
  opened_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  assignee: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  silenced_by: { id: string; name: string } | null;
  last_value: number | null;
  last_notified_at: Date | null;
  updated_at: Date;
}

export interface StoredIncident extends Incident {
  dedupKey: string;
  lastNotifiedAt?: string;
}

export function toIncident(r: IncidentRow): StoredIncident {
  const scope: Incident['scope'] =
    r.scope_type === 'site'
      ? { type: 'site', ...(r.site ? { site: r.site } : {}) }
      : { type: 'device', ...(r.device_id ? { deviceId: r.device_id } : {}) };
  const out: StoredIncident = {
    id: r.id,
    dedupKey: r.dedup_key,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    kind: r.kind,
    severity: r.severity,
    state: r.state,
    scope,
    title: r.title,
    summary: r.summary,
    affectedCount: r.affected_count,
    suppressedCount: r.suppressed_count,
    flapCount: r.flap_count,
    openedAt: r.opened_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
  if (r.device_id) {
    out.deviceId = r.device_id;
  }
  if (r.device_name) {
    out.deviceName = r.device_name;
  }
  if (r.site) {
    out.site = r.site;
  }
  if (r.acknowledged_at) {
    out.acknowledgedAt = iso(r.acknowledged_at)!;
  }
  if (r.acknowledged_by) {
    out.acknowledgedBy = r.acknowledged_by;
  }
  if (r.assignee) {
    out.assignee = r.assignee;
  }
  if (r.resolved_at) {
    out.resolvedAt = iso(r.resolved_at)!;
  }
  if (r.resolved_by) {
    out.resolvedBy = r.resolved_by;
  }
  if (r.silenced_by) {
    out.silencedBy = r.silenced_by;
  }
  if (r.last_value !== null) {
    out.lastValue = r.last_value;
  }
  if (r.last_notified_at) {
    out.lastNotifiedAt = iso(r.last_notified_at)!;
  }
  return out;
}

/** The public shape: the stored extras stripped. */
export function publicIncident(i: StoredIncident): Incident {
  const { dedupKey: _k, lastNotifiedAt: _n, ...rest } = i;
  return rest;
}

export interface NewIncident {
  dedupKey: string;
  ruleId: string;
  ruleName: string;
  kind: Incident['kind'];
  severity: Incident['severity'];
  scopeType: 'device' | 'site';
  deviceId: string | null;
  deviceName: string | null;
  site: string | null;
  title: string;
  summary: string;
  flapCount: number;
  lastValue: number | null;
  silencedBy: { id: string; name: string } | null;
  openedAt: Date;
}

export interface Member {
  deviceId: string;
  name: string;
  role: 'base-station' | 'cpe';
  site: string | null;
  relation: 'primary' | 'suppressed';
}

export interface OutboxItem {
  channelId: string;
  event: Delivery['event'];
  payload: unknown;
  state: 'pending' | 'rate-limited';
  lastError?: string;
  /** Not sent before this (the outage tree's quiet period); now when unset. */
  notBefore?: Date;
}

export interface ChannelRow {
  id: string;
  name: string;
  type: 'webhook' | 'email';
  target: string;
  enabled: boolean;
  min_severity: NotificationChannel['minSeverity'];
  rate_limit_per_min: number;
  secret_enc: string | null;
  updated_at: Date;
}

export function toChannel(r: ChannelRow): NotificationChannel {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    target: r.target,
    enabled: r.enabled,
    minSeverity: r.min_severity,
    rateLimitPerMin: r.rate_limit_per_min,
    hasSecret: r.secret_enc !== null,
    updatedAt: r.updated_at.toISOString(),
  };
}

export interface DeliveryRow {
  id: string;
  channel_id: string;
  incident_id: string | null;
  event: Delivery['event'];
  payload: unknown;
  state: Delivery['state'];
  attempts: number;
  last_error: string | null;
  last_status: number | null;
  created_at: Date;
  next_attempt_at: Date;
  delivered_at: Date | null;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: String(r.id),
  channelId: r.channel_id,
  incidentId: r.incident_id,
  event: r.event,
  state: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  lastStatus: r.last_status,
  createdAt: r.created_at.toISOString(),
  deliveredAt: iso(r.delivered_at) ?? null,
  nextAttemptAt: r.state === 'pending' ? r.next_attempt_at.toISOString() : null,
});

interface WindowRow {
  id: string;
  name: string;
  scope_type: MaintenanceWindow['scope']['type'];
  scope_value: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_by: string;
  created_at: Date;
}

const toWindow = (r: WindowRow): MaintenanceWindow => ({
  id: r.id,
  name: r.name,
  scope: { type: r.scope_type, value: r.scope_value },
  startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at.toISOString(),
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});

/** Postgres' unique_violation. */
export const isUniqueViolation = (err: unknown): boolean => (err as { code?: string })?.code === '23505';

@Injectable()
export class AlertsRepository {
  private readonly pool: pg.Pool;
  /** Transactions (by their client) that enqueued notifications, told about at commit. */
  private readonly enqueuedIn = new Set<Db>();
  private readonly enqueueListeners = new Set<() => void>();

  constructor(dataSource: DataSource) {
    const master = (dataSource.driver as unknown as { master?: Partial<pg.Pool> }).master;
    if (!master || typeof master.query !== 'function' || typeof master.connect !== 'function') {
      throw new Error('alerts need the pg pool of a Postgres DataSource');
    }
    this.pool = master as pg.Pool;
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = [], db: Db = this.pool) {
    return (await db.query<R>(sql, params)).rows;
  }

  /** Runs `work` in one transaction. */
  async tx<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      if (this.enqueuedIn.delete(client)) {
        this.tellEnqueued();
      }
      return result;
    } catch (err) {
      this.enqueuedIn.delete(client);
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Told once notifications were enqueued and committed, so the outbox is looked at now, not on a timer. */
  onEnqueued(listener: () => void): () => void {
    this.enqueueListeners.add(listener);
    return () => this.enqueueListeners.delete(listener);
  }

  private tellEnqueued(): void {
    for (const listener of this.enqueueListeners) {
      listener();
    }
  }

  // ---- rules ----

  async listRules(): Promise<AlertRule[]> {
    return (await this.rows<RuleRow>(`SELECT * FROM alert_rules ORDER BY builtin DESC, name`)).map(toRule);
  }

  async getRule(id: string): Promise<AlertRule | null> {
    const [row] = await this.rows<RuleRow>(`SELECT * FROM alert_rules WHERE id = $1`, [id]);
    return row ? toRule(row) : null;
  }

  async insertRule(r: AlertRuleCreate): Promise<AlertRule> {
    const [row] = await this.rows<RuleRow>(
      `INSERT INTO alert_rules (name, enabled, metric, kind, condition, duration_sec, window_sec, count, severity, scope)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        r.name,
        r.enabled,
        r.metric,
        r.kind,
        r.condition ? JSON.stringify(r.condition) : null,
        r.durationSec,
        r.windowSec ?? null,
        r.count ?? null,
        r.severity,
        JSON.stringify(r.scope),
      ],
    );
    return toRule(row!);
  }

  async replaceRule(rule: AlertRule): Promise<AlertRule | null> {
    const [row] = await this.rows<RuleRow>(
      `UPDATE alert_rules SET name = $2, enabled = $3, metric = $4, kind = $5, condition = $6, duration_sec = $7,
         window_sec = $8, count = $9, severity = $10, scope = $11, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [
        rule.id,
        rule.name,
        rule.enabled,
        rule.metric,
        rule.kind,
        rule.condition ? JSON.stringify(rule.condition) : null,
        rule.durationSec,
        rule.windowSec ?? null,
        rule.count ?? null,
        rule.severity,
        JSON.stringify(rule.scope),
      ],
    );
    return row ? toRule(row) : null;
  }

  async deleteRule(id: string): Promise<boolean> {
    const result = await this.pool.query(`DELETE FROM alert_rules WHERE id = $1`, [id]);
    return (result.rowCount ?? 0) > 0;
  }

  // ---- incidents ----

  async openIncidents(): Promise<StoredIncident[]> {
    return (await this.rows<IncidentRow>(`SELECT * FROM incidents WHERE state <> 'resolved'`)).map(
      toIncident,
    );
  }

  /**
   * Active incidents of some sites (none named: every incident), worst first and the longest open first
   * within a severity, at most `limit`.
   */
  async activeIncidentsOf(sites: readonly string[], limit: number): Promise<StoredIncident[]> {
    const rows = await this.rows<IncidentRow>(
      `SELECT * FROM incidents
       WHERE state <> 'resolved' AND (cardinality($1::text[]) = 0 OR site = ANY($1::text[]))
       ORDER BY array_position($2::text[], severity), opened_at, id LIMIT $3`,
      [sites, ALERT_SEVERITIES, limit],
    );
    return rows.map(toIncident);
  }

  /** The devices counted into open incidents (suppressed): what a restart rebuilds the outages from. */
  async openSuppressedMembers(): Promise<{ incidentId: string; deviceId: string; role: Member['role'] }[]> {
    const rows = await this.rows<{ incident_id: string; device_id: string; role: Member['role'] }>(
      `SELECT m.incident_id, m.device_id, m.role FROM incident_members m JOIN incidents i ON i.id = m.incident_id
       WHERE i.state <> 'resolved' AND m.relation = 'suppressed'`,
    );
    return rows.map((r) => ({ incidentId: r.incident_id, deviceId: r.device_id, role: r.role }));
  }

  async getIncident(id: string, db: Db = this.pool): Promise<StoredIncident | null> {
    const [row] = await this.rows<IncidentRow>(`SELECT * FROM incidents WHERE id = $1`, [id], db);
    return row ? toIncident(row) : null;
  }

  async findOpenByKey(key: string, db: Db = this.pool): Promise<StoredIncident | null> {
    const [row] = await this.rows<IncidentRow>(
      `SELECT * FROM incidents WHERE dedup_key = $1 AND state <> 'resolved'`,
      [key],
      db,
    );
    return row ? toIncident(row) : null;
  }

  /** The newest resolved incident of the key, resolved after `since` (a reopen candidate). */
  async findRecentlyResolved(key: string, since: Date, db: Db = this.pool): Promise<StoredIncident | null> {
    const [row] = await this.rows<IncidentRow>(
      `SELECT * FROM incidents WHERE dedup_key = $1 AND state = 'resolved' AND resolved_at > $2
         AND resolved_by = 'auto' ORDER BY resolved_at DESC LIMIT 1`,
      [key, since],
      db,
    );
    return row ? toIncident(row) : null;
  }

  /** Inserts an open incident; null when another instance opened the key first. */
  async insertIncident(n: NewIncident, db: Db): Promise<StoredIncident | null> {
    const [row] = await this.rows<IncidentRow>(
      `INSERT INTO incidents (dedup_key, rule_id, rule_name, kind, severity, scope_type, device_id, device_name, site,
         title, summary, flap_count, last_value, silenced_by, opened_at, affected_count, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now())
       ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO NOTHING RETURNING *`,
      [
        n.dedupKey,
        n.ruleId,
        n.ruleName,
        n.kind,
        n.severity,
        n.scopeType,
        n.deviceId,
        n.deviceName,
        n.site,
        n.title,
        n.summary,
        n.flapCount,
        n.lastValue,
        n.silencedBy ? JSON.stringify(n.silencedBy) : null,
        n.openedAt,
        // A site incident counts the stations (and CPEs) as they are counted into it.
        n.scopeType === 'site' ? 0 : 1,
      ],
      db,
    );
    return row ? toIncident(row) : null;
  }

  /** Sets the named columns (snake_case) and returns the row. */
  async updateIncident(
    id: string,
    set: Record<string, unknown>,
    db: Db = this.pool,
  ): Promise<StoredIncident | null> {
    const keys = Object.keys(set);
    const assignments = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
    const values = keys.map((k) => {
      const v = set[k];
      return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
    });
    const [row] = await this.rows<IncidentRow>(
      `UPDATE incidents SET ${assignments}, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, ...values],
      db,
    );
    return row ? toIncident(row) : null;
  }

  /**
   * Moves an open incident from the maintenance window that silenced it to another (or to none), only if
   * that window still silences it: null when another instance (or an earlier pass) did it first.
   */
  async swapSilence(
    id: string,
    from: string,
    to: { id: string; name: string } | null,
    db: Db,
  ): Promise<StoredIncident | null> {
    const [row] = await this.rows<IncidentRow>(
      `UPDATE incidents SET silenced_by = $3, updated_at = now()
       WHERE id = $1 AND state <> 'resolved' AND silenced_by ->> 'id' = $2 RETURNING *`,
      [id, from, to ? JSON.stringify(to) : null],
      db,
    );
    return row ? toIncident(row) : null;
  }

  /** Resolves an incident that is still open: null when it is resolved already (by another instance). */
  async resolveOpen(id: string, at: Date, by: string, db: Db): Promise<StoredIncident | null> {
    const [row] = await this.rows<IncidentRow>(
      `UPDATE incidents SET state = 'resolved', resolved_at = $2, resolved_by = $3, updated_at = now()
       WHERE id = $1 AND state <> 'resolved' RETURNING *`,
      [id, at, by],
      db,
    );
    return row ? toIncident(row) : null;
  }

  /** Counts `n` more devices into an incident, atomically (never from a stale copy). */
  async countIn(id: string, n: number, db: Db = this.pool): Promise<StoredIncident | null> {
    const [row] = await this.rows<IncidentRow>(
      `UPDATE incidents SET suppressed_count = suppressed_count + $2, affected_count = affected_count + $2,
         updated_at = now() WHERE id = $1 RETURNING *`,
      [id, n],
      db,
    );
    return row ? toIncident(row) : null;
  }

  async addEvent(
    incidentId: string,
    type: IncidentEventType,
    detail: string,
    actor: string | null = null,
    db: Db = this.pool,
    at: Date = new Date(),
  ): Promise<void> {
    await db.query(
      `INSERT INTO incident_events (incident_id, at, type, actor, detail) VALUES ($1, $2, $3, $4, $5)`,
      [incidentId, at, type, actor, detail],
    );
  }

  /** True when the device was not a member yet. */
  async addMember(incidentId: string, m: Member, db: Db = this.pool): Promise<boolean> {
    const result = await db.query(
      `INSERT INTO incident_members (incident_id, device_id, device_name, role, site, relation)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [incidentId, m.deviceId, m.name, m.role, m.site, m.relation],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async members(incidentId: string): Promise<AffectedDevice[]> {
    const rows = await this.rows<{
      device_id: string;
      device_name: string;
      role: AffectedDevice['role'];
      site: string | null;
      relation: AffectedDevice['relation'];
    }>(`SELECT * FROM incident_members WHERE incident_id = $1 ORDER BY relation, device_name`, [incidentId]);
    return rows.map((r) => ({
      id: r.device_id,
      name: r.device_name,
      role: r.role,
      site: r.site,
      relation: r.relation,
    }));
  }

  async timeline(incidentId: string): Promise<IncidentEvent[]> {
    const rows = await this.rows<{ at: Date; type: IncidentEventType; actor: string | null; detail: string }>(
      `SELECT at, type, actor, detail FROM incident_events WHERE incident_id = $1 ORDER BY id`,
      [incidentId],
    );
    return rows.map((r) => ({
      at: r.at.toISOString(),
      type: r.type,
      ...(r.actor ? { actor: r.actor } : {}),
      detail: r.detail,
    }));
  }

  async listIncidents(q: IncidentListQuery): Promise<StoredIncident[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.state) {
      add('state = ANY(?)', q.state);
    }
    if (q.severity) {
      add('severity = ANY(?)', q.severity);
    }
    if (q.site) {
      add('site = ?', q.site);
    }
    if (q.deviceId) {
      params.push(q.deviceId);
      const p = `$${params.length}`;
      where.push(
        `(device_id = ${p} OR id IN (SELECT incident_id FROM incident_members WHERE device_id = ${p}))`,
      );
    }
    if (q.cursor) {
      // Keyset: strictly after the previous page's last row in the list's order, so a row is never listed
      // twice nor skipped, however many share one opened_at (stored from a JS Date: millisecond precision).
      params.push(new Date(q.cursor.openedAt), q.cursor.id);
      where.push(`(opened_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(q.limit);
    const rows = await this.rows<IncidentRow>(
      `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY opened_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toIncident);
  }

  // ---- maintenance windows ----

  async listWindows(): Promise<MaintenanceWindow[]> {
    const rows = await this.rows<WindowRow>(
      `SELECT * FROM maintenance_windows ORDER BY (ends_at < now()), starts_at DESC LIMIT 500`,
    );
    return rows.map(toWindow);
  }

  async activeWindows(at: Date): Promise<MaintenanceWindow[]> {
    const rows = await this.rows<WindowRow>(
      `SELECT * FROM maintenance_windows WHERE starts_at <= $1 AND ends_at > $1`,
      [at],
    );
    return rows.map(toWindow);
  }

  /** Windows that have not ended yet (running or ahead). */
  async currentAndFutureWindows(): Promise<MaintenanceWindow[]> {
    return (await this.rows<WindowRow>(`SELECT * FROM maintenance_windows WHERE ends_at > now()`)).map(
      toWindow,
    );
  }

  async insertWindow(w: MaintenanceWindowCreate, createdBy: string): Promise<MaintenanceWindow> {
    const [row] = await this.rows<WindowRow>(
      `INSERT INTO maintenance_windows (name, scope_type, scope_value, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [w.name, w.scope.type, w.scope.value, new Date(w.startsAt), new Date(w.endsAt), w.reason, createdBy],
    );
    return toWindow(row!);
  }

  async deleteWindow(id: string): Promise<boolean> {
    const result = await this.pool.query(`DELETE FROM maintenance_windows WHERE id = $1`, [id]);
    return (result.rowCount ?? 0) > 0;
  }

  // ---- channels and the outbox ----

  async listChannels(): Promise<ChannelRow[]> {
    return this.rows<ChannelRow>(`SELECT * FROM notification_channels ORDER BY name`);
  }

  async getChannel(id: string): Promise<ChannelRow | null> {
    const [row] = await this.rows<ChannelRow>(`SELECT * FROM notification_channels WHERE id = $1`, [id]);
    return row ?? null;
  }

  async insertChannel(c: Omit<ChannelRow, 'id' | 'updated_at'>): Promise<ChannelRow> {
    const [row] = await this.rows<ChannelRow>(
      `INSERT INTO notification_channels (name, type, target, enabled, min_severity, rate_limit_per_min, secret_enc)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [c.name, c.type, c.target, c.enabled, c.min_severity, c.rate_limit_per_min, c.secret_enc],
    );
    return row!;
  }

  async replaceChannel(c: ChannelRow): Promise<ChannelRow | null> {
    const [row] = await this.rows<ChannelRow>(
      `UPDATE notification_channels SET name = $2, target = $3, enabled = $4, min_severity = $5,
         rate_limit_per_min = $6, secret_enc = $7, updated_at = now() WHERE id = $1 RETURNING *`,
      [c.id, c.name, c.target, c.enabled, c.min_severity, c.rate_limit_per_min, c.secret_enc],
    );
    return row ?? null;
  }

  async deleteChannel(id: string): Promise<boolean> {
    const result = await this.pool.query(`DELETE FROM notification_channels WHERE id = $1`, [id]);
    return (result.rowCount ?? 0) > 0;
  }

  async deliveries(channelId: string, limit = 200): Promise<Delivery[]> {
    const rows = await this.rows<DeliveryRow>(
      `SELECT * FROM notification_deliveries WHERE channel_id = $1 ORDER BY id DESC LIMIT $2`,
      [channelId, limit],
    );
    return rows.map(toDelivery);
  }

  async enqueue(incidentId: string | null, items: OutboxItem[], db: Db): Promise<void> {
    for (const item of items) {
      await db.query(
        `INSERT INTO notification_deliveries (channel_id, incident_id, event, payload, state, last_error,
           next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, now()))`,
        [
          item.channelId,
          incidentId,
          item.event,
          JSON.stringify(item.payload),
          item.state,
          item.lastError ?? null,
          item.notBefore ?? null,
        ],
      );
    }
    if (!items.length) {
      return;
    }
    if (db === this.pool) {
      this.tellEnqueued(); // outside a transaction: the rows are there now
    } else {
      this.enqueuedIn.add(db); // told when the transaction commits
    }
  }

  /** When the earliest pending delivery falls due (or its lease runs out); null when none is pending. */
  async nextDueAt(): Promise<Date | null> {
    const [row] = await this.rows<{ at: Date | null }>(
      `SELECT min(GREATEST(next_attempt_at, COALESCE(locked_until, next_attempt_at))) AS at
       FROM notification_deliveries WHERE state = 'pending'`,
    );
    return row?.at ?? null;
  }

  /**
   * Takes up to `limit` due deliveries for `leaseMs`: another instance (or this one after a restart) takes
   * a row again only once its lease has run out, so a delivery in progress is never sent twice at once.
   * A row waits while an earlier one of the same incident to the same channel is still pending, so a
   * receiver hears of an incident in order (opened before resolved) whatever held the earlier one back.
   */
  async claimDue(limit: number, leaseMs: number): Promise<DeliveryRow[]> {
    return this.rows<DeliveryRow>(
      `UPDATE notification_deliveries SET locked_until = now() + ($2 || ' milliseconds')::interval
       WHERE id IN (
         SELECT d.id FROM notification_deliveries d
         WHERE d.state = 'pending' AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until < now())
           AND NOT EXISTS (SELECT 1 FROM notification_deliveries e WHERE e.channel_id = d.channel_id
             AND e.incident_id = d.incident_id AND e.id < d.id AND e.state = 'pending')
         ORDER BY d.next_attempt_at, d.id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [limit, String(leaseMs)],
    );
  }

  async markDelivered(id: string, attempts: number, status: number | null): Promise<void> {
    await this.pool.query(
      `UPDATE notification_deliveries SET state = 'delivered', attempts = $2, last_status = $3, delivered_at = now(),
         locked_until = NULL, last_error = NULL WHERE id = $1`,
      [id, attempts, status],
    );
  }

  async markAttemptFailed(
    id: string,
    attempts: number,
    error: string,
    status: number | null,
    retryAt: Date | null,
  ): Promise<void> {
    await this.pool.query(
      `UPDATE notification_deliveries SET attempts = $2, last_error = $3, last_status = $4, locked_until = NULL,
         state = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = COALESCE($5::timestamptz, next_attempt_at) WHERE id = $1`,
      [id, attempts, error.slice(0, 1000), status, retryAt],
    );
  }

  /**
   * The incident resolved: its notifications still held back by the quiet period go now, ahead of the
   * resolution (which the claim's ordering sends after them).
   */
  async releaseHeld(incidentId: string, db: Db): Promise<void> {
    await db.query(
      `UPDATE notification_deliveries SET next_attempt_at = now()
       WHERE incident_id = $1 AND state = 'pending' AND attempts = 0 AND next_attempt_at > now()`,
      [incidentId],
    );
  }

  /** Puts a due delivery back without counting an attempt (the channel's rate limit is reached). */
  async postpone(id: string, until: Date, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE notification_deliveries SET next_attempt_at = $2, last_error = $3, locked_until = NULL WHERE id = $1`,
      [id, until, reason],
    );
  }

  async deliveredSince(channelId: string, since: Date): Promise<number> {
    const [row] = await this.rows<{ n: string }>(
      `SELECT count(*) AS n FROM notification_deliveries WHERE channel_id = $1 AND delivered_at > $2`,
      [channelId, since],
    );
    return Number(row?.n ?? 0);
  }

  // ---- aggregates ----

  async insertAggregates(rows: AggregateRow[]): Promise<void> {
    if (!rows.length) {
      return;
    }
    await this.pool.query(
      `INSERT INTO device_aggregates_15m (device_id, bucket, metric, samples, min, mean, max, p95)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::varchar[], $4::int[], $5::real[], $6::float8[],
         $7::real[], $8::real[])
       ON CONFLICT (device_id, bucket, metric) DO UPDATE SET samples = EXCLUDED.samples, min = EXCLUDED.min,
         mean = EXCLUDED.mean, max = EXCLUDED.max, p95 = EXCLUDED.p95`,
      [
        rows.map((r) => r.deviceId),
        rows.map((r) => new Date(r.bucket)),
        rows.map((r) => r.metric),
        rows.map((r) => r.samples),
        rows.map((r) => r.min),
        rows.map((r) => r.mean),
        rows.map((r) => r.max),
        rows.map((r) => r.p95),
      ],
    );
  }

  async aggregates(deviceId: string): Promise<AggregateRow[]> {
    const rows = await this.rows<{
      device_id: string;
      bucket: Date;
      metric: AggregateRow['metric'];
      samples: number;
      min: number;
      mean: number;
      max: number;
      p95: number;
    }>(`SELECT * FROM device_aggregates_15m WHERE device_id = $1 ORDER BY bucket, metric`, [deviceId]);
    return rows.map((r) => ({ ...r, deviceId: r.device_id, bucket: r.bucket.getTime() }));
  }

  async pruneAggregates(before: Date): Promise<void> {
    await this.pool.query(`DELETE FROM device_aggregates_15m WHERE bucket < $1`, [before]);
  }

  // ---- history for the preview ----

  async history(
    since: Date,
    limit: number,
  ): Promise<
    {
      device_id: string;
      at: Date;
      status: number;
      snr_db: number | null;
      rssi_dbm: number | null;
      noise_floor_dbm: number | null;
      throughput_mbps: number | null;
      poll_ms: number | null;
      temperature_c: number | null;
    }[]
  > {
    return this.rows(
      `SELECT device_id, at, status, snr_db, rssi_dbm, noise_floor_dbm, throughput_mbps, poll_ms, temperature_c
       FROM device_samples WHERE at >= $1 ORDER BY device_id, at LIMIT $2`,
      [since, limit],
    );
  }
}
