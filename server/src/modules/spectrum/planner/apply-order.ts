// The order in which to apply a plan's retunes, one site at a time, so that the fleet never passes
// through a state the plan did not ask for: no step puts two interfering neighbours on one channel
// (unless both already sat there at the start, or the plan itself keeps them there), and no step moves a
// radio onto a channel its grant does not cover.
//
// Sites whose target is clear go first (those on a channel they are no longer permitted first of all).
// When every remaining site waits on another (a swap, a cycle), one of the sites blocking the others
// steps aside to a temporary channel that its grant covers and no neighbour uses. Only when no such
// channel exists does a step accept a brief overlap: of all the steps that get somewhere (a site onto
// its target, or a blocking site aside), the one whose overlaps are weakest, summed as interference;
// the step names the neighbours it overlaps, and they are moved next. In a dense fleet, where a site
// has more interfering neighbours than channels, a free channel is rare and such steps are the rule
// for cycles; they are then between the weakest pairs. Muting to break a cycle is never used.
import { PlannerError } from './planner.errors.js';
import type { FleetPlan, PlannerInput } from './planner.types.js';

export interface ApplySite {
  id: string;
  /** Where it is now; null when it has no channel. */
  from: number | null;
  /** Where the plan puts it; null when the plan has no channel for it (it leaves the air). */
  to: number | null;
  /** The channels its grant covers. */
  allowed: readonly number[];
}

/** Two interfering neighbours, with how hard they interfere on one channel (worst INR, dB; 0 if unknown). */
export type InterferingPair = readonly [string, string] | readonly [string, string, number];

export interface ApplyOrderInput {
  sites: readonly ApplySite[];
  interferingPairs: readonly InterferingPair[];
}

/**
 * final: onto its planned channel. temporary: aside to a free channel, to unblock a cycle; a later step
 * moves it on. off-air: the plan has no channel for it (nothing is permitted at the power it needs).
 */
export type ApplyStepKind = 'final' | 'temporary' | 'off-air';

export interface ApplyStep {
  siteId: string;
  from: number | null;
  to: number | null;
  kind: ApplyStepKind;
  /** Interfering neighbours this step shares a channel with until they move; usually none. */
  overlapWith: string[];
  /** The worst of those overlaps: the strongest co-channel INR between the pairs, dB; null without. */
  overlapInrDb: number | null;
}

export interface ApplyOrder {
  steps: ApplyStep[];
  temporaryMoves: number;
  overlapSteps: number;
  /** The worst overlap of any step, dB; null when no step overlaps. */
  worstOverlapInrDb: number | null;
}

/** A site steps aside at most this often; past it, a cycle is broken by the least overlap instead. */
const MAX_TEMPORARY_PER_SITE = 2;

export function planApplyOrder(input: ApplyOrderInput): ApplyOrder {
  const sites = input.sites;
  const index = new Map(sites.map((s, i) => [s.id, i]));
  const neighbours: number[][] = sites.map(() => []);
  /** Linear co-channel INR of each neighbour entry, alongside `neighbours`. */
  const weights: number[][] = sites.map(() => []);
  for (const [a, b, inrDb] of input.interferingPairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) {
      throw new PlannerError('unknown-site', `interfering pair names an unknown site: ${a}, ${b}`);
    }
    const w = 10 ** ((inrDb ?? 0) / 10);
    neighbours[i]!.push(j);
    neighbours[j]!.push(i);
    weights[i]!.push(w);
    weights[j]!.push(w);
  }
  const weightOf = (i: number, j: number): number => weights[i]![neighbours[i]!.indexOf(j)] ?? 1;
  const allowed = sites.map((s) => new Set(s.allowed));
  const cur = sites.map((s) => s.from);
  const tgt = sites.map((s) => s.to);
  sites.forEach((s, i) => {
    if (s.to !== null && !allowed[i]!.has(s.to)) {
      throw new PlannerError('not-allowed', `site ${s.id}: channel ${s.to} is not covered by its grant`, {
        siteId: s.id,
        channel: s.to,
      });
    }
  });

  const steps: ApplyStep[] = [];
  /** Sites owed a move because a step overlaps them: they go next. */
  const urgent = new Set<number>();
  const move = (i: number, to: number | null, kind: ApplyStepKind, overlapWith: number[] = []): void => {
    const worst = overlapWith.reduce((m, j) => Math.max(m, weightOf(i, j)), 0);
    steps.push({
      siteId: sites[i]!.id,
      from: cur[i]!,
      to,
      kind,
      overlapWith: overlapWith.map((j) => sites[j]!.id),
      overlapInrDb: overlapWith.length > 0 ? Math.round(100 * Math.log10(worst)) / 10 : null,
    });
    cur[i] = to;
    for (const j of overlapWith) {
      urgent.add(j);
    }
  };
  // a site the plan takes off the air leaves first: it frees its channel and radiates nothing on the way
  sites.forEach((s, i) => {
    if (s.to === null && s.from !== null) {
      move(i, null, 'off-air');
    }
  });

  /** Neighbours on c that i would newly share it with; one that the plan keeps on c beside i is fine. */
  const blockers = (i: number, c: number): number[] =>
    neighbours[i]!.filter((j) => cur[j] === c && !(tgt[i] === c && tgt[j] === c));
  const temporaries = new Int32Array(sites.length);
  let pending = sites.map((_, i) => i).filter((i) => tgt[i] !== null && cur[i] !== tgt[i]);
  // off-grant sites first (they are out of compliance until they move), then those owed an overlap
  const rank = (i: number): number =>
    cur[i] !== null && !allowed[i]!.has(cur[i]!) ? 0 : urgent.has(i) ? 1 : 2;
  while (pending.length > 0) {
    pending.sort((a, b) => rank(a) - rank(b) || a - b);
    let progress = false;
    for (const i of pending) {
      if (blockers(i, tgt[i]!).length === 0) {
        move(i, tgt[i]!, 'final');
        urgent.delete(i);
        progress = true;
      }
    }
    pending = pending.filter((i) => cur[i] !== tgt[i]);
    if (progress || pending.length === 0) {
      continue;
    }
    if (!stepAside(pending)) {
      leastOverlap(pending);
    }
    pending = pending.filter((i) => cur[i] !== tgt[i]);
  }

  /** Moves one blocking site to a free temporary channel; false when none can. */
  function stepAside(waiting: readonly number[]): boolean {
    for (const i of blockingSites(waiting)) {
      const wanted = new Set(neighbours[i]!.filter((j) => tgt[j] !== cur[j]).map((j) => tgt[j]));
      let spare: number | null = null;
      for (const c of [...allowed[i]!].sort((a, b) => a - b)) {
        if (c === cur[i] || neighbours[i]!.some((j) => cur[j] === c)) {
          continue;
        }
        // better a channel no waiting neighbour is heading for, so the step does not block another
        if (!wanted.has(c)) {
          spare = c;
          break;
        }
        spare ??= c;
      }
      if (spare !== null) {
        temporaries[i]!++;
        move(i, spare, 'temporary');
        return true;
      }
    }
    return false;
  }

  /** Pending sites whose channel a waiting neighbour wants, those blocking the most first. */
  function blockingSites(waiting: readonly number[]): number[] {
    const waitingSet = new Set(waiting);
    return waiting
      .map((i) => ({
        i,
        blocks: neighbours[i]!.filter((j) => waitingSet.has(j) && tgt[j] === cur[i]).length,
      }))
      .filter((b) => b.blocks > 0 && cur[b.i] !== null && temporaries[b.i]! < MAX_TEMPORARY_PER_SITE)
      .sort((a, b) => b.blocks - a.blocks || a.i - b.i)
      .map((b) => b.i);
  }

  /** The step that gets somewhere with the weakest overlaps: onto a target, or a blocking site aside. */
  function leastOverlap(waiting: readonly number[]): void {
    const harm = (i: number, on: readonly number[]): number => on.reduce((sum, j) => sum + weightOf(i, j), 0);
    let best = { i: -1, to: 0, kind: 'final' as ApplyStepKind, on: [] as number[], harm: Infinity };
    for (const i of waiting) {
      const on = blockers(i, tgt[i]!);
      const h = harm(i, on);
      if (h < best.harm) {
        best = { i, to: tgt[i]!, kind: 'final', on, harm: h };
      }
    }
    for (const i of blockingSites(waiting)) {
      for (const c of allowed[i]!) {
        if (c === cur[i] || c === tgt[i]) {
          continue;
        }
        const on = neighbours[i]!.filter((j) => cur[j] === c);
        const h = harm(i, on);
        // aside only when clearly gentler: it overlaps for longer, and does not itself finish a site
        if (h < best.harm / 2) {
          best = { i, to: c, kind: 'temporary', on, harm: h };
        }
      }
    }
    if (best.kind === 'temporary') {
      temporaries[best.i]!++;
    }
    move(best.i, best.to, best.kind, best.on);
  }

  return {
    steps,
    temporaryMoves: steps.filter((s) => s.kind === 'temporary').length,
    overlapSteps: steps.filter((s) => s.overlapWith.length > 0).length,
    worstOverlapInrDb: steps.reduce<number | null>(
      (m, s) => (s.overlapInrDb === null ? m : Math.max(m ?? -Infinity, s.overlapInrDb)),
      null,
    ),
  };
}

/**
 * The apply order from each site's current channel to its planned one, with grants from the input. The
 * caller sets each step's EIRP to the site's own or the channel's limit, whichever is lower.
 */
export function applyOrderFor(plan: FleetPlan, input: PlannerInput): ApplyOrder {
  const planned = new Map(plan.sites.map((s) => [s.siteId, s]));
  return planApplyOrder({
    sites: input.sites.map((s) => {
      const p = planned.get(s.id);
      return {
        id: s.id,
        from: p ? p.previousChannel : s.currentChannel,
        to: p ? p.channel : s.currentChannel,
        // only channels it can use at the power it needs: a temporary channel must carry its links too
        allowed: s.allowed.filter((a) => a.maxEirpDbm >= (s.minEirpDbm ?? s.eirpDbm)).map((a) => a.channel),
      };
    }),
    interferingPairs: plan.interferingPairs,
  });
}
