// The physics of the lab, kept simple and monotone so a better channel plan always shows better numbers:
// Hata open-area path loss (valid 150-1500 MHz), thermal noise, and an OFDM modulation ladder. The lab
// computes its truth with these and the console's planner its predictions, so the two share one copy.

const BOLTZMANN_DBM_PER_HZ = -174;
export const CPE_NOISE_FIGURE_DB = 6;
export const CPE_ANTENNA_GAIN_DBI = 12;
export const BS_MAST_HEIGHT_M = 30;
export const CPE_MAST_HEIGHT_M = 6;
/** Below this SINR the CPE cannot hold the lowest modulation and the link is down. */
export const LINK_MIN_SINR_DB = 2;
/** Beyond this a 36 dBm transmitter is well below the noise floor, so it is not counted. */
export const INTERFERENCE_RANGE_KM = 60;

export function hataOpenAreaLossDb(
  freqMHz: number,
  distanceKm: number,
  bsHeightM: number,
  cpeHeightM: number,
): number {
  const d = Math.max(distanceKm, 0.2);
  const hb = Math.min(Math.max(bsHeightM, 30), 200);
  const lf = Math.log10(freqMHz);
  const aHm = (1.1 * lf - 0.7) * cpeHeightM - (1.56 * lf - 0.8);
  const urban =
    69.55 + 26.16 * lf - 13.82 * Math.log10(hb) - aHm + (44.9 - 6.55 * Math.log10(hb)) * Math.log10(d);
  const open = urban - 4.78 * lf * lf + 18.33 * lf - 40.94;
  // never less loss than free space: Hata undershoots it very close in
  const freeSpace = 32.45 + 20 * Math.log10(d) + 20 * lf;
  return Math.max(open, freeSpace);
}

/** Effective transmitter height: a mast on a hill above the receiver counts the hill, as Hata intends. */
export function effectiveMastHeightM(txGroundM: number, rxGroundM: number, mastM = BS_MAST_HEIGHT_M): number {
  return mastM + Math.max(0, txGroundM - rxGroundM);
}

export function noiseFloorDbm(bandwidthMHz: number, extraDb = 0): number {
  return BOLTZMANN_DBM_PER_HZ + 10 * Math.log10(bandwidthMHz * 1e6) + CPE_NOISE_FIGURE_DB + extraDb;
}

/** A directional CPE antenna rejects signals off its boresight (3GPP-style parabola, 60 degree beam). */
export function offAxisLossDb(offAxisRad: number): number {
  const deg = Math.abs((((offAxisRad * 180) / Math.PI + 540) % 360) - 180);
  return Math.min(12 * (deg / 60) ** 2, 20);
}

interface Rung {
  minSinrDb: number;
  name: string;
  bitsPerSymbol: number;
}

const LADDER: readonly Rung[] = [
  { minSinrDb: 30, name: '256QAM-5/6', bitsPerSymbol: 6.667 },
  { minSinrDb: 27, name: '256QAM-3/4', bitsPerSymbol: 6 },
  { minSinrDb: 23, name: '64QAM-5/6', bitsPerSymbol: 5 },
  { minSinrDb: 21, name: '64QAM-3/4', bitsPerSymbol: 4.5 },
  { minSinrDb: 19, name: '64QAM-2/3', bitsPerSymbol: 4 },
  { minSinrDb: 15, name: '16QAM-3/4', bitsPerSymbol: 3 },
  { minSinrDb: 11, name: '16QAM-1/2', bitsPerSymbol: 2 },
  { minSinrDb: 8, name: 'QPSK-3/4', bitsPerSymbol: 1.5 },
  { minSinrDb: 5, name: 'QPSK-1/2', bitsPerSymbol: 1 },
  { minSinrDb: LINK_MIN_SINR_DB, name: 'BPSK-1/2', bitsPerSymbol: 0.5 },
];

/** OFDM efficiency after cyclic prefix, pilots and MAC overhead. */
const OVERHEAD = 0.75;

export function modulationFor(
  sinrDb: number,
  bandwidthMHz: number,
): { name: string; throughputMbps: number } | null {
  const rung = LADDER.find((r) => sinrDb >= r.minSinrDb);
  if (!rung) {
    return null;
  }
  return { name: rung.name, throughputMbps: bandwidthMHz * rung.bitsPerSymbol * OVERHEAD };
}

export function dbmToMw(dbm: number): number {
  return 10 ** (dbm / 10);
}

export function mwToDbm(mw: number): number {
  return 10 * Math.log10(mw);
}
