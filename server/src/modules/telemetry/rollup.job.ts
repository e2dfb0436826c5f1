// Aggregates raw samples into 1 min buckets and 1 min buckets into 1 h buckets, for closed buckets only.
// Each run recomputes a trailing window (the lookback, widened back to the oldest row the writer wrote
// since the previous run, e.g. rows buffered through an outage), and every upsert replaces the whole
// bucket, so running it again, or on two instances, converges to the same result.
import type { TelemetryRepository } from './telemetry.repository.js';
import {
  SILENT_LOG,
  TELEMETRY_DEFAULTS,
  type TelemetryLog,
  type TelemetryOptions,
} from './telemetry.types.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export type RollupOptions = Pick<TelemetryOptions, 'rollupLookbackMs'>;

export interface RollupReport {
  minute: { from: Date; to: Date; buckets: number | null };
  hour: { from: Date; to: Date; buckets: number | null };
}

function floorTo(t: number, step: number): number {
  return Math.floor(t / step) * step;
}

export class RollupJob {
  private readonly options: RollupOptions;
  /** Late-row marker kept until a run succeeds, so a failed run does not forget it. */
  private pendingLate: number | null = null;

  /**
   * @param lateFrom tells the job the oldest sample written since it last asked (TelemetryWriter's
   *   takeOldestWrittenAt), so buckets that received late rows are recomputed.
   */
  constructor(
    private readonly repository: TelemetryRepository,
    options: Partial<RollupOptions> = {},
    private readonly lateFrom: () => Date | null = () => null,
    private readonly log: TelemetryLog = SILENT_LOG,
  ) {
    this.options = { ...TELEMETRY_DEFAULTS, ...options };
  }

  /**
   * Rolls up everything closed at `now`. With `since`, starts there instead of at the lookback (tests,
   * backfills). A level reports buckets: null when another instance held the rollup lock.
   */
  async run(now = new Date(), since?: Date): Promise<RollupReport> {
    const late = this.lateFrom();
    if (late !== null) {
      this.pendingLate = Math.min(this.pendingLate ?? Infinity, late.getTime());
    }
    const start = Math.min(
      since?.getTime() ?? now.getTime() - this.options.rollupLookbackMs,
      this.pendingLate ?? Infinity,
    );
    const minuteTo = new Date(floorTo(now.getTime(), MINUTE_MS));
    const minuteFrom = new Date(floorTo(start, MINUTE_MS));
    const hourTo = new Date(floorTo(now.getTime(), HOUR_MS));
    const hourFrom = new Date(floorTo(start, HOUR_MS));
    const report: RollupReport = {
      minute: { from: minuteFrom, to: minuteTo, buckets: 0 },
      hour: { from: hourFrom, to: hourTo, buckets: 0 },
    };
    if (minuteFrom < minuteTo) {
      report.minute.buckets = await this.repository.rollup('1m', minuteFrom, minuteTo);
    }
    // Skipped when the 1 min level could not run: the hour would be built from stale minutes.
    if (hourFrom < hourTo && report.minute.buckets !== null) {
      report.hour.buckets = await this.repository.rollup('1h', hourFrom, hourTo);
    }
    if (report.minute.buckets === null) {
      this.log.info({}, 'history rollup skipped: another instance holds the lock');
    } else {
      this.pendingLate = null;
    }
    return report;
  }
}
