// The audit trail's table. Append-only: this repository inserts and reads, and the database refuses an
// UPDATE, DELETE or TRUNCATE of it from anyone (migration 1765296000000).
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntity, type AuditOutcome } from './audit.entity.js';

export interface AuditFilter {
  deviceId?: string;
  actor?: string;
  /** An exact action, or a prefix when it ends with a dot. */
  action?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  /** Only entries older than this id (the next page). */
  before?: string;
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntity) private readonly audit: Repository<AuditEntity>) {}

  async insert(entry: Omit<AuditEntity, 'id' | 'at'>): Promise<void> {
    await this.audit.save(this.audit.create(entry));
  }

  list(filter: AuditFilter): Promise<AuditEntity[]> {
    const query = this.audit.createQueryBuilder('a');
    if (filter.deviceId) {
      query.andWhere('a.device_id = :deviceId', { deviceId: filter.deviceId });
    }
    if (filter.actor) {
      query.andWhere('a.actor = :actor', { actor: filter.actor });
    }
    if (filter.action?.endsWith('.')) {
      const prefix = filter.action.replace(/[\\%_]/g, (c) => `\\${c}`);
      query.andWhere(`a.action LIKE :prefix ESCAPE '\\'`, { prefix: `${prefix}%` });
    } else if (filter.action) {
      query.andWhere('a.action = :action', { action: filter.action });
    }
    if (filter.outcome) {
      query.andWhere('a.outcome = :outcome', { outcome: filter.outcome });
    }
    if (filter.from) {
      query.andWhere('a.at >= :from', { from: filter.from });
    }
    if (filter.to) {
      query.andWhere('a.at <= :to', { to: filter.to });
    }
    if (filter.before) {
      query.andWhere('a.id < :before', { before: filter.before });
    }
    return query.orderBy('a.id', 'DESC').limit(filter.limit).getMany();
  }
}
