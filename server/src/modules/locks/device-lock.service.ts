// One operation at a time per radio, across every server instance: a lock in the cache with a TTL and a
// fencing token. A second operator gets 409 naming who holds the radio and since when; polls never wait.
import { Injectable } from '@nestjs/common';
import { type Lease, LockStore } from '@/infra/cache/cache.types.js';
import { OnDemandTimer } from '@/infra/timers/on-demand-timer.js';
import { Batch } from './batch.js';
import { DeviceBusyError, type LockHolder, LockLostError } from './lock.errors.js';

export const DEFAULT_LOCK_TTL_MS = 60_000;

/** The owner name polls take the lock under. */
export const POLLER = 'poller';
/** How long an operator's action waits for a poll in progress (polls are short and bounded). */
const WAIT_FOR_POLL_MS = 10_000;

@Injectable()
export class DeviceLockService {
  /** Polls' acquisitions by lease length (one batch per TTL) and their releases, each sent per turn. */
  private readonly pollAcquires = new Map<number, Batch<string, Lease | null>>();
  private readonly releases: Batch<Lease, boolean>;

  constructor(private readonly locks: LockStore) {
    this.releases = new Batch((leases) => this.locks.releaseMany(leases));
  }

  /**
   * Runs fn while holding the radio's lock, extending the lease while fn runs so a long change never
   * loses it. Throws DeviceBusyError when someone else holds it.
   */
  async run<T>(
    device: { id: string; name: string },
    owner: string,
    fn: (lock: HeldLock) => Promise<T>,
    ttlMs = DEFAULT_LOCK_TTL_MS,
  ): Promise<T> {
    const deadline = Date.now() + WAIT_FOR_POLL_MS;
    let pollToken: number | undefined;
    for (;;) {
      const lease = await this.locks.acquire(resource(device.id), sanitize(owner), ttlMs);
      // Waiting is only for the poll that was running when we asked: if anything else took the radio in
      // between, this request lost the race like any other concurrent one.
      if (lease && (pollToken === undefined || lease.token === pollToken + 1)) {
        return this.hold(lease, ttlMs, fn);
      }
      if (lease) {
        await this.locks.release(lease);
        throw new DeviceBusyError(device.name, { owner: 'another operation', since: lease.acquiredAt });
      }
      const holder = await this.locks.holder(resource(device.id));
      if (!holder && Date.now() < deadline) {
        // Released between the refused acquire and this look (a poll that just ended): nobody holds
        // the radio, so ask again rather than refuse the caller as busy.
        continue;
      }
      // A background poll is never a reason to refuse an operator: wait for it to finish.
      if (
        holder?.owner === POLLER &&
        Date.now() < deadline &&
        (pollToken === undefined || holder.token === pollToken)
      ) {
        pollToken = holder.token;
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      throw new DeviceBusyError(device.name, {
        owner: holder?.owner ?? 'another operation',
        since: holder?.acquiredAt ?? new Date().toISOString(),
      });
    }
  }

  /**
   * For polls: runs fn if the radio is free, or returns undefined at once when it is busy. When the lock
   * store itself is unreachable the poll runs anyway: operators' actions cannot take a lock either then,
   * so nothing can collide, and the fleet stays watched through a cache outage.
   */
  async tryRun<T>(
    deviceId: string,
    owner: string,
    fn: () => Promise<T>,
    ttlMs: number,
  ): Promise<T | undefined> {
    let lease: Lease | null;
    try {
      lease =
        owner === POLLER
          ? await this.pollBatch(ttlMs).add(resource(deviceId))
          : await this.locks.acquire(resource(deviceId), owner, ttlMs);
    } catch {
      return fn();
    }
    if (!lease) {
      return undefined;
    }
    return this.hold(lease, ttlMs, fn);
  }

  private pollBatch(ttlMs: number): Batch<string, Lease | null> {
    let batch = this.pollAcquires.get(ttlMs);
    if (!batch) {
      batch = new Batch((resources) => this.locks.acquireMany(resources, POLLER, ttlMs));
      this.pollAcquires.set(ttlMs, batch);
    }
    return batch;
  }

  async holder(deviceId: string): Promise<LockHolder | null> {
    const lease = await this.locks.holder(resource(deviceId));
    return lease ? { owner: lease.owner, since: lease.acquiredAt } : null;
  }

  private async hold<T>(lease: Lease, ttlMs: number, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
    const held = new HeldLock(this.locks, lease, ttlMs);
    const beat = this.heartbeats.add(held, Math.max(1_000, ttlMs / 3));
    try {
      return await fn(held);
    } finally {
      this.heartbeats.delete(beat);
      // polls end by the hundred a second: theirs go together; an operator's goes at once
      await (lease.owner === POLLER ? this.releases.add(lease) : this.locks.release(lease)).catch(
        () => false,
      );
    }
  }

  private readonly heartbeats = new Heartbeats();
}

/**
 * The heartbeats of every lock held, on one timer: a poll holds its radio's lock for a few milliseconds,
 * and a timer created and cleared per poll cost more than the poll's own bookkeeping. Each held lock is
 * extended once its period has passed since the last extension. The timer is armed for the earliest
 * extension due and only then: polls that end within their first period never cost a wake-up, and with
 * nothing held nothing is armed.
 */
class Heartbeats {
  private readonly beats = new Set<Beat>();
  private readonly timer = new OnDemandTimer(0, () => this.sweep());

  add(held: HeldLock, everyMs: number): Beat {
    const beat = { held, everyMs, nextAt: Date.now() + everyMs };
    this.beats.add(beat);
    this.timer.request(everyMs);
    return beat;
  }

  delete(beat: Beat): void {
    // The armed timer stays: locks come and go by the hundred a second, and it re-arms for whoever is
    // still held when it fires (or for nobody).
    this.beats.delete(beat);
  }

  private sweep(): void {
    const now = Date.now();
    let next = Infinity;
    for (const beat of this.beats) {
      if (now >= beat.nextAt) {
        beat.nextAt = now + beat.everyMs;
        void beat.held.extend();
      }
      next = Math.min(next, beat.nextAt);
    }
    if (next !== Infinity) {
      this.timer.request(next - now);
    }
  }
}

interface Beat {
  held: HeldLock;
  everyMs: number;
  nextAt: number;
}

/**
 * The lock as its holder sees it. The heartbeat extends the lease; check() is the fencing step a caller
 * runs before each side effect on the radio: it throws once the lease could not be extended, or when the
 * lock store says another token holds the radio now, so a holder that lost its lock never sends another
 * command.
 */
export class HeldLock {
  private lost: string | undefined;
  private validUntil: number;

  constructor(
    private readonly locks: LockStore,
    readonly lease: Lease,
    private readonly ttlMs: number,
  ) {
    this.validUntil = Date.now() + ttlMs;
  }

  async extend(): Promise<void> {
    if (this.lost) {
      return;
    }
    try {
      if (await this.locks.extend(this.lease, this.ttlMs)) {
        this.validUntil = Date.now() + this.ttlMs;
      } else {
        this.lost = 'the lock was taken over or expired';
      }
    } catch (err) {
      // A cache hiccup is survivable while the lease has not lapsed; past its TTL the lock means nothing.
      if (Date.now() >= this.validUntil) {
        this.lost = `the lock could not be extended: ${(err as Error).message}`;
      }
    }
  }

  async check(): Promise<void> {
    if (!this.lost && Date.now() >= this.validUntil) {
      this.lost = 'the lock lapsed before it could be extended';
    }
    if (!this.lost) {
      const current = await this.locks.holder(this.lease.resource).catch(() => undefined);
      if (current === undefined) {
        // Unreadable store: trust the lease while its TTL runs (checked above).
        return;
      }
      if (current?.token !== this.lease.token) {
        this.lost = 'another operation holds the radio now';
      }
    }
    if (this.lost) {
      throw new LockLostError(this.lost);
    }
  }
}

const resource = (deviceId: string) => `device:${deviceId}`;
const sanitize = (owner: string) => owner.replace(/\|/g, '/');
