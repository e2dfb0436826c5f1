// The /wall feed's data, derived from the same live state the /ops feed uses. One scope per display with
// screens on this instance: what those screens were last sent (map points), so an update carries only the
// points that changed, plus whole counts and worst links. Updates go out at most once a WALL_FRAME_MS,
// only when something in the scope changed, and at least every WALL_HEARTBEAT_MS when nothing did. The
// timer runs only while some display has screens here: a console with no wall does not wake up for it.
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { WallCounts, WallLink, WallPoint, WallSnapshot, WallUpdate } from '@wsnoc/shared';
import { AppConfig } from '@/infra/config/config.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { aggregate, inScope, sameCounts, samePoint, sameSites, sameWorst, toPoint } from './wall-view.js';

/** At most one update a second per display: a wall is read from across a room, not at 4 Hz. */
export const WALL_FRAME_MS = 1_000;

export type WallSink = (displayId: string, update: WallUpdate) => void;

interface Scope {
  sites: readonly string[];
  /** The points every screen of this display holds (as of the last snapshot or update). */
  sent: Map<string, WallPoint>;
  counts: WallCounts;
  worst: WallLink[];
  lastAt: number;
}

@Injectable()
export class WallFeedService implements OnModuleInit, OnApplicationShutdown {
  private readonly scopes = new Map<string, Scope>();
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private sink: WallSink | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly live: LiveStateService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.live.onChanges((changes, removed) => {
      if (!this.scopes.size) {
        return; // no display here: nothing to remember
      }
      for (const change of changes) {
        this.dirty.add(change.id);
      }
      for (const id of removed) {
        this.dirty.add(id);
      }
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.stopListening?.();
  }

  /** Where updates go: the gateway sends each to the display's screens on this instance. */
  setSink(sink: WallSink): void {
    this.sink = sink;
  }

  /**
   * The display's current view, for a screen that just connected. Starts following the display, or
   * re-scopes it when its sites changed (every screen of it must then be sent this snapshot).
   */
  snapshot(displayId: string, sites: readonly string[]): WallSnapshot {
    const devices = this.live.all();
    const points = devices.filter((d) => inScope(d, sites)).map(toPoint);
    const { counts, worst } = aggregate(devices, sites, (id) => this.live.get(id));
    const existing = this.scopes.get(displayId);
    if (!existing || !sameSites(existing.sites, sites)) {
      this.timer ??= setInterval(() => this.tick(), WALL_FRAME_MS).unref();
      this.scopes.set(displayId, {
        sites: [...sites],
        sent: new Map(points.map((p) => [p.id, p])),
        counts,
        worst,
        lastAt: Date.now(),
      });
    }
    // An existing scope keeps what its other screens hold: this screen's points are newer or the same,
    // and the next update's upserts (whole points) bring both to the same state.
    return { at: new Date().toISOString(), counts, points, worst };
  }

  /** The display has no screens left on this instance. */
  forget(displayId: string): void {
    this.scopes.delete(displayId);
    if (!this.scopes.size) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.dirty.clear();
    }
  }

  /** For tests and metrics: displays followed on this instance. */
  get size(): number {
    return this.scopes.size;
  }

  tick(now = Date.now()): void {
    const dirty = this.dirty;
    this.dirty = new Set();
    for (const [displayId, scope] of this.scopes) {
      const update = this.updateFor(scope, dirty, now);
      if (update) {
        scope.lastAt = now;
        this.sink?.(displayId, update);
      }
    }
  }

  private updateFor(scope: Scope, dirty: ReadonlySet<string>, now: number): WallUpdate | null {
    const points: WallPoint[] = [];
    const removed: string[] = [];
    let touched = false;
    for (const id of dirty) {
      const device = this.live.get(id);
      const shown = device && inScope(device, scope.sites) ? toPoint(device) : undefined;
      const had = scope.sent.get(id);
      if (shown || had) {
        touched = true; // an SNR change moves the worst links without moving a point
      }
      if (shown && (!had || !samePoint(had, shown))) {
        scope.sent.set(id, shown);
        points.push(shown);
      } else if (!shown && had) {
        scope.sent.delete(id);
        removed.push(id);
      }
    }
    const heartbeat = now - scope.lastAt >= this.config.env.WALL_HEARTBEAT_MS;
    if (!touched && !heartbeat) {
      return null;
    }
    const { counts, worst } = aggregate(this.live.all(), scope.sites, (id) => this.live.get(id));
    const moved = !sameCounts(counts, scope.counts) || !sameWorst(worst, scope.worst);
    if (!points.length && !removed.length && !moved && !heartbeat) {
      return null;
    }
    scope.counts = counts;
    scope.worst = worst;
    return { at: new Date(now).toISOString(), counts, points, removed, worst };
  }
}
