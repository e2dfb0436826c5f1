// The stream agents on their own, fed observations with their own clock: the anomaly detector fires on a
// step change and stays quiet on a link that is always weak; threshold holds for its duration and clears
// with hysteresis; flapping gives one firing with a count; absence sees silence on the clock.
import { describe, expect, it } from 'vitest';
import { createAgent, type RuleForAgent, type Transition } from './rule-agents.js';
import { FAILED_VALUES, type Observation } from './sample-stream.js';
import { TumblingAggregates } from './window-aggregates.js';

const options = { intervalMs: 10_000, clearSamples: 2 };

function obs(at: number, values: Partial<Observation['values']> = {}, ok = true): Observation {
  return {
    deviceId: 'd1',
    at,
    ok,
    values: ok
      ? {
          snr: null,
          rssi: null,
          noiseFloor: null,
          throughput: null,
          latency: null,
          temperature: null,
          reachable: 1,
          ...values,
        }
      : { ...FAILED_VALUES },
  };
}

/** A deterministic jitter in [-amp, amp]. */
const jitter = (i: number, amp: number) => (((i * 7919) % 13) / 6 - 1) * amp;

function run(rule: RuleForAgent, series: Observation[]): Transition[] {
  const agent = createAgent(rule, options);
  const out: Transition[] = [];
  for (const o of series) {
    agent.observe(o, out);
    agent.tick(o.at, out);
  }
  return out;
}

describe('anomaly agent (robust z-score)', () => {
  const rule: RuleForAgent = {
    id: 'z',
    kind: 'anomaly',
    metric: 'snr',
    condition: { op: '<', value: -4 },
    durationSec: 0,
    windowSec: 600,
  };

  it('stays quiet on a steady weak link (SNR around 9 dB with noise)', () => {
    const series = Array.from({ length: 300 }, (_, i) => obs(i * 10_000, { snr: 9 + jitter(i, 1.5) }));
    expect(run(rule, series)).toEqual([]);
  });

  it('fires once on a step change from 30 dB to 12 dB, and clears once the new level is the baseline', () => {
    const before = Array.from({ length: 60 }, (_, i) => obs(i * 10_000, { snr: 30 + jitter(i, 1) }));
    const after = Array.from({ length: 120 }, (_, i) => obs((60 + i) * 10_000, { snr: 12 + jitter(i, 1) }));
    const out = run(rule, [...before, ...after]);
    expect(out[0]).toMatchObject({ type: 'fire', at: 600_000 });
    expect(out[0]!.value).toBeLessThan(-4);
    expect(out.filter((t) => t.type === 'fire')).toHaveLength(1);
    expect(out[1]?.type).toBe('clear');
  });
});

describe('threshold agent', () => {
  const rule: RuleForAgent = {
    id: 't',
    kind: 'threshold',
    metric: 'snr',
    condition: { op: '<', value: 15 },
    durationSec: 120,
  };

  it('fires only once the condition held for the duration, and clears after two good samples', () => {
    const values = [20, 12, 12, 12, 12, 12, 12, 12, 12, 16, 12, 16, 16, 16];
    const out = run(
      rule,
      values.map((snr, i) => obs(i * 30_000, { snr })),
    );
    // 12 from t=30 s; held 120 s at t=150 s (index 5)
    expect(out).toEqual([
      { type: 'fire', deviceId: 'd1', at: 150_000, value: 12 },
      { type: 'clear', deviceId: 'd1', at: 360_000, value: 16 },
    ]);
  });

  it('never fires on a dip shorter than the duration', () => {
    const out = run(
      rule,
      [20, 12, 12, 20, 12, 20].map((snr, i) => obs(i * 30_000, { snr })),
    );
    expect(out).toEqual([]);
  });
});

describe('flapping agent', () => {
  it('gives one firing with the flap count and updates, not one per flap', () => {
    const rule: RuleForAgent = {
      id: 'f',
      kind: 'flapping',
      metric: 'reachable',
      durationSec: 0,
      windowSec: 600,
      count: 4,
    };
    const series = Array.from({ length: 12 }, (_, i) => obs(i * 10_000, {}, i % 2 === 0));
    const out = run(rule, series);
    expect(out.filter((t) => t.type === 'fire')).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'fire', flapCount: 5 });
    expect(out.at(-1)).toMatchObject({ type: 'update', flapCount: 11 });
  });
});

describe('absence agent', () => {
  it('fires after count intervals without a good poll, seen on the clock, and clears with hysteresis', () => {
    const rule: RuleForAgent = { id: 'a', kind: 'absence', metric: 'reachable', durationSec: 0, count: 3 };
    const agent = createAgent(rule, options);
    const out: Transition[] = [];
    agent.observe(obs(0), out);
    agent.observe(obs(10_000, {}, false), out);
    agent.tick(29_000, out);
    expect(out).toEqual([]);
    agent.tick(30_000, out);
    expect(out).toEqual([{ type: 'fire', deviceId: 'd1', at: 30_000, value: 0 }]);
    agent.observe(obs(40_000), out);
    expect(out).toHaveLength(1);
    agent.observe(obs(50_000), out);
    expect(out[1]).toMatchObject({ type: 'clear', at: 50_000 });
  });
});

describe('a device that leaves the inventory', () => {
  it('is forgotten by every kind of agent and by the windows, whatever state it was in', () => {
    const rules: RuleForAgent[] = [
      { id: 't', kind: 'threshold', metric: 'snr', condition: { op: '<', value: 15 }, durationSec: 0 },
      { id: 'r', kind: 'rateOfChange', metric: 'snr', condition: { op: '<', value: -1 }, durationSec: 0 },
      { id: 'a', kind: 'absence', metric: 'reachable', durationSec: 0, count: 1 },
      { id: 'f', kind: 'flapping', metric: 'reachable', durationSec: 0, windowSec: 600, count: 1 },
      { id: 'z', kind: 'anomaly', metric: 'snr', durationSec: 0, windowSec: 600 },
    ];
    for (const rule of rules) {
      const agent = createAgent(rule, options);
      const out: Transition[] = [];
      agent.observe(obs(0, { snr: 10 }), out);
      agent.observe(obs(10_000, {}, false), out);
      agent.observe(obs(20_000, { snr: 5 }), out);
      agent.adopt('d2', 20_000);
      expect([rule.kind, agent.has('d1'), agent.has('d2')]).toEqual([rule.kind, true, true]);
      agent.forget('d1');
      agent.forget('d2');
      expect([rule.kind, agent.has('d1'), agent.has('d2'), agent.size()]).toEqual([
        rule.kind,
        false,
        false,
        0,
      ]);
    }
    const windows = new TumblingAggregates(60_000, () => undefined, true);
    windows.observe(obs(0, { snr: 10 }));
    windows.close(60_000);
    windows.observe(obs(61_000, { snr: 10 }));
    expect(windows.has('d1')).toBe(true);
    windows.forget('d1');
    expect([windows.has('d1'), windows.heldValues(), windows.lastClosed('d1')]).toEqual([
      false,
      0,
      undefined,
    ]);
  });
});

describe('tumbling aggregates', () => {
  it('closes a 1-minute window with min, mean, max and p95 per metric', () => {
    const closed: unknown[] = [];
    const agg = new TumblingAggregates(60_000, (rows) => closed.push(...rows));
    for (let i = 0; i < 20; i++) {
      agg.observe(obs(i * 3_000, { snr: i + 1 }));
    }
    agg.observe(obs(61_000, { snr: 5 }));
    expect(closed).toEqual([
      { deviceId: 'd1', bucket: 0, metric: 'snr', samples: 20, min: 1, mean: 10.5, max: 20, p95: 19 },
    ]);
  });
});
