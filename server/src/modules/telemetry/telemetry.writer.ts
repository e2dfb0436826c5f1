// Batches poll rows into history. Polls never wait on Postgres: write() only appends to a bounded
// in-memory queue, and flushes run in the background, one at a time, as one multi-row insert each.
// When Postgres is away the rows stay queued and the flush is retried with backoff; when the queue is
// full the oldest rows are dropped and counted. Plain class (no Nest) so the bench can drive it.
// relative, not '@/': bench/ingest.ts drives this class straight from the source
import { OnDemandTimer } from '../../infra/timers/on-demand-timer.js';
import { RowQueue } from './row-queue.js';
import {
  SILENT_LOG,
  TELEMETRY_DEFAULTS,
  type TelemetryLog,
  type TelemetryOptions,
  type TelemetryRow,
} from './telemetry.types.js';

export interface TelemetrySink {
  insertRows(rows: readonly TelemetryRow[]): Promise<number>;
}

/**
 * Counted in rows. overflow: the buffer was full. rejected: Postgres refused the row itself (the rest of
 * its batch is still written). shutdown: closed while down.
 */
export type TelemetryDropReason = 'overflow' | 'rejected' | 'shutdown';

export interface TelemetryWriterObserver {
  flushed?(rows: number, flushMs: number): void;
  dropped?(rows: number, reason: TelemetryDropReason): void;
  flushFailed?(error: unknown): void;
}

export interface TelemetryWriterStats {
  written: number;
  dropped: Record<TelemetryDropReason, number>;
  buffered: number;
  flushes: number;
  flushFailures: number;
  lastFlushMs: number | null;
  /** Oldest sample time written since the last takeWrittenSince() call, for the rollup job. */
  oldestWrittenAt: Date | null;
}

export type TelemetryWriterOptions = Pick<
  TelemetryOptions,
  'flushIntervalMs' | 'batchSize' | 'maxBufferedRows' | 'retryBaseMs' | 'retryMaxMs'
>;

/**
 * Errors that retrying cannot fix: SQLSTATE class 22 (data exception) and 23 (integrity, including
 * "no partition of relation found for row"). Everything else (refused connections, admin shutdown, too
 * many clients, timeouts) is treated as an outage and retried.
 */
export function isPermanentWriteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && (code.startsWith('22') || code.startsWith('23'));
}

export class TelemetryWriter {
  private readonly options: TelemetryWriterOptions;
  private readonly queue: RowQueue<TelemetryRow>;
  private inflight = 0;
  private flushing: Promise<void> | null = null;
  /** Armed by the first row after a flush (or for the retry after a failed one): idle, it never fires. */
  private readonly timer = new OnDemandTimer(0, () => this.kick());
  private started = false;
  private backoffMs = 0;
  private retryAt = 0;
  private closed = false;
  private readonly counters = {
    written: 0,
    dropped: { overflow: 0, rejected: 0, shutdown: 0 } as Record<TelemetryDropReason, number>,
    flushes: 0,
    flushFailures: 0,
    lastFlushMs: null as number | null,
  };
  private oldestWrittenAt: Date | null = null;

  constructor(
    private readonly sink: TelemetrySink,
    options: Partial<TelemetryWriterOptions> = {},
    private readonly log: TelemetryLog = SILENT_LOG,
    private readonly observer: TelemetryWriterObserver = {},
  ) {
    this.options = { ...TELEMETRY_DEFAULTS, ...options };
    this.queue = new RowQueue(this.options.batchSize);
  }

  /**
   * Starts the timed flush: rows go out at most flushIntervalMs after they were written. Without it, rows
   * are flushed only when a batch fills or on flush().
   */
  start(): void {
    if (this.started || this.closed) {
      return;
    }
    this.started = true;
    this.arm();
  }

  /** Arms the flush timer while rows wait: for the retry time after a failure, else for the interval. */
  private arm(): void {
    if (!this.started || this.closed || this.queue.size === 0) {
      return;
    }
    this.timer.request(Math.max(this.options.flushIntervalMs, this.retryAt - Date.now()));
  }

  write(row: TelemetryRow): void {
    if (this.closed) {
      this.drop(1, 'shutdown');
      return;
    }
    this.queue.push(row);
    this.trim();
    if (this.queue.size >= this.options.batchSize) {
      this.kick();
    } else if (!this.timer.armed) {
      this.arm();
    }
  }

  writeMany(rows: readonly TelemetryRow[]): void {
    for (const row of rows) {
      this.write(row);
    }
  }

  get stats(): TelemetryWriterStats {
    return {
      ...this.counters,
      dropped: { ...this.counters.dropped },
      buffered: this.queue.size + this.inflight,
      oldestWrittenAt: this.oldestWrittenAt,
    };
  }

  /** The oldest sample time written since the last call, then forgets it (rollups re-aggregate from it). */
  takeOldestWrittenAt(): Date | null {
    const oldest = this.oldestWrittenAt;
    this.oldestWrittenAt = null;
    return oldest;
  }

  /**
   * Writes everything buffered now, ignoring any backoff. Resolves when the buffer is empty; rejects with
   * the database error if a batch could not be written (the rows stay buffered).
   */
  async flush(): Promise<void> {
    await this.flushing;
    this.retryAt = 0;
    this.flushing = this.drain(true).finally(() => {
      this.flushing = null;
      this.arm();
    });
    await this.flushing;
  }

  /** Stops the timer, makes one last attempt, and counts whatever could not be written as dropped. */
  async close(): Promise<void> {
    this.started = false;
    this.timer.cancel();
    await this.flush().catch((error: unknown) =>
      this.log.error({ err: error }, 'history: final flush failed'),
    );
    this.closed = true;
    const left = this.queue.dropOldest(this.queue.size);
    if (left > 0) {
      this.drop(left, 'shutdown');
    }
  }

  private kick(): void {
    if (this.flushing || this.queue.size === 0) {
      return;
    }
    if (Date.now() < this.retryAt) {
      this.arm();
      return;
    }
    this.flushing = this.drain(false)
      .catch(() => undefined)
      .finally(() => {
        this.flushing = null;
        // rows written meanwhile, or kept for a retry
        this.arm();
      });
  }

  private async drain(throwOnFailure: boolean): Promise<void> {
    while (this.queue.size > 0) {
      const error = await this.flushBatch();
      if (error !== null) {
        if (throwOnFailure) {
          throw error;
        }
        return;
      }
    }
  }

  /**
   * Writes one batch. Returns null when done, or the error when the unwritten rows went back in the queue.
   *
   * A batch the database refuses as data (a permanent error) is split in halves until the refused rows are
   * alone; only those are dropped, as rejected, so one bad row costs its own row and not the other
   * devices' rows in the batch. That is about 2 log2(batch) extra inserts per bad row. An outage in the
   * middle of a split behaves as it does for a whole batch: every row not yet written goes back in the
   * queue, in order, and is retried with backoff.
   */
  private async flushBatch(): Promise<Error | null> {
    const batch = this.queue.take(this.options.batchSize);
    // Slices still to write, oldest first; a refused slice is replaced by its two halves.
    const pending: TelemetryRow[][] = [batch];
    const refused: { row: TelemetryRow; error: unknown }[] = [];
    this.inflight = batch.length;
    try {
      while (pending.length > 0) {
        const rows = pending.shift()!;
        const error = await this.insert(rows);
        if (error === null) {
          this.inflight -= rows.length;
          continue;
        }
        if (!isPermanentWriteError(error)) {
          this.retryLater([rows, ...pending].flat(), error);
          return error instanceof Error ? error : new Error('history write failed', { cause: error });
        }
        if (rows.length === 1) {
          refused.push({ row: rows[0]!, error });
          this.inflight -= 1;
          this.drop(1, 'rejected');
          continue;
        }
        const half = rows.length >>> 1;
        pending.unshift(rows.slice(0, half), rows.slice(half));
      }
      return null;
    } finally {
      this.inflight = 0;
      if (refused.length > 0) {
        this.log.error(
          {
            err: refused[0]!.error,
            rows: refused.length,
            batch: batch.length,
            devices: [...new Set(refused.map((r) => r.row.deviceId))].slice(0, 10),
          },
          'history: rows rejected by the database, the rest of the batch written',
        );
      }
    }
  }

  /** One insert statement; returns the error instead of throwing, after counting it. */
  private async insert(rows: TelemetryRow[]): Promise<unknown> {
    const started = performance.now();
    try {
      await this.sink.insertRows(rows);
    } catch (error) {
      this.counters.flushFailures++;
      this.observer.flushFailed?.(error);
      return error ?? new Error('history write failed');
    }
    const ms = performance.now() - started;
    this.counters.written += rows.length;
    this.counters.flushes++;
    this.counters.lastFlushMs = ms;
    this.noteOldest(rows);
    if (this.backoffMs > 0) {
      this.log.info({ rows: rows.length }, 'history: database writable again');
    }
    this.backoffMs = 0;
    this.observer.flushed?.(rows.length, ms);
    return null;
  }

  /** An outage: the rows go back in front of the queue and the next attempt waits, doubling each time. */
  private retryLater(rows: TelemetryRow[], error: unknown): void {
    this.queue.pushFront(rows);
    this.trim();
    this.backoffMs = Math.min(
      this.backoffMs === 0 ? this.options.retryBaseMs : this.backoffMs * 2,
      this.options.retryMaxMs,
    );
    this.retryAt = Date.now() + this.backoffMs;
    this.log.warn(
      { err: error, buffered: this.queue.size, retryInMs: this.backoffMs },
      'history: write failed, rows kept for retry',
    );
  }

  /** Enforces the bound. Rows being written right now are not counted against it (at most one batch). */
  private trim(): void {
    const excess = this.queue.size - this.options.maxBufferedRows;
    if (excess > 0) {
      this.drop(this.queue.dropOldest(excess), 'overflow');
    }
  }

  private drop(rows: number, reason: TelemetryDropReason): void {
    this.counters.dropped[reason] += rows;
    this.observer.dropped?.(rows, reason);
  }

  private noteOldest(batch: readonly TelemetryRow[]): void {
    let oldest = this.oldestWrittenAt?.getTime() ?? Infinity;
    for (const row of batch) {
      oldest = Math.min(oldest, row.at.getTime());
    }
    this.oldestWrittenAt = new Date(oldest);
  }
}
