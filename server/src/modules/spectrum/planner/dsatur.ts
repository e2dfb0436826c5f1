// DSATUR (Brélaz 1979) with a channel list per site. The next site to colour is the one whose
// interfering neighbours have already taken the most of its own channels, measured as the fewest of its
// allowed channels still clear; ties go to the site with more interfering neighbours, then to the seed.
// With lists of different lengths "fewest left" is the right reading of "most ruled out": a site with
// three channels and two taken is in more trouble than one with forty and five taken.
//
// The site then gets its least-interfering allowed channel: the one that loses the objective least,
// counting its own CPEs and every neighbour already coloured, with the retune cost for leaving its
// current channel and the conflict cost per interfering neighbour already on it. Only channels in its eligible list (permitted, with enough EIRP) are ever looked at.
import { interferingNeighbours } from './interference-graph.js';
import type { PlanState } from './plan-state.js';
import type { Rng } from './seeded-rng.util.js';

interface Entry {
  clear: number;
  degree: number;
  tie: number;
  site: number;
}

/**
 * Colours every site in `sites` that is off air in `state` (the rest stay as they are and count as
 * coloured). `current` holds each site's channel index before planning, for the retune cost.
 */
export function colourDsatur(
  state: PlanState,
  sites: readonly number[],
  current: Int32Array,
  rng: Rng,
): void {
  const g = state.graph;
  const C = g.channels;
  const { retuneCost, conflictCost } = g.options;
  // taken[i * C + c]: interfering neighbours of i already on c
  const taken = new Uint16Array(g.sites.length * C);
  const todo = new Uint8Array(g.sites.length);
  for (const i of sites) {
    if (state.channel[i]! < 0 && g.eligible[i]!.length > 0) {
      todo[i] = 1;
    }
  }
  const mark = (i: number, c: number): void => {
    for (const j of interferingNeighbours(g, i)) {
      taken[j * C + c]!++;
    }
  };
  for (let i = 0; i < g.sites.length; i++) {
    if (state.channel[i]! >= 0) {
      mark(i, state.channel[i]!);
    }
  }
  const clearCount = (i: number): number => {
    let clear = 0;
    for (const c of g.eligible[i]!) {
      if (taken[i * C + c] === 0) {
        clear++;
      }
    }
    return clear;
  };
  const tie = new Float64Array(g.sites.length);
  const heap = new EntryHeap();
  for (let i = 0; i < g.sites.length; i++) {
    if (todo[i]) {
      tie[i] = rng();
      heap.push({ clear: clearCount(i), degree: interferingNeighbours(g, i).length, tie: tie[i]!, site: i });
    }
  }
  const gains = new Float64Array(C);
  for (let top = heap.pop(); top; top = heap.pop()) {
    const i = top.site;
    // a stale entry: the site was coloured, or its count has dropped since this entry was pushed
    if (!todo[i] || top.clear !== clearCount(i)) {
      continue;
    }
    state.placementGains(i, gains);
    let best = -1;
    let bestScore = -Infinity;
    for (const c of g.eligible[i]!) {
      const score = gains[c]! - (c === current[i] ? 0 : retuneCost) - conflictCost * taken[i * C + c]!;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    state.set(i, best);
    todo[i] = 0;
    mark(i, best);
    for (const j of interferingNeighbours(g, i)) {
      if (todo[j] && taken[j * C + best] === 1 && !Number.isNaN(g.siteEirpDbm[j * C + best]!)) {
        heap.push({
          clear: clearCount(j),
          degree: interferingNeighbours(g, j).length,
          tie: tie[j]!,
          site: j,
        });
      }
    }
  }
}

/** True when a should be coloured before b. */
function before(a: Entry, b: Entry): boolean {
  if (a.clear !== b.clear) {
    return a.clear < b.clear;
  }
  if (a.degree !== b.degree) {
    return a.degree > b.degree;
  }
  return a.tie < b.tie;
}

/** A binary heap; stale entries are skipped on pop rather than found and removed. */
class EntryHeap {
  private readonly items: Entry[] = [];

  push(entry: Entry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) {
        break;
      }
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) {
          m = l;
        }
        if (r < items.length && before(items[r]!, items[m]!)) {
          m = r;
        }
        if (m === i) {
          break;
        }
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}
