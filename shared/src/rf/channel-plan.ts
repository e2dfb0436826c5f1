// UHF TV channel rasters for the two rulesets, and how much a transmitter on one channel leaks into
// another. ETSI EN 301 598 defines device emission classes by adjacent channel leakage (ACLR); FCC Part
// 15 has no classes, so one mask stands in for all FCC devices. The lab radiates by these numbers and the
// console's planner predicts by them: one table, so the two cannot drift.
import { BAND_PLANS } from '../devices/config.schema.js';
import type { SimRuleset } from '../simulator/emission.schema.js';

export interface ChannelPlan {
  ruleset: SimRuleset;
  firstChannel: number;
  lastChannel: number;
  bandwidthMHz: number;
  /** Highest EIRP a fixed white-space device may be configured to, in dBm. */
  maxEirpDbm: number;
  centreMHz(channel: number): number;
  isValidChannel(channel: number): boolean;
}

function plan(ruleset: SimRuleset, base: number): ChannelPlan {
  const { firstChannel: first, lastChannel: last, bandwidthMHz: width } = BAND_PLANS[ruleset];
  return {
    ruleset,
    firstChannel: first,
    lastChannel: last,
    bandwidthMHz: width,
    maxEirpDbm: 36,
    centreMHz: (ch) => base + width * ch,
    isValidChannel: (ch) => Number.isInteger(ch) && ch >= first && ch <= last,
  };
}

/** ETSI UHF: channel 21 is 470-478 MHz (centre 474), 8 MHz wide, up to channel 60 (786-790 MHz top). */
export const ETSI_PLAN = plan('etsi', 306);
/** FCC UHF below the radio-astronomy channel 37: channel 14 is 470-476 MHz (centre 473), 6 MHz wide. */
export const FCC_PLAN = plan('fcc', 389);

export function channelPlanFor(ruleset: SimRuleset): ChannelPlan {
  return ruleset === 'etsi' ? ETSI_PLAN : FCC_PLAN;
}

/** EN 301 598 ACLR in dB for channel offsets 1, 2 and 3 or more, per emission class 1..5. */
const ETSI_ACLR_DB: Record<number, readonly [number, number, number]> = {
  1: [74, 79, 84],
  2: [74, 74, 74],
  3: [64, 74, 84],
  4: [54, 64, 74],
  5: [43, 53, 63],
};
const FCC_ACLR_DB: readonly [number, number, number] = [55, 65, 75];

/** How far below the wanted signal a transmitter's leakage into a channel `offset` away sits, in dB. */
export function aclrDb(ruleset: SimRuleset, emissionClass: number, offset: number): number {
  const distance = Math.abs(offset);
  if (distance === 0) {
    return 0;
  }
  const row = ruleset === 'etsi' ? (ETSI_ACLR_DB[emissionClass] ?? ETSI_ACLR_DB[5]) : FCC_ACLR_DB;
  return row?.[Math.min(distance, 3) - 1] ?? 84;
}
