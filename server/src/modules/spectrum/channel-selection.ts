// Which channel and power a base station should use, from what the database allows: pure, so every rule
// is tested alone. A grant is only as good as the whole window until the next check: the power chosen
// holds on that channel for every slice up to the check (or the station is re-checked before the slice
// where it would not), so nothing needs turning down between checks.
import type { AvailabilitySlice, ChannelPermit } from '@wsnoc/shared';

export interface Selection {
  channel: number;
  eirpDbm: number;
  /** Until when this channel stays permitted at this power (the end of its continuous run of slices). */
  validUntil: Date;
}

/** Channels permitted at `at`: those of the slice containing it (from inclusive, to exclusive). */
export function permittedAt(schedule: readonly AvailabilitySlice[], at: Date): ChannelPermit[] {
  const t = at.getTime();
  const slice = schedule.find((s) => Date.parse(s.from) <= t && t < Date.parse(s.to));
  return slice ? slice.channels : [];
}

/**
 * From `at`, how long `channel` stays permitted at `eirpDbm` or more, slice by slice, and the lowest limit
 * met until `horizon`. The window ends at the first slice where it is missing or below the power.
 */
export function runOf(
  schedule: readonly AvailabilitySlice[],
  channel: number,
  at: Date,
  horizon: Date,
): { until: Date; minEirpDbm: number } | null {
  const slices = schedule
    .filter((s) => Date.parse(s.to) > at.getTime())
    .sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  let until = at;
  let minEirp = Infinity;
  for (const slice of slices) {
    if (Date.parse(slice.from) > until.getTime()) {
      break; // a gap in the schedule: nothing is known there, so nothing is permitted
    }
    const permit = slice.channels.find((c) => c.channel === channel);
    if (!permit) {
      break;
    }
    if (Date.parse(slice.from) < horizon.getTime()) {
      minEirp = Math.min(minEirp, permit.maxEirpDbm);
    }
    until = new Date(Date.parse(slice.to));
  }
  return until.getTime() > at.getTime() && Number.isFinite(minEirp) ? { until, minEirpDbm: minEirp } : null;
}

export interface SelectionInput {
  schedule: readonly AvailabilitySlice[];
  at: Date;
  /** When the station will be checked next at the latest: the power must hold until then. */
  horizon: Date;
  /** What the operator wants the radio to transmit; the grant caps it. */
  desiredEirpDbm: number;
  /** The channel it is on now: kept when it is still permitted, so a check does not churn the radio. */
  currentChannel: number | null;
  /** A channel the fleet plan asks for, if any: taken when permitted. */
  plannedChannel?: number | null;
  /** Below this a channel is not worth using (the link would not close); dBm EIRP. */
  minUsefulEirpDbm?: number;
}

/** Rounds down to the radio's one-decimal grammar, so a limit is never exceeded by rounding. */
export function floorTenth(dbm: number): number {
  return Math.floor(dbm * 10 + 1e-9) / 10;
}

/**
 * The channel to use and its power, or null when nothing is permitted now. Preference: the planned
 * channel, then the current one, unless another lasts past the next check when they do not, or carries
 * clearly more of the desired power; otherwise the channel that lasts and allows the most power.
 */
export function selectChannel(input: SelectionInput): Selection | null {
  const { schedule, at, horizon, desiredEirpDbm } = input;
  const minUseful = input.minUsefulEirpDbm ?? 0;
  const option = (channel: number): Selection | null => {
    const run = runOf(schedule, channel, at, horizon);
    if (!run) {
      return null;
    }
    const eirp = floorTenth(Math.min(desiredEirpDbm, run.minEirpDbm, 36));
    return eirp >= minUseful ? { channel, eirpDbm: Math.max(0, eirp), validUntil: run.until } : null;
  };
  // A channel that lapses before the next check forces a retune soon: one that lasts is better.
  const covers = (s: Selection) => s.validUntil.getTime() >= horizon.getTime();
  const candidates = permittedAt(schedule, at)
    .map((p) => option(p.channel))
    .filter((s): s is Selection => s !== null)
    .sort(
      (a, b) =>
        Number(covers(b)) - Number(covers(a)) ||
        b.eirpDbm - a.eirpDbm ||
        b.validUntil.getTime() - a.validUntil.getTime() ||
        a.channel - b.channel,
    );
  const best = candidates[0];
  if (!best) {
    return null;
  }
  // The fleet plan's channel wins while it lasts: the planner weighed its power against interference.
  const planned = candidates.find((c) => c.channel === input.plannedChannel);
  if (planned && covers(planned)) {
    return planned;
  }
  // The current channel wins unless another would carry clearly more of the desired power.
  for (const preferred of [input.currentChannel]) {
    const kept =
      preferred === null || preferred === undefined
        ? undefined
        : candidates.find((c) => c.channel === preferred);
    if (
      kept &&
      covers(kept) >= covers(best) &&
      kept.eirpDbm >= Math.min(desiredEirpDbm, best.eirpDbm) - KEEP_TOLERANCE_DB
    ) {
      return kept;
    }
  }
  return best;
}

/** A retune for less than this much power is not worth the link drop it costs. */
const KEEP_TOLERANCE_DB = 1;

/**
 * The slices where both the base station and every CPE are permitted: boundaries of all the schedules
 * merged, and in each slice the channels every one of them permits, at the base station's limit.
 */
export function intersectSchedules(
  master: readonly AvailabilitySlice[],
  slaves: readonly (readonly AvailabilitySlice[])[],
): AvailabilitySlice[] {
  if (!slaves.length) {
    return [...master];
  }
  const bounds = new Set<number>();
  for (const schedule of [master, ...slaves]) {
    for (const slice of schedule) {
      bounds.add(Date.parse(slice.from));
      bounds.add(Date.parse(slice.to));
    }
  }
  const times = [...bounds].sort((a, b) => a - b);
  const out: AvailabilitySlice[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const at = new Date(times[i]!);
    const allowed = permittedAt(master, at).filter((p) =>
      slaves.every((schedule) => permittedAt(schedule, at).some((s) => s.channel === p.channel)),
    );
    if (allowed.length) {
      out.push({ from: at.toISOString(), to: new Date(times[i + 1]!).toISOString(), channels: allowed });
    }
  }
  return out;
}
