// In-process adapters for the embedded default: one server instance, no Redis. Same semantics as Redis,
// including expiry, so code written against them behaves the same in production.
import { EventEmitter } from 'node:events';
import {
  type CacheHealth,
  KeyValueStore,
  type Lease,
  LockStore,
  type MessageHandler,
  PubSub,
} from './cache.types.js';

interface Entry {
  value: string | Map<string, string>;
  expiresAt: number | null;
}

export class MemoryKeyValueStore extends KeyValueStore {
  readonly kind = 'in-process' as const;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  get(key: string): Promise<string | null> {
    const entry = this.live(key);
    return Promise.resolve(typeof entry?.value === 'string' ? entry.value : null);
  }

  getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: ttlMs ? this.now() + ttlMs : null });
    return Promise.resolve();
  }

  del(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  delMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.entries.delete(key);
    }
    return Promise.resolve();
  }

  incr(key: string, ttlMs: number): Promise<number> {
    const entry = this.live(key);
    const next = (entry && typeof entry.value === 'string' ? Number(entry.value) : 0) + 1;
    this.entries.set(key, { value: String(next), expiresAt: entry ? entry.expiresAt : this.now() + ttlMs });
    return Promise.resolve(next);
  }

  ttlMs(key: string): Promise<number | null> {
    const entry = this.live(key);
    return Promise.resolve(entry?.expiresAt ? entry.expiresAt - this.now() : null);
  }

  hset(key: string, fields: Record<string, string>): Promise<void> {
    const entry = this.live(key);
    const map = entry && entry.value instanceof Map ? entry.value : new Map<string, string>();
    for (const [field, value] of Object.entries(fields)) {
      map.set(field, value);
    }
    this.entries.set(key, { value: map, expiresAt: entry?.expiresAt ?? null });
    return Promise.resolve();
  }

  hget(key: string, field: string): Promise<string | null> {
    const entry = this.live(key);
    return Promise.resolve(entry?.value instanceof Map ? (entry.value.get(field) ?? null) : null);
  }

  hgetall(key: string): Promise<Record<string, string>> {
    const entry = this.live(key);
    return Promise.resolve(entry?.value instanceof Map ? Object.fromEntries(entry.value) : {});
  }

  hdel(key: string, fields: string[]): Promise<void> {
    const entry = this.live(key);
    if (entry?.value instanceof Map) {
      for (const field of fields) {
        entry.value.delete(field);
      }
    }
    return Promise.resolve();
  }

  async hsetMany(writes: { key: string; fields: Record<string, string> }[]): Promise<void> {
    for (const write of writes) {
      await this.hset(write.key, write.fields);
    }
  }

  ping(): Promise<CacheHealth> {
    return Promise.resolve({ kind: this.kind, latencyMs: 0 });
  }
}

export class MemoryLockStore extends LockStore {
  private readonly leases = new Map<string, { lease: Lease; expiresAt: number }>();
  private readonly tokens = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  private current(resource: string): Lease | null {
    const held = this.leases.get(resource);
    if (!held) {
      return null;
    }
    if (held.expiresAt <= this.now()) {
      this.leases.delete(resource);
      return null;
    }
    return held.lease;
  }

  acquire(resource: string, owner: string, ttlMs: number): Promise<Lease | null> {
    if (this.current(resource)) {
      return Promise.resolve(null);
    }
    const token = (this.tokens.get(resource) ?? 0) + 1;
    this.tokens.set(resource, token);
    const lease: Lease = { resource, owner, token, acquiredAt: new Date(this.now()).toISOString() };
    this.leases.set(resource, { lease, expiresAt: this.now() + ttlMs });
    return Promise.resolve(lease);
  }

  release(lease: Lease): Promise<boolean> {
    if (this.current(lease.resource)?.token !== lease.token) {
      return Promise.resolve(false);
    }
    this.leases.delete(lease.resource);
    return Promise.resolve(true);
  }

  extend(lease: Lease, ttlMs: number): Promise<boolean> {
    if (this.current(lease.resource)?.token !== lease.token) {
      return Promise.resolve(false);
    }
    this.leases.set(lease.resource, { lease, expiresAt: this.now() + ttlMs });
    return Promise.resolve(true);
  }

  holder(resource: string): Promise<Lease | null> {
    return Promise.resolve(this.current(resource));
  }
}

export class MemoryPubSub extends PubSub {
  private readonly bus = new EventEmitter().setMaxListeners(0);

  publish(channel: string, message: string): Promise<void> {
    // Delivered asynchronously, as Redis would, so publishers never run subscriber code inline.
    queueMicrotask(() => this.bus.emit(channel, message));
    return Promise.resolve();
  }

  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    this.bus.on(channel, handler);
    return Promise.resolve(() => {
      this.bus.off(channel, handler);
      return Promise.resolve();
    });
  }
}
