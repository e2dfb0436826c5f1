// Small, readable spectrum stations and compliance record entries for the Spectrum page's tests.
import type {
  FleetPlanPreview,
  PlanFigures,
  PlanRun,
  PlanSiteChange,
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

/** Fleet figures as the planner reports them; a poor plan by default (two conflicts, a link down). */
export function planFigures(overrides: Partial<PlanFigures> = {}): PlanFigures {
  return {
    sites: 3,
    retunes: 0,
    coChannelConflicts: 2,
    sinrMedianDb: 14.2,
    sinrP5Db: 3.1,
    throughputMbps: 212.5,
    linksDown: 1,
    ...overrides,
  };
}

export function planChange(
  overrides: Partial<PlanSiteChange> & { deviceId: string; name: string },
): PlanSiteChange {
  return {
    site: 'Glencoe',
    from: 30,
    to: 32,
    eirpDbm: 30,
    sinrMinBeforeDb: 2.5,
    sinrMinAfterDb: 18.5,
    throughputBeforeMbps: 40,
    throughputAfterMbps: 95,
    ...overrides,
  };
}

/** A preview made now (so it is fresh for 10 minutes) that moves the changes given. */
export function planPreview(
  changes: PlanSiteChange[],
  overrides: Partial<FleetPlanPreview> = {},
): FleetPlanPreview {
  const createdAt = new Date();
  return {
    id: '8d0f7a52-3c1e-4b6a-9f2d-5e7c1a9b3d40',
    createdAt: createdAt.toISOString(),
    expiresAt: new Date(createdAt.getTime() + 600_000).toISOString(),
    bandPlan: 'etsi',
    before: planFigures(),
    after: planFigures({
      retunes: changes.length,
      coChannelConflicts: 0,
      sinrMedianDb: 21.4,
      sinrP5Db: 12.6,
      throughputMbps: 318.4,
      linksDown: 0,
    }),
    changes,
    steps: changes.length + 1,
    temporaryMoves: 1,
    overlapSteps: 0,
    runMs: 4,
    ...overrides,
  };
}

export function planRun(overrides: Partial<PlanRun> & { planId: string }): PlanRun {
  return {
    status: 'running',
    actor: 'admin',
    total: 3,
    done: 0,
    failed: 0,
    current: null,
    errors: [],
    startedAt: new Date().toISOString(),
    finishedAt: null,
    ...overrides,
  };
}
