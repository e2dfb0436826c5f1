// Redis adapters. Keys carry the configured prefix so several deployments or test runs share one Redis.
import { createHash } from 'node:crypto';
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
    // No per-command timeout in node-redis: it arms an AbortSignal.timeout (a timer and a signal) for every
    // command, which measured as one of the largest costs of a poll. The adapters below bound each command
    // with one shared sweep instead (COMMAND_TIMEOUT_MS).
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: connectTimeoutMs,
      // At boot: give up at once. Later: reconnect with capped backoff, the app keeps running meanwhile.
      reconnectStrategy: (retries: number) => (booted() ? Math.min(100 * 2 ** retries, 5_000) : false),
    },
  });
}

export type RedisConnection = ReturnType<typeof makeClient>;

/** How long a command may wait for its reply before the caller gets an error (the server hung). */
export const COMMAND_TIMEOUT_MS = 5_000;
const SWEEP_MS = 250;

export class RedisTimeoutError extends Error {
  constructor(what: string) {
    super(`Redis did not answer ${what} within ${COMMAND_TIMEOUT_MS} ms`);
    this.name = 'RedisTimeoutError';
  }
}

/**
 * Deadlines for every command of the process on one timer: every command waits the same time, so the
 * pending set (insertion ordered) is also deadline ordered, and a sweep stops at the first that is not
 * yet due. The timer runs only while a command is waiting. Precision: one sweep (250 ms).
 */
class Deadlines {
  private readonly pending = new Set<{ at: number; what: string; reject: (err: Error) => void }>();
  private timer: NodeJS.Timeout | undefined;

  bound<T>(what: string, command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry = { at: Date.now() + COMMAND_TIMEOUT_MS, what, reject };
      this.pending.add(entry);
      this.timer ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
      command.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (err: Error) => {
          this.pending.delete(entry);
          reject(err);
        },
      );
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending) {
      if (entry.at > now) {
        break;
      }
      this.pending.delete(entry);
      entry.reject(new RedisTimeoutError(entry.what));
    }
    if (!this.pending.size) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

/** A pipeline's error (MultiErrorReply) carries the replies; any NOSCRIPT among them. */
function hasNoScript(err: unknown): boolean {
  const replies = (err as { replies?: unknown[] }).replies;
  return (
    Array.isArray(replies) && replies.some((r) => String((r as Error)?.message ?? r).startsWith('NOSCRIPT'))
  );
}

const deadlines = new Deadlines();
const bound = <T>(what: string, command: Promise<T>): Promise<T> => deadlines.bound(what, command);

/**
 * A Lua script sent by its SHA1 (EVALSHA): 40 bytes per call instead of the whole body; the body goes
 * once, when Redis does not know the script yet (first call, or after a restart or SCRIPT FLUSH).
 */
class Script {
  readonly sha: string;
  constructor(private readonly body: string) {
    this.sha = createHash('sha1').update(body).digest('hex');
  }

  async run(client: RedisConnection, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await bound('EVALSHA', client.evalSha(this.sha, { keys, arguments: args }));
    } catch (err) {
      if (!(err as Error).message?.startsWith('NOSCRIPT')) {
        throw err;
      }
      return await bound('EVAL', client.eval(this.body, { keys, arguments: args }));
    }
  }
}

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

const INCR_WITH_TTL = new Script(
  "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n",
);

export class RedisKeyValueStore extends KeyValueStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly client: RedisConnection,
    private readonly prefix: string,
  ) {
    super();
  }

  get(key: string): Promise<string | null> {
    return bound('GET', this.client.get(this.prefix + key));
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (!keys.length) {
      return [];
    }
    return this.client.mGet(keys.map((key) => this.prefix + key));
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await bound(
      'SET',
      this.client.set(
        this.prefix + key,
        value,
        ttlMs ? { expiration: { type: 'PX', value: ttlMs } } : undefined,
      ),
    );
  }

  async del(key: string): Promise<void> {
    await bound('DEL', this.client.del(this.prefix + key));
  }

  async delMany(keys: readonly string[]): Promise<void> {
    // In slices, so a prune of a whole old fleet never builds one enormous command.
    for (let i = 0; i < keys.length; i += 1_000) {
      await bound('DEL', this.client.del(keys.slice(i, i + 1_000).map((k) => this.prefix + k)));
    }
  }

  async incr(key: string, ttlMs: number): Promise<number> {
    const result = await INCR_WITH_TTL.run(this.client, [this.prefix + key], [String(ttlMs)]);
    return Number(result);
  }

  async ttlMs(key: string): Promise<number | null> {
    const ttl = await bound('PTTL', this.client.pTTL(this.prefix + key));
    return ttl >= 0 ? ttl : null;
  }

  async hset(key: string, fields: Record<string, string>): Promise<void> {
    await bound('HSET', this.client.hSet(this.prefix + key, fields));
  }

  hget(key: string, field: string): Promise<string | null> {
    return bound('HGET', this.client.hGet(this.prefix + key, field));
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return { ...(await bound('HGETALL', this.client.hGetAll(this.prefix + key))) };
  }

  async hdel(key: string, fields: string[]): Promise<void> {
    if (fields.length) {
      await bound('HDEL', this.client.hDel(this.prefix + key, fields));
    }
  }

  async hsetMany(writes: { key: string; fields: Record<string, string> }[]): Promise<void> {
    if (!writes.length) {
      return;
    }
    // A pipeline, not MULTI/EXEC: one round trip either way, and the rows need no atomicity (each is a
    // device's latest state, rewritten by its next poll), so Redis is spared the QUEUED reply per command.
    const pipeline = this.client.multi();
    for (const write of writes) {
      pipeline.hSet(this.prefix + write.key, write.fields);
    }
    await bound('HSET pipeline', pipeline.execAsPipeline());
  }

  async ping(): Promise<CacheHealth> {
    const started = performance.now();
    await bound('PING', this.client.ping());
    return { kind: this.kind, latencyMs: performance.now() - started };
  }
}

// Acquire: bump the resource's fencing counter and take the lock atomically, or report the holder.
const ACQUIRE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token .. '|' .. ARGV[3], 'PX', ARGV[2])
return token`);
const RELEASE = new Script(`
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^[^|]*|(%d+)|') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);
/** ACQUIRE for pairs of keys (lock, token counter); 0 where the lock is held (tokens start at 1). */
const ACQUIRE_MANY = new Script(`
local out = {}
for i = 1, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    out[#out + 1] = 0
  else
    local token = redis.call('INCR', KEYS[i + 1])
    redis.call('SET', KEYS[i], ARGV[1] .. '|' .. token .. '|' .. ARGV[3], 'PX', ARGV[2])
    out[#out + 1] = token
  end
end
return out`);
/** RELEASE for each lock key with the token at the same place in ARGV; 1 where it was released. */
const RELEASE_MANY = new Script(`
local out = {}
for i = 1, #KEYS do
  local v = redis.call('GET', KEYS[i])
  if v and string.match(v, '^[^|]*|(%d+)|') == ARGV[i] then
    out[i] = redis.call('DEL', KEYS[i])
  else
    out[i] = 0
  end
end
return out`);
const EXTEND = new Script(`
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^[^|]*|(%d+)|') == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`);

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
    const token = await ACQUIRE.run(this.client, this.keys(resource), [owner, String(ttlMs), acquiredAt]);
    return token === null ? null : { resource, owner, token: Number(token), acquiredAt };
  }

  /** One script call for the whole batch: a tick of the poller costs one round trip, not one per radio. */
  override async acquireMany(
    resources: readonly string[],
    owner: string,
    ttlMs: number,
  ): Promise<(Lease | null)[]> {
    if (owner.includes('|')) {
      throw new Error('lock owner must not contain "|"');
    }
    if (!resources.length) {
      return [];
    }
    const acquiredAt = new Date().toISOString();
    const tokens = (await ACQUIRE_MANY.run(
      this.client,
      resources.flatMap((resource) => this.keys(resource)),
      [owner, String(ttlMs), acquiredAt],
    )) as number[];
    return resources.map((resource, i) => {
      const token = Number(tokens[i] ?? 0);
      return token === 0 ? null : { resource, owner, token, acquiredAt };
    });
  }

  override async releaseMany(leases: readonly Lease[]): Promise<boolean[]> {
    if (!leases.length) {
      return [];
    }
    const done = (await RELEASE_MANY.run(
      this.client,
      leases.map((lease) => this.keys(lease.resource)[0]!),
      leases.map((lease) => String(lease.token)),
    )) as number[];
    return leases.map((_, i) => Number(done[i]) === 1);
  }

  async release(lease: Lease): Promise<boolean> {
    const done = await RELEASE.run(this.client, this.keys(lease.resource).slice(0, 1), [String(lease.token)]);
    return Number(done) === 1;
  }

  async extend(lease: Lease, ttlMs: number): Promise<boolean> {
    const done = await EXTEND.run(this.client, this.keys(lease.resource).slice(0, 1), [
      String(lease.token),
      String(ttlMs),
    ]);
    return Number(done) === 1;
  }

  /** One pipeline of EVALSHA for every lease (a poller's shard leases), falling back to extend() once. */
  override async extendMany(leases: readonly Lease[], ttlMs: number): Promise<boolean[]> {
    if (!leases.length) {
      return [];
    }
    const pipeline = this.client.multi();
    for (const lease of leases) {
      pipeline.evalSha(EXTEND.sha, {
        keys: this.keys(lease.resource).slice(0, 1),
        arguments: [String(lease.token), String(ttlMs)],
      });
    }
    try {
      const replies = await bound('EVALSHA pipeline', pipeline.execAsPipeline());
      return replies.map((reply) => Number(reply) === 1);
    } catch (err) {
      if (!String((err as Error).message).includes('NOSCRIPT') && !hasNoScript(err)) {
        throw err;
      }
      // Redis lost its scripts (a restart): extend() loads it again, then one by one this time.
      return Promise.all(leases.map((lease) => this.extend(lease, ttlMs)));
    }
  }

  async holder(resource: string): Promise<Lease | null> {
    const value = await bound('GET', this.client.get(this.keys(resource)[0]!));
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
    await bound('PUBLISH', this.client.publish(this.prefix + channel, message));
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
