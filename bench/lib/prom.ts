// Reads the console's Prometheus text (GET /api/metrics): counters and histograms, their deltas over a
// window, and quantiles interpolated within buckets the way PromQL's histogram_quantile does.

/** Every sample line, keyed by its name and labels exactly as printed (`name{a="b"}`). */
export type PromSamples = Map<string, number>;

export function parsePrometheus(text: string): PromSamples {
  const samples: PromSamples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

const hasLabels = (key: string, labels: Record<string, string>): boolean =>
  Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`));

/** Sum of every series of a metric whose labels include all of `labels` (a counter with no labels too). */
export function sumOf(samples: PromSamples, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const [key, value] of samples) {
    const brace = key.indexOf('{');
    const keyName = brace < 0 ? key : key.slice(0, brace);
    if (keyName !== name) {
      continue;
    }
    if (hasLabels(key, labels)) {
      total += value;
    }
  }
  return total;
}

/** Every label value of a counter, with its value: e.g. wsnoc_polls_total by outcome. */
export function byLabel(samples: PromSamples, name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const pattern = new RegExp(`^${name}\\{.*${label}="([^"]*)"`);
  for (const [key, value] of samples) {
    const match = pattern.exec(key);
    if (match) {
      out[match[1]!] = (out[match[1]!] ?? 0) + value;
    }
  }
  return out;
}

export interface Bucket {
  /** Upper bound in the metric's unit; Infinity for +Inf. */
  le: number;
  /** Cumulative count. */
  count: number;
}

/**
 * A histogram's cumulative buckets, summed over every series whose labels include all of `labels` (as
 * PromQL's `sum by (le)`): with no labels, one histogram across e.g. both poll lanes; with `{lane:
 * 'healthy'}`, that lane's alone. Without the sum, a labelled histogram would give each bound twice.
 */
export function buckets(samples: PromSamples, name: string, labels: Record<string, string> = {}): Bucket[] {
  const byBound = new Map<number, number>();
  const pattern = new RegExp(`^${name}_bucket\\{.*le="([^"]+)"`);
  for (const [key, value] of samples) {
    const match = pattern.exec(key);
    if (match && hasLabels(key, labels)) {
      const le = match[1] === '+Inf' ? Infinity : Number(match[1]);
      byBound.set(le, (byBound.get(le) ?? 0) + value);
    }
  }
  return [...byBound].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/** What happened between two scrapes: cumulative bucket counts minus their earlier values. */
export function bucketDelta(before: Bucket[], after: Bucket[]): Bucket[] {
  return after.map((b) => ({
    le: b.le,
    count: b.count - (before.find((x) => x.le === b.le)?.count ?? 0),
  }));
}

/**
 * The q-quantile (0-1) of a histogram, linearly interpolated within the bucket that holds it (the first
 * bucket starts at 0). A quantile that falls in +Inf is reported as the last finite bound, flagged.
 */
export function histogramQuantile(
  q: number,
  histogram: Bucket[],
): { value: number; aboveLastBucket: boolean } {
  const total = histogram[histogram.length - 1]?.count ?? 0;
  if (total <= 0) {
    return { value: Number.NaN, aboveLastBucket: false };
  }
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of histogram) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) {
        return { value: lowerBound, aboveLastBucket: true };
      }
      const inBucket = bucket.count - lowerCount;
      const fraction = inBucket > 0 ? (rank - lowerCount) / inBucket : 1;
      return { value: lowerBound + (bucket.le - lowerBound) * fraction, aboveLastBucket: false };
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return { value: lowerBound, aboveLastBucket: true };
}
