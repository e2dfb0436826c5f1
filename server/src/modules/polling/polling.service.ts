// Polls the fleet continuously: every device of the shards this instance holds, on a jittered schedule.
// K failures in a row make a device unreachable, retried with capped exponential backoff. A slow or dead
// radio only ever holds its own slot, and devices whose last poll failed are polled from a schedule and
// a concurrency budget of their own: however much of the fleet is dead, healthy radios keep their
// schedule. Each poll goes through the one "poll this device now" step (DevicePoller).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { KeyValueStore, LockStore } from '@/infra/cache/cache.types.js';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { DriverService } from '@/modules/driver/driver.service.js';
import {
  DeviceDirectory,
  type InventoryChange,
  type KnownDevice,
} from '@/modules/inventory/device-directory.service.js';
import { DeviceLockService, POLLER } from '@/modules/locks/device-lock.service.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { DevicePoller } from './device-poller.js';
import { backoffMs, PollSchedule, type ScheduleEntry, shardOf, tickGapMs } from './poll-schedule.js';
import { ShardLeases } from './shard-lease.js';

/**
 * A poll still running after this long no longer counts against the healthy budget: a radio that has
 * just gone dead is only known to be dead once its poll fails, and until then it must not hold a healthy
 * slot for its whole deadline.
 */
const SLOW_POLL_MAX_MS = 1_000;

/** healthy: the last poll succeeded (or none yet). failing: it failed; these have their own budget. */
type Lane = 'healthy' | 'failing';

@Injectable()
export class PollingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly lanes: Record<Lane, PollSchedule> = {
    healthy: new PollSchedule(),
    failing: new PollSchedule(),
  };
  private readonly inFlight: Record<Lane, number> = { healthy: 0, failing: 0 };
  /** Healthy-lane polls in flight, oldest first, so the slow ones are found without a scan. */
  private readonly healthyInFlight = new Map<ScheduleEntry, { startedAt: number; lane: Lane }>();
  // Unique per instance, also for two instances in one process (tests).
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly leases: ShardLeases;
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (Infinity: none armed). */
  private wakeAt = Infinity;
  private lastTick = 0;
  private started = false;
  private stopping = false;
  private stopInventory: (() => void) | undefined;
  private readonly polls: Counter<'outcome'>;
  private readonly duration: Histogram;
  private readonly lag: Histogram<'lane'>;
  private readonly ticks: Counter;

  constructor(
    private readonly config: AppConfig,
    private readonly directory: DeviceDirectory,
    private readonly poller: DevicePoller,
    private readonly driver: DriverService,
    private readonly locks: DeviceLockService,
    lockStore: LockStore,
    store: KeyValueStore,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.leases = new ShardLeases(
      lockStore,
      store,
      config.env.POLL_SHARDS,
      this.owner,
      (owned) => this.onShards(owned),
      config.env.POLL_LEASE_TTL_MS,
    );
    const registers = [metrics.registry];
    this.polls = new Counter({
      name: 'wsnoc_polls_total',
      help: 'Polls by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'wsnoc_poll_duration_seconds',
      help: 'Time of one poll, from start to parsed sample',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.lag = new Histogram({
      name: 'wsnoc_poll_schedule_lag_seconds',
      help: 'How late a poll started against its due time, by lane (healthy or failing devices)',
      labelNames: ['lane'],
      // Up to ten minutes: a failing lane far behind must show how far, not just "over 5 s".
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 180, 600],
      registers,
    });
    this.ticks = new Counter({
      name: 'wsnoc_poll_ticks_total',
      help: 'Wake-ups of the poll scheduler (none while nothing is due, at most 50 a second)',
      registers,
    });
    const inFlight = this.inFlight;
    const scheduled = () => this.scheduled();
    new Gauge({
      name: 'wsnoc_polls_in_flight',
      help: 'Polls running now, by the budget they count against (healthy or failing)',
      labelNames: ['lane'],
      registers,
      collect() {
        this.set({ lane: 'healthy' }, inFlight.healthy);
        this.set({ lane: 'failing' }, inFlight.failing);
      },
    });
    new Gauge({
      name: 'wsnoc_polled_devices',
      help: 'Devices this instance polls',
      registers,
      collect() {
        this.set(scheduled());
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.directory.ready();
    this.stopInventory = this.directory.onChange((change) => this.follow(change));
    if (!this.config.env.POLLING_ENABLED) {
      return;
    }
    this.started = true;
    await this.leases.start();
    this.arm();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.stopInventory?.();
    await this.leases.stop();
  }

  stats(): { scheduled: number; inFlight: number; failing: number; shards: number } {
    return {
      scheduled: this.scheduled(),
      inFlight: this.inFlight.healthy + this.inFlight.failing,
      failing: this.lanes.failing.size,
      shards: this.leases.owned().size,
    };
  }

  private scheduled(): number {
    return this.lanes.healthy.size + this.lanes.failing.size;
  }

  private isScheduled(id: string): boolean {
    return this.lanes.healthy.has(id) || this.lanes.failing.has(id);
  }

  private unschedule(id: string): void {
    this.lanes.healthy.remove(id);
    this.lanes.failing.remove(id);
  }

  private mine(id: string): boolean {
    return this.leases.owned().has(shardOf(id, this.config.env.POLL_SHARDS));
  }

  /** The inventory changed: schedule new devices of our shards, forget removed ones and their sessions. */
  private follow(change: InventoryChange): void {
    for (const { entity } of change.upserted) {
      if (this.mine(entity.id) && !this.isScheduled(entity.id)) {
        this.lanes.healthy.add(entity.id, this.jittered(Date.now()));
      }
    }
    for (const id of change.removed) {
      this.unschedule(id);
      this.driver.forget(id);
    }
    this.arm();
  }

  private onShards(owned: ReadonlySet<number>): void {
    for (const { entity } of this.directory.all()) {
      const mine = owned.has(shardOf(entity.id, this.config.env.POLL_SHARDS));
      if (mine && !this.isScheduled(entity.id)) {
        this.lanes.healthy.add(entity.id, this.jittered(Date.now()));
      } else if (!mine && this.isScheduled(entity.id)) {
        this.unschedule(entity.id);
        // Another instance polls it now: its session here would only hold a socket on the radio.
        this.driver.release(entity.id);
      }
    }
    this.logger.info({ shards: owned.size, devices: this.scheduled() }, 'poll shards changed');
    this.arm();
  }

  private budget(lane: Lane): number {
    return lane === 'healthy' ? this.config.env.POLL_CONCURRENCY : this.config.env.POLL_FAILING_CONCURRENCY;
  }

  private slowThresholdMs(): number {
    return Math.min(SLOW_POLL_MAX_MS, this.config.env.POLL_INTERVAL_MS / 2);
  }

  /**
   * Arms the one timer for the next thing there is to do: the earliest due device of a lane with a free
   * slot, or the oldest healthy poll reaching the slow threshold. Nothing due, no timer: an idle console
   * does not wake up. Called after every tick, every finished poll (a slot freed, a device rescheduled)
   * and every change to what is scheduled.
   */
  private arm(): void {
    if (!this.started || this.stopping || !this.config.env.POLLING_ENABLED) {
      return;
    }
    let at = Infinity;
    for (const lane of ['healthy', 'failing'] as const) {
      if (this.budget(lane) - this.inFlight[lane] > 0) {
        at = Math.min(at, this.lanes[lane].nextDueAt() ?? Infinity);
      }
    }
    const oldest = this.healthyInFlight.values().next().value;
    if (oldest) {
      at = Math.min(at, oldest.startedAt + this.slowThresholdMs());
    }
    if (at === Infinity) {
      return;
    }
    // Polls due within the gap start together (their locks taken in one call); nothing due, no tick.
    at = Math.max(at, this.lastTick + tickGapMs(this.scheduled(), this.config.env.POLL_INTERVAL_MS));
    if (this.timer && this.wakeAt <= at) {
      return;
    }
    clearTimeout(this.timer);
    this.wakeAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.wakeAt = Infinity;
        this.tick();
      },
      Math.max(0, at - Date.now()),
    );
    this.timer.unref();
  }

  /** First poll at a random point of the interval, so 10,000 devices do not all start at once. */
  private jittered(now: number): number {
    return now + Math.floor(Math.random() * this.config.env.POLL_INTERVAL_MS);
  }

  private tick(): void {
    if (this.stopping) {
      return;
    }
    const now = Date.now();
    this.lastTick = now;
    this.ticks.inc();
    this.demoteSlowPolls(now);
    for (const lane of ['healthy', 'failing'] as const) {
      const free = this.budget(lane) - this.inFlight[lane];
      if (free <= 0) {
        continue;
      }
      for (const entry of this.lanes[lane].takeDue(now, free)) {
        const device = this.directory.get(entry.deviceId);
        if (!device) {
          this.lanes[lane].remove(entry.deviceId);
          continue;
        }
        void this.pollOne(device, entry, lane, now);
      }
    }
    this.arm();
  }

  /** Moves healthy-lane polls that outlived the slow threshold onto the failing lane's count. */
  private demoteSlowPolls(now: number): void {
    const threshold = this.slowThresholdMs();
    for (const [entry, slot] of this.healthyInFlight) {
      if (now - slot.startedAt < threshold) {
        break;
      }
      slot.lane = 'failing';
      this.inFlight.healthy--;
      this.inFlight.failing++;
      this.healthyInFlight.delete(entry);
    }
  }

  private async pollOne(device: KnownDevice, entry: ScheduleEntry, lane: Lane, now: number): Promise<void> {
    const { POLL_INTERVAL_MS, POLL_UNREACHABLE_AFTER, POLL_MAX_BACKOFF_MS, DRIVER_COMMAND_TIMEOUT_MS } =
      this.config.env;
    this.inFlight[lane]++;
    // Which budget this poll counts against now; a slow healthy poll is moved to the failing one.
    const slot = { startedAt: now, lane };
    if (lane === 'healthy') {
      this.healthyInFlight.set(entry, slot);
    }
    const dueAt = entry.dueAt;
    this.lag.observe({ lane }, Math.max(0, now - dueAt) / 1000);
    const started = performance.now();
    let next = dueAt + POLL_INTERVAL_MS;
    try {
      const sample = await this.locks.tryRun(
        device.target.id,
        POLLER,
        () => this.driver.poll(device.target),
        DRIVER_COMMAND_TIMEOUT_MS * 6,
      );
      if (sample === undefined) {
        // An operation holds the radio: keep the cached state and come back next round.
        this.polls.inc({ outcome: 'skipped-busy' });
      } else {
        entry.failures = 0;
        this.poller.recordSample(device, sample);
        this.polls.inc({ outcome: 'ok' });
      }
    } catch (err) {
      entry.failures++;
      const unreachable = entry.failures >= POLL_UNREACHABLE_AFTER;
      this.poller.recordFailure(device, err as Error, unreachable, performance.now() - started);
      this.polls.inc({ outcome: unreachable ? 'unreachable' : 'failed' });
      if (unreachable) {
        next =
          Date.now() +
          backoffMs(entry.failures - POLL_UNREACHABLE_AFTER, POLL_INTERVAL_MS, POLL_MAX_BACKOFF_MS);
      }
    } finally {
      this.inFlight[slot.lane]--;
      this.healthyInFlight.delete(entry);
      this.duration.observe((performance.now() - started) / 1000);
    }
    // Keep the device's phase; if we fell a whole interval behind, restart from now rather than burst.
    const dueNext = next < Date.now() ? Date.now() + Math.floor(Math.random() * 1000) : next;
    const target: Lane = entry.failures > 0 ? 'failing' : 'healthy';
    if (target === lane) {
      this.lanes[lane].reschedule(entry, dueNext);
    } else if (this.lanes[lane].get(entry.deviceId) === entry) {
      // Moves lanes only if nothing removed it meanwhile (a deletion, a shard that moved away).
      this.lanes[lane].remove(entry.deviceId);
      this.lanes[target].add(entry.deviceId, dueNext, entry.failures);
    }
    this.arm();
  }
}
