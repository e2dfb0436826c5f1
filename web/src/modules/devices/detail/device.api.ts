// REST calls of the device detail screen. Every body is parsed at the edge with the shared schemas; a 409
// on an action becomes a "busy" result naming who holds the radio, because that is an answer, not a
// failure, for an operator.
import {
  AuditListResponseSchema,
  type AuditEntry,
  type ConfigChange,
  ConfigChangeListSchema,
  type ConfigChangeRequest,
  ConfigChangeSchema,
  type ConfigVersion,
  ConfigVersionListSchema,
  ConfigVersionSchema,
  type ConfigVersionSummary,
  DeviceBusySchema,
  type DeviceDrift,
  DeviceDriftSchema,
  DeviceResponseSchema,
  RunningConfigResponseSchema,
  TelemetryResponseSchema,
  type DeviceResponseDto,
  type RunningConfigResponse,
  type TelemetryMetric,
  type TelemetryResponse,
} from '@wsnoc/shared';
import { ApiRequestError, apiRequest } from '@/infra/http.client';

export type { AuditEntry } from '@wsnoc/shared';

const path = (id: string, rest = ''): string => `/api/devices/${encodeURIComponent(id)}${rest}`;

export function fetchDevice(id: string, signal?: AbortSignal): Promise<DeviceResponseDto> {
  return apiRequest(path(id), { schema: DeviceResponseSchema, signal });
}

export function fetchTelemetry(
  id: string,
  range: { from: Date; to: Date },
  metrics: readonly TelemetryMetric[],
  signal?: AbortSignal,
): Promise<TelemetryResponse> {
  const query = new URLSearchParams({
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    metrics: metrics.join(','),
  });
  return apiRequest(path(id, `/telemetry?${query.toString()}`), { schema: TelemetryResponseSchema, signal });
}

/** The running configuration, read from the radio: its lines and the same parsed. */
export function fetchRunningConfig(id: string, signal?: AbortSignal): Promise<RunningConfigResponse> {
  return apiRequest(path(id, '/running-config'), { schema: RunningConfigResponseSchema, signal });
}

/** Null when the audit endpoint does not exist on this server yet (404). */
export async function fetchAudit(id: string, signal?: AbortSignal): Promise<AuditEntry[] | null> {
  try {
    const query = new URLSearchParams({ deviceId: id, limit: '20' });
    return (await apiRequest(`/api/audit?${query.toString()}`, { schema: AuditListResponseSchema, signal }))
      .items;
  } catch (error) {
    if (error instanceof ApiRequestError && error.kind === 'not-found') {
      return null;
    }
    throw error;
  }
}

export type DeviceAction = 'refresh' | 'reboot';

export interface Busy {
  kind: 'busy';
  owner: string;
  since: string;
  message: string;
}

export type ActionResult = { kind: 'done'; accepted: boolean } | Busy;

/** The holder a 409 names, when the 409 is a busy radio (and not, say, nothing to confirm). */
export function busyOf(error: unknown): Busy | null {
  if (!(error instanceof ApiRequestError) || error.kind !== 'conflict') {
    return null;
  }
  const busy = DeviceBusySchema.safeParse(error.details);
  return busy.success
    ? {
        kind: 'busy',
        owner: busy.data.holder.owner,
        since: busy.data.holder.since,
        message: busy.data.message,
      }
    : null;
}

export async function runDeviceAction(id: string, action: DeviceAction): Promise<ActionResult> {
  try {
    await apiRequest(path(id, `/actions/${action}`), { method: 'POST', body: {} });
    return { kind: 'done', accepted: true };
  } catch (error) {
    const busy = busyOf(error);
    if (busy) {
      return busy;
    }
    throw error;
  }
}

/** Sends a change through the console's command path; the answer is the verified before/after. */
export function applyConfig(id: string, request: ConfigChangeRequest): Promise<ConfigChange> {
  return apiRequest(path(id, '/config'), { method: 'POST', body: request, schema: ConfigChangeSchema });
}

export function confirmConfig(id: string): Promise<ConfigChange> {
  return apiRequest(path(id, '/config/confirm'), { method: 'POST', body: {}, schema: ConfigChangeSchema });
}

export function rollbackConfig(id: string): Promise<ConfigChange> {
  return apiRequest(path(id, '/config/rollback'), { method: 'POST', body: {}, schema: ConfigChangeSchema });
}

export async function fetchConfigChanges(id: string, signal?: AbortSignal): Promise<ConfigChange[]> {
  return (await apiRequest(path(id, '/config/changes'), { schema: ConfigChangeListSchema, signal })).items;
}

/** The device's configuration versions, newest first. */
export async function fetchConfigVersions(id: string, signal?: AbortSignal): Promise<ConfigVersionSummary[]> {
  return (await apiRequest(path(id, '/config/versions'), { schema: ConfigVersionListSchema, signal })).items;
}

/** One version with its lines and parsed values; a version never changes once taken. */
export function fetchConfigVersion(
  id: string,
  versionId: string,
  signal?: AbortSignal,
): Promise<ConfigVersion> {
  return apiRequest(path(id, `/config/versions/${encodeURIComponent(versionId)}`), {
    schema: ConfigVersionSchema,
    signal,
  });
}

/** Reads the running configuration from the radio now and keeps it as a version. */
export function pullConfigVersion(id: string): Promise<ConfigVersion> {
  return apiRequest(path(id, '/config/versions'), { method: 'POST', body: {}, schema: ConfigVersionSchema });
}

/** Puts a version back on the radio through the safe apply; the answer is the change it made. */
export function restoreConfigVersion(id: string, versionId: string): Promise<ConfigChange> {
  return apiRequest(path(id, `/config/versions/${encodeURIComponent(versionId)}/restore`), {
    method: 'POST',
    body: {},
    schema: ConfigChangeSchema,
  });
}

/** How the running configuration differs from the desired one (set by the bulk runs that changed it). */
export function fetchDeviceDrift(id: string, signal?: AbortSignal): Promise<DeviceDrift> {
  return apiRequest(path(id, '/config/drift'), { schema: DeviceDriftSchema, signal });
}
