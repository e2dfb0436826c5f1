// Who did what to which device, when, from what to what. Every action on a radio leaves one entry,
// whatever its outcome: the change history operators and auditors rely on.
import { Injectable } from '@nestjs/common';
import type { AuditEntry } from '@wsnoc/shared';
import type { AuditOutcome } from './audit.entity.js';
import { AuditRepository } from './audit.repository.js';

export interface AuditRecord {
  actor: string;
  action: string;
  deviceId?: string | null;
  outcome: AuditOutcome;
  detail?: string | null;
  before?: unknown;
  after?: unknown;
  /** How long the action took, for actions on a radio. */
  durationMs?: number | null;
}

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.audit.insert({
      actor: entry.actor,
      action: entry.action,
      deviceId: entry.deviceId ?? null,
      outcome: entry.outcome,
      detail: entry.detail ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      durationMs:
        entry.durationMs === undefined || entry.durationMs === null ? null : Math.round(entry.durationMs),
    });
  }

  async list(filter: { deviceId?: string; limit: number }): Promise<AuditEntry[]> {
    const rows = await this.audit.list(filter);
    return rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      deviceId: row.deviceId,
      outcome: row.outcome,
      detail: row.detail,
      before: row.before ?? null,
      after: row.after ?? null,
      durationMs: row.durationMs,
    }));
  }
}
