// The fleet channel planner's entry points: plan the whole fleet, re-plan around a withdrawal, and the
// greedy baseline and plain evaluation of any assignment, all reported the same way. Pure: no Nest, no
// I/O; the caller brings the sites and the grants and applies the result (see apply-order.ts).
import { colourDsatur } from './dsatur.js';
import { greedyChannels } from './greedy.js';
import {
  buildInterferenceGraph,
  channelIndex,
  interferingNeighbours,
  type InterferenceGraph,
} from './interference-graph.js';
import { improvePlan, type SearchResult } from './local-search.js';
import { PlanState } from './plan-state.js';
import { PlannerError } from './planner.errors.js';
import type { FleetPlan, PlannerInput, PlannerSite } from './planner.types.js';
import { reportPlan, type PlanTiming } from './plan-report.js';
import { seededRng } from './seeded-rng.util.js';

/** Local-search moves per movable site when the caller names no budget. */
const MOVES_PER_SITE = 30;

/** Plans every site: DSATUR (or the current plan, if that scores better), then local search. */
export function planFleet(input: PlannerInput): FleetPlan {
  const t0 = performance.now();
  const graph = buildInterferenceGraph(input);
  const graphMs = performance.now() - t0;
  const current = currentChannels(graph, null);
  const all = graph.sites.map((_, i) => i);
  const search = optimise(graph, new PlanState(graph), all, current, t0);
  return reportPlan(graph, search.state, current, timing(t0, graphMs, search.result, all.length, 1));
}

/**
 * Re-plans after the database changed what some sites may use: only the groups of sites that interfere
 * with an affected one move, everything else keeps its channel from `previous` (and its interference
 * still counts). Affected are the named sites and any site whose previous channel is no longer allowed.
 */
export function replanAfterWithdrawal(
  previous: FleetPlan,
  input: PlannerInput,
  changedSiteIds: readonly string[],
): FleetPlan {
  const t0 = performance.now();
  const graph = buildInterferenceGraph(input);
  const graphMs = performance.now() - t0;
  const current = currentChannels(graph, previous);
  const affected = new Set<number>();
  for (const id of changedSiteIds) {
    const i = graph.indexOf.get(id);
    if (i === undefined) {
      throw new PlannerError('unknown-site', `no site ${id} in the input`, { siteId: id });
    }
    affected.add(i);
  }
  current.forEach((c, i) => {
    if (c >= 0 && Number.isNaN(graph.siteEirpDbm[i * graph.channels + c]!)) {
      affected.add(i);
    }
  });
  const movable = new Set(affected);
  for (const i of affected) {
    for (const j of interferingNeighbours(graph, i)) {
      movable.add(j);
    }
  }
  const state = new PlanState(graph);
  current.forEach((c, i) => {
    if (!movable.has(i) && c >= 0) {
      state.set(i, c);
    }
  });
  const group = [...movable].sort((a, b) => a - b);
  const search = optimise(graph, state, group, current, t0);
  const groups = countGroups(graph, movable);
  return reportPlan(graph, search.state, current, timing(t0, graphMs, search.result, group.length, groups));
}

/** The first-available greedy baseline, reported like a plan. */
export function planGreedy(input: PlannerInput): FleetPlan {
  const t0 = performance.now();
  const graph = buildInterferenceGraph(input);
  const graphMs = performance.now() - t0;
  const state = new PlanState(graph);
  greedyChannels(graph).forEach((c, i) => state.set(i, c));
  return reportPlan(
    graph,
    state,
    currentChannels(graph, null),
    timing(t0, graphMs, null, graph.sites.length, 1),
  );
}

/**
 * The planner's prediction for an assignment as it is transmitted (site id to channel; a site not named
 * keeps its current channel), e.g. the random plan a fleet starts with: each site on that channel at its
 * own EIRP, whether or not its grant covers it, so a non-compliant plan is still scored.
 */
export function evaluateChannels(
  input: PlannerInput,
  channels: ReadonlyMap<string, number | null>,
): FleetPlan {
  const t0 = performance.now();
  const channelOf = (s: PlannerSite): number | null =>
    channels.has(s.id) ? (channels.get(s.id) ?? null) : s.currentChannel;
  const sites = input.sites.map((s) => {
    const channel = channelOf(s);
    return {
      ...s,
      minEirpDbm: undefined,
      allowed: channel === null ? [] : [{ channel, maxEirpDbm: s.eirpDbm }],
    };
  });
  const graph = buildInterferenceGraph({ ...input, sites });
  const graphMs = performance.now() - t0;
  const state = new PlanState(graph);
  graph.eligible.forEach((list, i) => state.set(i, list[0] ?? -1));
  return reportPlan(graph, state, currentChannels(graph, null), timing(t0, graphMs, null, 0, 0));
}

interface Optimised {
  state: PlanState;
  result: SearchResult;
}

/**
 * DSATUR over the movable sites, then the same from the current channels where they are still allowed
 * (repairing the rest with DSATUR too); local search from whichever scores better. Starting from the
 * current plan is what makes the retune cost bite: a good plan stays put.
 */
function optimise(
  graph: InterferenceGraph,
  fixed: PlanState,
  movable: readonly number[],
  current: Int32Array,
  t0: number,
): Optimised {
  const opts = graph.options;
  const rng = seededRng(opts.seed);
  const fresh = fixed.clone();
  colourDsatur(fresh, movable, current, rng);
  let start = fresh;
  if (movable.some((i) => current[i]! >= 0)) {
    const kept = fixed.clone();
    for (const i of movable) {
      const c = current[i]!;
      if (c >= 0 && !Number.isNaN(graph.siteEirpDbm[i * graph.channels + c]!)) {
        kept.set(i, c);
      }
    }
    colourDsatur(kept, movable, current, rng);
    if (objective(kept, movable, current) >= objective(fresh, movable, current)) {
      start = kept;
    }
  }
  const result = improvePlan(start, movable, current, {
    iterations: opts.iterations ?? MOVES_PER_SITE * movable.length,
    deadline: t0 + opts.timeBudgetMs,
    rng,
  });
  return { state: start, result };
}

/** The objective the search maximises: utility, less the retune cost of each movable site that moved
 * and the conflict cost of each pair of interfering neighbours on one channel. */
export function objective(state: PlanState, movable: readonly number[], current: Int32Array): number {
  let retunes = 0;
  for (const i of movable) {
    if (state.channel[i] !== current[i]) {
      retunes++;
    }
  }
  const { retuneCost, conflictCost } = state.graph.options;
  return state.totalUtility() - retuneCost * retunes - conflictCost * state.conflicts();
}

/** Each site's channel index before planning: from the previous plan when there is one. */
function currentChannels(graph: InterferenceGraph, previous: FleetPlan | null): Int32Array {
  const before = new Map(previous?.sites.map((s) => [s.siteId, s.channel]));
  return Int32Array.from(graph.sites, (s) =>
    channelIndex(graph, before.has(s.id) ? (before.get(s.id) ?? null) : s.currentChannel),
  );
}

/** Connected groups among the re-planned sites, through interfering neighbours. */
function countGroups(graph: InterferenceGraph, members: ReadonlySet<number>): number {
  const seen = new Set<number>();
  let groups = 0;
  for (const start of members) {
    if (seen.has(start)) {
      continue;
    }
    groups++;
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (const j of interferingNeighbours(graph, i)) {
        if (members.has(j) && !seen.has(j)) {
          seen.add(j);
          stack.push(j);
        }
      }
    }
  }
  return groups;
}

function timing(
  t0: number,
  graphMs: number,
  search: SearchResult | null,
  touchedSites: number,
  groups: number,
): PlanTiming {
  return {
    runMs: performance.now() - t0,
    graphMs,
    searchMs: performance.now() - t0 - graphMs,
    iterations: search?.iterations ?? 0,
    visits: search?.visits ?? 0,
    timeLimited: search?.timeLimited ?? false,
    touchedSites,
    groups,
  };
}
