// The /ops snapshot, encoded once per feed version and shared. A snapshot of 10,000 radios was 4.6 MB of
// JSON built for each client; 200 clients connecting at once (every browser after a restart, a room of
// wall displays) built 200 of them. Here the live rows are turned into columns (shared/feed.schema.ts),
// serialised once and, when large, gzipped once off the event loop; every client asking while that
// snapshot is at most MAX_REPLAY frames old gets the same buffer plus the frames sent since it, so it
// follows on from the last frame exactly like a client served a fresh one.
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { encodeFeedColumns, type FeedDelta, type FeedSnapshotFrame } from '@wsnoc/shared';
import { AppConfig } from '@/infra/config/config.js';
import { FeedService, RECENT_FRAMES } from './feed.service.js';

const gzip = promisify(gzipCallback);

/** Frames a shared snapshot may be behind before a new one is built (2 s at a frame every 250 ms). */
export const MAX_REPLAY = Math.min(8, RECENT_FRAMES);
/** Shared builds a client waits through before it is given up on (each one too slow to catch up). */
const BUILD_ATTEMPTS = 3;

export interface BuiltSnapshot {
  seq: number;
  frame: FeedSnapshotFrame;
  /** Bytes of `data` on the wire (gzip or JSON). */
  bytes: number;
  /** Bytes of the columns' JSON before gzip. */
  jsonBytes: number;
  buildMs: number;
}

export interface SnapshotStats {
  builds: number;
  served: number;
  replayedFrames: number;
  lastBytes: number;
  lastJsonBytes: number;
  lastBuildMs: number;
}

@Injectable()
export class FeedSnapshotCache {
  private latest: BuiltSnapshot | undefined;
  private building: Promise<BuiltSnapshot> | undefined;
  readonly stats: SnapshotStats = {
    builds: 0,
    served: 0,
    replayedFrames: 0,
    lastBytes: 0,
    lastJsonBytes: 0,
    lastBuildMs: 0,
  };

  constructor(
    private readonly feed: FeedService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Calls `serve` with a shared snapshot and the frames sent since it, in one turn of the event loop
   * (nothing can be sent between them and what `serve` does, such as joining the frames' room).
   */
  async serve(serve: (snapshot: BuiltSnapshot, since: FeedDelta[]) => void): Promise<void> {
    // A build that took longer than the kept frames (16 s) cannot be brought up to date: the next, shared
    // build is waited for instead. Never one build per client: that is what a storm cannot afford.
    for (let attempt = 0; attempt < BUILD_ATTEMPTS; attempt++) {
      const built = await this.current();
      const since = this.feed.framesSince(built.seq);
      if (since) {
        this.stats.served++;
        this.stats.replayedFrames += since.length;
        serve(built, since);
        return;
      }
    }
    throw new Error(`no snapshot could be brought up to date in ${BUILD_ATTEMPTS} builds`);
  }

  /** The latest snapshot while it is at most MAX_REPLAY frames old, else the build under way, else a new one. */
  private current(): Promise<BuiltSnapshot> {
    const latest = this.latest;
    if (latest && this.feed.currentSeq() - latest.seq <= MAX_REPLAY && this.feed.framesSince(latest.seq)) {
      return Promise.resolve(latest);
    }
    if (this.building) {
      return this.building; // newer than `latest`: every client arriving meanwhile waits for this one
    }
    const promise = this.build()
      // A failed gzip: the columns are still good uncompressed.
      .catch(() => this.buildPlain())
      .then((built) => {
        if (!this.latest || built.seq >= this.latest.seq) {
          this.latest = built;
        }
        return built;
      })
      .finally(() => {
        if (this.building === promise) {
          this.building = undefined;
        }
      });
    this.building = promise;
    return promise;
  }

  /** The columns and their JSON in this turn (so the rows and `seq` agree), the gzip off the loop. */
  private async build(): Promise<BuiltSnapshot> {
    const started = performance.now();
    const { seq, at, devices } = this.feed.snapshot();
    const json = Buffer.from(JSON.stringify(encodeFeedColumns(devices)));
    if (json.length < this.config.env.FEED_SNAPSHOT_GZIP_MIN_BYTES) {
      return this.record(this.columnar(seq, at, devices.length, json), json.length, started);
    }
    // Level 1: at 10,000 radios 0.54 MB in 20 ms, where level 6 took 70 ms for 0.52 MB (unloaded).
    const data = await gzip(json, { level: 1 });
    const frame: FeedSnapshotFrame = { seq, at, count: devices.length, encoding: 'columnar+gzip', data };
    return this.record({ frame, bytes: data.length }, json.length, started, seq);
  }

  private buildPlain(): BuiltSnapshot {
    const started = performance.now();
    const { seq, at, devices } = this.feed.snapshot();
    const json = Buffer.from(JSON.stringify(encodeFeedColumns(devices)));
    return this.record(this.columnar(seq, at, devices.length, json), json.length, started);
  }

  /**
   * A small snapshot goes as the columns (Socket.IO sends them as JSON text). They are parsed back from
   * the one JSON text so every client's frame is the same object.
   */
  private columnar(seq: number, at: string, count: number, json: Buffer) {
    const frame: FeedSnapshotFrame = {
      seq,
      at,
      count,
      encoding: 'columnar',
      data: JSON.parse(json.toString()) as FeedSnapshotFrame['data'],
    };
    return { frame, bytes: json.length, seq };
  }

  private record(
    part: { frame: FeedSnapshotFrame; bytes: number; seq?: number },
    jsonBytes: number,
    started: number,
    seq = part.frame.seq,
  ): BuiltSnapshot {
    const built: BuiltSnapshot = {
      seq,
      frame: part.frame,
      bytes: part.bytes,
      jsonBytes,
      buildMs: performance.now() - started,
    };
    this.stats.builds++;
    this.stats.lastBytes = built.bytes;
    this.stats.lastJsonBytes = jsonBytes;
    this.stats.lastBuildMs = Math.round(built.buildMs * 10) / 10;
    return built;
  }
}
