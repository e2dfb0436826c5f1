import type { SpectrumRecord, SpectrumStation, SpectrumStationDetail } from '@wsnoc/shared';
import type { KnownDevice } from '@/modules/inventory/device-directory.service.js';
import { permittedAt } from './channel-selection.js';
import type { SpectrumRecordEntity } from './spectrum-record.entity.js';
import type { StationEntity } from './station.entity.js';
import { csvTable } from '@/infra/csv/csv.js';

export function mapStation(
  station: StationEntity,
  device: KnownDevice | undefined,
  now = new Date(),
): SpectrumStation {
  return {
    deviceId: station.deviceId,
    name: device?.entity.name ?? station.deviceId,
    site: device?.entity.site?.name ?? null,
    phase: station.phase,
    ruleset: station.ruleset,
    emissionClass: station.emissionClass,
    lat: station.lat,
    lon: station.lon,
    locatedBy: station.locatedBy,
    registeredAt: station.registeredAt?.toISOString() ?? null,
    lastCheckAt: station.lastCheckAt?.toISOString() ?? null,
    lastCheckError:
      station.lastCheckError && station.lastCheckErrorAt
        ? { at: station.lastCheckErrorAt.toISOString(), message: station.lastCheckError }
        : null,
    nextCheckAt: station.nextCheckAt?.toISOString() ?? null,
    maxPollingSecs: station.maxPollingSecs,
    grant: station.grant,
    muteAt: station.muteAt?.toISOString() ?? null,
    mutedBySpectrum: station.mutedBySpectrum,
    muteReason: station.muteReason,
    alarm: station.alarm,
    alarmAt: station.alarmAt?.toISOString() ?? null,
    permittedNow: permittedAt(station.cellSchedule.length ? station.cellSchedule : station.schedule, now),
    database: station.databaseUrl,
  };
}

export function mapStationDetail(station: SpectrumStation, entity: StationEntity): SpectrumStationDetail {
  return { ...station, schedule: entity.schedule };
}

export function mapRecord(record: SpectrumRecordEntity): SpectrumRecord {
  return {
    id: record.id,
    at: record.at.toISOString(),
    deviceId: record.deviceId,
    deviceName: record.deviceName,
    kind: record.kind,
    channel: record.channel,
    eirpDbm: record.eirpDbm,
    detail: record.detail,
  };
}

const CSV_COLUMNS = ['at', 'deviceName', 'deviceId', 'kind', 'channel', 'eirpDbm', 'detail'] as const;

/** The compliance record as CSV, for auditors: one line per entry, the detail as JSON. */
export function recordsCsv(records: readonly SpectrumRecord[]): string {
  return csvTable(
    CSV_COLUMNS,
    records.map((r) => CSV_COLUMNS.map((c) => r[c])),
  );
}
