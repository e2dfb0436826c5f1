// Session reads for the feed's handshakes, batched. After a restart every browser and wall display
// reconnects at once; one cache read per handshake made hundreds of round trips queue behind each other
// on a loaded machine, and some handshakes timed out. Here every handshake that arrives while a read is
// being prepared shares one MGET, handshakes of the same session share one entry, at most MAX_IN_FLIGHT
// batches are outstanding, and a batch that fails or takes longer than the timeout is tried again before
// its handshakes are refused as `unavailable` (the client retries; see the web's connection store).
import type { SessionUser } from '@/modules/auth/session.repository.js';

export class SessionStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the session store did not answer: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export interface SessionBatchOptions {
  /** Sessions in one read. */
  maxBatch?: number;
  /** Reads outstanding at once; more handshakes wait for one to finish. */
  maxInFlight?: number;
  /** A read that has not answered by then counts as failed. */
  timeoutMs?: number;
  /** Reads of one batch before its handshakes are refused. */
  attempts?: number;
  retryMs?: number;
}

interface Waiter {
  resolve: (user: SessionUser | null) => void;
  reject: (err: Error) => void;
}

export class SessionBatch {
  private queued = new Map<string, Waiter[]>();
  private scheduled = false;
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly retryMs: number;
  /** For tests and the bench: reads made, and sessions asked for. */
  readonly stats = { reads: 0, sessions: 0, retries: 0, refused: 0 };

  constructor(
    private readonly read: (ids: readonly string[]) => Promise<(SessionUser | null)[]>,
    options: SessionBatchOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.attempts = options.attempts ?? 3;
    this.retryMs = options.retryMs ?? 250;
  }

  /** The session's user, null when it has ended; rejects with SessionStoreUnavailable. */
  resolve(sessionId: string): Promise<SessionUser | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.queued.get(sessionId);
      if (waiters) {
        waiters.push({ resolve, reject });
      } else {
        this.queued.set(sessionId, [{ resolve, reject }]);
      }
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.queued.size) {
      return;
    }
    this.scheduled = true;
    // The rest of this turn's handshakes join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queued.size) {
      const batch = new Map<string, Waiter[]>();
      for (const [id, waiters] of this.queued) {
        if (batch.size >= this.maxBatch) {
          break;
        }
        batch.set(id, waiters);
      }
      for (const id of batch.keys()) {
        this.queued.delete(id);
      }
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(batch: Map<string, Waiter[]>): Promise<void> {
    const ids = [...batch.keys()];
    let lastError: unknown;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await new Promise((resolve) => setTimeout(resolve, this.retryMs * attempt));
      }
      try {
        this.stats.reads++;
        this.stats.sessions += ids.length;
        const users = await this.withTimeout(this.read(ids));
        ids.forEach((id, i) => batch.get(id)!.forEach((waiter) => waiter.resolve(users[i] ?? null)));
        return;
      } catch (err) {
        lastError = err;
      }
    }
    const error = new SessionStoreUnavailable(lastError);
    for (const waiters of batch.values()) {
      this.stats.refused += waiters.length;
      waiters.forEach((waiter) => waiter.reject(error));
    }
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
