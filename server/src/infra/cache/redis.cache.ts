// Redis adapters. Keys carry the configured prefix so several deployments or test runs share one Redis.
import { createClient } from 'redis';
import {
  type CacheHealth,
  KeyValueStore,
  type Lease,
  LockStore,
  type MessageHandler,
  PubSub,
} from './cache.types.js';

function makeClient(url: string, connectTimeoutMs: number, booted: () => boolean) {
  return createClient({
    url,
    // While Redis is away, fail commands at once instead of queueing them: polling must go on, and a
    // caller that cannot reach the cache decides what to do (skip a write, poll without a lock).
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      // At boot: give up at once. Later: reconnect with capped backoff, the app keeps running meanwhile.
      reconnectStrategy: (retries: number) => (booted() ? Math.min(100 * 2 ** retries, 5_000) : false),
    },
  });
}

export type RedisConnection = ReturnType<typeof makeClient>;

/** Connects once, failing fast with a clear message: at boot an unreachable Redis is a configuration error. */
export async function connectRedis(url: string, connectTimeoutMs = 5_000): Promise<RedisConnection> {
  let booted = false;
  const client = makeClient(url, connectTimeoutMs, () => booted);
  // Without a listener node-redis would crash the process on a transient error.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`cannot reach Redis at ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
  booted = true;
  return client;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return '(unparseable url)';
  }
}

export class RedisKeyValueStore extends KeyValueStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly client: RedisConnection,
    private readonly prefix: string,
  ) {
    super();
  }

  get(key: string): Promise<string | null> {
    return this.client.get(this.prefix + key);
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (!keys.length) {
      return [];
    }
    return this.client.mGet(keys.map((key) => this.prefix + key));
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.client.set(
      this.prefix + key,
      value,
      ttlMs ? { expiration: { type: 'PX', value: ttlMs } } : undefined,
    );
  }

  async del(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }

  async delMany(keys: readonly string[]): Promise<void> {
    // In slices, so a prune of a whole old fleet never builds one enormous command.
    for (let i = 0; i < keys.length; i += 1_000) {
      await this.client.del(keys.slice(i, i + 1_000).map((k) => this.prefix + k));
    }
  }

  async incr(key: string, ttlMs: number): Promise<number> {
    const result = await this.client.eval(
      "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n",
      { keys: [this.prefix + key], arguments: [String(ttlMs)] },
    );
    return Number(result);
  }

  async ttlMs(key: string): Promise<number | null> {
    const ttl = await this.client.pTTL(this.prefix + key);
    return ttl >= 0 ? ttl : null;
  }

  async hset(key: string, fields: Record<string, string>): Promise<void> {
    await this.client.hSet(this.prefix + key, fields);
  }

  hget(key: string, field: string): Promise<string | null> {
    return this.client.hGet(this.prefix + key, field);
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return { ...(await this.client.hGetAll(this.prefix + key)) };
  }

  async hdel(key: string, fields: string[]): Promise<void> {
    if (fields.length) {
      await this.client.hDel(this.prefix + key, fields);
    }
  }

  async hsetMany(writes: { key: string; fields: Record<string, string> }[]): Promise<void> {
    if (!writes.length) {
      return;
    }
    const multi = this.client.multi();
    for (const write of writes) {
      multi.hSet(this.prefix + write.key, write.fields);
    }
    await multi.exec();
  }

  async ping(): Promise<CacheHealth> {
    const started = performance.now();
    await this.client.ping();
    return { kind: this.kind, latencyMs: performance.now() - started };
  }
}

// Acquire: bump the resource's fencing counter and take the lock atomically, or report the holder.
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token .. '|' .. ARGV[3], 'PX', ARGV[2])
return token`;
const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^[^|]*|(%d+)|') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
const EXTEND = `
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^[^|]*|(%d+)|') == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

export class RedisLockStore extends LockStore {
  constructor(
    private readonly client: RedisConnection,
    private readonly prefix: string,
  ) {
    super();
  }

  private keys(resource: string): string[] {
    return [`${this.prefix}lock:${resource}`, `${this.prefix}lock-token:${resource}`];
  }

  async acquire(resource: string, owner: string, ttlMs: number): Promise<Lease | null> {
    if (owner.includes('|')) {
      throw new Error('lock owner must not contain "|"');
    }
    const acquiredAt = new Date().toISOString();
    const token = await this.client.eval(ACQUIRE, {
      keys: this.keys(resource),
      arguments: [owner, String(ttlMs), acquiredAt],
    });
    return token === null ? null : { resource, owner, token: Number(token), acquiredAt };
  }

  async release(lease: Lease): Promise<boolean> {
    const done = await this.client.eval(RELEASE, {
      keys: this.keys(lease.resource).slice(0, 1),
      arguments: [String(lease.token)],
    });
    return Number(done) === 1;
  }

  async extend(lease: Lease, ttlMs: number): Promise<boolean> {
    const done = await this.client.eval(EXTEND, {
      keys: this.keys(lease.resource).slice(0, 1),
      arguments: [String(lease.token), String(ttlMs)],
    });
    return Number(done) === 1;
  }

  async holder(resource: string): Promise<Lease | null> {
    const value = await this.client.get(this.keys(resource)[0]!);
    if (!value) {
      return null;
    }
    const [owner = '', token = '0', acquiredAt = ''] = value.split('|');
    return { resource, owner, token: Number(token), acquiredAt };
  }
}

export class RedisPubSub extends PubSub {
  private subscriber: Promise<RedisConnection> | undefined;

  constructor(
    private readonly client: RedisConnection,
    private readonly prefix: string,
  ) {
    super();
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(this.prefix + channel, message);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    // A subscribed connection can do nothing else, so subscriptions share one dedicated duplicate.
    this.subscriber ??= (async () => {
      const duplicate = this.client.duplicate();
      duplicate.on('error', () => undefined);
      await duplicate.connect();
      return duplicate;
    })();
    const subscriber = await this.subscriber;
    const listener = (message: string) => handler(message);
    await subscriber.subscribe(this.prefix + channel, listener);
    return async () => {
      await subscriber.unsubscribe(this.prefix + channel, listener);
    };
  }

  async close(): Promise<void> {
    const subscriber = await this.subscriber;
    if (subscriber?.isOpen) {
      await subscriber.close();
    }
  }
}
