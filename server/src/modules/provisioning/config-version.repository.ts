// The only code that reads and writes configuration versions in Postgres.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConfigVersionEntity } from './config-version.entity.js';

export type NewConfigVersion = Omit<ConfigVersionEntity, 'id' | 'takenAt'>;

@Injectable()
export class ConfigVersionRepository {
  constructor(
    @InjectRepository(ConfigVersionEntity) private readonly versions: Repository<ConfigVersionEntity>,
  ) {}

  insert(version: NewConfigVersion): Promise<ConfigVersionEntity> {
    return this.versions.save(this.versions.create(version));
  }

  latest(deviceId: string): Promise<ConfigVersionEntity | null> {
    return this.versions.findOne({ where: { deviceId }, order: { takenAt: 'DESC' } });
  }

  list(deviceId: string, limit: number): Promise<ConfigVersionEntity[]> {
    return this.versions.find({
      select: {
        id: true,
        deviceId: true,
        takenAt: true,
        source: true,
        actor: true,
        changeId: true,
        hash: true,
      },
      where: { deviceId },
      order: { takenAt: 'DESC' },
      take: limit,
    });
  }

  find(deviceId: string, id: string): Promise<ConfigVersionEntity | null> {
    return this.versions.findOne({ where: { deviceId, id } });
  }
}
