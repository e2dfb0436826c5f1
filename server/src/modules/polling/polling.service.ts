// Polls the fleet continuously: every device of the shards this instance holds, on a jittered schedule.
// K failures in a row make a device unreachable, retried with capped exponential backoff. A slow or dead
// radio only ever holds its own slot, so healthy ones are never delayed. Each poll updates the live state
// and writes one history row.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DeviceLive, DeviceSample } from '@wsnoc/shared';
import { Counter, Gauge, Histogram } from 'prom-client';
import { KeyValueStore, LockStore, PubSub } from '@/infra/cache/cache.types.js';
import { AppConfig } from '@/infra/config/config.js';
import { DomainEvents } from '@/infra/events/domain-events.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import type { DeviceEntity } from '@/modules/devices/device.entity.js';
import { initialLive } from '@/modules/devices/device.mapper.js';
import { DeviceRepository } from '@/modules/devices/device.repository.js';
import { DeviceService } from '@/modules/devices/device.service.js';
import { DriverService } from '@/modules/driver/driver.service.js';
import type { DeviceTarget } from '@/modules/driver/driver.types.js';
import { DeviceLockService, POLLER } from '@/modules/locks/device-lock.service.js';
import { MetricsService } from '@/modules/metrics/metrics.service.js';
import { liveFromFailure, liveFromSample } from '@/modules/state/derive-live.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { mapSampleToRow, unreachableRow } from '@/modules/telemetry/telemetry.mapper.js';
import { TelemetryWriter } from '@/modules/telemetry/telemetry.writer.js';
import { backoffMs, PollSchedule, type ScheduleEntry, shardOf } from './poll-schedule.js';
import { ShardLeases } from './shard-lease.js';

const TICK_MS = 20;
const INVENTORY_CHANNEL = 'inventory:changed';

interface Known {
  target: DeviceTarget;
  entity: DeviceEntity;
}

@Injectable()
export class PollingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly schedule = new PollSchedule();
  private readonly known = new Map<string, Known>();
  // Unique per instance, also for two instances in one process (tests).
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly leases: ShardLeases;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly unsubscribers: (() => unknown)[] = [];
  private readonly polls: Counter<'outcome'>;
  private readonly duration: Histogram;
  private readonly lag: Histogram;

  constructor(
    private readonly config: AppConfig,
    private readonly devices: DeviceRepository,
    private readonly deviceService: DeviceService,
    private readonly driver: DriverService,
    private readonly locks: DeviceLockService,
    private readonly live: LiveStateService,
    private readonly history: TelemetryWriter,
    private readonly events: DomainEvents,
    private readonly pubsub: PubSub,
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
      help: 'How late a poll started against its due time',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    const inFlight = () => this.inFlight;
    const scheduled = () => this.schedule.size;
    new Gauge({
      name: 'wsnoc_polls_in_flight',
      help: 'Polls running now',
      registers,
      collect() {
        this.set(inFlight());
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
    for (const device of await this.devices.findAll()) {
      this.learn(device);
    }
    this.unsubscribers.push(
      this.events.on('device.upserted', ({ deviceId }) => this.announce(deviceId)),
      this.events.on('device.removed', ({ deviceId }) => this.announce(deviceId)),
      this.events.on('devices.upserted', ({ deviceIds }) => this.announce(...deviceIds)),
      await this.pubsub.subscribe(INVENTORY_CHANNEL, (message) => void this.reload(...parseIds(message))),
    );
    if (!this.config.env.POLLING_ENABLED) {
      return;
    }
    await this.leases.start();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    for (const unsubscribe of this.unsubscribers) {
      await unsubscribe();
    }
    await this.leases.stop();
  }

  /** Polls one device now, for an operator's refresh. The caller holds the device's lock. */
  async refresh(deviceId: string): Promise<DeviceLive> {
    const known = this.known.get(deviceId);
    if (!known) {
      throw new Error(`device ${deviceId} is not in the poll inventory`);
    }
    const started = performance.now();
    try {
      this.succeeded(known, await this.driver.poll(known.target));
    } catch (err) {
      this.failed(known, err as Error, false, performance.now() - started);
      throw err;
    }
    return this.live.get(deviceId)!;
  }

  /** The driver target of a device (credentials in clear), for actions under the device lock. */
  target(deviceId: string): DeviceTarget | undefined {
    return this.known.get(deviceId)?.target;
  }

  stats(): { scheduled: number; inFlight: number; shards: number } {
    return { scheduled: this.schedule.size, inFlight: this.inFlight, shards: this.leases.owned().size };
  }

  /** Takes the change here first (the caller waits for it), then tells the other instances. */
  private async announce(...deviceIds: string[]): Promise<void> {
    await this.reload(...deviceIds);
    await this.pubsub.publish(INVENTORY_CHANNEL, JSON.stringify(deviceIds)).catch(() => undefined);
  }

  private async reload(...deviceIds: string[]): Promise<void> {
    const found = new Map((await this.devices.findByIds(deviceIds)).map((d) => [d.id, d]));
    for (const id of deviceIds) {
      const device = found.get(id);
      if (device) {
        this.learn(device);
      } else {
        this.known.delete(id);
        this.schedule.remove(id);
        this.live.remove(id);
      }
    }
  }

  /** Takes a device's inventory into the live state and, if its shard is ours, into the schedule. */
  private learn(device: DeviceEntity): void {
    this.known.set(device.id, {
      entity: device,
      target: {
        id: device.id,
        host: device.host,
        port: device.port,
        username: device.username,
        password: this.deviceService.password(device),
        role: device.role,
      },
    });
    const fresh = initialLive(device, new Date());
    const current = this.live.get(device.id);
    this.live.update(
      current
        ? {
            ...current,
            name: fresh.name,
            role: fresh.role,
            site: fresh.site,
            tags: fresh.tags,
            parentId: fresh.parentId,
            lat: fresh.lat,
            lon: fresh.lon,
          }
        : fresh,
    );
    if (this.leases.owned().has(shardOf(device.id, this.config.env.POLL_SHARDS))) {
      this.schedule.add(device.id, this.jittered(Date.now()));
    }
  }

  private onShards(owned: ReadonlySet<number>): void {
    for (const id of this.known.keys()) {
      const mine = owned.has(shardOf(id, this.config.env.POLL_SHARDS));
      if (mine && !this.schedule.has(id)) {
        this.schedule.add(id, this.jittered(Date.now()));
      } else if (!mine && this.schedule.has(id)) {
        this.schedule.remove(id);
      }
    }
    this.logger.info({ shards: owned.size, devices: this.schedule.size }, 'poll shards changed');
  }

  /** First poll at a random point of the interval, so 10,000 devices do not all start at once. */
  private jittered(now: number): number {
    return now + Math.floor(Math.random() * this.config.env.POLL_INTERVAL_MS);
  }

  private tick(): void {
    const now = Date.now();
    const free = this.config.env.POLL_CONCURRENCY - this.inFlight;
    if (free <= 0 || this.stopping) {
      return;
    }
    for (const entry of this.schedule.takeDue(now, free)) {
      const known = this.known.get(entry.deviceId);
      if (!known) {
        continue;
      }
      void this.pollOne(known, entry, now, true);
    }
  }

  private async pollOne(known: Known, entry: ScheduleEntry, now: number, scheduled: boolean): Promise<void> {
    const { POLL_INTERVAL_MS, POLL_UNREACHABLE_AFTER, POLL_MAX_BACKOFF_MS, DRIVER_COMMAND_TIMEOUT_MS } =
      this.config.env;
    this.inFlight++;
    const dueAt = entry.dueAt;
    if (scheduled) {
      this.lag.observe(Math.max(0, now - dueAt) / 1000);
    }
    const started = performance.now();
    let next = dueAt + POLL_INTERVAL_MS;
    try {
      const sample = await this.locks.tryRun(
        known.target.id,
        POLLER,
        () => this.driver.poll(known.target),
        DRIVER_COMMAND_TIMEOUT_MS * 6,
      );
      if (sample === undefined) {
        // An operation holds the radio: keep the cached state and come back next round.
        this.polls.inc({ outcome: 'skipped-busy' });
      } else {
        entry.failures = 0;
        this.succeeded(known, sample);
        this.polls.inc({ outcome: 'ok' });
      }
    } catch (err) {
      entry.failures++;
      const unreachable = entry.failures >= POLL_UNREACHABLE_AFTER;
      this.failed(known, err as Error, unreachable, performance.now() - started);
      this.polls.inc({ outcome: unreachable ? 'unreachable' : 'failed' });
      if (unreachable) {
        next =
          Date.now() +
          backoffMs(entry.failures - POLL_UNREACHABLE_AFTER, POLL_INTERVAL_MS, POLL_MAX_BACKOFF_MS);
      }
    } finally {
      this.inFlight--;
      this.duration.observe((performance.now() - started) / 1000);
    }
    if (scheduled) {
      // Keep the device's phase; if we fell a whole interval behind, restart from now rather than burst.
      this.schedule.reschedule(
        entry,
        next < Date.now() ? Date.now() + Math.floor(Math.random() * 1000) : next,
      );
    }
  }

  private succeeded(known: Known, sample: DeviceSample): void {
    const previous = this.live.get(known.target.id) ?? initialLive(known.entity, new Date());
    const next = liveFromSample(previous, sample);
    this.live.update(next, sample);
    this.history.write(mapSampleToRow(sample, known.entity.role, next.status));
  }

  private failed(known: Known, err: Error, unreachable: boolean, pollMs: number): void {
    const previous = this.live.get(known.target.id) ?? initialLive(known.entity, new Date());
    const at = new Date();
    this.live.update(liveFromFailure(previous, err.message, unreachable, at.toISOString()));
    if (unreachable) {
      this.history.write(unreachableRow(known.target.id, at, Math.round(pollMs)));
    }
  }
}

function parseIds(message: string): string[] {
  try {
    const ids: unknown = JSON.parse(message);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
