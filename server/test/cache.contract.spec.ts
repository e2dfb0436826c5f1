// The in-process adapters and the Redis adapters must behave the same: the same suite runs on both.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCache, type CacheBundle } from '@/infra/cache/cache.factory.js';
import { waitFor } from './wait-for.js';

const implementations: [string, () => Promise<CacheBundle>][] = [
  ['in-process', () => createCache(undefined, 'unused:')],
  [
    'redis',
    () =>
      createCache(inject('redisUrl'), `${inject('redisPrefix')}contract-${randomBytes(3).toString('hex')}:`),
  ],
];

describe.each(implementations)('cache contract: %s', (_name, make) => {
  let cache: CacheBundle;
  beforeAll(async () => {
    cache = await make();
  });
  afterAll(async () => {
    await cache.close();
  });

  it('stores, reads and deletes values', async () => {
    await cache.store.set('k1', 'v1');
    expect(await cache.store.get('k1')).toBe('v1');
    await cache.store.del('k1');
    expect(await cache.store.get('k1')).toBeNull();
    await cache.store.set('k2', 'v2');
    await cache.store.set('k3', 'v3');
    await cache.store.delMany(['k2', 'k3', 'never-set']);
    expect(await cache.store.get('k2')).toBeNull();
    expect(await cache.store.get('k3')).toBeNull();
  });

  it('reads many keys in one call, null where a key is absent', async () => {
    await cache.store.set('m1', 'one');
    await cache.store.set('m2', 'two');
    expect(await cache.store.getMany(['m2', 'absent', 'm1', 'm2'])).toEqual(['two', null, 'one', 'two']);
    expect(await cache.store.getMany([])).toEqual([]);
  });

  it('expires values after their TTL', async () => {
    await cache.store.set('short', 'x', 50);
    expect(await cache.store.ttlMs('short')).toBeGreaterThan(0);
    await waitFor(async () => (await cache.store.get('short')) === null, 2_000);
    expect(await cache.store.ttlMs('short')).toBeNull();
  });

  it('counts with incr and keeps the first TTL', async () => {
    expect(await cache.store.incr('counter', 60_000)).toBe(1);
    expect(await cache.store.incr('counter', 60_000)).toBe(2);
    const ttl = await cache.store.ttlMs('counter');
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('merges hash fields', async () => {
    await cache.store.hset('h', { a: '1', b: '2' });
    await cache.store.hset('h', { b: '3' });
    expect(await cache.store.hgetall('h')).toEqual({ a: '1', b: '3' });
    expect(await cache.store.hgetall('absent')).toEqual({});
    expect(await cache.store.hget('h', 'b')).toBe('3');
    expect(await cache.store.hget('h', 'zz')).toBeNull();
    expect(await cache.store.hget('absent', 'a')).toBeNull();
  });

  it('writes several hashes in one batch and deletes fields', async () => {
    await cache.store.hsetMany([
      { key: 'fleet', fields: { a: '1', b: '2' } },
      { key: 'device:a', fields: { live: 'x' } },
    ]);
    await cache.store.hdel('fleet', ['b']);
    expect(await cache.store.hgetall('fleet')).toEqual({ a: '1' });
    expect(await cache.store.hgetall('device:a')).toEqual({ live: 'x' });
  });

  it('grants a lock to one owner at a time with growing fencing tokens', async () => {
    const first = await cache.locks.acquire('radio-1', 'alice', 10_000);
    expect(first).not.toBeNull();
    expect(await cache.locks.acquire('radio-1', 'bob', 10_000)).toBeNull();
    expect((await cache.locks.holder('radio-1'))?.owner).toBe('alice');
    expect(await cache.locks.release(first!)).toBe(true);
    const second = await cache.locks.acquire('radio-1', 'bob', 10_000);
    expect(second!.token).toBeGreaterThan(first!.token);
    // A stale lease can neither release nor extend the new holder's lock.
    expect(await cache.locks.release(first!)).toBe(false);
    expect(await cache.locks.extend(first!, 10_000)).toBe(false);
    expect(await cache.locks.extend(second!, 10_000)).toBe(true);
    expect(await cache.locks.release(second!)).toBe(true);
    expect(await cache.locks.holder('radio-1')).toBeNull();
  });

  it('extends many leases at once, and says which ones were no longer held', async () => {
    const a = await cache.locks.acquire('shard-a', 'me', 200);
    const b = await cache.locks.acquire('shard-b', 'me', 200);
    const lost = await cache.locks.acquire('shard-c', 'me', 200);
    await cache.locks.release(lost!);
    const other = await cache.locks.acquire('shard-c', 'someone else', 10_000);
    expect(await cache.locks.extendMany([a!, lost!, b!], 10_000)).toEqual([true, false, true]);
    expect(await cache.locks.extendMany([], 10_000)).toEqual([]);
    // extended past their first 200 ms TTL: still held
    const t0 = Date.now();
    await waitFor(() => Date.now() - t0 > 400, 2_000);
    expect((await cache.locks.holder('shard-a'))?.owner).toBe('me');
    expect((await cache.locks.holder('shard-b'))?.owner).toBe('me');
    expect((await cache.locks.holder('shard-c'))?.token).toBe(other!.token);
  });

  it('takes and releases many locks at once, skipping the ones someone else holds', async () => {
    const held = await cache.locks.acquire('many-b', 'operator', 10_000);
    const leases = await cache.locks.acquireMany(['many-a', 'many-b', 'many-c'], 'poller', 10_000);
    expect(leases.map((l) => l?.owner ?? null)).toEqual(['poller', null, 'poller']);
    expect((await cache.locks.holder('many-b'))?.owner).toBe('operator');
    expect(await cache.locks.acquire('many-a', 'operator', 10_000)).toBeNull();
    // a stale lease releases nothing; the others go, in one call
    const stale = { ...held!, resource: 'many-c', token: held!.token + 100 };
    expect(await cache.locks.releaseMany([leases[0]!, stale, leases[2]!])).toEqual([true, false, true]);
    expect(await cache.locks.holder('many-a')).toBeNull();
    expect(await cache.locks.holder('many-c')).toBeNull();
    const again = await cache.locks.acquireMany(['many-a'], 'poller', 10_000);
    expect(again[0]!.token).toBeGreaterThan(leases[0]!.token);
    expect(await cache.locks.acquireMany([], 'poller', 10_000)).toEqual([]);
    expect(await cache.locks.releaseMany([])).toEqual([]);
    expect(await cache.locks.release(held!)).toBe(true);
  });

  it('frees a lock when its TTL lapses', async () => {
    await cache.locks.acquire('radio-2', 'alice', 50);
    await waitFor(async () => (await cache.locks.holder('radio-2')) === null, 2_000);
    expect(await cache.locks.acquire('radio-2', 'bob', 10_000)).not.toBeNull();
  });

  it('gives exactly one winner among concurrent acquirers', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => cache.locks.acquire('radio-3', `op-${i}`, 10_000)),
    );
    expect(results.filter((lease) => lease !== null)).toHaveLength(1);
  });

  it('delivers published messages to subscribers until they unsubscribe', async () => {
    const received: string[] = [];
    const unsubscribe = await cache.pubsub.subscribe('events', (m) => received.push(m));
    await cache.pubsub.publish('events', 'one');
    await waitFor(() => received.length === 1, 2_000);
    await unsubscribe();
    await cache.pubsub.publish('events', 'two');
    await cache.pubsub.publish('other', 'x');
    // A message published after unsubscribing must not arrive; a marker subscriber proves delivery happened.
    const marker: string[] = [];
    await cache.pubsub.subscribe('events', (m) => marker.push(m));
    await cache.pubsub.publish('events', 'three');
    await waitFor(() => marker.length === 1, 2_000);
    expect(received).toEqual(['one']);
  });

  it('reports its health', async () => {
    const health = await cache.store.ping();
    expect(health.kind).toBe(cache.store.kind);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });
});
