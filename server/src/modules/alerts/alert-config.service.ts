// What the agents and the notifier run by: rules, maintenance windows and notification channels, kept in
// Postgres and changed at run time. Every change is audited and announced on PubSub, and every instance
// (this one included) re-reads what changed: a rule edited on one instance is in force on all at once,
// with no restart.
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  type AlertRule,
  type AlertRuleCreate,
  type AlertRuleUpdate,
  channelTargetProblem,
  type MaintenanceWindow,
  type MaintenanceWindowCreate,
  type NotificationChannel,
  type NotificationChannelCreate,
  type NotificationChannelUpdate,
  ruleProblems,
} from '@wsnoc/shared';
import { PubSub } from '@/infra/cache/cache.types.js';
import { SecretBox } from '@/infra/crypto/secret-box.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { type AuditActor, AuditService } from '@/modules/audit/audit.service.js';
import { AlertsError } from './alerts.errors.js';
import { type ChannelRow, AlertsRepository, isUniqueViolation, toChannel } from './alerts.repository.js';

const CHANNEL = 'alerts:config';
type What = 'rules' | 'windows' | 'channels';

export type Actor = AuditActor;

@Injectable()
export class AlertConfigService implements OnModuleInit, OnApplicationShutdown {
  private rules: AlertRule[] = [];
  private windows: MaintenanceWindow[] = [];
  private readonly listeners = new Set<(what: What) => void>();
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly repository: AlertsRepository,
    private readonly pubsub: PubSub,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload('rules');
    await this.reload('windows');
    this.unsubscribe = await this.pubsub.subscribe(CHANNEL, (message) => {
      const what = message as What;
      if (what === 'rules' || what === 'windows' || what === 'channels') {
        void this.reload(what).catch((err: Error) =>
          this.logger.warn({ err: err.message, what }, 'alerts config reload failed'),
        );
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unsubscribe?.();
  }

  /** Called with what changed, after it is re-read. */
  onChange(listener: (what: What) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enabledRules(): readonly AlertRule[] {
    return this.rules.filter((r) => r.enabled);
  }

  /** Windows running or ahead (the engine checks times itself). */
  currentWindows(): readonly MaintenanceWindow[] {
    return this.windows;
  }

  private async reload(what: What): Promise<void> {
    if (what === 'rules') {
      this.rules = await this.repository.listRules();
    } else if (what === 'windows') {
      this.windows = await this.repository.currentAndFutureWindows();
    }
    for (const listener of this.listeners) {
      listener(what);
    }
  }

  /** Re-reads here at once, and tells the other instances. */
  private async changed(what: What): Promise<void> {
    await this.reload(what);
    await this.pubsub.publish(CHANNEL, what).catch((err: Error) => {
      this.logger.warn(
        { err: err.message },
        'alerts config change not announced; other instances re-read on restart',
      );
    });
  }

  // ---- rules ----

  listRules(): Promise<AlertRule[]> {
    return this.repository.listRules();
  }

  async createRule(body: AlertRuleCreate, actor: Actor): Promise<AlertRule> {
    const rule = await this.repository.insertRule(body);
    await this.audit.record({
      actor,
      action: 'alert-rule.create',
      target: `alert-rule:${rule.name}`,
      outcome: 'ok',
      after: rule,
    });
    await this.changed('rules');
    return rule;
  }

  async updateRule(id: string, change: AlertRuleUpdate, actor: Actor): Promise<AlertRule> {
    const before = await this.repository.getRule(id);
    if (!before) {
      throw AlertsError.notFound('alert rule', id);
    }
    const merged: AlertRule = { ...before };
    for (const [key, value] of Object.entries(change) as [keyof AlertRuleUpdate, unknown][]) {
      if (value === undefined) {
        continue;
      }
      if (value === null) {
        delete (merged as Partial<AlertRule>)[key];
      } else {
        (merged as Record<string, unknown>)[key] = value;
      }
    }
    const problems = ruleProblems(merged);
    if (problems.length) {
      throw new AlertsError('invalid-rule', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
        issues: problems,
      });
    }
    const after = await this.repository.replaceRule(merged);
    if (!after) {
      throw AlertsError.notFound('alert rule', id);
    }
    await this.audit.record({
      actor,
      action: 'alert-rule.update',
      target: `alert-rule:${after.name}`,
      outcome: 'ok',
      before,
      after,
    });
    await this.changed('rules');
    return after;
  }

  async deleteRule(id: string, actor: Actor): Promise<void> {
    const rule = await this.repository.getRule(id);
    if (!rule) {
      throw AlertsError.notFound('alert rule', id);
    }
    if (rule.builtin) {
      throw new AlertsError('builtin', `${rule.name} is built in: disable it rather than delete it`);
    }
    await this.repository.deleteRule(id);
    await this.audit.record({
      actor,
      action: 'alert-rule.delete',
      target: `alert-rule:${rule.name}`,
      outcome: 'ok',
      before: rule,
    });
    await this.changed('rules');
  }

  // ---- maintenance windows ----

  listWindows(): Promise<MaintenanceWindow[]> {
    return this.repository.listWindows();
  }

  async createWindow(body: MaintenanceWindowCreate, actor: Actor): Promise<MaintenanceWindow> {
    const window = await this.repository.insertWindow(body, actor.username);
    await this.audit.record({
      actor,
      action: 'maintenance-window.create',
      target: `maintenance-window:${window.name}`,
      outcome: 'ok',
      after: window,
    });
    await this.changed('windows');
    return window;
  }

  async deleteWindow(id: string, actor: Actor): Promise<void> {
    if (!(await this.repository.deleteWindow(id))) {
      throw AlertsError.notFound('maintenance window', id);
    }
    await this.audit.record({
      actor,
      action: 'maintenance-window.delete',
      target: `maintenance-window:${id}`,
      outcome: 'ok',
    });
    await this.changed('windows');
  }

  // ---- channels ----

  async listChannels(): Promise<NotificationChannel[]> {
    return (await this.repository.listChannels()).map(toChannel);
  }

  /** The channels with their secrets, for the notifier. */
  async channelRows(): Promise<ChannelRow[]> {
    return this.repository.listChannels();
  }

  secretOf(row: ChannelRow): string | undefined {
    return row.secret_enc ? this.secrets.open(row.secret_enc) : undefined;
  }

  async createChannel(body: NotificationChannelCreate, actor: Actor): Promise<NotificationChannel> {
    let row: ChannelRow;
    try {
      row = await this.repository.insertChannel({
        name: body.name,
        type: body.type,
        target: body.target,
        enabled: body.enabled,
        min_severity: body.minSeverity,
        rate_limit_per_min: body.rateLimitPerMin,
        secret_enc: body.secret ? this.secrets.seal(body.secret) : null,
      });
    } catch (err) {
      throw isUniqueViolation(err)
        ? new AlertsError('name-taken', `A notification channel named ${body.name} exists already`, {
            issues: [{ path: 'name', message: `${body.name} is taken` }],
          })
        : err;
    }
    const channel = toChannel(row);
    await this.audit.record({
      actor,
      action: 'notification-channel.create',
      target: `notification-channel:${channel.name}`,
      outcome: 'ok',
      after: channel,
    });
    return channel;
  }

  async updateChannel(
    id: string,
    change: NotificationChannelUpdate,
    actor: Actor,
  ): Promise<NotificationChannel> {
    const before = await this.repository.getChannel(id);
    if (!before) {
      throw AlertsError.notFound('notification channel', id);
    }
    const next: ChannelRow = {
      ...before,
      name: change.name ?? before.name,
      target: change.target ?? before.target,
      enabled: change.enabled ?? before.enabled,
      min_severity: change.minSeverity ?? before.min_severity,
      rate_limit_per_min: change.rateLimitPerMin ?? before.rate_limit_per_min,
      secret_enc:
        change.secret === undefined
          ? before.secret_enc
          : change.secret === null
            ? null
            : this.secrets.seal(change.secret),
    };
    const problem = channelTargetProblem(next.type, next.target);
    if (problem) {
      throw new AlertsError('invalid-input', problem, { issues: [{ path: 'target', message: problem }] });
    }
    let after: ChannelRow | null;
    try {
      after = await this.repository.replaceChannel(next);
    } catch (err) {
      throw isUniqueViolation(err)
        ? new AlertsError('name-taken', `A notification channel named ${next.name} exists already`, {
            issues: [{ path: 'name', message: `${next.name} is taken` }],
          })
        : err;
    }
    if (!after) {
      throw AlertsError.notFound('notification channel', id);
    }
    await this.audit.record({
      actor,
      action: 'notification-channel.update',
      target: `notification-channel:${after.name}`,
      outcome: 'ok',
      before: toChannel(before),
      after: toChannel(after),
    });
    return toChannel(after);
  }

  async deleteChannel(id: string, actor: Actor): Promise<void> {
    const before = await this.repository.getChannel(id);
    if (!before || !(await this.repository.deleteChannel(id))) {
      throw AlertsError.notFound('notification channel', id);
    }
    await this.audit.record({
      actor,
      action: 'notification-channel.delete',
      target: `notification-channel:${before.name}`,
      outcome: 'ok',
      before: toChannel(before),
    });
  }

  async deliveries(channelId: string) {
    if (!(await this.repository.getChannel(channelId))) {
      throw AlertsError.notFound('notification channel', channelId);
    }
    return this.repository.deliveries(channelId);
  }
}
