// The fleet channel planner's inputs and outputs. Plain data, so a caller (the spectrum service, the
// bench, the re-plan preview) can build an input from the inventory and the database's grants and show
// or store the plan as it is. Positions are WGS84 degrees, powers are EIRP in dBm, heights metres.
import type { BandPlanName } from '@wsnoc/shared';

export interface PlannerCpe {
  id: string;
  lat: number;
  lon: number;
  /** Antenna height above ground; the lab's CPE mast is 6 m (the default). */
  antennaHeightM?: number;
  /** Ground elevation above sea level when known (a survey, a terrain model); 0 otherwise. */
  groundM?: number;
  /** Gain of the CPE's antenna, aimed at its base station; 12 dBi (the default). */
  antennaGainDbi?: number;
  /** The noise floor the CPE reports (`show link`); thermal noise plus a 6 dB noise figure without it. */
  noiseFloorDbm?: number;
}

/** One channel the white-space database permits at a site, with its EIRP limit over the whole channel. */
export interface ChannelAllowance {
  channel: number;
  maxEirpDbm: number;
}

export interface PlannerSite {
  /** The base station's id. */
  id: string;
  lat: number;
  lon: number;
  /** Mast height above ground; 30 m (the default). */
  antennaHeightM?: number;
  /** Ground elevation above sea level when known; 0 otherwise (flat terrain). */
  groundM?: number;
  /** The EIRP the site transmits at when its channel's limit allows. */
  eirpDbm: number;
  /**
   * The least EIRP its links need. A channel whose limit is below it is never chosen; on a channel whose
   * limit is between the two the site transmits at the limit. Defaults to `eirpDbm`.
   */
  minEirpDbm?: number;
  /** ETSI EN 301 598 emission class 1-5 (sets its adjacent-channel leakage); unused under FCC. */
  emissionClass: number;
  /** The channel it is on now, or null when it has none (muted, new). */
  currentChannel: number | null;
  /** What the database permits at the site. Channels outside the band plan are ignored. */
  allowed: readonly ChannelAllowance[];
  /** The site's CPEs. A site without any still counts as an interferer. */
  cpes: readonly PlannerCpe[];
}

export interface PlannerOptions {
  /**
   * What a retune must gain before the planner makes it, in objective units (dB of SINR summed over the
   * CPEs it improves). Keeps a good current plan from being churned for nothing.
   */
  retuneCost?: number;
  /**
   * Annealing moves; 30 per movable site by default. The same input, seed and iterations give the same
   * plan, as long as the time budget does not bite first (`stats.timeLimited`).
   */
  iterations?: number;
  /** Wall-clock budget of a whole run, graph included; the search stops where it is when it runs out. */
  timeBudgetMs?: number;
  /** Seed of the local search and of DSATUR's tie-breaks. */
  seed?: number;
  /**
   * Two sites are interfering neighbours when, on one channel, either puts interference at or above this
   * many dB over the noise floor at one of the other's CPEs. Drives DSATUR's order, the apply order and
   * the conflict count.
   */
  conflictInrDb?: number;
  /**
   * What sharing a channel with an interfering neighbour costs, in objective units, on top of the
   * predicted SINR. The objective stops counting above `sinrCapDb`, so without it two neighbours that
   * predict clear of the cap on one channel would be as good as apart; this keeps them apart when that
   * is cheap, as margin against the model's error.
   */
  conflictCost?: number;
  /** Sites further apart than this never couple; the lab's horizon is 60 km. */
  rangeKm?: number;
  /** Couplings this far below a CPE's noise floor, even co-channel, are left out of the model. */
  negligibleInrDb?: number;
  /** SINR beyond this buys nothing (256QAM-5/6 needs 30 dB; the rest is margin for model error). */
  sinrCapDb?: number;
  /** Below this SINR each dB counts `1 + tailWeight` times, so the worst links are lifted first. */
  tailSinrDb?: number;
  tailWeight?: number;
}

export interface PlannerInput {
  bandPlan: BandPlanName;
  sites: readonly PlannerSite[];
  options?: PlannerOptions;
}

export interface SitePlan {
  siteId: string;
  /** The planned channel; null when the database permits no channel at the EIRP the site needs. */
  channel: number | null;
  /** The channel the plan started from (the site's current one). */
  previousChannel: number | null;
  changed: boolean;
  /** The EIRP it transmits at on that channel: its own, or the channel's limit if lower. */
  eirpDbm: number | null;
  /** Predicted downlink SINR over its CPEs; null without CPEs or without a channel. */
  sinrMinDb: number | null;
  sinrMedianDb: number | null;
  /** Predicted downlink throughput summed over its CPEs, from the lab's modulation ladder. */
  throughputMbps: number;
  /** CPEs predicted below the lowest modulation (or without a channel at all). */
  linksDown: number;
  /** Each CPE's predicted SINR, in the input's order; null without a channel. */
  cpes: { cpeId: string; sinrDb: number | null }[];
}

export interface PlanTotals {
  sites: number;
  cpes: number;
  retunes: number;
  /** Sites left without a channel: nothing the database permits is strong enough. */
  unplanned: number;
  /** Pairs of interfering neighbours on one channel. */
  coChannelConflicts: number;
  sinrMedianDb: number | null;
  sinrP5Db: number | null;
  throughputMbps: number;
  linksDown: number;
  /** The objective the search maximised, retune costs taken off. */
  objective: number;
}

export interface PlanStats {
  runMs: number;
  graphMs: number;
  searchMs: number;
  /** Annealing moves tried, and sites re-examined by best response. */
  iterations: number;
  visits: number;
  /** True when the time budget, not the iteration budget, ended the search (the plan may then vary). */
  timeLimited: boolean;
  /** Site pairs within range whose coupling is modelled, and how many of them interfere. */
  edges: number;
  interferingPairs: number;
  /** Sites the planner was free to move: all of them, or the re-planned groups. */
  touchedSites: number;
  groups: number;
}

export interface FleetPlan {
  bandPlan: BandPlanName;
  sites: SitePlan[];
  totals: PlanTotals;
  stats: PlanStats;
  /**
   * The interfering neighbours, as site id pairs with the worst co-channel INR either puts at the
   * other's CPEs (dB): what the apply order keeps off one channel.
   */
  interferingPairs: [string, string, number][];
}
