// Reads a V8 .cpuprofile (node --cpu-prof) and ranks functions by self time, optionally only over a
// window. V8 stamps samples with the monotonic clock in microseconds, the same clock as the bench's
// process.hrtime, so a window measured by the bench selects the samples the console took within it.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TopFrame {
  frame: string;
  selfPercent: number;
}

/** Monotonic now in microseconds, on the profile's clock. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * The `limit` functions with the most self time between fromUs and toUs (the whole profile without
 * them), as a share of the busy samples in that span: "(idle)", the event loop waiting, is left out of
 * the ranking and reported as its own share of the whole span.
 */
export function topFrames(
  file: string,
  window: { fromUs?: number; toUs?: number } = {},
  limit = 12,
): { samples: number; idlePercent: number; top: TopFrame[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  let idle = 0;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (
      (window.fromUs !== undefined && t < window.fromUs) ||
      (window.toUs !== undefined && t > window.toUs)
    ) {
      continue;
    }
    // a sample's weight is the time until the next one, as DevTools counts it
    const weight = profile.timeDeltas[i + 1] ?? delta;
    const node = byId.get(profile.samples[i]!);
    if (!node) {
      continue;
    }
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|dist|src)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    samples++;
    if (functionName === '(idle)') {
      idle += weight;
      continue;
    }
    selfUs.set(key, (selfUs.get(key) ?? 0) + weight);
    total += weight;
  }
  const top = [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([frame, us]) => ({ frame, selfPercent: Math.round((us / Math.max(1, total)) * 1000) / 10 }));
  return { samples, idlePercent: Math.round((idle / Math.max(1, idle + total)) * 1000) / 10, top };
}
