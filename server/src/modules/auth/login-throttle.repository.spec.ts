import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '@/infra/cache/memory.cache.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';

describe(LoginThrottleRepository.name, () => {
  const setup = () => {
    let now = 1_000_000;
    const store = new MemoryKeyValueStore(() => now);
    return { throttle: new LoginThrottleRepository(store), advance: (ms: number) => (now += ms) };
  };

  it('counts attempts in a window that starts with the first and is never extended', async () => {
    const { throttle, advance } = setup();
    const key = throttle.userKey('Admin', '10.0.0.1');
    expect(await throttle.count(key, 1_000)).toBe(1);
    advance(600);
    expect(await throttle.count(key, 1_000)).toBe(2);
    expect(await throttle.remainingMs(key, 1_000)).toBe(400);
    advance(400);
    expect(await throttle.count(key, 1_000)).toBe(1);
  });

  it('takes refunded attempts off the count, and the refunds end with their window', async () => {
    const { throttle, advance } = setup();
    const key = throttle.addressKey('10.0.0.1');
    await throttle.count(key, 1_000);
    await throttle.count(key, 1_000);
    await throttle.refund(key);
    expect(await throttle.count(key, 1_000)).toBe(2);
    advance(1_000);
    // A new window: the old refund must not give it a free attempt.
    expect(await throttle.count(key, 1_000)).toBe(1);
  });

  it('refunds nothing once the window has gone', async () => {
    const { throttle, advance } = setup();
    const key = throttle.addressKey('10.0.0.1');
    await throttle.count(key, 1_000);
    advance(1_000);
    await throttle.refund(key);
    expect(await throttle.count(key, 1_000)).toBe(1);
  });

  it('forgets a username on clear, refunds included', async () => {
    const { throttle } = setup();
    const key = throttle.userKey('admin', '10.0.0.1');
    await throttle.count(key, 1_000);
    await throttle.refund(key);
    await throttle.clear(key);
    expect(await throttle.count(key, 1_000)).toBe(1);
  });

  it('keeps scopes, addresses and usernames apart, and usernames without case', () => {
    const { throttle } = setup();
    expect(throttle.userKey('Admin', '::1')).toBe(throttle.userKey('admin', '::1'));
    expect(throttle.userKey('a:b', 'c')).not.toBe(throttle.userKey('a', 'b:c'));
    expect(throttle.userKey('x', '10.0.0.1')).not.toBe(throttle.addressKey('10.0.0.1'));
  });
});
