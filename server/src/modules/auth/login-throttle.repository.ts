// Counts failed sign-ins per username and client address. After too many, sign-in is refused until the
// window expires, whether or not the next password is right: that is what makes guessing expensive.
import { Injectable } from '@nestjs/common';
import { KeyValueStore } from '@/infra/cache/cache.types.js';

@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly store: KeyValueStore) {}

  private key(username: string, ip: string): string {
    return `login-fail:${username.toLowerCase()}:${ip}`;
  }

  /** Milliseconds until sign-in is allowed again, or 0 when it is allowed now. */
  async blockedForMs(username: string, ip: string, maxFailures: number): Promise<number> {
    const key = this.key(username, ip);
    const failures = Number((await this.store.get(key)) ?? 0);
    if (failures < maxFailures) {
      return 0;
    }
    return (await this.store.ttlMs(key)) ?? 0;
  }

  recordFailure(username: string, ip: string, windowMs: number): Promise<number> {
    return this.store.incr(this.key(username, ip), windowMs);
  }

  clear(username: string, ip: string): Promise<void> {
    return this.store.del(this.key(username, ip));
  }
}
