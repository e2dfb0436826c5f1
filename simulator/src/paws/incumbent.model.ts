// The white-space database's knowledge: protected TV contours and time-bounded local reservations, and
// from them which channels a device may use at a place and time, at what EIRP. The PAWS server, the
// control API and the compliance judge all ask this one model, so the judge's truth is the database's.
import {
  distanceM,
  type ChannelPermission,
  type SimRegion,
  type WithdrawalArea,
  type WithdrawalResponseDto,
} from '@wsnoc/shared';
import { insidePolygon } from './geo.util.js';
import { buildIncumbents, type CoverageBox, type TvTransmitter } from './incumbent.data.js';
import { per100kHz, round1, type DeviceClass, type RulesetParams } from './ruleset.config.js';

export interface Reservation {
  id: string;
  label: string;
  area: WithdrawalArea;
  channels: number[];
  /** Whole seconds: starts are floored and stops ceiled so a schedule never promises too much. */
  fromMs: number;
  toMs: number | null;
  createdAtMs: number;
  source: 'seed' | 'control';
}

/** Beyond the co-channel separation, power recovers linearly over this distance. */
const RAMP_KM = 25;
/** Deepest cut at the separation distance, relative to the base EIRP. */
const MAX_CUT_DB = 16;
const ADJACENT_SEPARATION_KM = 3;

export class IncumbentModel {
  readonly coverage: CoverageBox;
  readonly transmitters: readonly TvTransmitter[];
  private readonly reservations = new Map<string, Reservation>();
  private nextId = 1;
  /** Bumped on every change, so cheap observers (the judge) know when to look again. */
  version = 0;

  constructor(
    readonly region: SimRegion,
    readonly params: RulesetParams,
    seed: number,
    startMs: number,
  ) {
    const inc = buildIncumbents(region, params, seed);
    this.coverage = inc.coverage;
    this.transmitters = inc.transmitters;
    for (const ev of inc.events) {
      this.addReservation(
        {
          label: ev.label,
          area: { lat: ev.lat, lon: ev.lon, radiusM: ev.radiusM },
          channels: ev.channels,
          fromMs: startMs + ev.startsInMs,
          toMs: startMs + ev.startsInMs + ev.lastsMs,
          source: 'seed',
        },
        startMs,
      );
    }
  }

  insideCoverage(lat: number, lon: number): boolean {
    const c = this.coverage;
    return lat >= c.minLat && lat <= c.maxLat && lon >= c.minLon && lon <= c.maxLon;
  }

  addReservation(
    input: Omit<Reservation, 'id' | 'createdAtMs' | 'fromMs' | 'toMs'> & {
      fromMs: number;
      toMs: number | null;
    },
    nowMs: number,
  ): Reservation {
    const r: Reservation = {
      ...input,
      id: `wd-${this.nextId++}`,
      fromMs: Math.floor(input.fromMs / 1000) * 1000,
      toMs: input.toMs === null ? null : Math.ceil(input.toMs / 1000) * 1000,
      createdAtMs: nowMs,
    };
    this.reservations.set(r.id, r);
    this.version++;
    return r;
  }

  removeReservation(id: string): boolean {
    const removed = this.reservations.delete(id);
    if (removed) {
      this.version++;
    }
    return removed;
  }

  listReservations(): Reservation[] {
    return [...this.reservations.values()];
  }

  /** A reservation binds from when it starts, but never before the database learned of it. */
  private effectiveFrom(r: Reservation): number {
    return Math.max(r.fromMs, Math.floor(r.createdAtMs / 1000) * 1000);
  }

  private activeAt(r: Reservation, atMs: number): boolean {
    return atMs >= this.effectiveFrom(r) && (r.toMs === null || atMs < r.toMs);
  }

  private covers(area: WithdrawalArea, lat: number, lon: number): boolean {
    if ('polygon' in area) {
      return insidePolygon(lat, lon, area.polygon);
    }
    return distanceM(lat, lon, area.lat, area.lon) <= area.radiusM;
  }

  /** The EIRP limit over a full channel at a place, or null where the channel is not available. */
  permittedEirp(lat: number, lon: number, channel: number, atMs: number, cls: DeviceClass): number | null {
    if (!this.insideCoverage(lat, lon) || !this.params.channels.includes(channel)) {
      return null;
    }
    for (const r of this.reservations.values()) {
      if (r.channels.includes(channel) && this.activeAt(r, atMs) && this.covers(r.area, lat, lon)) {
        return null;
      }
    }
    const base = this.params.baseEirpDbm(cls);
    // Fixed/type A devices sit high with gain antennas; they need more distance than portable ones.
    const coSepKm =
      (cls.ruleset === 'etsi' && cls.type === 'A') || (cls.ruleset === 'fcc' && cls.type === 'FIXED')
        ? 14
        : 6;
    let limit = base;
    for (const tx of this.transmitters) {
      const coChannel = tx.channels.includes(channel);
      const adjacent = tx.channels.includes(channel - 1) || tx.channels.includes(channel + 1);
      if (!coChannel && !adjacent) {
        continue;
      }
      const dKm = distanceM(lat, lon, tx.lat, tx.lon) / 1000;
      if (coChannel) {
        const sep = tx.contourKm + coSepKm;
        if (dKm < sep) {
          return null;
        }
        if (dKm < sep + RAMP_KM) {
          // Power falls as the site gets closer to the protected contour.
          limit = Math.min(limit, base - MAX_CUT_DB * (1 - (dKm - sep) / RAMP_KM));
        }
      }
      if (adjacent && dKm < tx.contourKm + ADJACENT_SEPARATION_KM) {
        limit = Math.min(limit, base - this.params.adjacentPenaltyDb(cls));
      }
    }
    return round1(limit);
  }

  permissions(lat: number, lon: number, atMs: number, cls: DeviceClass): ChannelPermission[] {
    const out: ChannelPermission[] = [];
    for (const channel of this.params.channels) {
      const eirp = this.permittedEirp(lat, lon, channel, atMs, cls);
      if (eirp !== null) {
        const startHz = this.params.channelStartHz(channel);
        out.push({
          channel,
          startHz,
          stopHz: startHz + this.params.channelWidthHz,
          maxEirpDbm: eirp,
          maxEirpDbmPer100kHz: per100kHz(this.params, eirp),
        });
      }
    }
    return out;
  }

  /** Times in (fromMs, toMs) at which availability at a place may change: reservation starts and stops. */
  boundaries(lat: number, lon: number, fromMs: number, toMs: number): number[] {
    const times = new Set<number>();
    for (const r of this.reservations.values()) {
      if (!this.covers(r.area, lat, lon)) {
        continue;
      }
      for (const t of [this.effectiveFrom(r), r.toMs]) {
        if (t !== null && t > fromMs && t < toMs) {
          times.add(t);
        }
      }
    }
    return [...times].sort((a, b) => a - b);
  }

  /** The next time anywhere in the region at which a reservation starts or ends. */
  nextBoundaryAfter(atMs: number): number | undefined {
    let next: number | undefined;
    for (const r of this.reservations.values()) {
      for (const t of [this.effectiveFrom(r), r.toMs]) {
        if (t !== null && t > atMs && (next === undefined || t < next)) {
          next = t;
        }
      }
    }
    return next;
  }

  /**
   * When permission on a channel at a place lapsed, for a radio that lost it while transmitting: the start
   * of the latest reservation now binding there. Contours do not move, so without one it lapsed `atMs`.
   */
  lapsedAt(lat: number, lon: number, channel: number, atMs: number): number {
    let latest: number | undefined;
    for (const r of this.reservations.values()) {
      if (r.channels.includes(channel) && this.activeAt(r, atMs) && this.covers(r.area, lat, lon)) {
        const from = this.effectiveFrom(r);
        latest = latest === undefined ? from : Math.max(latest, from);
      }
    }
    return latest ?? atMs;
  }
}

export function mapReservation(r: Reservation): WithdrawalResponseDto {
  return {
    id: r.id,
    label: r.label,
    area: r.area,
    channels: r.channels,
    from: new Date(r.fromMs).toISOString(),
    to: r.toMs === null ? null : new Date(r.toMs).toISOString(),
    createdAt: new Date(r.createdAtMs).toISOString(),
    source: r.source,
  };
}
