// Owns the fleet's live state. Each instance keeps a mirror in memory, hydrated from the cache and kept
// current by its own polls and by change messages from other instances. Writes to the cache are batched
// (one round trip per flush, whatever the number of polls). Listeners (the live feed) get every change.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type DeviceChange, DeviceChangeSchema, type DeviceLive, type DeviceSample } from '@wsnoc/shared';
import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';
import { PubSub } from '@/infra/cache/cache.types.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { MetricsService } from '@/modules/metrics/metrics.service.js';
import { diffLive } from './derive-live.js';
import { LiveStateRepository, type LiveWrite } from './live-state.repository.js';

const CHANNEL = 'devices:changes';
const FLUSH_MS = 50;
const ChangeMessageSchema = z.object({
  from: z.string(),
  changes: z.array(DeviceChangeSchema),
  removed: z.array(z.string()),
});

export type ChangeListener = (changes: DeviceChange[], removed: string[]) => void;

@Injectable()
export class LiveStateService implements OnModuleInit, OnApplicationShutdown {
  readonly instanceId = randomUUID();
  private readonly mirror = new Map<string, DeviceLive>();
  private readonly listeners = new Set<ChangeListener>();
  private pendingWrites = new Map<string, LiveWrite>();
  private pendingChanges: DeviceChange[] = [];
  private pendingRemoved: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly writeFailures: Counter;

  constructor(
    private readonly repository: LiveStateRepository,
    private readonly pubsub: PubSub,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.writeFailures = new Counter({
      name: 'wsnoc_live_state_write_failures_total',
      help: 'Batches of live state the cache refused (the next poll of each device rewrites it)',
      registers: [metrics.registry],
    });
    const mirror = this.mirror;
    new Gauge({
      name: 'wsnoc_live_devices',
      help: 'Devices in the live state mirror',
      registers: [metrics.registry],
      collect() {
        this.set(mirror.size);
      },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.hydrate();
    this.unsubscribe = await this.pubsub.subscribe(CHANNEL, (message) => this.receive(message));
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.flushTimer);
    await this.flush();
    await this.unsubscribe?.();
  }

  /** Reloads the mirror from the cache, e.g. at start or after the cache lost its data. */
  async hydrate(): Promise<void> {
    const rows = await this.repository.readAll();
    for (const row of rows) {
      this.mirror.set(row.id, row);
    }
  }

  all(): DeviceLive[] {
    return [...this.mirror.values()];
  }

  get(id: string): DeviceLive | undefined {
    return this.mirror.get(id);
  }

  onChanges(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a device's new live row (and the sample it came from); announces what changed. */
  update(next: DeviceLive, sample?: DeviceSample): void {
    const change = diffLive(this.mirror.get(next.id), next);
    this.mirror.set(next.id, next);
    // Every poll is written (the sample changes even when the row does not), but only changes are announced.
    this.pendingWrites.set(next.id, { live: next, ...(sample ? { sample } : {}) });
    if (change) {
      this.pendingChanges.push(change);
      this.notify([change], []);
    }
    this.scheduleFlush();
  }

  remove(id: string): void {
    if (!this.mirror.delete(id)) {
      return;
    }
    this.pendingWrites.delete(id);
    this.pendingRemoved.push(id);
    this.notify([], [id]);
    this.repository
      .remove(id)
      .catch((err: unknown) => this.logger.warn({ err, id }, 'could not remove live state'));
    this.scheduleFlush();
  }

  readSample(id: string): Promise<DeviceSample | null> {
    return this.repository.readSample(id);
  }

  private notify(changes: DeviceChange[], removed: string[]): void {
    for (const listener of this.listeners) {
      listener(changes, removed);
    }
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, FLUSH_MS);
  }

  /** Writes pending rows in one round trip and tells other instances. Failures never stop polling. */
  flush(): Promise<void> {
    const writes = [...this.pendingWrites.values()];
    const changes = this.pendingChanges;
    const removed = this.pendingRemoved;
    this.pendingWrites = new Map();
    this.pendingChanges = [];
    this.pendingRemoved = [];
    this.flushing = this.flushing.then(async () => {
      try {
        await this.repository.write(writes);
      } catch (err) {
        this.writeFailures.inc();
        this.logger.warn(
          { err: (err as Error).message, rows: writes.length },
          'live state write failed; next polls rewrite it',
        );
      }
      if (changes.length || removed.length) {
        await this.pubsub
          .publish(CHANNEL, JSON.stringify({ from: this.instanceId, changes, removed }))
          .catch((err: unknown) => this.logger.debug({ err }, 'change publish failed'));
      }
    });
    return this.flushing;
  }

  private receive(message: string): void {
    const parsed = ChangeMessageSchema.safeParse(JSON.parse(message));
    if (!parsed.success || parsed.data.from === this.instanceId) {
      return;
    }
    for (const change of parsed.data.changes) {
      const previous = this.mirror.get(change.id);
      if (previous) {
        this.mirror.set(change.id, { ...previous, ...change });
      } else if (DeviceChangeSchema.safeParse(change).success && 'name' in change) {
        this.mirror.set(change.id, change as DeviceLive);
      }
    }
    for (const id of parsed.data.removed) {
      this.mirror.delete(id);
    }
    this.notify(parsed.data.changes, parsed.data.removed);
  }
}
