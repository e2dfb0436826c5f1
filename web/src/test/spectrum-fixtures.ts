// Small, readable spectrum stations and compliance record entries for the Spectrum page's tests.
import type {
  SpectrumRecord,
  SpectrumStation,
  SpectrumStationDetail,
  SpectrumStationList,
} from '@wsnoc/shared';

export const SPECTRUM_AT = '2026-03-02T18:00:00.000Z';
const at = (offsetMs: number): string => new Date(Date.parse(SPECTRUM_AT) + offsetMs).toISOString();

export function spectrumStation(
  overrides: Partial<SpectrumStation> & { deviceId: string; name: string },
): SpectrumStation {
  return {
    site: 'Glencoe',
    phase: 'granted',
    ruleset: 'etsi',
    emissionClass: 1,
    lat: 56.6,
    lon: -5.1,
    locatedBy: 'gps',
    registeredAt: SPECTRUM_AT,
    lastCheckAt: SPECTRUM_AT,
    lastCheckError: null,
    nextCheckAt: at(840_000),
    maxPollingSecs: 900,
    grant: { channel: 30, eirpDbm: 30, grantedAt: SPECTRUM_AT, validUntil: at(86_400_000) },
    muteAt: at(900_000),
    mutedBySpectrum: false,
    muteReason: null,
    alarm: null,
    alarmAt: null,
    permittedNow: [
      { channel: 30, maxEirpDbm: 30 },
      { channel: 31, maxEirpDbm: 30 },
      { channel: 32, maxEirpDbm: 36 },
    ],
    database: 'http://127.0.0.1:9100/paws',
    ...overrides,
  };
}

export function stationList(items: SpectrumStation[], enabled = true): SpectrumStationList {
  return { enabled, database: enabled ? 'http://127.0.0.1:9100/paws' : null, items };
}

export function stationDetail(
  station: SpectrumStation,
  schedule: SpectrumStationDetail['schedule'] = [],
): SpectrumStationDetail {
  return { ...station, schedule };
}

export function spectrumRecord(
  overrides: Partial<SpectrumRecord> & { id: string; kind: SpectrumRecord['kind'] },
): SpectrumRecord {
  return {
    at: SPECTRUM_AT,
    deviceId: null,
    deviceName: null,
    channel: null,
    eirpDbm: null,
    detail: null,
    ...overrides,
  };
}
