// A counting semaphore whose wait queue is bounded too. Sign-in uses one around the password hash: scrypt
// runs on libuv's small thread pool (shared with file and DNS work) and costs tens of milliseconds of CPU
// and 32 MB each, so anonymous requests must neither run more than a few at once nor pile up behind them
// without limit. A caller beyond the queue is told so at once and can be answered without any hashing.

export type Release = () => void;

export class BoundedSemaphore {
  private running = 0;
  private peak = 0;
  private readonly waiting: ((release: Release) => void)[] = [];

  constructor(
    /** Tasks that may hold a slot at once. */
    readonly limit: number,
    /** Callers that may wait for a slot; one more is refused. */
    readonly queueLimit: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(queueLimit) || queueLimit < 0) {
      throw new RangeError(`a semaphore needs limit >= 1 and queueLimit >= 0 (got ${limit}, ${queueLimit})`);
    }
  }

  /** Slots held now. */
  get inFlight(): number {
    return this.running;
  }

  /** Callers waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** The most slots ever held at once: shows in /api/metrics that the limit held under load. */
  get maxInFlight(): number {
    return this.peak;
  }

  /**
   * A slot, now or when one frees up (first come, first served), as a release function to call exactly
   * once; null at once when every slot is held and the queue is full.
   */
  acquire(): Promise<Release> | null {
    if (this.running < this.limit) {
      this.running++;
      this.peak = Math.max(this.peak, this.running);
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queueLimit) {
      return null;
    }
    return new Promise<Release>((resolve) => this.waiting.push(resolve));
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) {
        return; // a second call must not free someone else's slot
      }
      released = true;
      const next = this.waiting.shift();
      if (next) {
        next(this.releaser()); // the slot passes straight to the next waiter, so `running` stays put
      } else {
        this.running--;
      }
    };
  }
}
