import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntity } from './audit.entity.js';

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntity) private readonly audit: Repository<AuditEntity>) {}

  async insert(entry: Omit<AuditEntity, 'id' | 'at'>): Promise<AuditEntity> {
    return this.audit.save(this.audit.create(entry));
  }

  list(filter: { deviceId?: string; limit: number }): Promise<AuditEntity[]> {
    return this.audit.find({
      where: filter.deviceId ? { deviceId: filter.deviceId } : {},
      order: { at: 'DESC', id: 'DESC' },
      take: filter.limit,
    });
  }
}
