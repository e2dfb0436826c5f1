// A station's schedule (the database's slices: from inclusive, to exclusive, the channels permitted in
// each) read as one row per channel over a time window: when each channel is permitted and at what power,
// and when the granted channel stops being permitted (a withdrawal) or its limit drops below the grant.
// Pure, so the slices' reading is tested without a DOM.
import type { AvailabilitySlice, StationGrant } from '@wsnoc/shared';

export interface TimelineSegment {
  from: number;
  to: number;
  /** Position in the window, 0-100. */
  startPct: number;
  endPct: number;
  maxEirpDbm: number;
}

export interface TimelineRow {
  channel: number;
  granted: boolean;
  /** Permitted stretches, consecutive slices at the same power merged. */
  segments: TimelineSegment[];
}

export interface GrantThreat {
  /** 'withdrawn': the channel is not permitted; 'reduced': permitted below the grant's power. */
  kind: 'withdrawn' | 'reduced';
  at: number;
  /** When the grant's channel and power are permitted again, if the schedule says. */
  until: number | null;
  /** The lower limit, for 'reduced'. */
  maxEirpDbm: number | null;
}

export interface TimelineTick {
  at: number;
  pct: number;
  label: string;
}

export interface Timeline {
  start: number;
  end: number;
  /** The schedule says nothing after this (epoch ms), or null when it covers the whole window. */
  knownUntil: number | null;
  knownUntilPct: number;
  /** The granted channel's row first, then the others by number. */
  rows: TimelineRow[];
  /** The first moment in the window the grant is not covered by the schedule, if any. */
  threat: GrantThreat | null;
  ticks: TimelineTick[];
}

export const TIMELINE_WINDOW_MS = 24 * 3_600_000;
const TICK_MS = 3 * 3_600_000;
/** A radio rounds its power to a tenth of a dB. */
const POWER_TOLERANCE_DB = 0.05;

const hourLabel = (at: number): string => `${new Date(at).toISOString().slice(11, 16)}`;

export function buildTimeline(
  schedule: readonly AvailabilitySlice[],
  grant: Pick<StationGrant, 'channel' | 'eirpDbm'> | null,
  start: number,
  end: number = start + TIMELINE_WINDOW_MS,
): Timeline {
  const span = Math.max(1, end - start);
  const pct = (at: number): number => (Math.min(end, Math.max(start, at)) - start) * (100 / span);
  const slices = schedule
    .map((slice) => ({ from: Date.parse(slice.from), to: Date.parse(slice.to), channels: slice.channels }))
    .filter((slice) => slice.to > start && slice.from < end && slice.to > slice.from)
    .sort((a, b) => a.from - b.from);

  const byChannel = new Map<number, TimelineSegment[]>();
  for (const slice of slices) {
    const from = Math.max(start, slice.from);
    const to = Math.min(end, slice.to);
    for (const permit of slice.channels) {
      const segments = byChannel.get(permit.channel) ?? [];
      byChannel.set(permit.channel, segments);
      const last = segments.at(-1);
      if (last && last.to === from && last.maxEirpDbm === permit.maxEirpDbm) {
        last.to = to;
        last.endPct = pct(to);
      } else {
        segments.push({ from, to, startPct: pct(from), endPct: pct(to), maxEirpDbm: permit.maxEirpDbm });
      }
    }
  }
  if (grant && !byChannel.has(grant.channel)) {
    byChannel.set(grant.channel, []);
  }

  const rows = [...byChannel.entries()]
    .map(([channel, segments]) => ({ channel, granted: channel === grant?.channel, segments }))
    .sort((a, b) => Number(b.granted) - Number(a.granted) || a.channel - b.channel);

  const lastKnown = slices.reduce((latest, slice) => Math.max(latest, slice.to), start);
  const knownUntil = lastKnown >= end ? null : lastKnown;

  const ticks: TimelineTick[] = [];
  for (let at = Math.ceil(start / TICK_MS) * TICK_MS; at < end; at += TICK_MS) {
    ticks.push({ at, pct: pct(at), label: hourLabel(at) });
  }

  return {
    start,
    end,
    knownUntil,
    knownUntilPct: knownUntil === null ? 100 : pct(knownUntil),
    rows,
    threat: grant
      ? grantThreat(byChannel.get(grant.channel) ?? [], grant, knownFrom(slices, start), knownUntil ?? end)
      : null,
    ticks,
  };
}

/**
 * Where the schedule starts speaking: its first slice begins at the last check, which may be a little
 * after the window's start (the window moves on by the minute). Before it is the past, not a withdrawal.
 */
function knownFrom(slices: readonly { from: number }[], start: number): number {
  const first = slices[0];
  return first ? Math.max(start, first.from) : start;
}

/** Walks the granted channel's stretches for the first hole, or the first one below the grant's power. */
function grantThreat(
  segments: readonly TimelineSegment[],
  grant: Pick<StationGrant, 'eirpDbm'>,
  start: number,
  knownEnd: number,
): GrantThreat | null {
  const enough = (segment: TimelineSegment): boolean =>
    segment.maxEirpDbm + POWER_TOLERANCE_DB >= grant.eirpDbm;
  let cursor = start;
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index]!;
    if (segment.from > cursor) {
      return { kind: 'withdrawn', at: cursor, until: recovery(segments, index, enough), maxEirpDbm: null };
    }
    if (!enough(segment)) {
      return {
        kind: 'reduced',
        at: Math.max(cursor, segment.from),
        until: recovery(segments, index + 1, enough),
        maxEirpDbm: segment.maxEirpDbm,
      };
    }
    cursor = segment.to;
  }
  // Past the last stretch: withdrawn only if the schedule still speaks about that time.
  return cursor < knownEnd ? { kind: 'withdrawn', at: cursor, until: null, maxEirpDbm: null } : null;
}

function recovery(
  segments: readonly TimelineSegment[],
  from: number,
  enough: (segment: TimelineSegment) => boolean,
): number | null {
  for (let index = from; index < segments.length; index += 1) {
    const segment = segments[index]!;
    if (enough(segment)) {
      return segment.from;
    }
  }
  return null;
}
