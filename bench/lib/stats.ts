// Small helpers shared by the benchmarks: percentiles and the one-JSON-object report each bench prints.

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarise(samples: readonly number[]): {
  p50: number;
  p99: number;
  max: number;
  count: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    count: sorted.length,
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Every bench ends by printing exactly one JSON object on standard output. */
export function printReport(report: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}
