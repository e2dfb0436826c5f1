// The stream agents: one per rule, each keeping the little state its kind needs per device, fed one
// observation at a time with the observation's own clock. Pure (no timers, no I/O), so the live engine,
// the 24-hour preview (a replay of history) and the unit tests all run the same code.
//
// An agent answers with transitions: `fire` when its condition has held long enough, `clear` once it has
// not held for `clearSamples` observations in a row (the hysteresis of the auto-resolve), and `update`
// for a firing one whose count moved (flaps).
import type { AlertMetric, AlertRule, ConditionOp } from '@wsnoc/shared';
import type { Observation } from './sample-stream.js';

export interface Transition {
  type: 'fire' | 'clear' | 'update';
  deviceId: string;
  at: number;
  value: number | null;
  /** Flapping: the up/down changes counted so far. */
  flapCount?: number;
}

export interface AgentOptions {
  /** The poll interval, ms: absence counts intervals of it, and windows size their sample rings by it. */
  intervalMs: number;
  clearSamples: number;
}

export type RuleForAgent = Pick<
  AlertRule,
  'id' | 'kind' | 'metric' | 'condition' | 'durationSec' | 'windowSec' | 'count'
>;

export const compare = (op: ConditionOp, a: number, b: number): boolean =>
  op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;

export interface RuleAgent {
  readonly rule: RuleForAgent;
  observe(o: Observation, out: Transition[]): void;
  /** Time passing without observations (absence); the others ignore it. */
  tick(now: number, out: Transition[]): void;
  forget(deviceId: string): void;
  /** Whether the agent holds anything of the device. */
  has(deviceId: string): boolean;
  /**
   * Takes a device as firing: its incident is open (from before a restart), so the agent must be able to
   * clear it, with the usual hysteresis, even if the condition never fires here again.
   */
  adopt(deviceId: string, now: number): void;
  /** Per-device states held, for the memory figure. */
  size(): number;
}

// ---- threshold with a duration ------------------------------------------------------------------

interface HoldState {
  since: number;
  firing: boolean;
  clear: number;
}

class ThresholdAgent implements RuleAgent {
  private readonly states = new Map<string, HoldState>();
  constructor(
    readonly rule: RuleForAgent,
    private readonly options: AgentOptions,
  ) {}

  observe(o: Observation, out: Transition[]): void {
    const v = o.values[this.rule.metric];
    if (v === null) {
      return;
    }
    const { op, value } = this.rule.condition!;
    const st = this.states.get(o.deviceId);
    if (compare(op, v, value)) {
      if (!st) {
        const fresh = { since: o.at, firing: false, clear: 0 };
        this.states.set(o.deviceId, fresh);
        this.maybeFire(fresh, o, v, out);
        return;
      }
      st.clear = 0;
      this.maybeFire(st, o, v, out);
    } else if (st) {
      if (!st.firing) {
        this.states.delete(o.deviceId);
      } else if (++st.clear >= this.options.clearSamples) {
        this.states.delete(o.deviceId);
        out.push({ type: 'clear', deviceId: o.deviceId, at: o.at, value: v });
      }
    }
  }

  private maybeFire(st: HoldState, o: Observation, v: number, out: Transition[]): void {
    if (!st.firing && o.at - st.since >= this.rule.durationSec * 1000) {
      st.firing = true;
      out.push({ type: 'fire', deviceId: o.deviceId, at: o.at, value: v });
    }
  }

  tick(): void {}
  forget(deviceId: string): void {
    this.states.delete(deviceId);
  }
  has(deviceId: string): boolean {
    return this.states.has(deviceId);
  }
  adopt(deviceId: string, now: number): void {
    if (!this.states.has(deviceId)) {
      this.states.set(deviceId, { since: now, firing: true, clear: 0 });
    }
  }
  size(): number {
    return this.states.size;
  }
}

// ---- rate of change -----------------------------------------------------------------------------

interface RateState {
  at: number[];
  v: number[];
  firing: boolean;
  clear: number;
}

class RateOfChangeAgent implements RuleAgent {
  private readonly states = new Map<string, RateState>();
  constructor(
    readonly rule: RuleForAgent,
    private readonly options: AgentOptions,
  ) {}

  observe(o: Observation, out: Transition[]): void {
    const v = o.values[this.rule.metric];
    if (v === null) {
      return;
    }
    const windowMs = (this.rule.windowSec ?? 300) * 1000;
    let st = this.states.get(o.deviceId);
    if (!st) {
      st = { at: [], v: [], firing: false, clear: 0 };
      this.states.set(o.deviceId, st);
    }
    st.at.push(o.at);
    st.v.push(v);
    let drop = 0;
    while (drop < st.at.length - 1 && o.at - st.at[drop]! > windowMs) {
      drop++;
    }
    if (drop) {
      st.at.splice(0, drop);
      st.v.splice(0, drop);
    }
    const span = o.at - st.at[0]!;
    // Judge only over at least half the window, so two samples a second apart never make a "rate".
    if (span < windowMs / 2) {
      return;
    }
    const perMinute = ((v - st.v[0]!) / span) * 60_000;
    const { op, value } = this.rule.condition!;
    if (compare(op, perMinute, value)) {
      st.clear = 0;
      if (!st.firing) {
        st.firing = true;
        out.push({ type: 'fire', deviceId: o.deviceId, at: o.at, value: Math.round(perMinute * 100) / 100 });
      }
    } else if (st.firing && ++st.clear >= this.options.clearSamples) {
      st.firing = false;
      st.clear = 0;
      out.push({ type: 'clear', deviceId: o.deviceId, at: o.at, value: Math.round(perMinute * 100) / 100 });
    }
  }

  tick(): void {}
  forget(deviceId: string): void {
    this.states.delete(deviceId);
  }
  has(deviceId: string): boolean {
    return this.states.has(deviceId);
  }
  adopt(deviceId: string): void {
    const st = this.states.get(deviceId);
    if (st) {
      st.firing = true;
    } else {
      this.states.set(deviceId, { at: [], v: [], firing: true, clear: 0 });
    }
  }
  size(): number {
    return this.states.size;
  }
}

// ---- absence of data ----------------------------------------------------------------------------

interface AbsenceState {
  lastGoodAt: number;
  firstFailAt: number;
  firing: boolean;
  good: number;
}

/**
 * No good poll for `count` intervals (or `durationSec`). Only devices with a failed poll since their last
 * good one are tracked, and only those this instance polls, so a quiet radio polled elsewhere never looks
 * absent here. A device with no good poll yet counts from its first failure.
 */
class AbsenceAgent implements RuleAgent {
  private readonly failing = new Map<string, AbsenceState>();
  private readonly lastGood = new Map<string, number>();
  constructor(
    readonly rule: RuleForAgent,
    private readonly options: AgentOptions,
  ) {}

  private get limitMs(): number {
    return this.rule.count !== undefined
      ? this.rule.count * this.options.intervalMs
      : Math.max(this.rule.durationSec * 1000, this.options.intervalMs);
  }

  observe(o: Observation, out: Transition[]): void {
    const st = this.failing.get(o.deviceId);
    if (o.ok) {
      this.lastGood.set(o.deviceId, o.at);
      if (!st) {
        return;
      }
      if (!st.firing) {
        this.failing.delete(o.deviceId);
      } else if (++st.good >= this.options.clearSamples) {
        this.failing.delete(o.deviceId);
        out.push({ type: 'clear', deviceId: o.deviceId, at: o.at, value: 1 });
      }
      return;
    }
    if (!st) {
      const lastGoodAt = this.lastGood.get(o.deviceId) ?? o.at;
      const fresh = { lastGoodAt, firstFailAt: o.at, firing: false, good: 0 };
      this.failing.set(o.deviceId, fresh);
      this.check(o.deviceId, fresh, o.at, out);
      return;
    }
    st.good = 0;
    this.check(o.deviceId, st, o.at, out);
  }

  private check(deviceId: string, st: AbsenceState, now: number, out: Transition[]): void {
    if (!st.firing && now - st.lastGoodAt >= this.limitMs && st.good === 0) {
      st.firing = true;
      out.push({ type: 'fire', deviceId, at: now, value: 0 });
    }
  }

  tick(now: number, out: Transition[]): void {
    for (const [deviceId, st] of this.failing) {
      this.check(deviceId, st, now, out);
    }
  }

  forget(deviceId: string): void {
    this.failing.delete(deviceId);
    this.lastGood.delete(deviceId);
  }
  has(deviceId: string): boolean {
    return this.failing.has(deviceId) || this.lastGood.has(deviceId);
  }
  adopt(deviceId: string, now: number): void {
    const st = this.failing.get(deviceId);
    if (st) {
      st.firing = true;
    } else {
      this.failing.set(deviceId, { lastGoodAt: now, firstFailAt: now, firing: true, good: 0 });
    }
  }
  size(): number {
    return this.failing.size + this.lastGood.size;
  }
}

// ---- flapping -----------------------------------------------------------------------------------

interface FlapState {
  lastOk: boolean;
  changes: number[];
  firing: boolean;
  total: number;
}

/** Up/down more than `count` times within `windowSec`: one firing, then updates with the flap count. */
class FlappingAgent implements RuleAgent {
  private readonly states = new Map<string, FlapState>();
  constructor(readonly rule: RuleForAgent) {}

  observe(o: Observation, out: Transition[]): void {
    const st = this.states.get(o.deviceId);
    if (!st) {
      this.states.set(o.deviceId, { lastOk: o.ok, changes: [], firing: false, total: 0 });
      return;
    }
    const windowMs = (this.rule.windowSec ?? 600) * 1000;
    if (st.lastOk !== o.ok) {
      st.lastOk = o.ok;
      st.changes.push(o.at);
      if (st.firing) {
        st.total++;
        out.push({
          type: 'update',
          deviceId: o.deviceId,
          at: o.at,
          value: o.values.reachable,
          flapCount: st.total,
        });
      }
    }
    while (st.changes.length && o.at - st.changes[0]! > windowMs) {
      st.changes.shift();
    }
    if (!st.firing && st.changes.length > (this.rule.count ?? 4)) {
      st.firing = true;
      st.total = st.changes.length;
      out.push({
        type: 'fire',
        deviceId: o.deviceId,
        at: o.at,
        value: o.values.reachable,
        flapCount: st.total,
      });
    } else if (st.firing && o.ok && st.changes.length === 0) {
      st.firing = false;
      st.total = 0;
      out.push({ type: 'clear', deviceId: o.deviceId, at: o.at, value: 1 });
    }
  }

  tick(): void {}
  forget(deviceId: string): void {
    this.states.delete(deviceId);
  }
  has(deviceId: string): boolean {
    return this.states.has(deviceId);
  }
  adopt(deviceId: string): void {
    const st = this.states.get(deviceId);
    if (st) {
      st.firing = true;
    } else {
      // Its up/down state is learnt from the next poll; a good one with no recent flap clears it.
      this.states.set(deviceId, { lastOk: true, changes: [], firing: true, total: 0 });
    }
  }
  size(): number {
    return this.states.size;
  }
}

// ---- robust z-score anomaly ---------------------------------------------------------------------

/** The smallest spread a window is judged with: below it, measurement noise would read as an anomaly. */
export const MAD_FLOOR: Record<AlertMetric, number> = {
  snr: 1,
  rssi: 1,
  noiseFloor: 1,
  throughput: 2,
  latency: 10,
  temperature: 1,
  reachable: 1,
};

/** Fewer samples than this in a window and the agent stays quiet: no baseline yet. */
export const ANOMALY_MIN_SAMPLES = 10;

/** Median of the first n values of a scratch array (sorted in place). */
function median(values: Float64Array, n: number): number {
  const view = values.subarray(0, n).sort();
  const mid = n >> 1;
  return n % 2 ? view[mid]! : (view[mid - 1]! + view[mid]!) / 2;
}

interface ZState {
  ring: Float64Array;
  next: number;
  filled: number;
  over: number;
  firing: boolean;
  clear: number;
}

/**
 * Robust z-score per link: z = 0.6745 (x - median) / MAD over the window before this sample. A link that
 * is always weak has a low median and a small spread, so its usual values score near 0; one that drops
 * suddenly scores far out. `condition` applies to z (default |z| > 4); `durationSec` asks it to hold.
 */
export class AnomalyAgent implements RuleAgent {
  private readonly states = new Map<string, ZState>();
  private readonly capacity: number;
  private readonly scratch: Float64Array;
  constructor(
    readonly rule: RuleForAgent,
    private readonly options: AgentOptions,
  ) {
    this.capacity = Math.max(
      ANOMALY_MIN_SAMPLES * 2,
      Math.min(240, Math.round(((rule.windowSec ?? 600) * 1000) / options.intervalMs)),
    );
    this.scratch = new Float64Array(this.capacity);
  }

  /** The robust z-score of x against the window, or null without a baseline. */
  score(st: ZState, x: number): number | null {
    if (st.filled < ANOMALY_MIN_SAMPLES) {
      return null;
    }
    const n = st.filled;
    this.scratch.set(st.ring.subarray(0, n));
    const med = median(this.scratch, n);
    for (let i = 0; i < n; i++) {
      this.scratch[i] = Math.abs(st.ring[i]! - med);
    }
    const mad = Math.max(median(this.scratch, n), MAD_FLOOR[this.rule.metric]);
    return (0.6745 * (x - med)) / mad;
  }

  private holds(z: number): boolean {
    const c = this.rule.condition;
    return c ? compare(c.op, z, c.value) : Math.abs(z) > 4;
  }

  observe(o: Observation, out: Transition[]): void {
    const x = o.values[this.rule.metric];
    if (x === null) {
      return;
    }
    let st = this.states.get(o.deviceId);
    if (!st) {
      st = { ring: new Float64Array(this.capacity), next: 0, filled: 0, over: 0, firing: false, clear: 0 };
      this.states.set(o.deviceId, st);
    }
    const z = this.score(st, x);
    if (z !== null) {
      if (this.holds(z)) {
        st.clear = 0;
        st.over ||= o.at;
        if (!st.firing && o.at - st.over >= this.rule.durationSec * 1000) {
          st.firing = true;
          out.push({ type: 'fire', deviceId: o.deviceId, at: o.at, value: Math.round(z * 10) / 10 });
        }
      } else {
        st.over = 0;
        if (st.firing && ++st.clear >= this.options.clearSamples) {
          st.firing = false;
          st.clear = 0;
          out.push({ type: 'clear', deviceId: o.deviceId, at: o.at, value: Math.round(z * 10) / 10 });
        }
      }
    }
    st.ring[st.next] = x;
    st.next = (st.next + 1) % this.capacity;
    st.filled = Math.min(st.filled + 1, this.capacity);
  }

  tick(): void {}
  forget(deviceId: string): void {
    this.states.delete(deviceId);
  }
  has(deviceId: string): boolean {
    return this.states.has(deviceId);
  }
  adopt(deviceId: string): void {
    const st = this.states.get(deviceId);
    if (st) {
      st.firing = true;
    } else {
      this.states.set(deviceId, {
        ring: new Float64Array(this.capacity),
        next: 0,
        filled: 0,
        over: 0,
        firing: true,
        clear: 0,
      });
    }
  }
  size(): number {
    return this.states.size;
  }
  /** Bytes held by the sample rings. */
  bytes(): number {
    return this.states.size * this.capacity * 8;
  }
}

export function createAgent(rule: RuleForAgent, options: AgentOptions): RuleAgent {
  switch (rule.kind) {
    case 'threshold':
      return new ThresholdAgent(rule, options);
    case 'rateOfChange':
      return new RateOfChangeAgent(rule, options);
    case 'absence':
      return new AbsenceAgent(rule, options);
    case 'flapping':
      return new FlappingAgent(rule);
    case 'anomaly':
      return new AnomalyAgent(rule, options);
  }
}
