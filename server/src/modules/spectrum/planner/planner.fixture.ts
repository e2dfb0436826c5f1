// Seeded synthetic fleets for the planner's tests: base stations scattered over a square, each with a
// few CPEs 1-5 km out, random powers, classes and current channels, and a random share of the band
// permitted at a random limit. Dense enough that channels must be reused within range.
import { BAND_PLANS, type BandPlanName } from '@wsnoc/shared';
import type { ChannelAllowance, PlannerInput, PlannerSite } from './planner.types.js';
import { randomIndex, seededRng } from './seeded-rng.util.js';

export interface SyntheticFleetOptions {
  sites: number;
  seed: number;
  /** Side of the square, km; 120 by default. */
  spanKm?: number;
  bandPlan?: BandPlanName;
  /** Share of the band each site is permitted; 0.8 by default. */
  permittedShare?: number;
}

export function syntheticFleet(opts: SyntheticFleetOptions): PlannerInput {
  const rng = seededRng(opts.seed);
  const bandPlan = opts.bandPlan ?? 'etsi';
  const band = BAND_PLANS[bandPlan];
  const span = opts.spanKm ?? 120;
  const share = opts.permittedShare ?? 0.8;
  const lat0 = 57;
  const lon0 = -4.5;
  const kmLat = 1 / 111.2;
  const kmLon = 1 / (111.2 * Math.cos((lat0 * Math.PI) / 180));
  const sites: PlannerSite[] = [];
  for (let i = 0; i < opts.sites; i++) {
    const lat = lat0 + rng() * span * kmLat;
    const lon = lon0 + rng() * span * kmLon;
    const allowed: ChannelAllowance[] = [];
    for (let ch = band.firstChannel; ch <= band.lastChannel; ch++) {
      if (rng() < share) {
        allowed.push({ channel: ch, maxEirpDbm: rng() < 0.85 ? 36 : 20 + Math.round(rng() * 160) / 10 });
      }
    }
    const cpes = Array.from({ length: 2 + randomIndex(rng, 6) }, (_, j) => {
      const d = 1 + rng() * 4;
      const bearing = rng() * 2 * Math.PI;
      return {
        id: `cpe-${i}-${j}`,
        lat: lat + d * Math.cos(bearing) * kmLat,
        lon: lon + d * Math.sin(bearing) * kmLon,
      };
    });
    const eirp = [27, 30, 33][randomIndex(rng, 3)]!;
    sites.push({
      id: `bs-${String(i).padStart(4, '0')}`,
      lat,
      lon,
      eirpDbm: eirp,
      minEirpDbm: eirp - 6,
      emissionClass: 1 + randomIndex(rng, 5),
      currentChannel: band.firstChannel + randomIndex(rng, band.lastChannel - band.firstChannel + 1),
      allowed,
      cpes,
    });
  }
  return { bandPlan, sites };
}

/** The channel each site is on, by id, from a plan or an input. */
export function channelsOf(
  sites: readonly { siteId: string; channel: number | null }[],
): Map<string, number | null> {
  return new Map(sites.map((s) => [s.siteId, s.channel]));
}
