// The interference graph: base stations as nodes, and for every pair within range the predicted coupling
// from each one's downlink into the other's CPEs. It owns the RF prediction (the lab's model from
// @wsnoc/shared: Hata open area never below free space, the CPE's aimed antenna, ACLR by emission
// class) and lays it out in flat typed arrays, because the search reads it millions of times.
//
// Couplings are stored at one reference frequency. In Hata's regime the frequency terms do not depend on
// distance or mast height, so an interferer's loss at another channel is its loss at the reference plus
// one per-CPE offset (`interferenceScale`). Only close-in paths, where free space takes over, deviate.
import {
  BAND_PLANS,
  CPE_ANTENNA_GAIN_DBI,
  CPE_MAST_HEIGHT_M,
  BS_MAST_HEIGHT_M,
  INTERFERENCE_RANGE_KM,
  aclrDb,
  bearingRad,
  channelPlanFor,
  dbmToMw,
  distanceKm,
  effectiveMastHeightM,
  hataOpenAreaLossDb,
  noiseFloorDbm,
  offAxisLossDb,
  type ChannelPlan,
} from '@wsnoc/shared';
import { PlannerError } from './planner.errors.js';
import type { PlannerInput, PlannerOptions, PlannerSite } from './planner.types.js';

export type ResolvedOptions = Required<Omit<PlannerOptions, 'iterations'>> & { iterations: number | null };

export const DEFAULT_PLANNER_OPTIONS: ResolvedOptions = {
  retuneCost: 4,
  iterations: null,
  timeBudgetMs: 1_000,
  seed: 1,
  conflictInrDb: 0,
  conflictCost: 1,
  rangeKm: INTERFERENCE_RANGE_KM,
  negligibleInrDb: -25,
  sinrCapDb: 33,
  tailSinrDb: 15,
  tailWeight: 1,
};

/** ln(10) / 10: from dB to the natural exponent of the same power ratio. */
const DB_TO_NEPER = Math.LN10 / 10;
/** The ACLR table has one value for offsets of three channels or more. */
const ACLR_STEPS = 4;
/** A distance where Hata, not free space, holds for any mast: where the frequency offsets are taken. */
const HATA_REGIME_KM = 20;

export interface InterferenceGraph {
  readonly plan: ChannelPlan;
  readonly options: ResolvedOptions;
  readonly sites: readonly PlannerSite[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Channels in the band plan; channel index c is channel `plan.firstChannel + c`. */
  readonly channels: number;
  /** [site * channels + c]: the EIRP the site would use on c, NaN where it may not use c. */
  readonly siteEirpDbm: Float64Array;
  /** The same in mW, 0 where it may not. */
  readonly siteEirpMw: Float64Array;
  /** Per site, the channel indices it may use, ascending. */
  readonly eligible: readonly Int32Array[];
  /** CPEs flattened in site order: site i owns cpeStart[i] .. cpeStart[i + 1] - 1. */
  readonly cpeStart: Int32Array;
  readonly cpeNoiseMw: Float64Array;
  /** [cpe * channels + c]: gain from its own base station's EIRP to its receiver on c, dB (negative). */
  readonly wantedGainDb: Float64Array;
  /** [cpe * channels + c]: interference on c relative to the reference frequency, linear. */
  readonly interferenceScale: Float64Array;
  /** Directed edges grouped by interferer: site i's are edgeStart[i] .. edgeStart[i + 1] - 1. */
  readonly edgeStart: Int32Array;
  readonly edgeVictim: Int32Array;
  /** Edge e's couplings are couplingStart[e] .. couplingStart[e + 1] - 1. */
  readonly couplingStart: Int32Array;
  readonly couplingCpe: Int32Array;
  /** mW received at the CPE per mW of the interferer's EIRP, at the reference frequency, co-channel. */
  readonly couplingGain: Float64Array;
  /** [site * 4 + min(|offset|, 3)]: the interferer's leakage into a channel that far away, linear. */
  readonly aclrLinear: Float64Array;
  /** Interfering neighbours (undirected): site i's are strong[strongStart[i] .. strongStart[i + 1] - 1]. */
  readonly strongStart: Int32Array;
  readonly strong: Int32Array;
  /** Site pairs within range with at least one coupling that is not negligible. */
  readonly pairs: number;
}

export function resolveOptions(options: PlannerOptions | undefined): ResolvedOptions {
  const out = { ...DEFAULT_PLANNER_OPTIONS };
  for (const [key, value] of Object.entries(options ?? {}) as [keyof PlannerOptions, number][]) {
    if (value !== undefined) {
      if (!Number.isFinite(value)) {
        throw new PlannerError('invalid-input', `options.${key} must be a finite number`);
      }
      out[key] = value;
    }
  }
  return out;
}

export function buildInterferenceGraph(input: PlannerInput): InterferenceGraph {
  const options = resolveOptions(input.options);
  const plan = channelPlanFor(input.bandPlan);
  const band = BAND_PLANS[input.bandPlan];
  const C = band.lastChannel - band.firstChannel + 1;
  const sites = input.sites;
  const n = sites.length;
  const indexOf = new Map<string, number>();
  sites.forEach((s, i) => {
    validateSite(s);
    if (indexOf.has(s.id)) {
      throw new PlannerError('invalid-input', `site ${s.id} appears twice`);
    }
    indexOf.set(s.id, i);
  });

  const siteEirpDbm = new Float64Array(n * C).fill(Number.NaN);
  const siteEirpMw = new Float64Array(n * C);
  const eligible: Int32Array[] = [];
  const aclrLinear = new Float64Array(n * ACLR_STEPS);
  sites.forEach((s, i) => {
    const need = s.minEirpDbm ?? s.eirpDbm;
    for (const a of s.allowed) {
      const c = a.channel - band.firstChannel;
      if (!plan.isValidChannel(a.channel) || a.maxEirpDbm < need) {
        continue;
      }
      const eirp = Math.min(s.eirpDbm, a.maxEirpDbm);
      // a database that lists a channel twice: the more generous limit is the one it means
      if (!(siteEirpDbm[i * C + c]! >= eirp)) {
        siteEirpDbm[i * C + c] = eirp;
        siteEirpMw[i * C + c] = dbmToMw(eirp);
      }
    }
    const list: number[] = [];
    for (let c = 0; c < C; c++) {
      if (!Number.isNaN(siteEirpDbm[i * C + c]!)) {
        list.push(c);
      }
    }
    eligible.push(Int32Array.from(list));
    for (let d = 0; d < ACLR_STEPS; d++) {
      aclrLinear[i * ACLR_STEPS + d] = dbmToMw(-aclrDb(input.bandPlan, s.emissionClass, d));
    }
  });

  // CPEs: the wanted path at every channel's own frequency (close in, free space often rules), and the
  // per-channel offset that carries interference from the reference frequency to that channel.
  const cpeStart = new Int32Array(n + 1);
  sites.forEach((s, i) => (cpeStart[i + 1] = cpeStart[i]! + s.cpes.length));
  const cpeCount = cpeStart[n]!;
  const cpeNoiseMw = new Float64Array(cpeCount);
  const wantedGainDb = new Float64Array(cpeCount * C);
  const interferenceScale = new Float64Array(cpeCount * C);
  const refMHz = plan.centreMHz(band.firstChannel + Math.floor(C / 2));
  const scaleByHeight = new Map<number, Float64Array>();
  const scaleFor = (h: number): Float64Array => {
    let row = scaleByHeight.get(h);
    if (!row) {
      row = new Float64Array(C);
      const ref = hataOpenAreaLossDb(refMHz, HATA_REGIME_KM, BS_MAST_HEIGHT_M, h);
      for (let c = 0; c < C; c++) {
        const loss = hataOpenAreaLossDb(
          plan.centreMHz(band.firstChannel + c),
          HATA_REGIME_KM,
          BS_MAST_HEIGHT_M,
          h,
        );
        row[c] = dbmToMw(ref - loss);
      }
      scaleByHeight.set(h, row);
    }
    return row;
  };
  const boresight = new Float64Array(cpeCount);
  sites.forEach((s, i) => {
    s.cpes.forEach((cpe, j) => {
      const k = cpeStart[i]! + j;
      const h = cpe.antennaHeightM ?? CPE_MAST_HEIGHT_M;
      const gain = cpe.antennaGainDbi ?? CPE_ANTENNA_GAIN_DBI;
      cpeNoiseMw[k] = dbmToMw(cpe.noiseFloorDbm ?? noiseFloorDbm(plan.bandwidthMHz));
      boresight[k] = bearingRad(cpe.lat, cpe.lon, s.lat, s.lon);
      const d = distanceKm(s.lat, s.lon, cpe.lat, cpe.lon);
      const hb = effectiveMastHeightM(s.groundM ?? 0, cpe.groundM ?? 0, s.antennaHeightM ?? BS_MAST_HEIGHT_M);
      const scale = scaleFor(h);
      for (let c = 0; c < C; c++) {
        wantedGainDb[k * C + c] = gain - hataOpenAreaLossDb(plan.centreMHz(band.firstChannel + c), d, hb, h);
        interferenceScale[k * C + c] = scale[c]!;
      }
    });
  });

  const { neighbourStart, neighbour } = pairsWithinRange(sites, options.rangeKm);

  // Directed couplings, interferer by interferer: every CPE of every site within range, kept unless
  // even co-channel it would sit `negligibleInrDb` under that CPE's noise. Written straight into typed
  // arrays sized for the worst case, so a fleet of thousands allocates a handful of buffers, not
  // millions of small arrays.
  let bound = 0;
  for (let p = 0; p < neighbour.length; p++) {
    const j = neighbour[p]!;
    bound += cpeStart[j + 1]! - cpeStart[j]!;
  }
  const edgeStart = new Int32Array(n + 1);
  const edgeVictim = new Int32Array(neighbour.length);
  const couplingStart = new Int32Array(neighbour.length + 1);
  const couplingCpe = new Int32Array(bound);
  const couplingGain = new Float64Array(bound);
  /** [neighbour entry]: the worst co-channel INR (dB) the interferer puts at the victim's CPEs. */
  const worstInrDb = new Float64Array(neighbour.length).fill(-Infinity);
  // the CPEs' fields as flat arrays: the loop below runs once per coupling, over a million times
  const cpeLat = new Float64Array(cpeCount);
  const cpeLon = new Float64Array(cpeCount);
  const cpeGround = new Float64Array(cpeCount);
  const cpeHeight = new Float64Array(cpeCount);
  const cpeGain = new Float64Array(cpeCount);
  const cpeNoiseDbm = new Float64Array(cpeCount);
  sites.forEach((s, i) =>
    s.cpes.forEach((cpe, j) => {
      const k = cpeStart[i]! + j;
      cpeLat[k] = cpe.lat;
      cpeLon[k] = cpe.lon;
      cpeGround[k] = cpe.groundM ?? 0;
      cpeHeight[k] = cpe.antennaHeightM ?? CPE_MAST_HEIGHT_M;
      cpeGain[k] = cpe.antennaGainDbi ?? CPE_ANTENNA_GAIN_DBI;
      cpeNoiseDbm[k] = 10 * Math.log10(cpeNoiseMw[k]!);
    }),
  );
  let edges = 0;
  let written = 0;
  for (let i = 0; i < n; i++) {
    const t = sites[i]!;
    const mast = t.antennaHeightM ?? BS_MAST_HEIGHT_M;
    const txGround = t.groundM ?? 0;
    for (let p = neighbourStart[i]!; p < neighbourStart[i + 1]!; p++) {
      const rx = neighbour[p]!;
      const first = written;
      for (let k = cpeStart[rx]!; k < cpeStart[rx + 1]!; k++) {
        const lat = cpeLat[k]!;
        const lon = cpeLon[k]!;
        const d = distanceKm(t.lat, t.lon, lat, lon);
        const gainDb =
          cpeGain[k]! -
          hataOpenAreaLossDb(refMHz, d, effectiveMastHeightM(txGround, cpeGround[k]!, mast), cpeHeight[k]!) -
          offAxisLossDb(bearingRad(lat, lon, t.lat, t.lon) - boresight[k]!);
        const inrDb = gainDb + t.eirpDbm - cpeNoiseDbm[k]!;
        if (inrDb >= options.negligibleInrDb) {
          couplingCpe[written] = k;
          // exp rather than 10 ** x: the same value to a few ulps, and much the cheaper of the two here
          couplingGain[written] = Math.exp(gainDb * DB_TO_NEPER);
          written++;
          worstInrDb[p] = Math.max(worstInrDb[p]!, inrDb);
        }
      }
      if (written > first) {
        edgeVictim[edges] = rx;
        couplingStart[edges + 1] = written;
        edges++;
      }
    }
    edgeStart[i + 1] = edges;
  }

  // interfering neighbours: either way round at or above conflictInrDb; a pair is modelled when either
  // way round has a coupling left
  const strongLists: number[][] = sites.map(() => []);
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    for (let p = neighbourStart[i]!; p < neighbourStart[i + 1]!; p++) {
      const j = neighbour[p]!;
      if (j <= i) {
        continue;
      }
      const back = reverseEntry(neighbourStart, neighbour, j, i);
      const inrDb = Math.max(worstInrDb[p]!, worstInrDb[back]!);
      if (inrDb > -Infinity) {
        pairs++;
      }
      if (inrDb >= options.conflictInrDb) {
        strongLists[i]!.push(j);
        strongLists[j]!.push(i);
      }
    }
  }
  const { start: strongStart, items: strong } = compressedLists(strongLists);

  return {
    plan,
    options,
    sites,
    indexOf,
    channels: C,
    siteEirpDbm,
    siteEirpMw,
    eligible,
    cpeStart,
    cpeNoiseMw,
    wantedGainDb,
    interferenceScale,
    edgeStart,
    edgeVictim: edgeVictim.subarray(0, edges),
    couplingStart: couplingStart.subarray(0, edges + 1),
    couplingCpe: couplingCpe.subarray(0, written),
    couplingGain: couplingGain.subarray(0, written),
    aclrLinear,
    strongStart,
    strong,
    pairs,
  };
}

/** The interfering neighbours of site i. */
export function interferingNeighbours(graph: InterferenceGraph, i: number): Int32Array {
  return graph.strong.subarray(graph.strongStart[i], graph.strongStart[i + 1]);
}

/** Channel index to channel number, or null for "none" (-1). */
export function channelNumber(graph: InterferenceGraph, c: number): number | null {
  return c < 0 ? null : graph.plan.firstChannel + c;
}

/** Channel number to index; -1 for null or a channel outside the band plan. */
export function channelIndex(graph: InterferenceGraph, channel: number | null): number {
  if (channel === null || !graph.plan.isValidChannel(channel)) {
    return -1;
  }
  return channel - graph.plan.firstChannel;
}

/**
 * Every pair of sites within range, as sorted neighbour lists (CSR). A grid of range-sized cells: each
 * site looks at its own cell and the eight around it, so the cost grows with sites times neighbours,
 * not with sites squared. Cells are in degrees, the longitude step taken at the fleet's highest
 * latitude so a cell is never narrower than the range.
 */
function pairsWithinRange(
  sites: readonly PlannerSite[],
  rangeKm: number,
): { neighbourStart: Int32Array; neighbour: Int32Array } {
  const n = sites.length;
  const cellLat = rangeKm / 110;
  const maxAbsLat = sites.reduce((m, s) => Math.max(m, Math.abs(s.lat)), 0) + cellLat;
  const cellLon = rangeKm / (110 * Math.max(0.01, Math.cos((Math.min(89, maxAbsLat) * Math.PI) / 180)));
  const cellKey = (row: number, col: number): number => row * 1_000_003 + col;
  const rowOf = Int32Array.from(sites, (s) => Math.floor(s.lat / cellLat));
  const colOf = Int32Array.from(sites, (s) => Math.floor(s.lon / cellLon));
  const grid = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = cellKey(rowOf[i]!, colOf[i]!);
    const cell = grid.get(key);
    if (cell) {
      cell.push(i);
    } else {
      grid.set(key, [i]);
    }
  }
  const lists: number[][] = sites.map(() => []);
  for (let i = 0; i < n; i++) {
    const a = sites[i]!;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        for (const j of grid.get(cellKey(rowOf[i]! + dr, colOf[i]! + dc)) ?? []) {
          if (j > i && distanceKm(a.lat, a.lon, sites[j]!.lat, sites[j]!.lon) <= rangeKm) {
            lists[i]!.push(j);
            lists[j]!.push(i);
          }
        }
      }
    }
  }
  const { start, items } = compressedLists(lists);
  return { neighbourStart: start, neighbour: items };
}

/** Per-site lists as one sorted array with offsets (site i's are items[start[i] .. start[i + 1] - 1]). */
function compressedLists(lists: number[][]): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (start[i + 1] = start[i]! + l.length));
  const items = new Int32Array(start[lists.length]!);
  lists.forEach((l, i) =>
    items.set(
      l.sort((x, y) => x - y),
      start[i],
    ),
  );
  return { start, items };
}

/** The entry of `to` in the sorted neighbour list of `from`. */
function reverseEntry(start: Int32Array, list: Int32Array, from: number, to: number): number {
  let lo = start[from]!;
  let hi = start[from + 1]! - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < to) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

function validateSite(s: PlannerSite): void {
  const numbers: [string, number | undefined][] = [
    ['lat', s.lat],
    ['lon', s.lon],
    ['eirpDbm', s.eirpDbm],
    ['minEirpDbm', s.minEirpDbm],
    ['antennaHeightM', s.antennaHeightM],
    ['groundM', s.groundM],
    ['emissionClass', s.emissionClass],
  ];
  for (const cpe of s.cpes) {
    numbers.push(['cpes.lat', cpe.lat], ['cpes.lon', cpe.lon], ['cpes.antennaHeightM', cpe.antennaHeightM]);
    numbers.push(['cpes.groundM', cpe.groundM], ['cpes.noiseFloorDbm', cpe.noiseFloorDbm]);
  }
  for (const [field, value] of numbers) {
    if (value !== undefined && !Number.isFinite(value)) {
      throw new PlannerError('invalid-input', `site ${s.id}: ${field} must be a finite number`, {
        siteId: s.id,
        field,
      });
    }
  }
}
