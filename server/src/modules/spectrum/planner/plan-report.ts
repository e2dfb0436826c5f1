// Turns a plan state into the plan a caller sees: per site its channel, EIRP, predicted SINR and
// throughput (the lab's modulation ladder, from @wsnoc/shared), and the fleet's totals. SINR is read
// afresh from the state's interference sums (exact to float rounding, some 1e-20 mW against a noise
// floor near 1e-10 mW), not from the search's cached values.
import { LINK_MIN_SINR_DB, modulationFor } from '@wsnoc/shared';
import { channelNumber, type InterferenceGraph } from './interference-graph.js';
import type { PlanState } from './plan-state.js';
import type { FleetPlan, PlanStats, SitePlan } from './planner.types.js';

export type PlanTiming = Omit<PlanStats, 'edges' | 'interferingPairs'>;

export function reportPlan(
  graph: InterferenceGraph,
  state: PlanState,
  current: Int32Array,
  timing: PlanTiming,
): FleetPlan {
  const C = graph.channels;
  const bandwidth = graph.plan.bandwidthMHz;
  const allSinr: number[] = [];
  let retunes = 0;
  let totalThroughput = 0;
  let totalDown = 0;
  const sites: SitePlan[] = graph.sites.map((site, i) => {
    const c = state.channel[i]!;
    const changed = c !== current[i];
    if (changed) {
      retunes++;
    }
    const sinr: number[] = [];
    const cpes: SitePlan['cpes'] = [];
    let throughput = 0;
    let down = 0;
    for (let k = graph.cpeStart[i]!; k < graph.cpeStart[i + 1]!; k++) {
      const cpeId = site.cpes[k - graph.cpeStart[i]!]!.id;
      if (c < 0) {
        down++;
        cpes.push({ cpeId, sinrDb: null });
        continue;
      }
      const s = state.sinrDb(k, c);
      sinr.push(s);
      cpes.push({ cpeId, sinrDb: round1(s) });
      const mod = s >= LINK_MIN_SINR_DB ? modulationFor(s, bandwidth) : null;
      if (mod) {
        throughput += mod.throughputMbps;
      } else {
        down++;
      }
    }
    allSinr.push(...sinr);
    sinr.sort((a, b) => a - b);
    totalThroughput += throughput;
    totalDown += down;
    return {
      siteId: site.id,
      channel: channelNumber(graph, c),
      previousChannel: channelNumber(graph, current[i]!),
      changed,
      eirpDbm: c >= 0 ? graph.siteEirpDbm[i * C + c]! : null,
      sinrMinDb: sinr.length > 0 ? round1(sinr[0]!) : null,
      sinrMedianDb: sinr.length > 0 ? round1(quantile(sinr, 0.5)) : null,
      throughputMbps: round1(throughput),
      linksDown: down,
      cpes,
    };
  });
  allSinr.sort((a, b) => a - b);

  const worstInr = worstCouplings(graph);
  const interferingPairs: [string, string, number][] = [];
  let conflicts = 0;
  for (let i = 0; i < graph.sites.length; i++) {
    for (let p = graph.strongStart[i]!; p < graph.strongStart[i + 1]!; p++) {
      const j = graph.strong[p]!;
      if (j > i) {
        const inr = Math.max(
          worstInr.get(i * graph.sites.length + j) ?? 0,
          worstInr.get(j * graph.sites.length + i) ?? 0,
        );
        interferingPairs.push([graph.sites[i]!.id, graph.sites[j]!.id, round1(10 * Math.log10(inr))]);
        if (state.channel[i]! >= 0 && state.channel[i] === state.channel[j]) {
          conflicts++;
        }
      }
    }
  }
  return {
    bandPlan: graph.plan.ruleset,
    sites,
    totals: {
      sites: sites.length,
      cpes: graph.cpeStart[graph.sites.length]!,
      retunes,
      unplanned: sites.filter((s) => s.channel === null).length,
      coChannelConflicts: conflicts,
      sinrMedianDb: allSinr.length > 0 ? round1(quantile(allSinr, 0.5)) : null,
      sinrP5Db: allSinr.length > 0 ? round1(quantile(allSinr, 0.05)) : null,
      throughputMbps: round1(totalThroughput),
      linksDown: totalDown,
      objective: round1(
        state.totalUtility() - graph.options.retuneCost * retunes - graph.options.conflictCost * conflicts,
      ),
    },
    stats: {
      ...timing,
      runMs: round1(timing.runMs),
      graphMs: round1(timing.graphMs),
      searchMs: round1(timing.searchMs),
      edges: graph.pairs,
      interferingPairs: interferingPairs.length,
    },
    interferingPairs,
  };
}

/** Per directed edge (key interferer * sites + victim): the worst co-channel INR at the victim's CPEs. */
function worstCouplings(graph: InterferenceGraph): Map<number, number> {
  const n = graph.sites.length;
  const worst = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const eirp = 10 ** (graph.sites[i]!.eirpDbm / 10);
    for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e++) {
      let w = 0;
      for (let p = graph.couplingStart[e]!; p < graph.couplingStart[e + 1]!; p++) {
        w = Math.max(w, (graph.couplingGain[p]! * eirp) / graph.cpeNoiseMw[graph.couplingCpe[p]!]!);
      }
      worst.set(i * n + graph.edgeVictim[e]!, w);
    }
  }
  return worst;
}

/** The value below which a share `q` of the sorted values lie (nearest rank, as the benches count). */
export function quantile(sorted: readonly number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
