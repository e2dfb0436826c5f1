import type { DeviceLive, DeviceResponseDto } from '@wsnoc/shared';
import type { DeviceEntity } from './device.entity.js';

export function mapDevice(device: DeviceEntity): DeviceResponseDto {
  return {
    id: device.id,
    name: device.name,
    role: device.role,
    host: device.host,
    port: device.port,
    username: device.username,
    site: device.site?.name ?? null,
    lat: device.lat,
    lon: device.lon,
    antennaHeightM: device.antennaHeightM,
    parentId: device.parentId,
    parentName: device.parent?.name ?? null,
    tags: device.tags,
    createdAt: device.createdAt.toISOString(),
    updatedAt: device.updatedAt.toISOString(),
  };
}

/** Every measured field of a live row, before the first poll says otherwise. */
export const UNMEASURED = {
  channel: null,
  txPowerDbm: null,
  transmitting: null,
  temperatureC: null,
  uptimeSec: null,
  snrDb: null,
  rssiDbm: null,
  throughputMbps: null,
  clientsUp: null,
  clientsTotal: null,
} as const satisfies Partial<DeviceLive>;

/** The live row of a device nobody has polled yet: inventory fields, everything measured unknown. */
export function initialLive(device: DeviceEntity, now: Date): DeviceLive {
  return {
    id: device.id,
    name: device.name,
    role: device.role,
    status: 'unknown',
    since: now.toISOString(),
    lastPollAt: null,
    lastError: null,
    site: device.site?.name ?? null,
    tags: device.tags,
    parentId: device.parentId,
    lat: device.lat,
    lon: device.lon,
    ...UNMEASURED,
  };
}
