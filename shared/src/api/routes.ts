// The REST contract in one table: every route, who may call it, and the zod schemas of its bodies.
// The server's OpenAPI document is generated from this table, and a server test fails when a controller
// route is missing here or a listed route has no controller, so the two cannot drift apart.
import { type z } from 'zod';
import { LoginRequestSchema, UserResponseSchema, type UserRole } from '../auth/auth.schema.js';
import { AuditListQuerySchema, AuditListResponseSchema } from '../audit/audit.schema.js';
import {
  ActionAcceptedSchema,
  DeviceCreateSchema,
  DeviceImportReportSchema,
  DeviceListQuerySchema,
  DeviceListResponseSchema,
  DeviceLiveSchema,
  DeviceLockResponseSchema,
  DeviceResponseSchema,
  DeviceUpdateSchema,
  RunningConfigResponseSchema,
  TelemetryQuerySchema,
  TelemetryResponseSchema,
} from '../devices/device.schema.js';
import {
  ConfigChangeListSchema,
  ConfigChangeRequestSchema,
  ConfigChangeSchema,
} from '../devices/config.schema.js';
import { HealthResponseSchema } from '../health/health.schema.js';
import {
  FleetPlanPreviewSchema,
  PlanRunSchema,
  SpectrumRecordListSchema,
  SpectrumRecordQuerySchema,
  SpectrumStationDetailSchema,
  SpectrumStationListSchema,
} from '../spectrum/spectrum.schema.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRoute {
  method: HttpMethod;
  /** Express-style path under /api, e.g. /devices/:id */
  path: string;
  summary: string;
  tag: string;
  access: 'public' | UserRole[];
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** Content type of a non-JSON success body. */
  produces?: string;
  status?: number;
}

export const API_ROUTES: ApiRoute[] = [
  {
    method: 'GET',
    path: '/health',
    summary: 'Status of the database and the cache, version and uptime; 503 when a dependency is down',
    tag: 'operations',
    access: 'public',
    response: HealthResponseSchema,
  },
  {
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tag: 'operations',
    access: 'public',
    produces: 'text/plain',
  },
  {
    method: 'POST',
    path: '/auth/login',
    summary: 'Sign in; sets an httpOnly session cookie. 401 on wrong credentials, 429 when throttled',
    tag: 'auth',
    access: 'public',
    body: LoginRequestSchema,
    response: UserResponseSchema,
  },
  {
    method: 'POST',
    path: '/auth/logout',
    summary: 'Sign out and clear the session cookie',
    tag: 'auth',
    access: ['viewer', 'operator'],
    status: 204,
  },
  {
    method: 'GET',
    path: '/auth/me',
    summary: 'The signed-in user',
    tag: 'auth',
    access: ['viewer', 'operator'],
    response: UserResponseSchema,
  },
  {
    method: 'GET',
    path: '/docs',
    summary: 'This API, in Swagger UI',
    tag: 'operations',
    access: ['viewer', 'operator'],
    produces: 'text/html',
  },
  {
    method: 'GET',
    path: '/docs/init.js',
    summary: 'Swagger UI start-up script',
    tag: 'operations',
    access: ['viewer', 'operator'],
    produces: 'text/javascript',
  },
  {
    method: 'GET',
    path: '/docs-json',
    summary: 'This OpenAPI document',
    tag: 'operations',
    access: ['viewer', 'operator'],
  },
  {
    method: 'GET',
    path: '/devices',
    summary: 'The fleet from the live state, filtered, sorted and paged',
    tag: 'devices',
    access: ['viewer', 'operator'],
    query: DeviceListQuerySchema,
    response: DeviceListResponseSchema,
  },
  {
    method: 'POST',
    path: '/devices',
    summary: 'Add a device to the inventory; it is polled at once',
    tag: 'devices',
    access: ['operator'],
    body: DeviceCreateSchema,
    response: DeviceResponseSchema,
    status: 201,
  },
  {
    method: 'POST',
    path: '/devices/import',
    summary: 'Import devices from CSV (text/csv); a report per line, bad lines never block good ones',
    tag: 'devices',
    access: ['operator'],
    response: DeviceImportReportSchema,
    status: 201,
  },
  {
    method: 'GET',
    path: '/devices/:id',
    summary: 'One device from the inventory',
    tag: 'devices',
    access: ['viewer', 'operator'],
    response: DeviceResponseSchema,
  },
  {
    method: 'PATCH',
    path: '/devices/:id',
    summary: 'Change a device in the inventory',
    tag: 'devices',
    access: ['operator'],
    body: DeviceUpdateSchema,
    response: DeviceResponseSchema,
  },
  {
    method: 'DELETE',
    path: '/devices/:id',
    summary: 'Remove a device from the inventory',
    tag: 'devices',
    access: ['operator'],
    status: 204,
  },
  {
    method: 'GET',
    path: '/devices/:id/telemetry',
    summary: 'History of a device; the resolution (raw, 1 min, 1 h) follows the range',
    tag: 'devices',
    access: ['viewer', 'operator'],
    query: TelemetryQuerySchema,
    response: TelemetryResponseSchema,
  },
  {
    method: 'GET',
    path: '/devices/:id/lock',
    summary: 'Who holds the radio now (an operator action or a poll), or null',
    tag: 'devices',
    access: ['viewer', 'operator'],
    response: DeviceLockResponseSchema,
  },
  {
    method: 'GET',
    path: '/devices/:id/running-config',
    summary: 'Read the running configuration from the radio (under its lock; 409 when busy)',
    tag: 'devices',
    access: ['operator'],
    response: RunningConfigResponseSchema,
  },
  {
    method: 'POST',
    path: '/devices/:id/actions/refresh',
    summary: 'Poll the radio now (under its lock; 409 names who holds it)',
    tag: 'devices',
    access: ['operator'],
    response: DeviceLiveSchema,
  },
  {
    method: 'POST',
    path: '/devices/:id/actions/reboot',
    summary: 'Reboot the radio (under its lock; 409 names who holds it)',
    tag: 'devices',
    access: ['operator'],
    response: ActionAcceptedSchema,
    status: 202,
  },
  {
    method: 'POST',
    path: '/devices/:id/config',
    summary:
      "Change the radio's configuration through the command path: under its lock, read back and verified, audited. 400 for a value the radio would refuse (nothing is sent); mode confirmed reverts by itself unless confirmed",
    tag: 'devices',
    access: ['operator'],
    body: ConfigChangeRequestSchema,
    response: ConfigChangeSchema,
  },
  {
    method: 'POST',
    path: '/devices/:id/config/confirm',
    summary: 'Confirm the pending `commit confirmed`; 409 when none waits or the radio already reverted',
    tag: 'devices',
    access: ['operator'],
    response: ConfigChangeSchema,
  },
  {
    method: 'POST',
    path: '/devices/:id/config/rollback',
    summary: 'Undo the newest change still in effect: its fields go back to their before values, verified',
    tag: 'devices',
    access: ['operator'],
    response: ConfigChangeSchema,
  },
  {
    method: 'GET',
    path: '/devices/:id/config/changes',
    summary: 'Configuration changes of the radio, newest first, with their status (reverted, confirmed...)',
    tag: 'devices',
    access: ['viewer', 'operator'],
    response: ConfigChangeListSchema,
  },
  {
    method: 'GET',
    path: '/spectrum/stations',
    summary:
      'Every base station under spectrum management: its grant (channel, power, until when), next check, watchdog deadline, mutes and alarms',
    tag: 'spectrum',
    access: ['viewer', 'operator'],
    response: SpectrumStationListSchema,
  },
  {
    method: 'GET',
    path: '/spectrum/stations/:id',
    summary: 'One base station under spectrum management, with the schedule of what its site permits',
    tag: 'spectrum',
    access: ['viewer', 'operator'],
    response: SpectrumStationDetailSchema,
  },
  {
    method: 'POST',
    path: '/spectrum/stations/:id/check',
    summary: 'Check this base station with the white-space database now, rather than at its next due time',
    tag: 'spectrum',
    access: ['operator'],
    response: ActionAcceptedSchema,
    status: 202,
  },
  {
    method: 'POST',
    path: '/spectrum/plans',
    summary:
      'Re-plan the fleet channels from the grants in force: per-site changes and the predicted gain; nothing is sent to a radio',
    tag: 'spectrum',
    access: ['operator'],
    response: FleetPlanPreviewSchema,
  },
  {
    method: 'POST',
    path: '/spectrum/plans/:planId/apply',
    summary:
      'Apply a previewed plan through the command path, in an order that never puts two interfering neighbours on one channel; progress on the feed',
    tag: 'spectrum',
    access: ['operator'],
    response: PlanRunSchema,
    status: 202,
  },
  {
    method: 'GET',
    path: '/spectrum/plans/:planId/run',
    summary: 'Progress of a plan being applied',
    tag: 'spectrum',
    access: ['viewer', 'operator'],
    response: PlanRunSchema,
  },
  {
    method: 'GET',
    path: '/spectrum/records',
    summary:
      'The compliance record: every registration, check, selection, change and mute, for any period and radio, as JSON or CSV (format=csv)',
    tag: 'spectrum',
    access: ['viewer', 'operator'],
    query: SpectrumRecordQuerySchema,
    response: SpectrumRecordListSchema,
  },
  {
    method: 'GET',
    path: '/audit',
    summary: 'Audit entries, newest first: who did what to which device, from what to what',
    tag: 'audit',
    access: ['viewer', 'operator'],
    query: AuditListQuerySchema,
    response: AuditListResponseSchema,
  },
];
