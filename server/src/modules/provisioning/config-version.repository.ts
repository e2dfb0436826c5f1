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

  /** The newest version's configuration of each device. */
  async latestOf(
    deviceIds: string[],
  ): Promise<Map<string, { config: ConfigVersionEntity['config']; at: Date }>> {
    if (!deviceIds.length) {
      return new Map();
    }
    const rows: { device_id: string; config: ConfigVersionEntity['config']; taken_at: Date }[] =
      await this.versions.query(
        `SELECT DISTINCT ON (device_id) device_id, config, taken_at FROM config_versions
          WHERE device_id = ANY($1) ORDER BY device_id, taken_at DESC`,
        [deviceIds],
      );
    return new Map(rows.map((r) => [r.device_id, { config: r.config, at: r.taken_at }]));
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
