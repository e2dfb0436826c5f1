// Keeps history partitions ready ahead of the writer and drops whole partitions past their retention.
// Raw samples and the 1 min rollup are partitioned by UTC day, the 1 h rollup by UTC month: dropping a
// partition is instant and leaves no bloat, unlike DELETE.
import { LEVEL_TABLE, type TelemetryRepository } from './telemetry.repository.js';
import {
  SILENT_LOG,
  TELEMETRY_DEFAULTS,
  type TelemetryLevel,
  type TelemetryLog,
  type TelemetryOptions,
} from './telemetry.types.js';

const DAY_MS = 86_400_000;
const LEVELS: readonly TelemetryLevel[] = ['raw', '1m', '1h'];

interface PartitionSpan {
  name: string;
  from: Date;
  to: Date;
}

export type PartitionOptions = Pick<TelemetryOptions, 'partitionDaysAhead' | 'retentionDays'>;

export interface MaintenanceReport {
  created: string[];
  dropped: string[];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function startOfUtcDay(t: Date): Date {
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
}

/** The partition of one level that holds time t. */
export function partitionFor(level: TelemetryLevel, t: Date): PartitionSpan {
  const table = LEVEL_TABLE[level];
  if (level === '1h') {
    const from = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
    const to = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
    return { name: `${table}_p${from.getUTCFullYear()}${pad(from.getUTCMonth() + 1)}`, from, to };
  }
  const from = startOfUtcDay(t);
  const to = new Date(from.getTime() + DAY_MS);
  const stamp = `${from.getUTCFullYear()}${pad(from.getUTCMonth() + 1)}${pad(from.getUTCDate())}`;
  return { name: `${table}_p${stamp}`, from, to };
}

/** Parses the end of a partition's range back from its name; null for names we did not create. */
export function partitionEnd(level: TelemetryLevel, name: string): Date | null {
  const match = new RegExp(`^${LEVEL_TABLE[level]}_p(\\d{4})(\\d{2})(\\d{2})?$`).exec(name);
  if (!match) {
    return null;
  }
  const [, y, m, d] = match;
  if (level === '1h') {
    return d === undefined ? new Date(Date.UTC(Number(y), Number(m), 1)) : null;
  }
  return d === undefined ? null : new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)) + DAY_MS);
}

export class PartitionManager {
  private readonly options: PartitionOptions;

  constructor(
    private readonly repository: TelemetryRepository,
    options: Partial<PartitionOptions> = {},
    private readonly log: TelemetryLog = SILENT_LOG,
  ) {
    this.options = { ...TELEMETRY_DEFAULTS, ...options };
  }

  /** Creates the partitions holding [from, to] for one level, if missing. */
  async ensure(level: TelemetryLevel, from: Date, to: Date): Promise<string[]> {
    const existing = new Set(await this.repository.listPartitions(level));
    const created: string[] = [];
    for (let t = from; t.getTime() <= to.getTime();) {
      const span = partitionFor(level, t);
      if (!existing.has(span.name)) {
        await this.repository.createPartition(level, span.name, span.from, span.to);
        existing.add(span.name);
        created.push(span.name);
      }
      t = span.to;
    }
    return created;
  }

  /**
   * Makes sure every level can take rows from yesterday (late polls around midnight, rollups of the last
   * closed buckets) up to partitionDaysAhead days from now, then applies retention.
   */
  async maintain(now = new Date()): Promise<MaintenanceReport> {
    const from = new Date(now.getTime() - DAY_MS);
    const to = new Date(now.getTime() + this.options.partitionDaysAhead * DAY_MS);
    const created: string[] = [];
    for (const level of LEVELS) {
      created.push(...(await this.ensure(level, from, to)));
    }
    const dropped = await this.applyRetention(now);
    if (created.length > 0 || dropped.length > 0) {
      this.log.info({ created, dropped }, 'history partitions maintained');
    }
    return { created, dropped };
  }

  /** Drops every partition whose whole range is older than its level's retention. */
  async applyRetention(now = new Date()): Promise<string[]> {
    const dropped: string[] = [];
    for (const level of LEVELS) {
      const cutoff = now.getTime() - this.options.retentionDays[level] * DAY_MS;
      for (const name of await this.repository.listPartitions(level)) {
        const end = partitionEnd(level, name);
        if (end !== null && end.getTime() <= cutoff) {
          await this.repository.dropPartition(name);
          dropped.push(name);
        }
      }
    }
    return dropped;
  }
}
