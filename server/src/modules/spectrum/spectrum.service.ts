// What the REST API and the feed read of spectrum management: stations mapped with their inventory,
// one station's schedule, and the compliance record.
import { Injectable } from '@nestjs/common';
import type {
  SpectrumRecord,
  SpectrumRecordQuery,
  SpectrumStationDetail,
  SpectrumStationList,
} from '@wsnoc/shared';
import { DeviceDirectory } from '@/modules/inventory/device-directory.service.js';
import { DeviceError } from '@/modules/inventory/device.errors.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';
import { SpectrumConfig } from './spectrum.config.js';
import { mapRecord, mapStation, mapStationDetail, recordsCsv } from './spectrum.mapper.js';
import { SpectrumRepository } from './spectrum.repository.js';

@Injectable()
export class SpectrumService {
  constructor(
    private readonly config: SpectrumConfig,
    private readonly lifecycle: GrantLifecycleService,
    private readonly repository: SpectrumRepository,
    private readonly directory: DeviceDirectory,
  ) {}

  async stations(): Promise<SpectrumStationList> {
    const stations = await this.lifecycle.all();
    const now = new Date();
    return {
      enabled: this.config.enabled,
      database: this.config.wsdbUrl,
      items: stations
        .map((s) => mapStation(s, this.directory.get(s.deviceId), now))
        .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })),
    };
  }

  async station(id: string): Promise<SpectrumStationDetail> {
    const station = (await this.lifecycle.all()).find((s) => s.deviceId === id);
    if (!station) {
      throw DeviceError.notFound(id);
    }
    return mapStationDetail(mapStation(station, this.directory.get(id)), station);
  }

  async checkSoon(id: string): Promise<void> {
    await this.station(id);
    await this.lifecycle.checkSoon(id);
  }

  async records(query: SpectrumRecordQuery): Promise<SpectrumRecord[]> {
    const rows = await this.repository.listRecords({
      ...(query.deviceId ? { deviceId: query.deviceId } : {}),
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
      ...(query.kind ? { kinds: query.kind } : {}),
      limit: query.limit,
    });
    return rows.map(mapRecord);
  }

  csv(records: readonly SpectrumRecord[]): string {
    return recordsCsv(records);
  }
}
