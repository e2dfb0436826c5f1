// The live feed's sequencing: every change from the live state is merged into one pending frame per
// device, and a frame goes out 250 ms after the first change it holds, with a sequence number one above
// the last: about four frames a second while the fleet changes, and no wake-up at all while it does not. A
// snapshot carries the current sequence, so a client can tell whether the next delta follows it.
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DeviceChange, FeedDelta, FeedSnapshot } from '@wsnoc/shared';
import { OnDemandTimer } from '@/infra/timers/on-demand-timer.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';

export const FRAME_MS = 250;
/**
 * Frames kept after they went out (16 s of them), so a client served a shared snapshot a few frames old
 * gets those frames too, even when the snapshot took seconds to build on a loaded machine.
 */
export const RECENT_FRAMES = 64;

export type FrameSink = (frame: FeedDelta) => void;

@Injectable()
export class FeedService implements OnModuleInit, OnApplicationShutdown {
  private seq = 0;
  private pending = new Map<string, DeviceChange>();
  private removed = new Set<string>();
  private readonly recent: FeedDelta[] = [];
  private readonly frames = new OnDemandTimer(FRAME_MS, () => this.flush());
  private sink: FrameSink | undefined;
  private stopListening: (() => void) | undefined;

  constructor(private readonly live: LiveStateService) {}

  onModuleInit(): void {
    this.stopListening = this.live.onChanges((changes, removed) => this.collect(changes, removed));
  }

  onApplicationShutdown(): void {
    this.frames.cancel();
    this.stopListening?.();
  }

  /** Where frames go: the gateway broadcasts them to every signed-in client. */
  setSink(sink: FrameSink): void {
    this.sink = sink;
  }

  snapshot(): FeedSnapshot {
    return { seq: this.seq, at: new Date().toISOString(), devices: this.live.all() };
  }

  /** The sequence number of the last frame sent. */
  currentSeq(): number {
    return this.seq;
  }

  /**
   * The frames sent after `seq`, oldest first, or null when some of them are no longer kept. A snapshot
   * at `seq` plus these is the fleet as of the last frame.
   */
  framesSince(seq: number): FeedDelta[] | null {
    const missing = this.seq - seq;
    if (missing < 0 || missing > this.recent.length) {
      return null;
    }
    return missing === 0 ? [] : this.recent.slice(this.recent.length - missing);
  }

  private collect(changes: DeviceChange[], removed: string[]): void {
    for (const change of changes) {
      const merged = this.pending.get(change.id);
      this.pending.set(change.id, merged ? { ...merged, ...change } : change);
      this.removed.delete(change.id);
    }
    for (const id of removed) {
      this.pending.delete(id);
      this.removed.add(id);
    }
    if (this.pending.size || this.removed.size) {
      this.frames.request();
    }
  }

  flush(): void {
    if (!this.pending.size && !this.removed.size) {
      return;
    }
    const frame: FeedDelta = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      changes: [...this.pending.values()],
      removed: [...this.removed],
    };
    this.pending = new Map();
    this.removed = new Set();
    this.recent.push(frame);
    if (this.recent.length > RECENT_FRAMES) {
      this.recent.shift();
    }
    this.sink?.(frame);
  }
}
