// The cache, lock and pub/sub interfaces. Redis implements them in production; in-process adapters
// implement them for the single-instance embedded default. Contract tests run both (test/cache.contract.spec.ts).

export interface CacheHealth {
  kind: 'redis' | 'in-process';
  latencyMs: number;
}

export abstract class KeyValueStore {
  abstract readonly kind: CacheHealth['kind'];
  abstract get(key: string): Promise<string | null>;
  /** Several keys in one round trip (MGET in Redis); null where a key is absent. */
  abstract getMany(keys: readonly string[]): Promise<(string | null)[]>;
  abstract set(key: string, value: string, ttlMs?: number): Promise<void>;
  abstract del(key: string): Promise<void>;
  /** Deletes many keys in one round trip. */
  abstract delMany(keys: readonly string[]): Promise<void>;
  /** Increments a counter; the TTL is set when the counter is created and not extended after. */
  abstract incr(key: string, ttlMs: number): Promise<number>;
  /** Remaining lifetime in ms, or null when the key is absent or has no expiry. */
  abstract ttlMs(key: string): Promise<number | null>;
  abstract hset(key: string, fields: Record<string, string>): Promise<void>;
  abstract hget(key: string, field: string): Promise<string | null>;
  abstract hgetall(key: string): Promise<Record<string, string>>;
  abstract hdel(key: string, fields: string[]): Promise<void>;
  /** Several hash writes in one round trip, applied together (MULTI in Redis). */
  abstract hsetMany(writes: { key: string; fields: Record<string, string> }[]): Promise<void>;
  abstract ping(): Promise<CacheHealth>;
}

/** A held lock. The fencing token grows with every acquisition of the same resource. */
export interface Lease {
  resource: string;
  owner: string;
  token: number;
  acquiredAt: string;
}

export abstract class LockStore {
  /** Takes the lock if free; null when someone else holds it. */
  abstract acquire(resource: string, owner: string, ttlMs: number): Promise<Lease | null>;
  /** Releases only if the lease is still the current one (same token). */
  abstract release(lease: Lease): Promise<boolean>;
  abstract extend(lease: Lease, ttlMs: number): Promise<boolean>;
  /** extend() for many leases at once, in their order; a store may send them in one round trip. */
  extendMany(leases: readonly Lease[], ttlMs: number): Promise<boolean[]> {
    return Promise.all(leases.map((lease) => this.extend(lease, ttlMs)));
  }
  abstract holder(resource: string): Promise<Lease | null>;
  /**
   * acquire() for many resources under one owner at once, in their order (null where someone else holds
   * it); a store may take them in one round trip. The poller takes a tick's radios this way.
   */
  acquireMany(resources: readonly string[], owner: string, ttlMs: number): Promise<(Lease | null)[]> {
    return Promise.all(resources.map((resource) => this.acquire(resource, owner, ttlMs)));
  }
  /** release() for many leases at once, in their order. */
  releaseMany(leases: readonly Lease[]): Promise<boolean[]> {
    return Promise.all(leases.map((lease) => this.release(lease)));
  }
}

export type MessageHandler = (message: string) => void;

export abstract class PubSub {
  abstract publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes. */
  abstract subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
}
