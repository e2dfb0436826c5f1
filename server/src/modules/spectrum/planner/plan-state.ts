// A channel assignment and the interference it puts at every CPE on every channel, kept up to date move
// by move, so the search can price a retune by touching only the sites it couples with.
//
// The objective, per CPE: its predicted SINR in dB, capped where the lab's modulation ladder tops out
// (plus margin), with each dB below `tailSinrDb` counted (1 + tailWeight) times. Summed over CPEs this
// follows total throughput (the ladder gains about one rung per 3 dB, so throughput is close to linear
// in dB up to its cap) while giving the worst links extra pull, which is what lifts the 5th percentile.
// Raw interference power would instead chase the loudest couplings, which rarely decide a link.
import type { InterferenceGraph } from './interference-graph.js';

/** A link this far down is lost whatever happens; below it the objective stops counting. */
const SINR_FLOOR_DB = -20;
/** The ACLR table's last step (three channels or more): leakage there is treated as fixed. */
const FAR = 3;
/** 10 / ln 10: dB per unit of relative power change, for small changes. */
const DB_PER_NEPER = 4.342944819032518;
/** A relative change of interference-plus-noise this small moves SINR by under 0.0005 dB: not priced. */
const NEGLIGIBLE_CHANGE = 1e-4;

export class PlanState {
  /** Per site, its channel index, or -1 when it has none (not yet coloured, or nothing is allowed). */
  readonly channel: Int32Array;
  /** [cpe * channels + c]: interference on c from channels within two of c, mW at the reference frequency. */
  private readonly near: Float64Array;
  /** Per CPE: leakage from transmitters three channels or more away, the same on every channel. */
  private readonly far: Float64Array;
  /**
   * Per CPE on air: its SINR on its site's channel. Refreshed whenever something within two channels of
   * it changes; changes further off (63 dB down or more) leave it a hair stale until the next refresh.
   */
  private readonly sinr: Float64Array;
  /** CPE index to its site. */
  readonly cpeSite: Int32Array;
  private readonly C: number;
  private readonly cap: number;
  private readonly tail: number;
  private readonly tailWeight: number;

  constructor(readonly graph: InterferenceGraph) {
    const n = graph.sites.length;
    const cpes = graph.cpeStart[n]!;
    this.C = graph.channels;
    this.channel = new Int32Array(n).fill(-1);
    this.near = new Float64Array(cpes * this.C);
    this.far = new Float64Array(cpes);
    this.sinr = new Float64Array(cpes);
    this.cpeSite = new Int32Array(cpes);
    for (let i = 0; i < n; i++) {
      this.cpeSite.fill(i, graph.cpeStart[i], graph.cpeStart[i + 1]);
    }
    this.cap = graph.options.sinrCapDb;
    this.tail = graph.options.tailSinrDb;
    this.tailWeight = graph.options.tailWeight;
  }

  /** A copy with the same assignment, for comparing two starting points. */
  clone(): PlanState {
    const copy = new PlanState(this.graph);
    copy.channel.set(this.channel);
    copy.near.set(this.near);
    copy.far.set(this.far);
    copy.sinr.set(this.sinr);
    return copy;
  }

  utility(sinrDb: number): number {
    const s = Math.max(sinrDb, SINR_FLOOR_DB);
    return Math.min(s, this.cap) + this.tailWeight * Math.min(s - this.tail, 0);
  }

  /** Predicted SINR of CPE k on channel c (its own site transmitting there), from scratch. */
  sinrDb(k: number, c: number): number {
    const g = this.graph;
    const at = k * this.C + c;
    return (
      g.wantedGainDb[at]! +
      g.siteEirpDbm[this.cpeSite[k]! * this.C + c]! -
      10 * Math.log10(this.floorMw(k, c))
    );
  }

  /** Noise plus interference at CPE k on channel c, mW. */
  private floorMw(k: number, c: number): number {
    const at = k * this.C + c;
    return this.graph.cpeNoiseMw[k]! + (this.far[k]! + this.near[at]!) * this.graph.interferenceScale[at]!;
  }

  /**
   * The objective's change at CPE k, on its site's channel cv, if interference there changed by
   * `deltaMw` (at the reference frequency). Small changes are priced without a logarithm.
   */
  private utilityChange(k: number, cv: number, deltaMw: number): number {
    const x = (deltaMw * this.graph.interferenceScale[k * this.C + cv]!) / this.floorMw(k, cv);
    if (x < NEGLIGIBLE_CHANGE && x > -NEGLIGIBLE_CHANGE) {
      return 0;
    }
    const s = this.sinr[k]!;
    return this.utility(s - dbRise(x)) - this.utility(s);
  }

  /** Puts site i on channel c (-1: off air) and updates the interference at every CPE it couples with. */
  set(i: number, c: number): void {
    const old = this.channel[i]!;
    if (old === c) {
      return;
    }
    if (old >= 0) {
      this.radiate(i, old, -1);
    }
    this.channel[i] = c;
    if (c >= 0) {
      this.radiate(i, c, 1);
      for (let k = this.graph.cpeStart[i]!; k < this.graph.cpeStart[i + 1]!; k++) {
        this.sinr[k] = this.sinrDb(k, c);
      }
    }
  }

  private radiate(i: number, c: number, sign: number): void {
    const g = this.graph;
    const C = this.C;
    const eirp = g.siteEirpMw[i * C + c]! * sign;
    const aclr = g.aclrLinear;
    const farLeak = aclr[i * 4 + FAR]!;
    const lo = Math.max(0, c - FAR + 1);
    const hi = Math.min(C - 1, c + FAR - 1);
    for (let e = g.edgeStart[i]!; e < g.edgeStart[i + 1]!; e++) {
      const cv = this.channel[g.edgeVictim[e]!]!;
      const refresh = cv >= 0 && Math.abs(cv - c) < FAR;
      for (let p = g.couplingStart[e]!; p < g.couplingStart[e + 1]!; p++) {
        const k = g.couplingCpe[p]!;
        const power = g.couplingGain[p]! * eirp;
        this.far[k] = this.far[k]! + power * farLeak;
        const base = k * C;
        for (let ch = lo; ch <= hi; ch++) {
          this.near[base + ch] = this.near[base + ch]! + power * (aclr[i * 4 + Math.abs(ch - c)]! - farLeak);
        }
        if (refresh) {
          this.sinr[k] = this.sinrDb(k, cv);
        }
      }
    }
  }

  /** The objective of site i's own CPEs with i on channel c. */
  ownUtility(i: number, c: number): number {
    let sum = 0;
    for (let k = this.graph.cpeStart[i]!; k < this.graph.cpeStart[i + 1]!; k++) {
      sum += this.utility(this.sinrDb(k, c));
    }
    return sum;
  }

  /**
   * How much the objective would change if site i moved from its channel to c: its own CPEs, and the
   * CPEs of the sites it couples with on channels within two of either. Leakage three or more channels
   * away (63 dB down at the least) is left out of the price; `set` still books it exactly.
   */
  moveGain(i: number, c: number): number {
    const g = this.graph;
    const C = this.C;
    const a = this.channel[i]!;
    let gain = this.ownUtility(i, c) - (a >= 0 ? this.ownUtility(i, a) : 0);
    const eOld = a >= 0 ? g.siteEirpMw[i * C + a]! : 0;
    const eNew = g.siteEirpMw[i * C + c]!;
    for (let e = g.edgeStart[i]!; e < g.edgeStart[i + 1]!; e++) {
      const cv = this.channel[g.edgeVictim[e]!]!;
      if (cv < 0) {
        continue;
      }
      const dOld = a >= 0 ? Math.abs(cv - a) : FAR;
      const dNew = Math.abs(cv - c);
      if (dOld >= FAR && dNew >= FAR) {
        continue;
      }
      const delta =
        eNew * g.aclrLinear[i * 4 + Math.min(dNew, FAR)]! - eOld * g.aclrLinear[i * 4 + Math.min(dOld, FAR)]!;
      for (let p = g.couplingStart[e]!; p < g.couplingStart[e + 1]!; p++) {
        gain += this.utilityChange(g.couplingCpe[p]!, cv, g.couplingGain[p]! * delta);
      }
    }
    return gain;
  }

  /**
   * For site i, the objective's change for each channel it could take, against i off the air, into
   * `out` (NaN where it may not). A site on air stays where it is: its own contribution is taken out
   * of each CPE's sums on the fly, so a best-response visit that keeps its channel moves nothing. One
   * pass over its couplings serves every channel.
   */
  placementGains(i: number, out: Float64Array): void {
    const g = this.graph;
    const C = this.C;
    const a = this.channel[i]!;
    const eOld = a >= 0 ? g.siteEirpMw[i * C + a]! : 0;
    out.fill(Number.NaN);
    for (const c of g.eligible[i]!) {
      out[c] = this.ownUtility(i, c);
    }
    for (let e = g.edgeStart[i]!; e < g.edgeStart[i + 1]!; e++) {
      const cv = this.channel[g.edgeVictim[e]!]!;
      if (cv < 0) {
        continue;
      }
      const lo = Math.max(0, cv - FAR + 1);
      const hi = Math.min(C - 1, cv + FAR - 1);
      const oldLeak = a >= 0 ? eOld * g.aclrLinear[i * 4 + Math.min(Math.abs(cv - a), FAR)]! : 0;
      for (let p = g.couplingStart[e]!; p < g.couplingStart[e + 1]!; p++) {
        const k = g.couplingCpe[p]!;
        const scale = g.interferenceScale[k * C + cv]!;
        const gain = g.couplingGain[p]! * scale;
        // this CPE without i: its floor and SINR with i's present contribution taken out
        const floor = this.floorMw(k, cv) - gain * oldLeak;
        const s0 = this.sinr[k]! + dbRise((gain * oldLeak) / floor);
        const u0 = this.utility(s0);
        for (let c = lo; c <= hi; c++) {
          const x = (gain * g.siteEirpMw[i * C + c]! * g.aclrLinear[i * 4 + Math.abs(cv - c)]!) / floor;
          if (x >= NEGLIGIBLE_CHANGE) {
            out[c] = out[c]! + this.utility(s0 - dbRise(x)) - u0;
          }
        }
      }
    }
  }

  /** How many interfering neighbours of site i are on channel c. */
  conflictsAt(i: number, c: number): number {
    const g = this.graph;
    let n = 0;
    for (let p = g.strongStart[i]!; p < g.strongStart[i + 1]!; p++) {
      if (this.channel[g.strong[p]!] === c) {
        n++;
      }
    }
    return n;
  }

  /** Interfering neighbours sharing a channel, each pair once. */
  conflicts(): number {
    let n = 0;
    for (let i = 0; i < this.channel.length; i++) {
      if (this.channel[i]! >= 0) {
        n += this.conflictsAt(i, this.channel[i]!);
      }
    }
    return n / 2;
  }

  /** The objective over every CPE of every site on air, from scratch. */
  totalUtility(): number {
    let sum = 0;
    for (let i = 0; i < this.channel.length; i++) {
      const c = this.channel[i]!;
      if (c >= 0) {
        sum += this.ownUtility(i, c);
      }
    }
    return sum;
  }
}

/** How many dB a power rises by when it grows by the share x; a series for small x, no logarithm. */
function dbRise(x: number): number {
  if (x < 0.01 && x > -0.01) {
    return DB_PER_NEPER * x * (1 - x / 2);
  }
  return 10 * Math.log10(Math.max(1e-12, 1 + x));
}
