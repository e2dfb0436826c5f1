// The inventory as the rest of the server sees it: which devices exist, and the driver target of each
// (credentials in clear, for the driver only). It is the one owner of device targets. It follows every
// change made on this instance (DomainEvents, awaited, so a REST call answers only once polling and the
// live state have taken it), every change announced by another instance (PubSub), and, as a backstop for
// a missed message, a cheap reconcile of ids and change times against Postgres every minute.
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PubSub } from '@/infra/cache/cache.types.js';
import { DomainEvents } from '@/infra/events/domain-events.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import type { DeviceTarget } from '@/modules/driver/driver.types.js';
import type { DeviceEntity } from './device.entity.js';
import { DeviceError } from './device.errors.js';
import { DeviceRepository } from './device.repository.js';
import { DeviceService } from './device.service.js';

const CHANNEL = 'inventory:changed';
const RECONCILE_MS = 60_000;

export interface KnownDevice {
  entity: DeviceEntity;
  target: DeviceTarget;
}

/** What changed in one step: devices added or changed, and ids that left the inventory. */
export interface InventoryChange {
  upserted: KnownDevice[];
  removed: string[];
}

export type InventoryListener = (change: InventoryChange) => void | Promise<void>;

@Injectable()
export class DeviceDirectory implements OnModuleInit, OnApplicationShutdown {
  private readonly known = new Map<string, KnownDevice>();
  private readonly listeners = new Set<InventoryListener>();
  private readonly unsubscribers: (() => unknown)[] = [];
  private loaded: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly devices: DeviceRepository,
    private readonly service: DeviceService,
    private readonly events: DomainEvents,
    private readonly pubsub: PubSub,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.ready();
    this.unsubscribers.push(
      this.events.on('device.upserted', ({ deviceId }) => this.announce([deviceId])),
      this.events.on('device.removed', ({ deviceId }) => this.announce([deviceId])),
      this.events.on('devices.upserted', ({ deviceIds }) => this.announce(deviceIds)),
      await this.pubsub.subscribe(CHANNEL, (message) => void this.reloadQuietly(parseIds(message))),
    );
    this.timer = setInterval(() => void this.reconcile().catch(() => undefined), RECONCILE_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    for (const unsubscribe of this.unsubscribers.splice(0)) {
      await unsubscribe();
    }
  }

  /** Resolves once the whole inventory has been read at start. */
  ready(): Promise<void> {
    this.loaded ??= this.devices.findAll().then((all) => {
      for (const device of all) {
        this.known.set(device.id, this.know(device));
      }
    });
    return this.loaded;
  }

  has(id: string): boolean {
    return this.known.has(id);
  }

  get(id: string): KnownDevice | undefined {
    return this.known.get(id);
  }

  all(): IterableIterator<KnownDevice> {
    return this.known.values();
  }

  get size(): number {
    return this.known.size;
  }

  /** The device, read from Postgres if this instance has not seen it yet; DeviceError when it does not exist. */
  async require(id: string): Promise<KnownDevice> {
    const known = this.known.get(id);
    if (known) {
      return known;
    }
    const device = await this.service.require(id);
    await this.reload([device.id]);
    const loaded = this.known.get(id);
    if (!loaded) {
      throw DeviceError.notFound(id);
    }
    return loaded;
  }

  /** Listeners run in registration order and are awaited: polling and the live state follow at once. */
  onChange(listener: InventoryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Compares ids and change times with Postgres and reloads whatever differs. */
  async reconcile(): Promise<void> {
    const versions = await this.devices.versions();
    const stale = [...versions].filter(([id, at]) => this.known.get(id)?.entity.updatedAt.getTime() !== at);
    const gone = [...this.known.keys()].filter((id) => !versions.has(id));
    if (stale.length || gone.length) {
      this.logger.info({ stale: stale.length, gone: gone.length }, 'inventory reconciled');
      await this.reload([...stale.map(([id]) => id), ...gone]);
    }
  }

  /** Takes a change made here, then tells the other instances. */
  private async announce(ids: string[]): Promise<void> {
    await this.reload(ids);
    await this.pubsub.publish(CHANNEL, JSON.stringify(ids)).catch(() => undefined);
  }

  private reloadQuietly(ids: string[]): Promise<void> {
    return this.reload(ids).catch((err: unknown) =>
      this.logger.warn({ err: (err as Error).message }, 'inventory reload failed; the reconcile retries'),
    );
  }

  private async reload(ids: string[]): Promise<void> {
    if (!ids.length) {
      return;
    }
    await this.ready();
    const found = new Map((await this.devices.findByIds(ids)).map((d) => [d.id, d]));
    const change: InventoryChange = { upserted: [], removed: [] };
    for (const id of new Set(ids)) {
      const device = found.get(id);
      if (device) {
        const known = this.know(device);
        this.known.set(id, known);
        change.upserted.push(known);
      } else if (this.known.delete(id)) {
        change.removed.push(id);
      }
    }
    for (const listener of this.listeners) {
      await listener(change);
    }
  }

  private know(device: DeviceEntity): KnownDevice {
    return {
      entity: device,
      target: {
        id: device.id,
        host: device.host,
        port: device.port,
        username: device.username,
        password: this.service.password(device),
        role: device.role,
      },
    };
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
