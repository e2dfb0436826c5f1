// The live feed's figures on the process registry: sockets held, sockets closed by the server and why,
// handshakes refused and resyncs ignored, so a flood or a slow reader shows up in /api/metrics.
import { Counter, Gauge, type Registry } from 'prom-client';

/** Why the server closed a feed socket. */
export const FEED_CLOSE_REASONS = [
  'signed-out',
  'expired',
  'resync-flood',
  'refusal-flood',
  'slow-consumer',
] as const;
export type FeedCloseReason = (typeof FEED_CLOSE_REASONS)[number];

/** Why a handshake was refused. */
export const FEED_REFUSAL_REASONS = [
  'wrong-namespace',
  'cross-site',
  'unauthenticated',
  'too-many',
  'unavailable',
] as const;
export type FeedRefusalReason = (typeof FEED_REFUSAL_REASONS)[number];

export interface FeedMetrics {
  closed(reason: FeedCloseReason): void;
  refused(reason: FeedRefusalReason): void;
  resyncIgnored(): void;
}

export interface SnapshotFigures {
  builds: number;
  served: number;
  replayedFrames: number;
  lastBytes: number;
  lastJsonBytes: number;
  lastBuildMs: number;
}

export function registerFeedMetrics(
  registry: Registry,
  sockets: () => number,
  snapshots: () => SnapshotFigures,
): FeedMetrics {
  const registers = [registry];
  const figure = (name: string, help: string, read: (s: SnapshotFigures) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(snapshots()));
      },
    });
  figure(
    'wsnoc_feed_snapshot_builds',
    'Live-feed snapshots encoded since start (each shared by its clients)',
    (s) => s.builds,
  );
  figure('wsnoc_feed_snapshot_served', 'Live-feed snapshots sent to clients since start', (s) => s.served);
  figure(
    'wsnoc_feed_snapshot_replayed_frames',
    'Delta frames sent after a shared snapshot to bring it up to date',
    (s) => s.replayedFrames,
  );
  figure('wsnoc_feed_snapshot_bytes', 'Bytes on the wire of the last snapshot encoded', (s) => s.lastBytes);
  figure(
    'wsnoc_feed_snapshot_json_bytes',
    "Bytes of the last snapshot's columns before gzip",
    (s) => s.lastJsonBytes,
  );
  figure(
    'wsnoc_feed_snapshot_build_ms',
    'Milliseconds the last snapshot took to encode and gzip',
    (s) => s.lastBuildMs,
  );
  new Gauge({
    name: 'wsnoc_feed_sockets',
    help: 'Live-feed sockets connected to this instance',
    registers,
    collect() {
      this.set(sockets());
    },
  });
  const closed = new Counter({
    name: 'wsnoc_feed_disconnects_total',
    help: 'Live-feed sockets the server closed, by reason',
    labelNames: ['reason'] as const,
    registers,
  });
  const refused = new Counter({
    name: 'wsnoc_feed_refused_total',
    help: 'Live-feed handshakes refused, by reason',
    labelNames: ['reason'] as const,
    registers,
  });
  const ignored = new Counter({
    name: 'wsnoc_feed_resyncs_ignored_total',
    help: 'Resync requests ignored because the socket asked too often',
    registers,
  });
  for (const reason of FEED_CLOSE_REASONS) {
    closed.inc({ reason }, 0);
  }
  for (const reason of FEED_REFUSAL_REASONS) {
    refused.inc({ reason }, 0);
  }
  return {
    closed: (reason) => closed.inc({ reason }),
    refused: (reason) => refused.inc({ reason }),
    resyncIgnored: () => ignored.inc(),
  };
}
