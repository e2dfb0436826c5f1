import { describe, expect, it } from 'vitest';
import { applyOrderFor, planApplyOrder, type ApplyOrderInput, type ApplySite } from './apply-order.js';
import { planFleet } from './planner.js';
import { PlannerError } from './planner.errors.js';
import { syntheticFleet } from './planner.fixture.js';
import { randomIndex, seededRng, type Rng } from './seeded-rng.util.js';

/** A random instance: sites on a random graph, random grants, random start and target channels. */
function randomInstance(rng: Rng, spare: boolean): ApplyOrderInput {
  const n = 5 + randomIndex(rng, 30);
  const channels = 3 + randomIndex(rng, spare ? 12 : 3);
  const sites: ApplySite[] = Array.from({ length: n }, (_, i) => {
    const allowed = Array.from({ length: channels }, (_, c) => c + 21).filter(() => rng() < 0.7);
    if (allowed.length === 0) {
      allowed.push(21 + randomIndex(rng, channels));
    }
    const pick = (): number => allowed[randomIndex(rng, allowed.length)]!;
    return {
      id: `s${i}`,
      from: rng() < 0.1 ? null : rng() < 0.1 ? 21 + randomIndex(rng, channels) : pick(),
      to: rng() < 0.05 ? null : pick(),
      allowed,
    };
  });
  const pairs: [string, string][] = [];
  const density = 0.1 + rng() * 0.4;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng() < density) {
        pairs.push([`s${i}`, `s${j}`]);
      }
    }
  }
  return { sites, interferingPairs: pairs };
}

/**
 * Replays the steps and checks, after every one, the invariant: each pair of interfering neighbours on
 * one channel either sat there together at the start (and neither has moved) or is together where the
 * plan puts them, unless the step owned up to the overlap. Returns the overlaps found.
 */
function replay(input: ApplyOrderInput): number {
  const order = planApplyOrder(input);
  const cur = new Map(input.sites.map((s) => [s.id, s.from]));
  const start = new Map(cur);
  const target = new Map(input.sites.map((s) => [s.id, s.to]));
  const allowed = new Map(input.sites.map((s) => [s.id, new Set(s.allowed)]));
  const owned = new Set<string>();
  const key = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
  let overlaps = 0;
  for (const step of order.steps) {
    expect(step.from).toBe(cur.get(step.siteId));
    if (step.to !== null) {
      expect(allowed.get(step.siteId)!.has(step.to)).toBe(true);
    } else {
      expect(step.kind).toBe('off-air');
      expect(target.get(step.siteId)).toBeNull();
    }
    cur.set(step.siteId, step.to);
    for (const other of step.overlapWith) {
      owned.add(key(step.siteId, other));
    }
    for (const [a, b] of input.interferingPairs) {
      const ca = cur.get(a)!;
      if (ca === null || ca !== cur.get(b)) {
        owned.delete(key(a, b));
        continue;
      }
      const fromStart = ca === start.get(a) && ca === start.get(b);
      const planned = ca === target.get(a) && ca === target.get(b);
      if (!fromStart && !planned) {
        expect(owned.has(key(a, b))).toBe(true);
        overlaps++;
      }
    }
  }
  for (const s of input.sites) {
    expect(cur.get(s.id)).toBe(s.to === null && s.from === null ? null : s.to);
  }
  return overlaps;
}

describe(planApplyOrder.name, () => {
  it('never puts interfering neighbours on one channel along the way, nor a radio off its grant', () => {
    const rng = seededRng(2024);
    let temporaries = 0;
    let owned = 0;
    for (let run = 0; run < 400; run++) {
      const input = randomInstance(rng, run % 2 === 0);
      owned += replay(input);
      temporaries += planApplyOrder(input).temporaryMoves;
    }
    // both ways round a cycle were taken: stepping aside, and (in tight instances of three to five
    // channels on dense graphs) an overlap the step names, which replay() checked was named
    expect(temporaries).toBeGreaterThan(20);
    expect(owned).toBeGreaterThan(0);
  });

  it('needs no overlap when every site has a spare channel', () => {
    const rng = seededRng(7);
    for (let run = 0; run < 200; run++) {
      const input = randomInstance(rng, true);
      const roomy = {
        ...input,
        // a channel of its own that nobody else may use: a step aside is always possible
        sites: input.sites.map((s, i) => ({ ...s, allowed: [...s.allowed, 100 + i] })),
      };
      expect(replay(roomy)).toBe(0);
      expect(planApplyOrder(roomy).overlapSteps).toBe(0);
    }
  });

  it('breaks a swap with a temporary channel, not by muting', () => {
    const order = planApplyOrder({
      sites: [
        { id: 'a', from: 30, to: 31, allowed: [30, 31, 32] },
        { id: 'b', from: 31, to: 30, allowed: [30, 31, 32] },
      ],
      interferingPairs: [['a', 'b']],
    });
    expect(order.steps.map((s) => [s.siteId, s.to, s.kind])).toEqual([
      ['a', 32, 'temporary'],
      ['b', 30, 'final'],
      ['a', 31, 'final'],
    ]);
    expect(order.overlapSteps).toBe(0);
  });

  it('owns up to the shortest overlap when no temporary channel is free', () => {
    const order = planApplyOrder({
      sites: [
        { id: 'a', from: 30, to: 31, allowed: [30, 31] },
        { id: 'b', from: 31, to: 30, allowed: [30, 31] },
      ],
      interferingPairs: [['a', 'b']],
    });
    expect(order.steps).toEqual([
      { siteId: 'a', from: 30, to: 31, kind: 'final', overlapWith: ['b'], overlapInrDb: 0 },
      { siteId: 'b', from: 31, to: 30, kind: 'final', overlapWith: [], overlapInrDb: null },
    ]);
    expect(order.steps.some((s) => s.to === null)).toBe(false);
  });

  it('when it must overlap, overlaps the weakest pair', () => {
    // a and b swap with no channel to spare; c sits on a's target and wants b's channel. Moving b
    // first overlaps it with a weak neighbour (3 dB) instead of a strong one (20 dB)
    const order = planApplyOrder({
      sites: [
        { id: 'a', from: 30, to: 31, allowed: [30, 31] },
        { id: 'b', from: 31, to: 30, allowed: [30, 31] },
      ],
      interferingPairs: [['a', 'b', 20]],
    });
    expect(order.worstOverlapInrDb).toBe(20);
    const weak = planApplyOrder({
      sites: [
        { id: 'a', from: 30, to: 31, allowed: [30, 31, 32] },
        { id: 'b', from: 31, to: 30, allowed: [30, 31, 32] },
        { id: 'c', from: 32, to: 32, allowed: [32] },
        { id: 'd', from: 32, to: 32, allowed: [32] },
      ],
      interferingPairs: [
        ['a', 'b', 20],
        ['a', 'c', 3],
        ['b', 'd', 9],
      ],
    });
    expect(weak.steps[0]).toMatchObject({ siteId: 'a', to: 32, kind: 'temporary', overlapWith: ['c'] });
    expect(weak.worstOverlapInrDb).toBe(3);
  });

  it('moves a site off a channel its grant no longer covers first', () => {
    const order = planApplyOrder({
      sites: [
        { id: 'a', from: 40, to: 41, allowed: [41, 42] },
        { id: 'b', from: 30, to: 31, allowed: [30, 31] },
      ],
      interferingPairs: [],
    });
    expect(order.steps.map((s) => s.siteId)).toEqual(['a', 'b']);
  });

  it('refuses a target the grant does not cover', () => {
    expect(() =>
      planApplyOrder({ sites: [{ id: 'a', from: 30, to: 33, allowed: [30, 31] }], interferingPairs: [] }),
    ).toThrow(PlannerError);
  });

  it('orders a whole plan from the planner', () => {
    const input = syntheticFleet({ sites: 120, seed: 3, spanKm: 80 });
    const plan = planFleet({ ...input, options: { timeBudgetMs: 60_000 } });
    const order = applyOrderFor(plan, input);
    expect(order.steps.filter((s) => s.kind !== 'temporary').length).toBe(plan.totals.retunes);
    expect(order.overlapSteps).toBe(0);
  });
});
