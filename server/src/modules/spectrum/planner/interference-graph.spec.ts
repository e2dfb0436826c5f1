import { distanceKm } from '@wsnoc/shared';
import { Fleet } from '@wsnoc/simulator';
import { describe, expect, it } from 'vitest';
import { buildInterferenceGraph, channelIndex, interferingNeighbours } from './interference-graph.js';
import { PlanState } from './plan-state.js';
import { PlannerError } from './planner.errors.js';
import { syntheticFleet } from './planner.fixture.js';
import type { PlannerInput } from './planner.types.js';

/** The lab's fleet as a planner input, with what the lab knows and a console may not: terrain, noise. */
function labInput(fleet: Fleet): PlannerInput {
  const links = new Map(fleet.links().map((l) => [l.cpeId, l]));
  const radios = fleet.radios();
  return {
    bandPlan: fleet.ruleset,
    sites: radios
      .filter((r) => r.role === 'base-station')
      .map((b) => {
        const bs = fleet.radio(b.id)!;
        return {
          id: b.id,
          lat: b.lat,
          lon: b.lon,
          groundM: bs.groundM,
          eirpDbm: bs.running.txPowerDbm,
          emissionClass: bs.emissionClass,
          currentChannel: bs.running.channel,
          allowed: [{ channel: bs.running.channel!, maxEirpDbm: 36 }],
          cpes: bs.cpes.map((c) => ({
            id: c.id,
            lat: c.lat,
            lon: c.lon,
            groundM: c.groundM,
            noiseFloorDbm: links.get(c.id)!.noiseFloorDbm,
          })),
        };
      }),
    options: { negligibleInrDb: -80 },
  };
}

describe('buildInterferenceGraph', () => {
  it('models every pair of sites within range and none beyond it', () => {
    const input = syntheticFleet({ sites: 300, seed: 4, spanKm: 200 });
    const graph = buildInterferenceGraph({ ...input, options: { negligibleInrDb: -500, rangeKm: 40 } });
    let within = 0;
    for (let i = 0; i < input.sites.length; i++) {
      for (let j = i + 1; j < input.sites.length; j++) {
        const a = input.sites[i]!;
        const b = input.sites[j]!;
        if (distanceKm(a.lat, a.lon, b.lat, b.lon) <= 40) {
          within++;
        }
      }
    }
    expect(within).toBeGreaterThan(500);
    expect(graph.pairs).toBe(within);
    for (let i = 0; i < graph.sites.length; i++) {
      for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e++) {
        const a = graph.sites[i]!;
        const b = graph.sites[graph.edgeVictim[e]!]!;
        expect(distanceKm(a.lat, a.lon, b.lat, b.lon)).toBeLessThanOrEqual(40);
      }
    }
  });

  it('predicts the SINR the lab computes, when it knows the terrain and the noise', () => {
    const fleet = Fleet.create({ radios: 600, seed: 11, port: 0 });
    const input = labInput(fleet);
    const graph = buildInterferenceGraph(input);
    const state = new PlanState(graph);
    graph.sites.forEach((s, i) => state.set(i, channelIndex(graph, s.currentChannel)));
    const truth = new Map(fleet.links().map((l) => [l.cpeId, l.snrDb]));
    const errors: number[] = [];
    graph.sites.forEach((s, i) =>
      s.cpes.forEach((cpe, j) => {
        const k = graph.cpeStart[i]! + j;
        errors.push(Math.abs(state.sinrDb(k, state.channel[i]!) - truth.get(cpe.id)!));
      }),
    );
    errors.sort((a, b) => a - b);
    // the lab rounds to 0.1 dB; only interferers close enough for free space to rule drift further
    expect(errors[Math.floor(errors.length * 0.95)]!).toBeLessThan(0.2);
    expect(errors[errors.length - 1]!).toBeLessThan(1.5);
  });

  it('keeps only channels in the band plan that the site can use at the EIRP it needs', () => {
    const graph = buildInterferenceGraph({
      bandPlan: 'etsi',
      sites: [
        {
          id: 'bs-1',
          lat: 57,
          lon: -4,
          eirpDbm: 30,
          minEirpDbm: 27,
          emissionClass: 3,
          currentChannel: 21,
          allowed: [
            { channel: 21, maxEirpDbm: 36 },
            { channel: 22, maxEirpDbm: 28 },
            { channel: 23, maxEirpDbm: 26.9 },
            { channel: 70, maxEirpDbm: 36 },
          ],
          cpes: [],
        },
      ],
    });
    expect([...graph.eligible[0]!].map((c) => c + 21)).toEqual([21, 22]);
    expect(graph.siteEirpDbm[0]).toBe(30);
    expect(graph.siteEirpDbm[1]).toBe(28);
  });

  it('calls two sites interfering neighbours when either puts its noise floor up at the other', () => {
    const input = syntheticFleet({ sites: 150, seed: 9 });
    const graph = buildInterferenceGraph({ ...input, options: { conflictInrDb: 0 } });
    const stricter = buildInterferenceGraph({ ...input, options: { conflictInrDb: 10 } });
    expect(stricter.strong.length).toBeLessThan(graph.strong.length);
    for (let i = 0; i < graph.sites.length; i++) {
      for (const j of interferingNeighbours(graph, i)) {
        expect([...interferingNeighbours(graph, j)]).toContain(i);
      }
    }
  });

  it('refuses two sites with one id', () => {
    const input = syntheticFleet({ sites: 2, seed: 1 });
    const twice = { ...input, sites: [input.sites[0]!, { ...input.sites[1]!, id: input.sites[0]!.id }] };
    expect(() => buildInterferenceGraph(twice)).toThrow(PlannerError);
  });
});
