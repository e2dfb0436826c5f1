// Which shards of the fleet this instance polls. Each shard is a lease in the lock store, held with a
// heartbeat; when an instance dies its leases lapse and the others take the shards within a TTL.
// Instances announce themselves in a membership hash, and each holds at most its fair share
// (shards / live instances, rounded up), so a new instance gets work without anyone restarting.
import type { KeyValueStore, Lease, LockStore } from '@/infra/cache/cache.types.js';

const MEMBERS = 'poll-instances';

export class ShardLeases {
  private readonly held = new Map<number, Lease>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly locks: LockStore,
    private readonly members: KeyValueStore,
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
    await this.members.hdel(MEMBERS, [this.owner]).catch(() => undefined);
  }

  /** Keeps held shards, gives back any beyond the fair share, and takes free ones up to it. */
  async beat(): Promise<void> {
    const before = [...this.held.keys()].sort().join();
    try {
      const fairShare = Math.ceil(this.shards / (await this.liveInstances()));
      await this.renew();
      await this.giveBack(fairShare);
      await this.take(fairShare);
    } catch {
      // The cache is unreachable: keep polling what we hold; the lease TTL bounds any overlap.
    }
    if ([...this.held.keys()].sort().join() !== before) {
      this.onChange(this.owned());
    }
  }

  private async liveInstances(): Promise<number> {
    const now = Date.now();
    await this.members.hset(MEMBERS, { [this.owner]: String(now + this.ttlMs) });
    const all = await this.members.hgetall(MEMBERS);
    const expired = Object.entries(all).filter(([, until]) => Number(until) < now);
    if (expired.length) {
      await this.members.hdel(
        MEMBERS,
        expired.map(([owner]) => owner),
      );
    }
    return Math.max(1, Object.keys(all).length - expired.length);
  }

  /** Every held lease extended in one round trip; a lost one is taken again if nobody else has it. */
  private async renew(): Promise<void> {
    const held = [...this.held];
    const extended = await this.locks.extendMany(
      held.map(([, lease]) => lease),
      this.ttlMs,
    );
    for (const [i, [shard]] of held.entries()) {
      if (!extended[i]) {
        // Lost (say, a cache that restarted empty): take it again if nobody else has.
        const again = await this.locks.acquire(`shard:${shard}`, this.owner, this.ttlMs);
        if (again) {
          this.held.set(shard, again);
        } else {
          this.held.delete(shard);
        }
      }
    }
  }

  private async giveBack(fairShare: number): Promise<void> {
    const extra = [...this.held.keys()]
      .sort((x, y) => y - x)
      .slice(0, Math.max(0, this.held.size - fairShare));
    for (const shard of extra) {
      await this.locks.release(this.held.get(shard)!);
      this.held.delete(shard);
    }
  }

  private async take(fairShare: number): Promise<void> {
    for (let shard = 0; shard < this.shards && this.held.size < fairShare; shard++) {
      if (this.held.has(shard)) {
        continue;
      }
      const taken = await this.locks.acquire(`shard:${shard}`, this.owner, this.ttlMs);
      if (taken) {
        this.held.set(shard, taken);
      }
    }
  }
}
