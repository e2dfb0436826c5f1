// Chooses the cache implementation: Redis when REDIS_URL is set, in-process adapters otherwise.
import { type KeyValueStore, type LockStore, type PubSub } from './cache.types.js';
import { MemoryKeyValueStore, MemoryLockStore, MemoryPubSub } from './memory.cache.js';
import {
  connectRedis,
  type RedisConnection,
  RedisKeyValueStore,
  RedisLockStore,
  RedisPubSub,
} from './redis.cache.js';

export interface CacheBundle {
  store: KeyValueStore;
  locks: LockStore;
  pubsub: PubSub;
  /** The raw connection, for the Socket.IO Redis adapter; absent in-process. */
  redis?: RedisConnection;
  close(): Promise<void>;
}

export async function createCache(redisUrl: string | undefined, prefix: string): Promise<CacheBundle> {
  if (!redisUrl) {
    return {
      store: new MemoryKeyValueStore(),
      locks: new MemoryLockStore(),
      pubsub: new MemoryPubSub(),
      close: () => Promise.resolve(),
    };
  }
  const redis = await connectRedis(redisUrl);
  const pubsub = new RedisPubSub(redis, prefix);
  return {
    store: new RedisKeyValueStore(redis, prefix),
    locks: new RedisLockStore(redis, prefix),
    pubsub,
    redis,
    async close() {
      await pubsub.close();
      if (redis.isOpen) {
        await redis.close();
      }
    },
  };
}
