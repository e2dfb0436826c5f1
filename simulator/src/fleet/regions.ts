// Where the lab's radios stand. Settlements are real places, so a fleet on the console's map looks like a
// real rural network; terrain is a seeded smooth surface, good enough to put towers on the local high ground.
import type { SimRegion } from '@wsnoc/shared';
import { mixSeed, mulberry32 } from './prng.js';

export interface Settlement {
  name: string;
  lat: number;
  lon: number;
}

export interface RegionModel {
  name: SimRegion;
  bounds: { minLat: number; maxLat: number; minLon: number; maxLon: number };
  settlements: readonly Settlement[];
  /** Height range of the terrain surface in metres. */
  minElevationM: number;
  maxElevationM: number;
}

const HIGHLANDS: RegionModel = {
  name: 'highlands',
  bounds: { minLat: 56.5, maxLat: 58.65, minLon: -7.6, maxLon: -3.4 },
  minElevationM: 5,
  maxElevationM: 950,
  settlements: [
    { name: 'Fort William', lat: 56.819, lon: -5.105 },
    { name: 'Ullapool', lat: 57.895, lon: -5.16 },
    { name: 'Portree', lat: 57.413, lon: -6.196 },
    { name: 'Stornoway', lat: 58.209, lon: -6.387 },
    { name: 'Kyle of Lochalsh', lat: 57.28, lon: -5.713 },
    { name: 'Gairloch', lat: 57.728, lon: -5.695 },
    { name: 'Aviemore', lat: 57.195, lon: -3.825 },
    { name: 'Thurso', lat: 58.593, lon: -3.522 },
    { name: 'Lochinver', lat: 58.148, lon: -5.243 },
    { name: 'Mallaig', lat: 57.004, lon: -5.829 },
    { name: 'Tobermory', lat: 56.622, lon: -6.066 },
    { name: 'Durness', lat: 58.567, lon: -4.746 },
    { name: 'Tongue', lat: 58.477, lon: -4.416 },
    { name: 'Lairg', lat: 58.024, lon: -4.4 },
    { name: 'Dingwall', lat: 57.596, lon: -4.428 },
    { name: 'Kingussie', lat: 57.08, lon: -4.052 },
    { name: 'Broadford', lat: 57.242, lon: -5.913 },
    { name: 'Balivanich', lat: 57.471, lon: -7.377 },
    { name: 'Tarbert', lat: 57.898, lon: -6.806 },
    { name: 'Castlebay', lat: 56.955, lon: -7.487 },
    { name: 'Applecross', lat: 57.433, lon: -5.812 },
    { name: 'Dornoch', lat: 57.881, lon: -4.028 },
    { name: 'Helmsdale', lat: 58.117, lon: -3.653 },
    { name: 'Glencoe', lat: 56.682, lon: -5.102 },
    { name: 'Lochcarron', lat: 57.4, lon: -5.49 },
    { name: 'Kinlochbervie', lat: 58.459, lon: -5.05 },
    { name: 'Achiltibuie', lat: 58.02, lon: -5.345 },
    { name: 'Shieldaig', lat: 57.523, lon: -5.649 },
    { name: 'Spean Bridge', lat: 56.89, lon: -4.922 },
    { name: 'Acharacle', lat: 56.732, lon: -5.782 },
  ],
};

// Western Kansas: the same area the simulated database covers (its US incumbents are Kansas stations),
// so every us-rural radio stands where the database can answer for it.
const US_RURAL: RegionModel = {
  name: 'us-rural',
  bounds: { minLat: 37.05, maxLat: 39.95, minLon: -102.0, maxLon: -98.05 },
  minElevationM: 550,
  maxElevationM: 1200,
  settlements: [
    { name: 'Dodge City, KS', lat: 37.753, lon: -100.017 },
    { name: 'Garden City, KS', lat: 37.971, lon: -100.873 },
    { name: 'Liberal, KS', lat: 37.043, lon: -100.921 },
    { name: 'Hays, KS', lat: 38.879, lon: -99.327 },
    { name: 'Goodland, KS', lat: 39.351, lon: -101.71 },
    { name: 'Colby, KS', lat: 39.396, lon: -101.052 },
    { name: 'Scott City, KS', lat: 38.482, lon: -100.907 },
    { name: 'Great Bend, KS', lat: 38.364, lon: -98.765 },
    { name: 'Pratt, KS', lat: 37.644, lon: -98.737 },
    { name: 'Ulysses, KS', lat: 37.581, lon: -101.355 },
    { name: 'Lakin, KS', lat: 37.94, lon: -101.258 },
    { name: 'Oakley, KS', lat: 39.133, lon: -100.864 },
    { name: 'WaKeeney, KS', lat: 39.025, lon: -99.88 },
    { name: 'Ness City, KS', lat: 38.453, lon: -99.906 },
    { name: 'Larned, KS', lat: 38.181, lon: -99.099 },
    { name: 'Kinsley, KS', lat: 37.923, lon: -99.41 },
    { name: 'Meade, KS', lat: 37.286, lon: -100.34 },
    { name: 'Ashland, KS', lat: 37.188, lon: -99.766 },
    { name: 'Hugoton, KS', lat: 37.175, lon: -101.349 },
    { name: 'Tribune, KS', lat: 38.47, lon: -101.752 },
    { name: 'Norton, KS', lat: 39.834, lon: -99.891 },
    { name: 'Atwood, KS', lat: 39.807, lon: -101.042 },
    { name: 'Dighton, KS', lat: 38.482, lon: -100.467 },
    { name: 'Coldwater, KS', lat: 37.269, lon: -99.327 },
  ],
};

export const REGION_MODELS: Record<SimRegion, RegionModel> = { highlands: HIGHLANDS, 'us-rural': US_RURAL };

/** A smooth seeded surface: a few sinusoid ridges of 3-25 km wavelength, scaled to the region's range. */
export function terrainFor(region: RegionModel, seed: number): (lat: number, lon: number) => number {
  const rng = mulberry32(mixSeed(seed, 0x7e44a1));
  const waves = Array.from({ length: 6 }, () => ({
    // wavelengths in degrees of latitude (~111 km per degree)
    kLat: (2 * Math.PI) / ((3 + rng() * 22) / 111),
    kLon: (2 * Math.PI) / ((3 + rng() * 22) / 64),
    phase: rng() * 2 * Math.PI,
    weight: 0.5 + rng(),
  }));
  const total = waves.reduce((s, w) => s + w.weight, 0);
  const span = region.maxElevationM - region.minElevationM;
  return (lat, lon) => {
    let v = 0;
    for (const w of waves) {
      v += w.weight * Math.sin(w.kLat * lat + w.phase) * Math.cos(w.kLon * lon - w.phase);
    }
    // v / total lies in [-1, 1]; squash the lows so valleys are wide and summits rare, as in real hills
    const unit = (v / total + 1) / 2;
    return Math.round(region.minElevationM + span * unit * unit);
  };
}

/** The point `km` away from (lat, lon) on bearing `bearingRad`; flat-earth is fine at these distances. */
export function offsetKm(
  lat: number,
  lon: number,
  km: number,
  bearingRad: number,
): { lat: number; lon: number } {
  const dLat = (km * Math.cos(bearingRad)) / 111.32;
  const dLon = (km * Math.sin(bearingRad)) / (111.32 * Math.cos((lat * Math.PI) / 180));
  return { lat: lat + dLat, lon: lon + dLon };
}
