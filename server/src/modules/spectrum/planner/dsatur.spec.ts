import { describe, expect, it } from 'vitest';
import { colourDsatur } from './dsatur.js';
import { buildInterferenceGraph, channelIndex } from './interference-graph.js';
import { PlanState } from './plan-state.js';
import { syntheticFleet } from './planner.fixture.js';
import type { PlannerInput, PlannerSite } from './planner.types.js';
import { seededRng } from './seeded-rng.util.js';

function colourAll(input: PlannerInput, current?: Int32Array): PlanState {
  const graph = buildInterferenceGraph(input);
  const state = new PlanState(graph);
  colourDsatur(
    state,
    graph.sites.map((_, i) => i),
    current ?? new Int32Array(graph.sites.length).fill(-1),
    seededRng(1),
  );
  return state;
}

/** Two sites 8 km apart whose CPEs sit between them: on one channel they would wreck each other. */
function closePair(a: Partial<PlannerSite>, b: Partial<PlannerSite>): PlannerInput {
  const site = (id: string, lon: number, over: Partial<PlannerSite>): PlannerSite => ({
    id,
    lat: 57,
    lon,
    eirpDbm: 30,
    emissionClass: 3,
    currentChannel: null,
    allowed: [],
    cpes: [{ id: `${id}-cpe`, lat: 57, lon: -4 + (lon + 4) / 2 }],
    ...over,
  });
  return { bandPlan: 'etsi', sites: [site('a', -4, a), site('b', -3.87, b)] };
}

describe(colourDsatur.name, () => {
  it('never gives a site a channel its grant leaves out or limits below the EIRP it needs', () => {
    for (const seed of [1, 2, 3]) {
      const input = syntheticFleet({ sites: 200, seed, permittedShare: 0.3 });
      const state = colourAll(input);
      input.sites.forEach((site, i) => {
        const c = state.channel[i]!;
        if (c < 0) {
          expect(site.allowed.every((a) => a.maxEirpDbm < (site.minEirpDbm ?? site.eirpDbm))).toBe(true);
          return;
        }
        const grant = site.allowed.find((a) => a.channel === 21 + c);
        expect(grant).toBeDefined();
        expect(grant!.maxEirpDbm).toBeGreaterThanOrEqual(site.minEirpDbm ?? site.eirpDbm);
      });
    }
  });

  it('colours the site with the fewest clear channels first', () => {
    // b would keep its current channel 30 if it went first, and a has no other channel: a must go first
    const input = closePair(
      { allowed: [{ channel: 30, maxEirpDbm: 36 }] },
      {
        currentChannel: 30,
        allowed: [
          { channel: 30, maxEirpDbm: 36 },
          { channel: 40, maxEirpDbm: 36 },
        ],
      },
    );
    const graph = buildInterferenceGraph(input);
    expect(graph.strong.length).toBe(2);
    const current = Int32Array.from(input.sites, (s) => channelIndex(graph, s.currentChannel));
    const state = colourAll(input, current);
    expect([...state.channel].map((c) => c + 21)).toEqual([30, 40]);
  });

  it('keeps interfering neighbours off one channel when there are channels enough', () => {
    const input = syntheticFleet({ sites: 40, seed: 5, spanKm: 150, permittedShare: 1 });
    const state = colourAll(input);
    const graph = state.graph;
    let conflicts = 0;
    for (let i = 0; i < graph.sites.length; i++) {
      for (let p = graph.strongStart[i]!; p < graph.strongStart[i + 1]!; p++) {
        if (state.channel[graph.strong[p]!] === state.channel[i]) {
          conflicts++;
        }
      }
    }
    expect(graph.strong.length).toBeGreaterThan(40);
    expect(conflicts).toBe(0);
  });

  it('leaves alone the sites it is not asked to colour', () => {
    const input = syntheticFleet({ sites: 60, seed: 8 });
    const graph = buildInterferenceGraph(input);
    const state = new PlanState(graph);
    const fixed = graph.eligible[0]![0]!;
    state.set(0, fixed);
    colourDsatur(state, [1, 2, 3], new Int32Array(60).fill(-1), seededRng(2));
    expect(state.channel[0]).toBe(fixed);
    expect([...state.channel.subarray(4)].every((c) => c === -1)).toBe(true);
    expect([1, 2, 3].every((i) => state.channel[i]! >= 0)).toBe(true);
  });
});
