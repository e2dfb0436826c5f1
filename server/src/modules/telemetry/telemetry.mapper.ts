import type { DeviceRole, DeviceSample, DeviceStatus, LinkSample } from '@wsnoc/shared';
import type { TelemetryRow } from './telemetry.types.js';

function mean(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}

/**
 * One poll as one history row. A CPE's link metrics are its own link's; a base station's are the mean
 * over its up links (the same rule as the live state row), with clients up / total beside them.
 */
export function mapSampleToRow(sample: DeviceSample, role: DeviceRole, status: DeviceStatus): TelemetryRow {
  const links: LinkSample[] = role === 'cpe' ? sample.links.slice(0, 1) : sample.links.filter((l) => l.up);
  return {
    deviceId: sample.deviceId,
    at: new Date(sample.at),
    status,
    channel: sample.radio.channel,
    txPowerDbm: sample.radio.txPowerDbm,
    transmitting: sample.radio.transmitting,
    temperatureC: sample.system.temperatureC,
    uptimeSec: sample.system.uptimeSec,
    snrDb: mean(links.map((l) => l.snrDb)),
    rssiDbm: mean(links.map((l) => l.rssiDbm)),
    noiseFloorDbm: mean(links.map((l) => l.noiseFloorDbm)),
    throughputMbps: mean(links.map((l) => l.throughputMbps)),
    clientsUp: role === 'base-station' ? sample.links.filter((l) => l.up).length : null,
    clientsTotal: role === 'base-station' ? sample.links.length : null,
    pollMs: sample.pollMs,
  };
}

/** A poll that failed: the device is known to be unreachable at that time, with nothing measured. */
export function unreachableRow(deviceId: string, at: Date, pollMs: number | null): TelemetryRow {
  return {
    deviceId,
    at,
    status: 'unreachable',
    channel: null,
    txPowerDbm: null,
    transmitting: null,
    temperatureC: null,
    uptimeSec: null,
    snrDb: null,
    rssiDbm: null,
    noiseFloorDbm: null,
    throughputMbps: null,
    clientsUp: null,
    clientsTotal: null,
    pollMs,
  };
}
