// The live feed's figures on the process registry: sockets held, sockets closed by the server and why,
// handshakes refused and resyncs ignored, so a flood or a slow reader shows up in /api/metrics.
import { Counter, Gauge, type Registry } from 'prom-client';

/** Why the server closed a feed socket. */
export const FEED_CLOSE_REASONS = ['signed-out', 'expired', 'resync-flood', 'slow-consumer'] as const;
export type FeedCloseReason = (typeof FEED_CLOSE_REASONS)[number];

/** Why a handshake was refused. */
export const FEED_REFUSAL_REASONS = ['wrong-namespace', 'cross-site', 'unauthenticated', 'too-many'] as const;
export type FeedRefusalReason = (typeof FEED_REFUSAL_REASONS)[number];

export interface FeedMetrics {
  closed(reason: FeedCloseReason): void;
  refused(reason: FeedRefusalReason): void;
  resyncIgnored(): void;
}

export function registerFeedMetrics(registry: Registry, sockets: () => number): FeedMetrics {
  const registers = [registry];
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
