import type { DeviceRole, DeviceSample, DeviceStatus } from '@wsnoc/shared';
import { sampleMetrics } from './sample-metrics.js';
import type { TelemetryRow } from './telemetry.types.js';

/** One poll as one history row; the link metrics are sampleMetrics', the same as the live row's. */
export function mapSampleToRow(sample: DeviceSample, role: DeviceRole, status: DeviceStatus): TelemetryRow {
  return {
    deviceId: sample.deviceId,
    at: new Date(sample.at),
    status,
    channel: sample.radio.channel,
    txPowerDbm: sample.radio.txPowerDbm,
    transmitting: sample.radio.transmitting,
    temperatureC: sample.system.temperatureC,
    uptimeSec: sample.system.uptimeSec,
    ...sampleMetrics(sample, role),
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
