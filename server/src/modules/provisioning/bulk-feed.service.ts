// Bulk runs on the live feed. Every instance hears of every change to a run (the engine's PubSub
// channel), coalesces them over a quarter second per run, and sends its clients one `bulk:run` event:
// the run with its counts, and the items that changed. The wizard's progress needs no polling.
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { FeedBroadcastService } from '@/modules/realtime/feed-broadcast.service.js';
import { BulkRunEngine } from './bulk-run.engine.js';
import { BulkRunService } from './bulk-run.service.js';

const COALESCE_MS = 250;

@Injectable()
export class BulkFeedService implements OnModuleInit, OnApplicationShutdown {
  private readonly pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly engine: BulkRunEngine,
    private readonly runs: BulkRunService,
    private readonly feed: FeedBroadcastService,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.engine.onChange((runId, itemIds) => this.queue(runId, itemIds));
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
    clearTimeout(this.timer);
  }

  private queue(runId: string, itemIds: string[]): void {
    const items = this.pending.get(runId) ?? new Set<string>();
    for (const id of itemIds) {
      items.add(id);
    }
    this.pending.set(runId, items);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, COALESCE_MS);
  }

  private async send(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    for (const [runId, itemIds] of batch) {
      try {
        const [run, items] = await Promise.all([this.runs.get(runId), this.runs.items(runId, [...itemIds])]);
        this.feed.send('bulk:run', { run, items });
      } catch {
        // A run deleted meanwhile, or the database away: the next change sends the run again.
      }
    }
  }
}
