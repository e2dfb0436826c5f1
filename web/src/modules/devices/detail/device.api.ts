// REST calls of the device detail screen. Every body is parsed at the edge; a 409 on an action becomes a
// "busy" result naming who holds the radio, because that is an answer, not a failure, for an operator.
import {
  DeviceResponseSchema,
  TelemetryResponseSchema,
  type DeviceResponseDto,
  type TelemetryMetric,
  type TelemetryResponse,
} from '@wsnoc/shared';
import { z } from 'zod';
import { ApiRequestError, apiRequest } from '@/infra/http.client';

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

const RunningConfigSchema = z.object({ lines: z.array(z.string()) });

export async function fetchRunningConfig(id: string, signal?: AbortSignal): Promise<string[]> {
  return (await apiRequest(path(id, '/running-config'), { schema: RunningConfigSchema, signal })).lines;
}

export const AuditEntrySchema = z.object({
  id: z.union([z.string(), z.number()]),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  deviceId: z.string().nullable().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  outcome: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
const AuditListSchema = z.object({ items: z.array(AuditEntrySchema) });

/** Null when the audit endpoint does not exist on this server yet (404). */
export async function fetchAudit(id: string, signal?: AbortSignal): Promise<AuditEntry[] | null> {
  try {
    const query = new URLSearchParams({ deviceId: id, limit: '20' });
    return (await apiRequest(`/api/audit?${query.toString()}`, { schema: AuditListSchema, signal })).items;
  } catch (error) {
    if (error instanceof ApiRequestError && error.kind === 'not-found') {
      return null;
    }
    throw error;
  }
}

export type DeviceAction = 'refresh' | 'reboot';

const BusyDetailsSchema = z.object({
  message: z.string().optional(),
  holder: z.object({ owner: z.string(), since: z.string() }),
});

export type ActionResult =
  { kind: 'done'; accepted: boolean } | { kind: 'busy'; owner: string; since: string; message: string };

export async function runDeviceAction(id: string, action: DeviceAction): Promise<ActionResult> {
  try {
    await apiRequest(path(id, `/actions/${action}`), { method: 'POST', body: {} });
    return { kind: 'done', accepted: true };
  } catch (error) {
    if (error instanceof ApiRequestError && error.kind === 'conflict') {
      const busy = BusyDetailsSchema.safeParse(error.details);
      if (busy.success) {
        return {
          kind: 'busy',
          owner: busy.data.holder.owner,
          since: busy.data.holder.since,
          message: busy.data.message ?? error.message,
        };
      }
    }
    throw error;
  }
}
