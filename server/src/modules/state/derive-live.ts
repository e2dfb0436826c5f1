// Turns a poll sample (or a failed poll) into the device's live row, and finds what changed.
import type { DeviceChange, DeviceLive, DeviceSample, DeviceStatus } from '@wsnoc/shared';
import { sampleMetrics } from '@/modules/telemetry/sample-metrics.js';

/** Below this SNR a link is called degraded: typical floor for 16-QAM on these radios. */
export const DEGRADED_SNR_DB = 15;

export function liveFromSample(previous: DeviceLive, sample: DeviceSample): DeviceLive {
  const { snrDb, rssiDbm, throughputMbps, clientsUp, clientsTotal } = sampleMetrics(sample, previous.role);
  const up = sample.links.filter((l) => l.up);
  const status = statusOf(previous.role, sample, snrDb, up.length);
  return {
    ...previous,
    status,
    since: status === previous.status ? previous.since : sample.at,
    lastPollAt: sample.at,
    lastError: null,
    channel: sample.radio.channel,
    txPowerDbm: sample.radio.txPowerDbm,
    transmitting: sample.radio.transmitting,
    temperatureC: sample.system.temperatureC,
    uptimeSec: sample.system.uptimeSec,
    snrDb,
    rssiDbm,
    throughputMbps,
    clientsUp,
    clientsTotal,
  };
}

function statusOf(
  role: DeviceLive['role'],
  sample: DeviceSample,
  snrDb: number | null,
  linksUp: number,
): DeviceStatus {
  if (!sample.radio.transmitting) {
    return 'muted';
  }
  if (role === 'cpe') {
    const link = sample.links[0];
    if (!link?.up) {
      return 'degraded';
    }
    return snrDb !== null && snrDb < DEGRADED_SNR_DB ? 'degraded' : 'up';
  }
  if (sample.links.length && linksUp < sample.links.length / 2) {
    return 'degraded';
  }
  return snrDb !== null && snrDb < DEGRADED_SNR_DB ? 'degraded' : 'up';
}

/** A failed poll: the measurements stay as last seen; only the error and, past K failures, the status move. */
export function liveFromFailure(
  previous: DeviceLive,
  error: string,
  unreachable: boolean,
  at: string,
): DeviceLive {
  const status: DeviceStatus = unreachable ? 'unreachable' : previous.status;
  return { ...previous, status, since: status === previous.status ? previous.since : at, lastError: error };
}

/** The fields of next that differ from previous, with the id; null when nothing changed. */
export function diffLive(previous: DeviceLive | undefined, next: DeviceLive): DeviceChange | null {
  if (!previous) {
    return { ...next };
  }
  const change: DeviceChange = { id: next.id };
  let changed = false;
  for (const key of Object.keys(next) as (keyof DeviceLive)[]) {
    const a = previous[key];
    const b = next[key];
    const same =
      Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((v, i) => v === b[i]) : a === b;
    if (!same) {
      (change as Record<string, unknown>)[key] = b;
      changed = true;
    }
  }
  return changed ? change : null;
}
