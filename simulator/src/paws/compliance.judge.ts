// The independent judge of the console's spectrum work. It reads only the fleet's own emissions (what
// radios really radiate) and the database's model (what was permitted there and then), never what the
// console says. It logs every interval in which a radio transmitted on a channel, or above an EIRP, that
// the database did not permit, beyond the grace the ruleset gives:
// - a radio that itself starts, retunes, raises power or moves (> maxLocationChange) into a forbidden
//   state gets no grace: it could have asked the database first;
// - a radio whose permission lapses under it (a withdrawal starts) gets the grace: maxPollingSecs by
//   default (ETSI: a master learns at its next check, every TUpdate, and must then cease), plus the
//   slave cease time for slaves;
// - a radio still transmitting once the database has been unreachable (or answering errors) for longer
//   than that grace: ETSI masters must cease when they cannot check in within TUpdate.
// Work is lazy: a radio is judged when it emits, at reservation boundaries, when the model changes and
// when a grace deadline passes; a coarse 1 s timer drives the last three. Idle cost is a few comparisons.
import { distanceM, type ComplianceViolation, type RadioEmission } from '@wsnoc/shared';
import type { IncumbentModel } from './incumbent.model.js';
import type { PawsSettings } from './paws.settings.js';
import type { DeviceClass } from './ruleset.config.js';

type Cause = 'radio' | 'database-change';

interface Track {
  e: RadioEmission;
  lapse?: { lapsedAtMs: number; deadlineMs: number };
  open?: ComplianceViolation;
}

const MAX_LOG = 100_000;
const EIRP_TOLERANCE_DB = 0.05;

export class ComplianceJudge {
  private readonly radios = new Map<string, Track>();
  private readonly pending = new Set<string>();
  private readonly log: ComplianceViolation[] = [];
  private nextId = 1;
  private seenVersion: number;
  private checkedUntil: number;
  private timer: NodeJS.Timeout | undefined;
  private seenOutage: number | null = null;
  /** Since when the database has been unreachable, or null; wired to the fault settings. */
  outageSince: () => number | null = () => null;
  /** How the judge learns a radio's power class; the fleet wiring may refine the ruleset default. */
  classify: (radioId: string) => DeviceClass;

  constructor(
    private readonly model: IncumbentModel,
    private readonly settings: PawsSettings,
    private readonly clock: () => number,
  ) {
    this.seenVersion = model.version;
    this.checkedUntil = clock();
    this.classify = () => model.params.defaultClass;
  }

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  record(e: RadioEmission): void {
    const at = Date.parse(e.at);
    if (at > this.checkedUntil) {
      this.tick(at); // settle database-driven verdicts up to the moment the radio acted
    }
    const track = this.radios.get(e.radioId);
    const prev = track?.e;
    const moved =
      prev !== undefined && distanceM(prev.lat, prev.lon, e.lat, e.lon) > this.settings.maxLocationChange;
    const radioCaused =
      e.transmitting &&
      (!prev ||
        !prev.transmitting ||
        prev.channel !== e.channel ||
        e.eirpDbm > prev.eirpDbm + EIRP_TOLERANCE_DB ||
        moved);
    if (track) {
      track.e = e;
    }
    this.evaluate(e.radioId, track ?? this.newTrack(e), at, radioCaused ? 'radio' : 'database-change');
  }

  /** Brings every verdict up to `now`, replaying reservation boundaries and grace deadlines in order. */
  tick(now = this.clock()): void {
    let t = this.checkedUntil;
    for (;;) {
      const boundary = this.nextBoundaryAfter(t);
      const deadline = this.nextDeadlineAfter(t);
      const next = Math.min(boundary ?? Infinity, deadline ?? Infinity);
      if (next > now) {
        break;
      }
      if (next === boundary) {
        this.evaluateTransmitting(next);
      } else {
        this.evaluateDue(next);
      }
      t = next;
    }
    const outage = this.outageSince();
    if (this.model.version !== this.seenVersion || outage !== this.seenOutage) {
      this.seenVersion = this.model.version;
      this.seenOutage = outage;
      this.evaluateTransmitting(now);
    }
    this.checkedUntil = Math.max(this.checkedUntil, now);
  }

  violations(): ComplianceViolation[] {
    this.tick();
    return this.log.map((v) => ({ ...v }));
  }

  openCount(): number {
    return this.log.filter((v) => v.to === null).length;
  }

  private newTrack(e: RadioEmission): Track {
    const track: Track = { e };
    this.radios.set(e.radioId, track);
    return track;
  }

  /** Reservation starts and stops, and the moments an outage outlasts the master and slave graces. */
  private nextBoundaryAfter(t: number): number | undefined {
    const outage = this.outageSince();
    const candidates = [this.model.nextBoundaryAfter(t)];
    if (outage !== null) {
      candidates.push(outage + this.settings.graceMs(false), outage + this.settings.graceMs(true));
    }
    const after = candidates.filter((c): c is number => c !== undefined && c > t);
    return after.length > 0 ? Math.min(...after) : undefined;
  }

  private nextDeadlineAfter(t: number): number | undefined {
    let next: number | undefined;
    for (const id of this.pending) {
      const d = this.radios.get(id)?.lapse?.deadlineMs;
      if (d !== undefined && d > t && (next === undefined || d < next)) {
        next = d;
      }
    }
    return next;
  }

  private evaluateTransmitting(at: number): void {
    for (const [id, track] of this.radios) {
      if (track.e.transmitting) {
        this.evaluate(id, track, at, 'database-change');
      }
    }
  }

  /** Only radios whose grace ran out: the rest cannot change verdict between boundaries. */
  private evaluateDue(at: number): void {
    for (const id of [...this.pending]) {
      const track = this.radios.get(id);
      if (track?.lapse && track.lapse.deadlineMs <= at) {
        this.evaluate(id, track, at, 'database-change');
      }
    }
  }

  private evaluate(id: string, track: Track, at: number, cause: Cause): void {
    const e = track.e;
    const cls = this.classify(id);
    const permitted = e.transmitting ? this.model.permittedEirp(e.lat, e.lon, e.channel, at, cls) : null;
    const outage = this.outageSince();
    const reason = !e.transmitting
      ? undefined
      : permitted === null
        ? 'channel-not-permitted'
        : e.eirpDbm > permitted + EIRP_TOLERANCE_DB
          ? 'eirp-above-limit'
          : outage !== null && at >= outage + this.settings.graceMs(cls.slave)
            ? 'database-unreachable'
            : undefined;
    if (!reason) {
      this.close(track, at);
      track.lapse = undefined;
      this.pending.delete(id);
      return;
    }
    if (track.open) {
      if (track.open.channel === e.channel && track.open.reason === reason && cause !== 'radio') {
        return; // the same interval goes on
      }
      const was = track.open;
      this.close(track, at);
      if (cause !== 'radio') {
        // Already out of bounds when the database changed: no fresh grace, the next interval starts now.
        this.openViolation(id, track, {
          reason,
          cause: was.cause,
          permitted,
          lapsedAtMs: at,
          graceMs: 0,
          fromMs: at,
        });
        return;
      }
    }
    if (cause === 'radio') {
      track.lapse = undefined;
      this.pending.delete(id);
      this.openViolation(id, track, { reason, cause, permitted, lapsedAtMs: at, graceMs: 0, fromMs: at });
      return;
    }
    if (!track.lapse) {
      // Only a withdrawal takes a channel away at a place; power limits come from fixed contours.
      const lapsedAtMs =
        reason === 'channel-not-permitted'
          ? Math.min(at, this.model.lapsedAt(e.lat, e.lon, e.channel, at))
          : reason === 'database-unreachable'
            ? (outage ?? at)
            : at;
      track.lapse = { lapsedAtMs, deadlineMs: lapsedAtMs + this.settings.graceMs(cls.slave) };
    }
    if (at >= track.lapse.deadlineMs) {
      const { lapsedAtMs, deadlineMs } = track.lapse;
      track.lapse = undefined;
      this.pending.delete(id);
      this.openViolation(id, track, {
        reason,
        cause,
        permitted,
        lapsedAtMs,
        graceMs: deadlineMs - lapsedAtMs,
        fromMs: deadlineMs,
      });
      return;
    }
    this.pending.add(id);
  }

  private openViolation(
    id: string,
    track: Track,
    v: {
      reason: ComplianceViolation['reason'];
      cause: Cause;
      permitted: number | null;
      lapsedAtMs: number;
      graceMs: number;
      fromMs: number;
    },
  ): void {
    const e = track.e;
    const violation: ComplianceViolation = {
      id: `v-${this.nextId++}`,
      radioId: id,
      reason: v.reason,
      cause: v.cause,
      channel: e.channel,
      eirpDbm: e.eirpDbm,
      permittedEirpDbm: v.permitted,
      lat: e.lat,
      lon: e.lon,
      lapsedAt: new Date(v.lapsedAtMs).toISOString(),
      graceSecs: v.graceMs / 1000,
      from: new Date(v.fromMs).toISOString(),
      to: null,
    };
    track.open = violation;
    this.log.push(violation);
    if (this.log.length > MAX_LOG) {
      this.log.splice(0, this.log.length - MAX_LOG);
    }
  }

  private close(track: Track, at: number): void {
    if (track.open) {
      track.open.to = new Date(Math.max(at, Date.parse(track.open.from))).toISOString();
      track.open = undefined;
    }
  }
}
