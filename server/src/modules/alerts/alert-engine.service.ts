// The stream agents at work: one clock (interval) closes each batch of the poll outcomes queued on the
// SampleStream (buffer) and then lets absence agents see silence, CPEs waiting for their parent be
// judged, and aggregate windows close: one wake-up per evaluation, not one for the batch and one for the
// clock. Each enabled rule has one agent; a rule changed at
// run time gets a fresh agent, the others keep their state. What the agents decide goes to the incidents.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AlertRule, DeviceLive } from '@wsnoc/shared';
import { Counter, Gauge } from 'prom-client';
import { buffer, interval, type Subscription } from 'rxjs';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import {
  createAgent,
  type RuleAgent,
  type Transition,
  AnomalyAgent,
} from '@/modules/analytics/rule-agents.js';
import { type Observation, SampleStream } from '@/modules/analytics/sample-stream.js';
import { type AggregateRow, TumblingAggregates } from '@/modules/analytics/window-aggregates.js';
import { DeviceDirectory } from '@/modules/inventory/device-directory.service.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { AlertConfigService } from './alert-config.service.js';
import { AlertsRepository } from './alerts.repository.js';
import { IncidentService, type PollSeen } from './incident.service.js';

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const AGGREGATE_RETENTION_MS = 30 * 24 * 3_600_000;

export function inScope(
  rule: Pick<AlertRule, 'scope'>,
  device: Pick<DeviceLive, 'site' | 'tags' | 'role'>,
): boolean {
  switch (rule.scope.type) {
    case 'all':
      return true;
    case 'site':
      return device.site === rule.scope.value;
    case 'tag':
      return device.tags.includes(rule.scope.value ?? '');
    case 'role':
      return device.role === rule.scope.value;
  }
}

interface Running {
  rule: AlertRule;
  agent: RuleAgent;
}

@Injectable()
export class AlertEngine implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: Running[] = [];
  private readonly seen = new Map<string, PollSeen>();
  private subscription: Subscription | undefined;
  private stopConfig: (() => void) | undefined;
  private stopInventory: (() => void) | undefined;
  readonly minute = new TumblingAggregates(MINUTE, () => undefined, true);
  readonly quarter: TumblingAggregates;
  private quarterRows: AggregateRow[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly agentSeconds: Counter;
  private readonly processed: Counter;
  /** CPU spent in the agents and windows, ms, and the observations they took: for the bench. */
  readonly stats = { agentMs: 0, observations: 0, batches: 0 };

  constructor(
    private readonly stream: SampleStream,
    private readonly alertConfig: AlertConfigService,
    private readonly incidents: IncidentService,
    private readonly live: LiveStateService,
    private readonly directory: DeviceDirectory,
    private readonly repository: AlertsRepository,
    private readonly config: AppConfig,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.quarter = new TumblingAggregates(QUARTER, (rows) => {
      for (const row of rows) {
        this.quarterRows.push(row);
      }
    });
    const registers = [metrics.registry];
    this.agentSeconds = new Counter({
      name: 'wsnoc_alert_agent_seconds_total',
      help: 'CPU time spent in the stream agents and windows',
      registers,
    });
    this.processed = new Counter({
      name: 'wsnoc_alert_observations_total',
      help: 'Poll outcomes the stream agents took',
      registers,
    });
    const held = () => this.heldBytes();
    new Gauge({
      name: 'wsnoc_alert_window_bytes',
      help: 'Approximate bytes held by the agents and aggregate windows',
      registers,
      collect() {
        this.set(held());
      },
    });
    incidents.seen = (id) => this.seen.get(id);
  }

  onApplicationBootstrap(): void {
    if (!this.config.env.ALERTS_ENABLED) {
      return;
    }
    this.rebuild();
    // Incidents open from before a restart: their agents take them as firing, so they can clear.
    const byRule = new Map(this.running.map((r) => [r.rule.id, r.agent]));
    const now = Date.now();
    for (const { ruleId, deviceId } of this.incidents.openDeviceIncidents()) {
      byRule.get(ruleId)?.adopt(deviceId, now);
    }
    // The base stations of open site incidents likewise: each clears when it answers again.
    for (const deviceId of this.incidents.outageStations()) {
      const device = this.live.get(deviceId);
      for (const { rule, agent } of this.running) {
        if (device && rule.kind === 'absence' && inScope(rule, device)) {
          agent.adopt(deviceId, now);
          this.incidents.adoptSuppressed(rule, deviceId, now);
        }
      }
    }
    this.stopInventory = this.directory.onChange((change) =>
      change.removed.length ? this.forgetDevices(change.removed) : undefined,
    );
    this.stopConfig = this.alertConfig.onChange((what) => {
      if (what === 'rules') {
        this.rebuild();
      }
    });
    const evalMs = this.config.env.ALERTS_EVAL_MS;
    this.subscription = this.stream.observations.pipe(buffer(interval(evalMs))).subscribe((batch) => {
      // a batch that fails never costs the clock its turn
      if (batch.length) {
        this.safely('a batch', () => this.take(batch));
      }
      this.safely('the clock', () => this.tick(Date.now()));
    });
    this.flushTimer = setInterval(
      () => void this.flushAggregates(),
      this.config.env.ALERTS_AGGREGATE_FLUSH_MS,
    );
    this.flushTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    this.stopConfig?.();
    this.stopInventory?.();
    clearInterval(this.flushTimer);
    await this.flushAggregates();
  }

  private safely(what: string, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, `stream agents failed on ${what}`);
    }
  }

  /** One agent per enabled rule; an unchanged rule keeps its agent (and its state). */
  private rebuild(): void {
    const before = new Map(this.running.map((r) => [r.rule.id, r]));
    const options = {
      intervalMs: this.config.env.POLL_INTERVAL_MS,
      clearSamples: this.config.env.ALERTS_CLEAR_SAMPLES,
    };
    this.running = this.alertConfig.enabledRules().map((rule) => {
      const kept = before.get(rule.id);
      return kept && kept.rule.updatedAt === rule.updatedAt
        ? kept
        : { rule, agent: createAgent(rule, options) };
    });
    const now = new Map(this.running.map((r) => [r.rule.id, r]));
    for (const [id, old] of before) {
      const current = now.get(id);
      if (!current || current !== old) {
        void this.incidents
          .ruleRetired(id, current ? 'the rule changed: judged afresh' : 'the rule was disabled or removed')
          .catch((err: Error) => this.logger.warn({ err: err.message, rule: id }, 'retiring a rule failed'));
      }
    }
    this.logger.info({ rules: this.running.length }, 'alert rules in force');
  }

  /**
   * Devices that left the inventory: the agents and windows drop what they held of them, and their open
   * incidents close (awaited, so the removal answers once that is done).
   */
  async forgetDevices(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      this.seen.delete(id);
      this.minute.forget(id);
      this.quarter.forget(id);
      for (const { agent } of this.running) {
        agent.forget(id);
      }
    }
    for (const id of ids) {
      await this.incidents.deviceRemoved(id);
    }
  }

  /** Whether the agents or windows hold anything of the device. */
  holds(deviceId: string): boolean {
    return (
      this.seen.has(deviceId) ||
      this.minute.has(deviceId) ||
      this.quarter.has(deviceId) ||
      this.running.some(({ agent }) => agent.has(deviceId))
    );
  }

  /** Feeds a batch through every agent whose rule covers the device. */
  take(batch: readonly Observation[]): void {
    const started = performance.now();
    const out: { rule: AlertRule; t: Transition }[] = [];
    const scratch: Transition[] = [];
    for (const o of batch) {
      const device = this.live.get(o.deviceId);
      if (!device) {
        continue; // removed from the inventory while it was polled
      }
      this.seen.set(o.deviceId, { at: o.at, ok: o.ok });
      this.minute.observe(o);
      this.quarter.observe(o);
      for (const { rule, agent } of this.running) {
        if (!inScope(rule, device)) {
          continue;
        }
        agent.observe(o, scratch);
        if (scratch.length) {
          for (const t of scratch) {
            out.push({ rule, t });
          }
          scratch.length = 0;
        }
      }
    }
    this.account(started, batch.length);
    this.apply(out);
  }

  private tick(now: number): void {
    const started = performance.now();
    const out: { rule: AlertRule; t: Transition }[] = [];
    const scratch: Transition[] = [];
    for (const { rule, agent } of this.running) {
      agent.tick(now, scratch);
      for (const t of scratch) {
        out.push({ rule, t });
      }
      scratch.length = 0;
    }
    this.minute.close(now);
    this.quarter.close(now);
    this.account(started, 0);
    this.apply(out);
    void this.incidents.tick(now);
  }

  private account(started: number, n: number): void {
    const ms = performance.now() - started;
    this.stats.agentMs += ms;
    this.stats.observations += n;
    this.stats.batches++;
    this.agentSeconds.inc(ms / 1000);
    if (n) {
      this.processed.inc(n);
    }
  }

  private apply(out: { rule: AlertRule; t: Transition }[]): void {
    for (const { rule, t } of out) {
      const done =
        t.type === 'fire'
          ? this.incidents.fire(rule, t.deviceId, t.at, t.value, t.flapCount)
          : t.type === 'clear'
            ? this.incidents.clear(rule, t.deviceId, t.at, t.value)
            : this.incidents.update(rule, t.deviceId, t.value, t.flapCount);
      done.catch((err: Error) =>
        this.logger.warn({ err: err.message, rule: rule.id }, 'incident change failed'),
      );
    }
  }

  private async flushAggregates(): Promise<void> {
    if (!this.quarterRows.length) {
      return;
    }
    const rows = this.quarterRows;
    this.quarterRows = [];
    try {
      await this.repository.insertAggregates(rows);
      await this.repository.pruneAggregates(new Date(Date.now() - AGGREGATE_RETENTION_MS));
    } catch (err) {
      this.logger.warn(
        { err: (err as Error).message, rows: rows.length },
        '15-minute aggregates not written',
      );
    }
  }

  /** Closes the windows due and writes the 15-minute ones now (tests, shutdown). */
  async flushNow(now = Date.now()): Promise<void> {
    this.minute.close(now);
    this.quarter.close(now);
    await this.flushAggregates();
  }

  heldBytes(): number {
    let bytes = (this.minute.heldValues() + this.quarter.heldValues()) * 8;
    for (const { agent } of this.running) {
      bytes += agent instanceof AnomalyAgent ? agent.bytes() : agent.size() * 64;
    }
    return bytes + this.seen.size * 48;
  }
}
