// Who did what to which target, when, from what to what, from which address, and how it ended. Every
// state-changing action leaves one entry, whatever its outcome: the history operators and auditors rely
// on. Entries are only ever added (the database refuses anything else).
import { Injectable } from '@nestjs/common';
import type { AuditEntry, AuditListQuery } from '@wsnoc/shared';
import { csvHeader, csvRows } from '@/infra/csv/csv.js';
import type { AuditEntity, AuditOutcome } from './audit.entity.js';
import { AuditRepository } from './audit.repository.js';

/** Who acted, and from which address (the request's, for what a request does; none for the console's own work). */
export interface AuditActor {
  username: string;
  address?: string | null;
}

export interface AuditRecord {
  /** A username (the console's own work, or a sign-in attempt), or the actor of a request. */
  actor: string | AuditActor;
  action: string;
  deviceId?: string | null;
  /** What the action was on when it was not a device: `user:alice`, `bulk-run:<id>`. */
  target?: string | null;
  /** The client's address; by default the actor's, if it has one. */
  address?: string | null;
  outcome: AuditOutcome;
  detail?: string | null;
  before?: unknown;
  after?: unknown;
  /** How long the action took, for actions on a radio. */
  durationMs?: number | null;
}

const CSV_COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'deviceId',
  'target',
  'address',
  'outcome',
  'detail',
  'before',
  'after',
  'durationMs',
];

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async record(entry: AuditRecord): Promise<void> {
    const actor = typeof entry.actor === 'string' ? { username: entry.actor } : entry.actor;
    await this.audit.insert({
      actor: actor.username,
      action: entry.action,
      deviceId: entry.deviceId ?? null,
      target: entry.target ?? null,
      address: entry.address !== undefined ? entry.address : (actor.address ?? null),
      outcome: entry.outcome,
      detail: entry.detail ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      durationMs:
        entry.durationMs === undefined || entry.durationMs === null ? null : Math.round(entry.durationMs),
    });
  }

  async list(query: Omit<AuditListQuery, 'format'> & { format?: string }): Promise<AuditEntry[]> {
    const rows = await this.audit.list({
      deviceId: query.deviceId,
      actor: query.actor,
      action: query.action,
      outcome: query.outcome,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      before: query.before,
      limit: query.limit,
    });
    return rows.map(toEntry);
  }

  /**
   * Every entry the filters match, newest first, as CSV text in pages: an export covers the whole period
   * asked for, however long, and is never cut at one page of the list.
   */
  async *csvExport(query: Omit<AuditListQuery, 'format' | 'limit'>): AsyncGenerator<string> {
    yield csvHeader(CSV_COLUMNS);
    let before = query.before;
    for (;;) {
      const page = await this.list({ ...query, before, limit: EXPORT_PAGE });
      if (page.length > 0) {
        yield csvRows(page.map(csvRow));
      }
      if (page.length < EXPORT_PAGE) {
        return;
      }
      before = page[page.length - 1]!.id;
    }
  }
}

const EXPORT_PAGE = 1_000;

function csvRow(e: AuditEntry): unknown[] {
  return [
    e.id,
    e.at,
    e.actor,
    e.action,
    e.deviceId,
    e.target,
    e.address,
    e.outcome,
    e.detail,
    e.before === null ? null : JSON.stringify(e.before),
    e.after === null ? null : JSON.stringify(e.after),
    e.durationMs,
  ];
}

function toEntry(row: AuditEntity): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    deviceId: row.deviceId,
    target: row.target,
    address: row.address,
    outcome: row.outcome,
    detail: row.detail,
    before: row.before ?? null,
    after: row.after ?? null,
    durationMs: row.durationMs,
  };
}
