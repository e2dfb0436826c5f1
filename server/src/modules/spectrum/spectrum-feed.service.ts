// Spectrum changes on the live feed. The leader announces the stations it changed on a PubSub channel;
// every instance (the leader too) reads those stations and sends them, coalesced over half a second, as
// one `spectrum:stations` event to its own clients. A page never needs a reload to see a mute or a retune.
// Other feeds of this instance (the wall displays) follow the same changes through onStations.
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { SpectrumStation } from '@wsnoc/shared';
import { z } from 'zod';
import { PubSub } from '@/infra/cache/cache.types.js';
import { DeviceDirectory } from '@/modules/inventory/device-directory.service.js';
import { FeedBroadcastService } from '@/modules/realtime/feed-broadcast.service.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';
import { mapStation } from './spectrum.mapper.js';

const CHANNEL = 'spectrum:changed';
const COALESCE_MS = 500;
const IdsSchema = z.array(z.string());

@Injectable()
export class SpectrumFeedService implements OnModuleInit, OnApplicationShutdown {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopLifecycle: (() => void) | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly listeners = new Set<(stations: SpectrumStation[]) => void>();

  constructor(
    private readonly lifecycle: GrantLifecycleService,
    private readonly directory: DeviceDirectory,
    private readonly pubsub: PubSub,
    private readonly feed: FeedBroadcastService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.stopLifecycle = this.lifecycle.onChange(
      (ids) => void this.pubsub.publish(CHANNEL, JSON.stringify(ids)).catch(() => this.queue(ids)),
    );
    this.unsubscribe = await this.pubsub.subscribe(CHANNEL, (message) => {
      const parsed = IdsSchema.safeParse(safeJson(message));
      if (parsed.success) {
        this.queue(parsed.data);
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopLifecycle?.();
    clearTimeout(this.timer);
    await this.unsubscribe?.();
  }

  /** Called with the stations (of any instance) whose spectrum state changed, as the feed sends them. */
  onStations(listener: (stations: SpectrumStation[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private queue(ids: readonly string[]): void {
    for (const id of ids) {
      this.pending.add(id);
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, COALESCE_MS);
  }

  private async send(): Promise<void> {
    const ids = new Set(this.pending);
    this.pending.clear();
    const stations = (await this.lifecycle.all()).filter((s) => ids.has(s.deviceId));
    if (stations.length) {
      const mapped = stations.map((s) => mapStation(s, this.directory.get(s.deviceId)));
      this.feed.send('spectrum:stations', { stations: mapped });
      for (const listener of this.listeners) {
        listener(mapped);
      }
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
