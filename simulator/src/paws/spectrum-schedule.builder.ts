// Builds SpectrumSpecs (RFC 7545 section 5.9) from the incumbent model: a schedule of disjoint, sorted
// time slices, split wherever a reservation touching the location starts or stops, each slice listing
// power profiles over the channel bandwidth and over 100 kHz.
import type { ChannelPermission, RulesetInfo, Spectrum, SpectrumSchedule, SpectrumSpec } from '@wsnoc/shared';
import { pawsTime } from './geo.util.js';
import type { IncumbentModel } from './incumbent.model.js';
import { round1, type DeviceClass } from './ruleset.config.js';

/** How far ahead a schedule reaches: a day, like the RFC's examples. */
export const SCHEDULE_HORIZON_MS = 24 * 3_600_000;

export interface GeoPoint {
  lat: number;
  lon: number;
}

/**
 * Permissions valid at every point (a region gets what its most constrained vertex gets): a channel
 * must be available at each point, at the lowest of their limits.
 */
export function combinedPermissions(
  model: IncumbentModel,
  points: readonly GeoPoint[],
  atMs: number,
  cls: DeviceClass,
): ChannelPermission[] {
  let combined: ChannelPermission[] | undefined;
  for (const p of points) {
    const perms = model.permissions(p.lat, p.lon, atMs, cls);
    if (!combined) {
      combined = perms;
      continue;
    }
    const byChannel = new Map(perms.map((x) => [x.channel, x]));
    combined = combined.flatMap((c) => {
      const other = byChannel.get(c.channel);
      if (!other) {
        return [];
      }
      return other.maxEirpDbm < c.maxEirpDbm ? [other] : [c];
    });
  }
  return combined ?? [];
}

/** Step profiles: one per run of adjacent channels, with a vertical step where the limit changes. */
function profilesFor(
  perms: readonly ChannelPermission[],
  dbmOf: (p: ChannelPermission) => number,
): Spectrum['profiles'] {
  const profiles: Spectrum['profiles'] = [];
  let current: { hz: number; dbm: number }[] | undefined;
  let lastStop = -1;
  for (const p of perms) {
    const dbm = dbmOf(p);
    if (!current || p.startHz !== lastStop) {
      current = [];
      profiles.push(current);
    }
    const prev = current[current.length - 1];
    if (prev && prev.dbm === dbm && prev.hz === p.startHz) {
      // Same level continues: move the end point instead of adding a redundant pair.
      prev.hz = p.stopHz;
    } else {
      current.push({ hz: p.startHz, dbm }, { hz: p.stopHz, dbm });
    }
    lastStop = p.stopHz;
  }
  return profiles;
}

export function spectraFor(model: IncumbentModel, perms: readonly ChannelPermission[]): Spectrum[] {
  return [
    {
      resolutionBwHz: model.params.channelWidthHz,
      profiles: profilesFor(perms, (p) => round1(p.maxEirpDbm)),
    },
    { resolutionBwHz: 1e5, profiles: profilesFor(perms, (p) => p.maxEirpDbmPer100kHz) },
  ];
}

export function buildSpectrumSpec(
  model: IncumbentModel,
  rulesetInfo: RulesetInfo,
  points: readonly GeoPoint[],
  nowMs: number,
  cls: DeviceClass,
): SpectrumSpec {
  const start = Math.floor(nowMs / 1000) * 1000;
  const end = start + SCHEDULE_HORIZON_MS;
  const cuts = new Set<number>();
  for (const p of points) {
    for (const t of model.boundaries(p.lat, p.lon, start, end)) {
      cuts.add(t);
    }
  }
  const times = [start, ...[...cuts].sort((a, b) => a - b), end];
  const schedules: SpectrumSchedule[] = [];
  let previousKey = '';
  for (let i = 0; i < times.length - 1; i++) {
    const from = times[i] ?? start;
    const to = times[i + 1] ?? end;
    const spectra = spectraFor(model, combinedPermissions(model, points, from, cls));
    const key = JSON.stringify(spectra);
    const last = schedules[schedules.length - 1];
    if (last && key === previousKey) {
      // Nothing changed at this boundary for this location: keep one slice, as the RFC expects.
      last.eventTime.stopTime = pawsTime(to);
      continue;
    }
    schedules.push({ eventTime: { startTime: pawsTime(from), stopTime: pawsTime(to) }, spectra });
    previousKey = key;
  }
  const params = model.params;
  const bandStart = params.channelStartHz(params.channels[0] ?? 0);
  const bandStop =
    params.channelStartHz(params.channels[params.channels.length - 1] ?? 0) + params.channelWidthHz;
  return {
    rulesetInfo,
    spectrumSchedules: schedules,
    timeRange: { startTime: pawsTime(start), stopTime: pawsTime(end) },
    frequencyRanges: [{ startHz: bandStart, stopHz: bandStop }],
    needsSpectrumReport: params.needsSpectrumReport,
  };
}
