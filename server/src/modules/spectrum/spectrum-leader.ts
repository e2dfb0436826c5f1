// One instance manages spectrum for the whole fleet at a time: it holds a lease in the lock store with a
// heartbeat. If it dies the lease lapses and another instance takes over within a TTL; everything it
// needs to go on (every deadline, every grant) is in Postgres, so nothing is lost in the handover.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Lease, LockStore } from '@/infra/cache/cache.types.js';

const RESOURCE = 'spectrum:leader';
export const LEADER_TTL_MS = 15_000;

@Injectable()
export class SpectrumLeader implements OnApplicationShutdown {
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private lease: Lease | null = null;
  private validUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly locks: LockStore) {}

  /** Tries for the lease now and keeps trying (or renewing) every third of its TTL. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), LEADER_TTL_MS / 3);
    this.timer.unref();
  }

  /** True while this instance holds a lease that has not lapsed. */
  isLeader(): boolean {
    return this.lease !== null && Date.now() < this.validUntil;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.lease) {
      await this.locks.release(this.lease).catch(() => false);
      this.lease = null;
    }
  }

  private async beat(): Promise<void> {
    try {
      if (this.lease) {
        if (await this.locks.extend(this.lease, LEADER_TTL_MS)) {
          this.validUntil = Date.now() + LEADER_TTL_MS;
          return;
        }
        this.lease = null;
      }
      const taken = await this.locks.acquire(RESOURCE, this.owner, LEADER_TTL_MS);
      if (taken) {
        this.lease = taken;
        this.validUntil = Date.now() + LEADER_TTL_MS;
      }
    } catch {
      // The lock store is away: keep leading until the lease would have lapsed, then stop.
    }
  }
}
