// Owns how one poll's sample becomes the link metrics the console shows: the live row (state/derive-live.ts)
// and the history row (telemetry.mapper.ts) both take them from here, so the number under a label is the
// same live and in a chart. Pure and dependency-free so both paths (and the bench) can call it.
import type { DeviceRole, DeviceSample, LinkSample } from '@wsnoc/shared';

export interface SampleMetrics {
  /** Mean over the up links; null when none is up or none reports it. */
  snrDb: number | null;
  /** Mean over the up links; null when none is up or none reports it. */
  rssiDbm: number | null;
  /**
   * Mean over every link that reports it, up or not: the noise floor is what the receiver hears on the
   * channel, and is most worth seeing exactly when a link has dropped.
   */
  noiseFloorDbm: number | null;
  /**
   * Sum over the up links: what the radio carries. For a base station that is the sector's throughput,
   * which is what an operator means by it; a CPE has one link, so it is that link's. 0 when nothing is up
   * (a measured nothing, not an unknown).
   */
  throughputMbps: number;
  /** Base station only: its CPEs with a link up, and all it serves; null for a CPE. */
  clientsUp: number | null;
  clientsTotal: number | null;
}

// The radio prints one decimal. Means of those, and float sums (40.1 + 20.2), would otherwise carry
// noise digits that make the live feed send a change for nothing and the chart disagree with the table.
const round1 = (n: number): number => Math.round(n * 10) / 10;

function meanOf(links: readonly LinkSample[], pick: (l: LinkSample) => number | null): number | null {
  let sum = 0;
  let n = 0;
  for (const link of links) {
    const v = pick(link);
    if (v !== null && Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? null : round1(sum / n);
}

export function sampleMetrics(sample: DeviceSample, role: DeviceRole): SampleMetrics {
  const up = sample.links.filter((l) => l.up);
  let throughput = 0;
  for (const link of up) {
    throughput += link.throughputMbps;
  }
  const isBaseStation = role === 'base-station';
  return {
    snrDb: meanOf(up, (l) => l.snrDb),
    rssiDbm: meanOf(up, (l) => l.rssiDbm),
    noiseFloorDbm: meanOf(sample.links, (l) => l.noiseFloorDbm),
    throughputMbps: round1(throughput),
    clientsUp: isBaseStation ? up.length : null,
    clientsTotal: isBaseStation ? sample.links.length : null,
  };
}
