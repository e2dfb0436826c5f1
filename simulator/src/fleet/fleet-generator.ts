// Builds a fleet from a seed: base stations on the high ground near settlements, each serving 3-12 CPEs
// in the hamlet below. The same seed and options always give the same radios, addresses, passwords and
// sites.
import type { ChannelPlan, RadioConfig, SimRegion } from '@wsnoc/shared';
import { Radio, type ManagementNetwork, type RadioHost, type RadioIdentity } from '../device/radio.js';
import { radioAddresses } from './address.js';
import { mixSeed, mulberry32, pick, randInt, randRange, type Rng } from './prng.js';
import { REGION_MODELS, offsetKm, terrainFor, type RegionModel, type Settlement } from './regions.js';

export interface GenerateOptions {
  radios: number;
  seed: number;
  region: SimRegion;
  plan: ChannelPlan;
  firstAddress: string;
  username: string;
  /** One password for every radio; without it each radio gets its own, drawn from the seed. */
  password?: string;
  startMs: number;
}

const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const MIN_CPES = 3;
const MAX_CPES = 12;
const DAY_MS = 86_400_000;

export function generateFleet(host: RadioHost, opts: GenerateOptions): Radio[] {
  const rng = mulberry32(mixSeed(opts.seed, 0x51e7));
  const region = REGION_MODELS[opts.region];
  const terrain = terrainFor(region, opts.seed);
  const addresses = radioAddresses(opts.firstAddress, opts.radios);
  const radios: Radio[] = [];
  const cellsNear = new Map<string, number>();
  let stationIndex = 0;

  const identity = (
    role: RadioIdentity['role'],
    id: string,
    network: ManagementNetwork,
    pos: { lat: number; lon: number },
    config: RadioConfig,
  ): RadioIdentity => {
    const index = radios.length;
    return {
      index,
      stationIndex: role === 'base-station' ? stationIndex : -1,
      id,
      role,
      host: addresses[index] ?? '',
      site: network.site,
      network,
      username: opts.username,
      password: opts.password ?? password(rng),
      mac: mac(index),
      serial: `WS${String(opts.seed % 100).padStart(2, '0')}${String(index + 1).padStart(6, '0')}`,
      model: role === 'base-station' ? 'TVW-5200-BS' : 'TVW-5200-CPE',
      lat: round6(pos.lat),
      lon: round6(pos.lon),
      groundM: terrain(pos.lat, pos.lon),
      emissionClass: pick(rng, [1, 2, 3, 3, 3, 4, 4, 5]),
      noiseExtraDb: Math.round(rng() * 40) / 10,
      bootedAtMs: opts.startMs - Math.floor(rng() * 40 * DAY_MS),
      temperatureC:
        Math.round(
          randRange(rng, role === 'base-station' ? 28 : 18, role === 'base-station' ? 52 : 38) * 10,
        ) / 10,
      config,
    };
  };

  while (radios.length < opts.radios) {
    const remaining = opts.radios - radios.length;
    let cpeCount = Math.min(randInt(rng, MIN_CPES, MAX_CPES), remaining - 1);
    // never leave a tail too small to form a proper cell
    const tail = remaining - 1 - cpeCount;
    if (tail > 0 && tail <= MIN_CPES && cpeCount + tail <= MAX_CPES) {
      cpeCount += tail;
    }
    const near = pick(rng, region.settlements);
    const hamlet = clamp(region, offsetKm(near.lat, near.lon, rng() * 18, rng() * 2 * Math.PI));
    const site = siteName(near, cellsNear);
    const tower = highGround(rng, region, terrain, hamlet);
    const bsNo = String(stationIndex + 1).padStart(4, '0');
    const bsId = `bs-${bsNo}`;
    // drawn before identity() draws the password and the rest, exactly as when this was inline, so a
    // seed keeps giving the same fleet
    const bsConfig: RadioConfig = {
      hostname: bsId,
      channel: randInt(rng, opts.plan.firstChannel, opts.plan.lastChannel),
      txPowerDbm: pick(rng, [27, 30, 30, 33]),
      enabled: true,
      managementVlan: pick(rng, [10, 20, 100]),
      snmpCommunity: 'wsnoc-ro',
      ntpServer: 'pool.ntp.org',
    };
    // the site's VLAN is the one its radios ship with, so a fresh fleet is fully reachable
    const network: ManagementNetwork = { site, vlans: [bsConfig.managementVlan] };
    const bs = new Radio(host, identity('base-station', bsId, network, tower, bsConfig));
    radios.push(bs);
    for (let c = 1; c <= cpeCount; c++) {
      const id = `cpe-${bsNo}-${String(c).padStart(2, '0')}`;
      const pos = clamp(region, offsetKm(hamlet.lat, hamlet.lon, rng() * 1.5, rng() * 2 * Math.PI));
      const cpe = new Radio(
        host,
        identity('cpe', id, network, pos, {
          hostname: id,
          channel: null,
          // an FCC CPE is a Mode I personal/portable device, held to 20 dBm
          txPowerDbm: opts.plan.ruleset === 'fcc' ? 20 : 24,
          enabled: true,
          managementVlan: bsConfig.managementVlan,
          snmpCommunity: 'wsnoc-ro',
          ntpServer: 'pool.ntp.org',
        }),
      );
      cpe.baseStation = bs;
      bs.cpes.push(cpe);
      radios.push(cpe);
    }
    stationIndex++;
  }
  return radios;
}

/** The highest of a handful of candidate sites 1-4 km from the hamlet: where a tower would go. */
function highGround(
  rng: Rng,
  region: RegionModel,
  terrain: (lat: number, lon: number) => number,
  hamlet: { lat: number; lon: number },
): { lat: number; lon: number } {
  let best = hamlet;
  let bestHeight = -Infinity;
  for (let i = 0; i < 12; i++) {
    const site = clamp(region, offsetKm(hamlet.lat, hamlet.lon, randRange(rng, 1, 4), rng() * 2 * Math.PI));
    const h = terrain(site.lat, site.lon);
    if (h > bestHeight) {
      best = site;
      bestHeight = h;
    }
  }
  return best;
}

/**
 * A cell's site: the settlement its hamlet is near, numbered from the second cell near the same one
 * ("Portree", "Portree 2", ...), so names stay put when a larger fleet of the same seed adds cells. The
 * draws of the seed are untouched: the same fleet as before, now with names.
 */
function siteName(near: Settlement, cellsNear: Map<string, number>): string {
  const n = (cellsNear.get(near.name) ?? 0) + 1;
  cellsNear.set(near.name, n);
  // "Dodge City, KS" becomes "Dodge City": every us-rural place is in Kansas, and a site without a comma
  // needs no quoting in a CSV import.
  const base = near.name.replace(/, [A-Z]{2}$/, '');
  return n === 1 ? base : `${base} ${n}`;
}

function clamp(region: RegionModel, p: { lat: number; lon: number }): { lat: number; lon: number } {
  const b = region.bounds;
  return {
    lat: Math.min(Math.max(p.lat, b.minLat), b.maxLat),
    lon: Math.min(Math.max(p.lon, b.minLon), b.maxLon),
  };
}

function password(rng: Rng): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += PASSWORD_ALPHABET[Math.floor(rng() * PASSWORD_ALPHABET.length)] ?? 'x';
  }
  return out;
}

/** Locally administered MACs (02:...), unique per radio index. */
function mac(index: number): string {
  const n = index + 1;
  return ['02', '57', '53', (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
    .map((p) => (typeof p === 'number' ? p.toString(16).padStart(2, '0') : p))
    .join(':');
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
