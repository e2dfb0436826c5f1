// Owns the fleet's live state. Each instance keeps a mirror in memory, hydrated from the cache and kept
// current by its own polls and by change messages from other instances. Writes to the cache are batched
// (one round trip per flush, whatever the number of polls). Listeners (the live feed) get every change.
// The inventory decides which devices exist: the mirror holds only devices the directory knows, rows the
// cache still holds for devices that are gone (an old database, a removal another instance missed) are
// pruned at start and whenever the inventory changes, and a result for a removed device is dropped.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type DeviceChange, DeviceChangeSchema, type DeviceLive, type DeviceSample } from '@wsnoc/shared';
import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';
import { PubSub } from '@/infra/cache/cache.types.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { DeviceDirectory, type InventoryChange } from '@/modules/inventory/device-directory.service.js';
import { initialLive } from '@/modules/inventory/device.mapper.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { diffLive } from './derive-live.js';
import { LiveStateRepository, type LiveWrite } from './live-state.repository.js';

const CHANNEL = 'devices:changes';
/** Live rows gather this long before they go to the cache in one round trip (the feed does not wait). */
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
  /** How every message this instance publishes begins. */
  private readonly ownPrefix = `{"from":${JSON.stringify(this.instanceId)},`;
  private readonly mirror = new Map<string, DeviceLive>();
  private readonly listeners = new Set<ChangeListener>();
  private pendingWrites = new Map<string, LiveWrite>();
  private pendingChanges: DeviceChange[] = [];
  private pendingRemoved: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly writeFailures: Counter;
  private readonly dropped: Counter;
  private stopInventory: (() => void) | undefined;

  constructor(
    private readonly repository: LiveStateRepository,
    private readonly directory: DeviceDirectory,
    private readonly pubsub: PubSub,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.writeFailures = new Counter({
      name: 'wsnoc_live_state_write_failures_total',
      help: 'Batches of live state the cache refused (the next poll of each device rewrites it)',
      registers: [metrics.registry],
    });
    this.dropped = new Counter({
      name: 'wsnoc_live_state_dropped_total',
      help: 'Live rows dropped because their device is not in the inventory (removed during its poll)',
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
    await this.directory.ready();
    await this.hydrate();
    this.stopInventory = this.directory.onChange((change) => this.follow(change));
    this.unsubscribe = await this.pubsub.subscribe(CHANNEL, (message) => this.receive(message));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopInventory?.();
    clearTimeout(this.flushTimer);
    await this.flush();
    await this.unsubscribe?.();
  }

  /**
   * Loads the mirror from the cache joined to the inventory: rows of devices the inventory lacks are
   * deleted from the cache, and devices the cache has no row for start as not yet polled.
   */
  async hydrate(): Promise<void> {
    const rows = await this.repository.readAll();
    const orphans: string[] = [];
    for (const [id, row] of rows) {
      const known = this.directory.get(id);
      if (!known) {
        orphans.push(id);
      } else {
        this.mirror.set(id, row ? withInventory(row, known.entity) : initialLive(known.entity, new Date()));
      }
    }
    for (const { entity } of this.directory.all()) {
      if (!this.mirror.has(entity.id)) {
        this.update(initialLive(entity, new Date()));
      }
    }
    if (orphans.length) {
      await this.repository.remove(orphans);
      this.logger.info({ pruned: orphans.length }, 'pruned live state of devices not in the inventory');
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
    if (!this.directory.has(next.id)) {
      this.dropped.inc();
      return;
    }
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
    this.pendingWrites.delete(id);
    // Deleted from the cache even when this mirror never had it: another instance may have written it.
    this.repository
      .remove([id])
      .catch((err: unknown) => this.logger.warn({ err, id }, 'could not remove live state'));
    if (!this.mirror.delete(id)) {
      return;
    }
    this.pendingRemoved.push(id);
    this.notify([], [id]);
    this.scheduleFlush();
  }

  /** The inventory changed: new devices get a row (another instance may have written one already). */
  private async follow(change: InventoryChange): Promise<void> {
    for (const { entity } of change.upserted) {
      const current =
        this.mirror.get(entity.id) ?? (await this.repository.readOne(entity.id).catch(() => undefined));
      this.update(current ? withInventory(current, entity) : initialLive(entity, new Date()));
    }
    for (const id of change.removed) {
      this.remove(id);
    }
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
    // Our own batch comes back to us on the channel: drop it by its opening bytes (flush() writes `from`
    // first) before paying to parse and validate every change in it.
    if (message.startsWith(this.ownPrefix)) {
      return;
    }
    const parsed = ChangeMessageSchema.safeParse(JSON.parse(message));
    if (!parsed.success || parsed.data.from === this.instanceId) {
      return;
    }
    // Only devices this instance's inventory knows: a change for one it has not loaded yet is read from
    // the cache when the directory learns it (follow()).
    const changes = parsed.data.changes.filter((change) => {
      const previous = this.mirror.get(change.id);
      if (!previous || !this.directory.has(change.id)) {
        return false;
      }
      this.mirror.set(change.id, { ...previous, ...change });
      return true;
    });
    const removed = parsed.data.removed.filter((id) => this.mirror.delete(id));
    if (changes.length || removed.length) {
      this.notify(changes, removed);
    }
  }
}

/** A live row with the inventory's fields (name, site, tags, position) taken from the entity. */
function withInventory(row: DeviceLive, entity: Parameters<typeof initialLive>[0]): DeviceLive {
  const fresh = initialLive(entity, new Date());
  return {
    ...row,
    name: fresh.name,
    role: fresh.role,
    site: fresh.site,
    tags: fresh.tags,
    parentId: fresh.parentId,
    lat: fresh.lat,
    lon: fresh.lon,
  };
}
