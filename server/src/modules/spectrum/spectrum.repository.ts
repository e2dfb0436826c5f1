// The only code that reads and writes spectrum state and the compliance record in Postgres.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { SpectrumRecordKind } from '@wsnoc/shared';
import { Between, In, LessThanOrEqual, MoreThanOrEqual, Repository, type FindOptionsWhere } from 'typeorm';
import { SpectrumRecordEntity } from './spectrum-record.entity.js';
import { StationEntity } from './station.entity.js';

export type NewRecord = Omit<SpectrumRecordEntity, 'id' | 'at'> & { at?: Date };

export interface RecordFilter {
  deviceId?: string;
  from?: Date;
  to?: Date;
  kinds?: SpectrumRecordKind[];
  limit: number;
}

@Injectable()
export class SpectrumRepository {
  constructor(
    @InjectRepository(StationEntity) private readonly stations: Repository<StationEntity>,
    @InjectRepository(SpectrumRecordEntity) private readonly records: Repository<SpectrumRecordEntity>,
  ) {}

  allStations(): Promise<StationEntity[]> {
    return this.stations.find();
  }

  async saveStation(station: StationEntity): Promise<void> {
    await this.stations.save(station);
  }

  async deleteStations(ids: string[]): Promise<void> {
    if (ids.length) {
      await this.stations.delete({ deviceId: In(ids) });
    }
  }

  /** Appends entries in one statement: a fleet check records hundreds at once. */
  async append(entries: NewRecord[]): Promise<void> {
    if (entries.length) {
      await this.records.save(
        entries.map((e) => this.records.create(e)),
        { chunk: 500, reload: false },
      );
    }
  }

  listRecords(filter: RecordFilter): Promise<SpectrumRecordEntity[]> {
    const where: FindOptionsWhere<SpectrumRecordEntity> = {};
    if (filter.deviceId) {
      where.deviceId = filter.deviceId;
    }
    if (filter.kinds?.length) {
      where.kind = In(filter.kinds);
    }
    if (filter.from && filter.to) {
      where.at = Between(filter.from, filter.to);
    } else if (filter.from) {
      where.at = MoreThanOrEqual(filter.from);
    } else if (filter.to) {
      where.at = LessThanOrEqual(filter.to);
    }
    return this.records.find({ where, order: { at: 'DESC', id: 'DESC' }, take: filter.limit });
  }
}
