// Improves a coloured plan in three steps: best-response sweeps until no site can gain by moving alone,
// then simulated annealing over single-site retunes for the rest of the budget, then sweeps again over
// the sites annealing moved. All of it maximises the plan state's objective minus the retune cost of
// every site that ends off its current channel and the conflict cost of every interfering pair on one, so a move back onto the current channel earns the cost
// back and a stable plan is only changed for a real gain.
//
// Annealing rather than tabu: a move is priced in microseconds (only the sites it couples with), so many
// cheap random moves with a cooling acceptance explore more per millisecond than tabu's best-of-all-moves
// step, and the seed alone fixes the walk. Sweeps come first because DSATUR's plan is already close to a
// local optimum: they collect most of what is left for a fraction of annealing's moves.
import { interferingNeighbours } from './interference-graph.js';
import type { PlanState } from './plan-state.js';
import { randomIndex, type Rng } from './seeded-rng.util.js';

export interface SearchOptions {
  iterations: number;
  /** performance.now() after which the search stops where it is. */
  deadline: number;
  rng: Rng;
}

export interface SearchResult {
  iterations: number;
  accepted: number;
  /** Sites re-examined by best response, over all sweeps. */
  visits: number;
  /** True when the deadline, not the iteration budget, ended the search. */
  timeLimited: boolean;
}

/** Start and end temperatures, in objective units (dB summed over CPEs). */
const HOT = 2;
const COLD = 0.05;
/** Moves between snapshots of the best plan so far. */
const BLOCK = 512;
/** Channel offsets inside which a move changes what a neighbour sees (the ACLR table's near steps). */
const NEAR = 3;
/** A move must win by more than rounding, or two equal channels would swap forever. */
const EPSILON = 1e-6;

export function improvePlan(
  state: PlanState,
  movable: readonly number[],
  current: Int32Array,
  opts: SearchOptions,
): SearchResult {
  const g = state.graph;
  const { retuneCost, conflictCost } = g.options;
  const cost = (i: number, c: number): number => (c === current[i] ? 0 : retuneCost);
  const taken = new Float64Array(g.channels);
  const candidates = movable.filter((i) => g.eligible[i]!.length > 1 && state.channel[i]! >= 0);
  const result: SearchResult = { iterations: 0, accepted: 0, visits: 0, timeLimited: false };
  if (candidates.length === 0) {
    return result;
  }
  const isCandidate = new Uint8Array(g.sites.length);
  for (const i of candidates) {
    isCandidate[i] = 1;
  }
  const gains = new Float64Array(g.channels);

  /** Best response from a work list: a site that moves puts its interfering neighbours back on it. */
  const sweep = (start: readonly number[]): void => {
    let work = [...start];
    const queued = new Uint8Array(g.sites.length);
    while (work.length > 0) {
      shuffle(work, opts.rng);
      const next: number[] = [];
      for (const i of work) {
        if (performance.now() > opts.deadline) {
          result.timeLimited = true;
          return;
        }
        result.visits++;
        const a = state.channel[i]!;
        state.placementGains(i, gains);
        taken.fill(0);
        for (const j of interferingNeighbours(g, i)) {
          if (state.channel[j]! >= 0) {
            taken[state.channel[j]!]!++;
          }
        }
        let pick = a;
        let pickScore = gains[a]! - cost(i, a) - conflictCost * taken[a]!;
        for (const c of g.eligible[i]!) {
          const s = gains[c]! - cost(i, c) - conflictCost * taken[c]!;
          if (s > pickScore + EPSILON) {
            pick = c;
            pickScore = s;
          }
        }
        state.set(i, pick);
        if (pick !== a) {
          // only a neighbour within two channels of where i was or went sees a different price
          for (const j of interferingNeighbours(g, i)) {
            const cj = state.channel[j]!;
            const near = Math.abs(cj - a) < NEAR || Math.abs(cj - pick) < NEAR;
            if (near && isCandidate[j] && !queued[j]) {
              queued[j] = 1;
              next.push(j);
            }
          }
        }
      }
      for (const j of next) {
        queued[j] = 0;
      }
      work = next;
    }
  };

  sweep(candidates);

  // annealing, from the swept plan, keeping the best plan it passes through
  const moved = new Uint8Array(g.sites.length);
  let score = 0;
  let best = 0;
  let bestChannels = Int32Array.from(candidates, (i) => state.channel[i]!);
  const total = opts.iterations;
  const ratio = COLD / HOT;
  for (let it = 0; it < total && !result.timeLimited; it++) {
    if ((it & 255) === 0 && performance.now() > opts.deadline) {
      result.timeLimited = true;
      break;
    }
    result.iterations++;
    const temperature = HOT * ratio ** (it / total);
    const i = candidates[randomIndex(opts.rng, candidates.length)]!;
    const list = g.eligible[i]!;
    const a = state.channel[i]!;
    const c = list[randomIndex(opts.rng, list.length)]!;
    if (c === a) {
      continue;
    }
    const gain =
      state.moveGain(i, c) -
      cost(i, c) +
      cost(i, a) -
      conflictCost * (state.conflictsAt(i, c) - state.conflictsAt(i, a));
    if (gain >= 0 || opts.rng() < Math.exp(gain / temperature)) {
      state.set(i, c);
      moved[i] = 1;
      score += gain;
      result.accepted++;
    }
    if (it % BLOCK === BLOCK - 1 && score > best) {
      best = score;
      bestChannels = Int32Array.from(candidates, (j) => state.channel[j]!);
    }
  }
  if (score < best) {
    candidates.forEach((i, n) => state.set(i, bestChannels[n]!));
  }
  sweep(candidates.filter((i) => moved[i]));
  return result;
}

function shuffle(items: number[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomIndex(rng, i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
