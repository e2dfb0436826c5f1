// The baseline the planner is measured against: first-available greedy colouring. Sites in input
// order each take the lowest allowed channel that no interfering neighbour already holds, or, when every
// one is held, the lowest of those held by the fewest. It knows the same graph and grants as the planner
// but no coupling strengths, no adjacent-channel leakage and no retune cost.
import { interferingNeighbours, type InterferenceGraph } from './interference-graph.js';

/** Channel index per site (-1 where nothing is allowed). */
export function greedyChannels(graph: InterferenceGraph): Int32Array {
  const n = graph.sites.length;
  const channel = new Int32Array(n).fill(-1);
  const holders = new Uint16Array(graph.channels);
  for (let i = 0; i < n; i++) {
    holders.fill(0);
    for (const j of interferingNeighbours(graph, i)) {
      if (channel[j]! >= 0) {
        holders[channel[j]!]!++;
      }
    }
    let pick = -1;
    for (const c of graph.eligible[i]!) {
      if (pick < 0 || holders[c]! < holders[pick]!) {
        pick = c;
      }
      if (holders[c] === 0) {
        break;
      }
    }
    channel[i] = pick;
  }
  return channel;
}
