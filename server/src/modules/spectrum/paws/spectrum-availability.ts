// What a SpectrumSpec (RFC 7545 section 5.9) permits, channel by channel, over time; and the reverse, the
// spectra a SPECTRUM_USE_NOTIFY reports for "channel C at P dBm". Pure functions: the lifecycle, the
// planner and the watchdog all read a grant through here, so one reading of the profiles exists.
//
// Reading a schedule (docs/simulator.md, "Available spectrum"; RFC 7545 sections 5.10-5.11): profiles are
// piecewise-linear masks of EIRP over resolutionBwHz; a vertical step is two points at the same hz. A
// channel is available when the spectrum's profiles cover its whole width, at the lowest level over it.
// When a schedule holds several spectra (ETSI: per channel and per 100 kHz) each is a limit to respect,
// so a channel must be in all of them. startTime is inclusive, stopTime exclusive.
import type { Spectrum, SpectrumSchedule, SpectrumSpec } from '@wsnoc/shared';

/** A UHF raster: BAND_PLANS entries fit as they are (both start at 470 MHz). */
export interface ChannelRaster {
  firstChannel: number;
  lastChannel: number;
  bandwidthMHz: number;
  /** The lower edge of firstChannel; 470 MHz (ETSI ch 21, FCC ch 14) by default. */
  firstChannelStartMHz?: number;
  /** Channels inside the range that the raster does not have (FCC 37, radio astronomy). */
  excluded?: readonly number[];
}

/**
 * The rasters the databases describe. The radios' own plans (BAND_PLANS) are narrower for FCC: they tune
 * 14-36, while the database lists 14-51 except 37, so what a radio can use is the radio plan's channels.
 */
export const DATABASE_RASTERS = {
  etsi: { firstChannel: 21, lastChannel: 60, bandwidthMHz: 8 },
  fcc: { firstChannel: 14, lastChannel: 51, bandwidthMHz: 6, excluded: [37] },
} as const satisfies Record<string, ChannelRaster>;

export interface ChannelLimit {
  channel: number;
  /** EIRP over the whole channel. */
  maxEirpDbm: number;
  /** EIRP per 100 kHz, when the database gave a 100 kHz spectrum. */
  maxEirpDbmPer100kHz?: number;
}

export interface AvailabilityWindow {
  /** Local epoch milliseconds; from inclusive, to exclusive. */
  fromMs: number;
  toMs: number;
  channels: ChannelLimit[];
}

/**
 * How the database's times map onto the local clock. RFC 7545 makes schedule times relative to the
 * response timestamp, so a device with a wrong clock still keeps to them: local = database + offsetMs.
 * uncertaintyMs widens every change by that much either way: a grant starts late and ends early.
 */
export interface TimeBase {
  /** The response's timestamp, epoch ms. */
  timestampMs: number;
  offsetMs: number;
  uncertaintyMs: number;
}

const PER_100KHZ = 1e5;
/** Hz are integers on the wire; a millihertz of slack absorbs float arithmetic on the edges. */
const HZ_EPSILON = 1e-3;

export function channelsOf(raster: ChannelRaster): number[] {
  const out: number[] = [];
  for (let ch = raster.firstChannel; ch <= raster.lastChannel; ch++) {
    if (!raster.excluded?.includes(ch)) {
      out.push(ch);
    }
  }
  return out;
}

/** The channel's edges: startHz inclusive, stopHz exclusive, like a FrequencyRange. */
export function channelRange(raster: ChannelRaster, channel: number): { startHz: number; stopHz: number } {
  const widthHz = raster.bandwidthMHz * 1e6;
  const startHz = (raster.firstChannelStartMHz ?? 470) * 1e6 + (channel - raster.firstChannel) * widthHz;
  return { startHz, stopHz: startHz + widthHz };
}

/**
 * The offset and uncertainty for a response with this timestamp, sent and read back at these local
 * times. The database stamped it in whole seconds (truncated) some time while we waited, so the offset
 * lies between sent - timestamp - 1 s and received - timestamp.
 */
export function timeBaseOf(timestamp: string, sentAtMs: number, receivedAtMs: number): TimeBase {
  const timestampMs = Date.parse(timestamp);
  const low = sentAtMs - timestampMs - 1_000;
  const high = receivedAtMs - timestampMs;
  return { timestampMs, offsetMs: (low + high) / 2, uncertaintyMs: (high - low) / 2 };
}

/** The lowest level of a spectrum over [startHz, stopHz), or undefined if its profiles leave a gap there. */
function levelOver(spectrum: Spectrum, startHz: number, stopHz: number): number | undefined {
  const pieces: { from: number; to: number; level: number }[] = [];
  for (const profile of spectrum.profiles) {
    for (let k = 0; k + 1 < profile.length; k++) {
      const a = profile[k];
      const b = profile[k + 1];
      if (!a || !b || b.hz <= a.hz) {
        continue; // a vertical step (or a malformed backwards segment) covers no width
      }
      const from = Math.max(a.hz, startHz);
      const to = Math.min(b.hz, stopHz);
      if (to - from <= HZ_EPSILON) {
        continue;
      }
      const at = (hz: number): number => a.dbm + ((b.dbm - a.dbm) * (hz - a.hz)) / (b.hz - a.hz);
      pieces.push({ from, to, level: Math.min(at(from), at(to)) });
    }
  }
  pieces.sort((x, y) => x.from - y.from);
  let covered = startHz;
  let level = Infinity;
  for (const p of pieces) {
    if (p.from > covered + HZ_EPSILON) {
      return undefined;
    }
    covered = Math.max(covered, p.to);
    level = Math.min(level, p.level);
  }
  return covered >= stopHz - HZ_EPSILON ? level : undefined;
}

/** What one schedule permits on the raster's channels, in channel order. */
export function scheduleLimits(schedule: SpectrumSchedule, raster: ChannelRaster): ChannelLimit[] {
  const widthHz = raster.bandwidthMHz * 1e6;
  const out: ChannelLimit[] = [];
  if (schedule.spectra.length === 0) {
    return out;
  }
  for (const channel of channelsOf(raster)) {
    const { startHz, stopHz } = channelRange(raster, channel);
    let exact = Infinity; // from spectra over exactly the channel width
    let derived = Infinity; // from other resolutions, as if the power were flat over the channel
    let per100k: number | undefined;
    let available = true;
    for (const spectrum of schedule.spectra) {
      const level = levelOver(spectrum, startHz, stopHz);
      if (level === undefined) {
        available = false;
        break;
      }
      if (Math.abs(spectrum.resolutionBwHz - widthHz) < 1) {
        exact = Math.min(exact, level);
      } else {
        derived = Math.min(derived, level + 10 * Math.log10(widthHz / spectrum.resolutionBwHz));
      }
      if (Math.abs(spectrum.resolutionBwHz - PER_100KHZ) < 1) {
        per100k = per100k === undefined ? level : Math.min(per100k, level);
      }
    }
    if (!available) {
      continue;
    }
    // The database's own figure over the channel wins; a derived one only fills in when there is none.
    const maxEirpDbm = Number.isFinite(exact) ? exact : derived;
    out.push(
      per100k === undefined ? { channel, maxEirpDbm } : { channel, maxEirpDbm, maxEirpDbmPer100kHz: per100k },
    );
  }
  return out;
}

/**
 * The limits that hold at every database instant in [fromDb, toDb] (closed): a channel must be listed by
 * every schedule that overlaps the range, and the schedules must cover it without a gap.
 */
function limitsOverRange(
  spec: SpectrumSpec,
  raster: ChannelRaster,
  fromDb: number,
  toDb: number,
): ChannelLimit[] {
  const overlapping = spec.spectrumSchedules
    .map((s) => ({ s, start: Date.parse(s.eventTime.startTime), stop: Date.parse(s.eventTime.stopTime) }))
    .filter((x) => x.start <= toDb && x.stop > fromDb)
    .sort((a, b) => a.start - b.start);
  let covered = fromDb;
  for (const x of overlapping) {
    if (x.start > covered) {
      return [];
    }
    covered = Math.max(covered, x.stop);
  }
  if (overlapping.length === 0 || covered <= toDb) {
    return [];
  }
  let result: Map<number, ChannelLimit> | undefined;
  for (const x of overlapping) {
    const limits = scheduleLimits(x.s, raster);
    if (!result) {
      result = new Map(limits.map((l) => [l.channel, l]));
      continue;
    }
    const next = new Map<number, ChannelLimit>();
    for (const l of limits) {
      const prev = result.get(l.channel);
      if (prev) {
        next.set(l.channel, lowerOf(prev, l));
      }
    }
    result = next;
  }
  return [...(result ?? new Map<number, ChannelLimit>()).values()].sort((a, b) => a.channel - b.channel);
}

function lowerOf(a: ChannelLimit, b: ChannelLimit): ChannelLimit {
  const maxEirpDbm = Math.min(a.maxEirpDbm, b.maxEirpDbm);
  const per = [a.maxEirpDbmPer100kHz, b.maxEirpDbmPer100kHz].filter((v): v is number => v !== undefined);
  return per.length === 2
    ? { channel: a.channel, maxEirpDbm, maxEirpDbmPer100kHz: Math.min(...per) }
    : { channel: a.channel, maxEirpDbm };
}

/** The database instants a local time may stand for, clamped to the response (the past is not asked). */
function dbRangeAt(atMs: number, tb: TimeBase | undefined): [number, number] {
  if (!tb) {
    return [atMs, atMs];
  }
  const mid = atMs - tb.offsetMs;
  return [Math.max(tb.timestampMs, mid - tb.uncertaintyMs), mid + tb.uncertaintyMs];
}

/** The channels available at local time `atMs`, with their limits, in channel order. */
export function channelsAt(
  spec: SpectrumSpec,
  raster: ChannelRaster,
  atMs: number,
  timeBase?: TimeBase,
): ChannelLimit[] {
  const [from, to] = dbRangeAt(atMs, timeBase);
  return limitsOverRange(spec, raster, from, to);
}

/** Every local instant at which the answer of channelsAt may change, sorted. */
function breakpoints(spec: SpectrumSpec, timeBase: TimeBase | undefined): number[] {
  const o = timeBase?.offsetMs ?? 0;
  const u = timeBase?.uncertaintyMs ?? 0;
  const times = new Set<number>();
  for (const s of spec.spectrumSchedules) {
    for (const t of [Date.parse(s.eventTime.startTime), Date.parse(s.eventTime.stopTime)]) {
      times.add(t + o - u);
      times.add(t + o + u);
    }
  }
  if (timeBase) {
    times.add(timeBase.timestampMs + o + u); // where the clamp to the response stops binding
  }
  return [...times].filter(Number.isFinite).sort((a, b) => a - b);
}

/**
 * The first local instant after `atMs` at which availability may change (a schedule boundary, moved
 * earlier or later by the time base's uncertainty), or null when none lies ahead. It may name a boundary
 * that changes nothing on a given raster; availabilitySchedule() tells exactly.
 */
export function nextChangeAfter(spec: SpectrumSpec, atMs: number, timeBase?: TimeBase): number | null {
  return breakpoints(spec, timeBase).find((t) => t > atMs) ?? null;
}

/**
 * The whole grant as consecutive windows of constant availability, in local time. Empty windows inside
 * the schedule (everything withdrawn for a while) are kept; leading and trailing ones are not.
 */
export function availabilitySchedule(
  spec: SpectrumSpec,
  raster: ChannelRaster,
  timeBase?: TimeBase,
): AvailabilityWindow[] {
  const points = breakpoints(spec, timeBase);
  const windows: AvailabilityWindow[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const fromMs = points[i] as number;
    const toMs = points[i + 1] as number;
    const channels = channelsAt(spec, raster, fromMs, timeBase);
    const last = windows[windows.length - 1];
    if (last && sameLimits(last.channels, channels)) {
      last.toMs = toMs;
    } else {
      windows.push({ fromMs, toMs, channels });
    }
  }
  while (windows[0]?.channels.length === 0) {
    windows.shift();
  }
  while (windows[windows.length - 1]?.channels.length === 0) {
    windows.pop();
  }
  return windows;
}

function sameLimits(a: readonly ChannelLimit[], b: readonly ChannelLimit[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return (
        y !== undefined &&
        x.channel === y.channel &&
        x.maxEirpDbm === y.maxEirpDbm &&
        x.maxEirpDbmPer100kHz === y.maxEirpDbmPer100kHz
      );
    })
  );
}

export interface ChannelUse {
  channel: number;
  /** EIRP over the whole channel. */
  eirpDbm: number;
  /** EIRP per 100 kHz; derived from eirpDbm (flat over the channel, rounded down) when not given. */
  eirpDbmPer100kHz?: number;
}

/**
 * The spectra of a SPECTRUM_USE_NOTIFY for these uses: one spectrum at the channel width, and one per
 * 100 kHz when the ruleset gives limits that way (ETSI), as profiles in the database's own form: one per
 * run of adjacent channels, a vertical step where the level changes.
 */
export function spectrumUse(
  raster: ChannelRaster,
  uses: readonly ChannelUse[],
  opts: { per100kHz: boolean },
): Spectrum[] {
  const widthHz = raster.bandwidthMHz * 1e6;
  const sorted = [...uses].sort((a, b) => a.channel - b.channel);
  const spectra: Spectrum[] = [
    { resolutionBwHz: widthHz, profiles: profilesOf(raster, sorted, (u) => u.eirpDbm) },
  ];
  if (opts.per100kHz) {
    const spread = 10 * Math.log10(widthHz / PER_100KHZ);
    spectra.push({
      resolutionBwHz: PER_100KHZ,
      // Rounded down to 0.1 dB: what we report must never exceed what we were granted.
      profiles: profilesOf(
        raster,
        sorted,
        (u) => u.eirpDbmPer100kHz ?? Math.floor((u.eirpDbm - spread) * 10 + 1e-9) / 10,
      ),
    });
  }
  return spectra;
}

function profilesOf(
  raster: ChannelRaster,
  uses: readonly ChannelUse[],
  dbmOf: (u: ChannelUse) => number,
): Spectrum['profiles'] {
  const profiles: Spectrum['profiles'] = [];
  let current: { hz: number; dbm: number }[] | undefined;
  let lastStop = Number.NaN;
  for (const use of uses) {
    const { startHz, stopHz } = channelRange(raster, use.channel);
    const dbm = dbmOf(use);
    if (!current || startHz !== lastStop) {
      current = [];
      profiles.push(current);
    }
    const prev = current[current.length - 1];
    if (prev && prev.dbm === dbm) {
      prev.hz = stopHz; // the same level runs on: stretch the end instead of adding a step of zero height
    } else {
      current.push({ hz: startHz, dbm }, { hz: stopHz, dbm });
    }
    lastStop = stopHz;
  }
  return profiles;
}
