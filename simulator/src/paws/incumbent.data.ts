// The incumbents each region starts with: main TV transmitters at (approximately) their real sites, a few
// seeded low-power relays, and one seeded event with wireless microphones so a schedule shows a future
// boundary without anyone touching the control API. Channels are plausible, not a copy of any licence.
import type { SimRegion } from '@wsnoc/shared';
import { seededRandom } from './geo.util.js';
import type { RulesetParams } from './ruleset.config.js';

export interface TvTransmitter {
  id: string;
  name: string;
  lat: number;
  lon: number;
  channels: number[];
  /** Radius of the protected service contour. */
  contourKm: number;
}

export interface CoverageBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

export interface SeedEvent {
  label: string;
  lat: number;
  lon: number;
  radiusM: number;
  channels: number[];
  /** Offsets from the moment the database starts. */
  startsInMs: number;
  lastsMs: number;
}

export interface RegionIncumbents {
  coverage: CoverageBox;
  transmitters: TvTransmitter[];
  events: SeedEvent[];
}

const HOUR = 3_600_000;

const HIGHLANDS_MAINS: Omit<TvTransmitter, 'id'>[] = [
  { name: 'Rosemarkie', lat: 57.633, lon: -4.1, channels: [39, 42, 45, 47, 48, 49], contourKm: 55 },
  { name: 'Eitshal (Lewis)', lat: 58.18, lon: -6.58, channels: [23, 26, 29, 30, 33, 34], contourKm: 45 },
  { name: 'Skriaig (Skye)', lat: 57.38, lon: -6.24, channels: [27, 31, 35, 37, 40, 43], contourKm: 35 },
  { name: 'Rumster Forest', lat: 58.32, lon: -3.33, channels: [22, 25, 28, 32, 36, 41], contourKm: 50 },
  { name: 'Knockmore', lat: 57.52, lon: -3.35, channels: [24, 30, 33, 44, 46, 48], contourKm: 45 },
  { name: 'Torosay (Mull)', lat: 56.45, lon: -5.66, channels: [21, 24, 27, 38, 42, 45], contourKm: 35 },
  {
    name: 'Keelylang Hill (Orkney)',
    lat: 58.96,
    lon: -2.97,
    channels: [29, 34, 36, 39, 41, 47],
    contourKm: 55,
  },
  { name: 'Fort William', lat: 56.83, lon: -5.11, channels: [44, 47], contourKm: 12 },
  { name: 'Ullapool', lat: 57.9, lon: -5.16, channels: [46, 48], contourKm: 10 },
];

// Western Kansas: wide open country with a handful of full-power stations and translators.
const US_RURAL_MAINS: Omit<TvTransmitter, 'id'>[] = [
  { name: 'Ensign', lat: 37.65, lon: -100.22, channels: [19, 30], contourKm: 75 },
  { name: 'Garden City', lat: 37.97, lon: -100.87, channels: [16, 22], contourKm: 55 },
  { name: 'Hays', lat: 38.88, lon: -99.33, channels: [17, 28], contourKm: 70 },
  { name: 'Goodland', lat: 39.35, lon: -101.71, channels: [14, 25], contourKm: 60 },
  { name: 'Great Bend', lat: 38.36, lon: -98.76, channels: [20, 33], contourKm: 60 },
  { name: 'Liberal', lat: 37.04, lon: -100.92, channels: [24, 35], contourKm: 40 },
  { name: 'Colby translator', lat: 39.4, lon: -101.05, channels: [42], contourKm: 15 },
  { name: 'Dodge City LPTV', lat: 37.75, lon: -100.02, channels: [46], contourKm: 12 },
];

const COVERAGE: Record<SimRegion, CoverageBox> = {
  highlands: { minLat: 56.4, maxLat: 58.7, minLon: -7.6, maxLon: -3.4 },
  'us-rural': { minLat: 36.99, maxLat: 40.0, minLon: -102.05, maxLon: -98.0 },
};

const EVENTS: Record<SimRegion, SeedEvent> = {
  highlands: {
    label: 'Highland games, Bught Park, Inverness (radio microphones)',
    lat: 57.472,
    lon: -4.243,
    radiusM: 5_000,
    channels: [38, 40],
    startsInMs: 6 * HOUR,
    lastsMs: 8 * HOUR,
  },
  'us-rural': {
    label: 'County fair, Dodge City (wireless microphones)',
    lat: 37.76,
    lon: -100.02,
    radiusM: 4_000,
    channels: [38, 39],
    startsInMs: 6 * HOUR,
    lastsMs: 8 * HOUR,
  },
};

export function buildIncumbents(region: SimRegion, params: RulesetParams, seed: number): RegionIncumbents {
  const coverage = COVERAGE[region];
  const mains = region === 'highlands' ? HIGHLANDS_MAINS : US_RURAL_MAINS;
  const transmitters: TvTransmitter[] = mains.map((t, i) => ({ ...t, id: `tx-${i + 1}` }));
  // Seeded relays make two seeds give two different spectrum landscapes while one seed stays stable.
  const rand = seededRandom(seed ^ 0x5eed);
  const pickChannel = (): number => params.channels[Math.floor(rand() * params.channels.length)] ?? 0;
  for (let i = 0; i < 5; i++) {
    transmitters.push({
      id: `relay-${i + 1}`,
      name: `Relay ${i + 1}`,
      lat: coverage.minLat + rand() * (coverage.maxLat - coverage.minLat),
      lon: coverage.minLon + rand() * (coverage.maxLon - coverage.minLon),
      channels: [pickChannel(), pickChannel()],
      contourKm: 6 + Math.round(rand() * 8),
    });
  }
  return { coverage, transmitters, events: [EVENTS[region]] };
}
