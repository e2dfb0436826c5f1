// Which shards of the fleet this instance polls. Each shard is a lease in the lock store, held with a
// heartbeat; when an instance dies its leases lapse and the others take the shards within a TTL.
import type { Lease, LockStore } from '@/infra/cache/cache.types.js';

export class ShardLeases {
  private readonly held = new Map<number, Lease>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly locks: LockStore,
    private readonly shards: number,
    private readonly owner: string,
    private readonly onChange: (owned: ReadonlySet<number>) => void,
    private readonly ttlMs = 15_000,
  ) {}

  owned(): ReadonlySet<number> {
    return new Set(this.held.keys());
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.ttlMs / 3);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.held.values()].map((lease) => this.locks.release(lease).catch(() => false)));
    this.held.clear();
  }

  /** Keeps held shards and takes free ones. Errors (cache down) keep the current set until the TTL says otherwise. */
  async beat(): Promise<void> {
    let changed = false;
    for (let shard = 0; shard < this.shards; shard++) {
      const lease = this.held.get(shard);
      try {
        if (lease && (await this.locks.extend(lease, this.ttlMs))) {
          continue;
        }
        // Lost (or never held): try to take it. A cache that restarted empty hands it straight back.
        const taken = await this.locks.acquire(`shard:${shard}`, this.owner, this.ttlMs);
        if (taken) {
          this.held.set(shard, taken);
        } else if (lease) {
          this.held.delete(shard);
        }
        changed ||= Boolean(taken) !== Boolean(lease);
      } catch {
        // The cache is unreachable: keep polling what we hold; the lease TTL bounds any overlap.
      }
    }
    if (changed) {
      this.onChange(this.owned());
    }
  }
}
