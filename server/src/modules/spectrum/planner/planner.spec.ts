import { describe, expect, it } from 'vitest';
import { buildInterferenceGraph, interferingNeighbours } from './interference-graph.js';
import { planFleet, planGreedy, replanAfterWithdrawal } from './planner.js';
import { PlannerError } from './planner.errors.js';
import { syntheticFleet } from './planner.fixture.js';
import type { FleetPlan, PlannerInput } from './planner.types.js';

/** Generous wall-clock budget: these tests are about the plan, so the iteration budget must bind. */
const settled = { timeBudgetMs: 60_000 };

function withCurrent(input: PlannerInput, plan: FleetPlan): PlannerInput {
  return { ...input, sites: input.sites.map((s, i) => ({ ...s, currentChannel: plan.sites[i]!.channel })) };
}

/** The input after the database withdrew `siteId`'s planned channel there. */
function withdraw(input: PlannerInput, plan: FleetPlan, siteId: string): PlannerInput {
  const channel = plan.sites.find((s) => s.siteId === siteId)!.channel;
  return {
    ...input,
    sites: input.sites.map((s) =>
      s.id === siteId ? { ...s, allowed: s.allowed.filter((a) => a.channel !== channel) } : s,
    ),
  };
}

describe(planFleet.name, () => {
  it('beats first-available greedy on the worst links and on total throughput', () => {
    for (const seed of [1, 2]) {
      const input = syntheticFleet({ sites: 250, seed, spanKm: 140, permittedShare: 0.6 });
      const plan = planFleet({ ...input, options: settled });
      const greedy = planGreedy(input);
      expect(plan.totals.sinrP5Db!).toBeGreaterThan(greedy.totals.sinrP5Db!);
      expect(plan.totals.throughputMbps).toBeGreaterThan(greedy.totals.throughputMbps);
    }
  });

  it('gives the same plan for the same seed', () => {
    const input = syntheticFleet({ sites: 150, seed: 3, spanKm: 90 });
    const a = planFleet({ ...input, options: { ...settled, seed: 7 } });
    const b = planFleet({ ...input, options: { ...settled, seed: 7 } });
    expect(a.stats.timeLimited).toBe(false);
    expect(b.sites.map((s) => s.channel)).toEqual(a.sites.map((s) => s.channel));
    expect(b.totals).toEqual(a.totals);
  });

  it('keeps a good current plan: planning again from its own result retunes next to nothing', () => {
    const input = syntheticFleet({ sites: 200, seed: 4, spanKm: 110 });
    const first = planFleet({ ...input, options: settled });
    const again = planFleet({ ...withCurrent(input, first), options: { ...settled, seed: 99 } });
    const churn = planFleet({
      ...withCurrent(input, first),
      options: { ...settled, seed: 99, retuneCost: 0 },
    });
    expect(again.totals.retunes).toBeLessThanOrEqual(2);
    expect(churn.totals.retunes).toBeGreaterThan(again.totals.retunes);
    expect(again.totals.throughputMbps).toBeGreaterThanOrEqual(first.totals.throughputMbps - 50);
  });

  it('leaves a site without a channel when nothing is permitted at the power it needs, and says so', () => {
    const input = syntheticFleet({ sites: 30, seed: 5 });
    const starved = {
      ...input,
      sites: input.sites.map((s, i) => (i === 3 ? { ...s, allowed: [{ channel: 30, maxEirpDbm: 10 }] } : s)),
    };
    const plan = planFleet({ ...starved, options: settled });
    expect(plan.sites[3]).toMatchObject({ channel: null, eirpDbm: null, throughputMbps: 0 });
    expect(plan.sites[3]!.linksDown).toBe(input.sites[3]!.cpes.length);
    expect(plan.totals.unplanned).toBe(1);
  });

  it('transmits at the channel limit where it is below the site power but above its need', () => {
    const input = syntheticFleet({ sites: 1, seed: 6 });
    const site = {
      ...input.sites[0]!,
      eirpDbm: 33,
      minEirpDbm: 27,
      allowed: [{ channel: 44, maxEirpDbm: 29.5 }],
    };
    const plan = planFleet({ ...input, sites: [site] });
    expect(plan.sites[0]).toMatchObject({ channel: 44, eirpDbm: 29.5 });
  });
});

describe(replanAfterWithdrawal.name, () => {
  const input = syntheticFleet({ sites: 300, seed: 11, spanKm: 220 });
  const plan = planFleet({ ...input, options: settled });
  const graph = buildInterferenceGraph(input);

  it('moves the affected site off the withdrawn channel and touches only its group', () => {
    const id = input.sites[17]!.id;
    const after = withdraw(input, plan, id);
    const replan = replanAfterWithdrawal(plan, { ...after, options: settled }, [id]);
    const group = new Set([17, ...interferingNeighbours(graph, 17)]);
    expect(replan.sites[17]!.channel).not.toBe(plan.sites[17]!.channel);
    expect(after.sites[17]!.allowed.map((a) => a.channel)).toContain(replan.sites[17]!.channel);
    replan.sites.forEach((s, i) => {
      if (!group.has(i)) {
        expect(s.channel).toBe(plan.sites[i]!.channel);
      }
      expect(s.previousChannel).toBe(plan.sites[i]!.channel);
    });
    expect(replan.stats.touchedSites).toBe(group.size);
    expect(replan.stats.touchedSites).toBeLessThan(input.sites.length / 3);
    expect(replan.totals.retunes).toBeGreaterThanOrEqual(1);
    expect(replan.totals.retunes).toBeLessThanOrEqual(group.size);
  });

  it('also re-plans a site whose channel went without being named', () => {
    const named = input.sites[40]!.id;
    const unnamed = input.sites[41]!.id;
    const after = withdraw(withdraw(input, plan, named), plan, unnamed);
    const replan = replanAfterWithdrawal(plan, { ...after, options: settled }, [named]);
    expect(replan.sites[41]!.channel).not.toBe(plan.sites[41]!.channel);
  });

  it('counts the separate groups it re-planned', () => {
    // two sites whose groups (each with its interfering neighbours) neither overlap nor touch
    const closed = (i: number): Set<number> => new Set([i, ...interferingNeighbours(graph, i)]);
    const touching = (x: Set<number>, y: Set<number>): boolean =>
      [...x].some((i) => y.has(i) || [...interferingNeighbours(graph, i)].some((j) => y.has(j)));
    const a = 0;
    const b = input.sites.findIndex((_, i) => i > 0 && !touching(closed(a), closed(i)));
    expect(b).toBeGreaterThan(0);
    const ids = [input.sites[a]!.id, input.sites[b]!.id];
    const after = withdraw(withdraw(input, plan, ids[0]!), plan, ids[1]!);
    const replan = replanAfterWithdrawal(plan, { ...after, options: settled }, ids);
    expect(replan.stats.groups).toBe(2);
    expect(replan.stats.touchedSites).toBe(closed(a).size + closed(b).size);
  });

  it('refuses a site the input does not have', () => {
    expect(() => replanAfterWithdrawal(plan, input, ['bs-none'])).toThrow(PlannerError);
  });
});
