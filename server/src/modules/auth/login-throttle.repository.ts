// Counts sign-in attempts in fixed windows: one counter per username and client address, one per address
// alone. An attempt is counted before its password is checked (one atomic INCR), so a hundred parallel
// guesses cannot all pass a check that none of them has raised yet; an attempt that turns out harmless
// (a right password, or one refused before any hashing) is refunded. Past the limit sign-in is refused
// until the window ends, whether or not the next password is right: that is what makes guessing expensive.
import { Injectable } from '@nestjs/common';
import { KeyValueStore } from '@/infra/cache/cache.types.js';

/** One counter's key; made by the repository only, so keys can never collide across scopes. */
export type ThrottleKey = string & { readonly __throttleKey: unique symbol };

// encodeURIComponent throws on a lone surrogate (a username can hold one: JSON can carry it), and a key
// must never be why sign-in fails: such a character is replaced with U+FFFD first.
const part = (value: string) => encodeURIComponent(value.replace(LONE_SURROGATES, '\ufffd'));
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const refunds = (key: ThrottleKey) => `${key}:refunds`;

@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly store: KeyValueStore) {}

  /** Attempts for one username from one address; usernames are counted without case, so Admin is admin. */
  userKey(username: string, ip: string): ThrottleKey {
    return `login-attempts:user:${part(ip)}:${part(username.toLowerCase())}` as ThrottleKey;
  }

  /** Attempts from one address, whatever the username. */
  addressKey(ip: string): ThrottleKey {
    return `login-attempts:address:${part(ip)}` as ThrottleKey;
  }

  /**
   * Counts one attempt and answers how many the window holds with it, less refunds. The window starts
   * with its first attempt and is never extended.
   */
  async count(key: ThrottleKey, windowMs: number): Promise<number> {
    const attempts = await this.store.incr(key, windowMs);
    const refunded = Number((await this.store.get(refunds(key))) ?? 0);
    return attempts - refunded;
  }

  /**
   * Takes one attempt back. The store has no atomic decrement, so refunds are a counter of their own that
   * expires with the window it belongs to (never later: a refund must not outlive its attempt).
   */
  async refund(key: ThrottleKey): Promise<void> {
    const left = await this.store.ttlMs(key);
    if (left !== null && left > 0) {
      await this.store.incr(refunds(key), left);
    }
  }

  /** Forgets the window: after a successful sign-in the username starts afresh. */
  clear(key: ThrottleKey): Promise<void> {
    return this.store.delMany([key, refunds(key)]);
  }

  /** Milliseconds until the window ends. */
  async remainingMs(key: ThrottleKey, windowMs: number): Promise<number> {
    return (await this.store.ttlMs(key)) ?? windowMs;
  }
}
