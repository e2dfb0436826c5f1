// Devices as the console knows them: inventory (REST), polling samples (driver -> state), and the live
// state row that the table, the map and the live feed share.
import { z } from 'zod';
import { RadioConfigSchema } from './config.schema.js';

export const DEVICE_ROLES = ['base-station', 'cpe'] as const;
export const DeviceRoleSchema = z.enum(DEVICE_ROLES);
export type DeviceRole = z.infer<typeof DeviceRoleSchema>;

/**
 * up: polled fine and transmitting / linked. degraded: reachable but a link or metric is poor.
 * muted: reachable and deliberately not transmitting (or its base station is). unreachable: K polls in a
 * row failed. unknown: not polled yet.
 */
export const DEVICE_STATUSES = ['up', 'degraded', 'muted', 'unreachable', 'unknown'] as const;
export const DeviceStatusSchema = z.enum(DEVICE_STATUSES);
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

// Anything that may reach a radio's CLI: printable, no control characters, no newline.
const CLI_SAFE = /^[\x21-\x7e]+$/;

/** A string field whose error says plainly when it is missing. */
const text = (what: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`),
  });

const cliText = (what: string, max = 64) =>
  text(what)
    .min(1, `${what} is required`)
    .max(max)
    .regex(CLI_SAFE, `${what} must be printable ASCII without spaces or control characters`);

const hostname = text('host')
  .min(1, 'host is required')
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'host must be an IP address or a DNS name');

// A name a person reads (a site, a hamlet): spaces are fine, control characters never (Postgres refuses
// a NUL, and a newline would break a CSV export or a log line).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL = /^[^\x00-\x1f\x7f]*$/;
const plainText = (what: string, max: number) =>
  text(what)
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is at most ${max} characters`)
    .regex(NO_CONTROL, `${what} must not contain control characters`);

const DEVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const deviceName = (what: string) =>
  text(what)
    .min(1, `${what} is required`)
    .max(64, `${what} is at most 64 characters`)
    .regex(DEVICE_NAME, `${what} may hold letters, digits, dot, dash and underscore`);

/** One definition per field; create and update differ only in what is required and what defaults. */
const DEVICE_FIELDS = {
  name: deviceName('name'),
  role: z.enum(DEVICE_ROLES, {
    error: (issue) =>
      issue.input === undefined ? 'role is required' : `role must be one of ${DEVICE_ROLES.join(', ')}`,
  }),
  host: hostname,
  port: z.coerce.number().int().min(1).max(65535),
  username: cliText('username'),
  password: cliText('password', 128),
  site: plainText('site', 64),
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
  antennaHeightM: z.coerce.number().min(0).max(500),
  /** Name of the base station a CPE hangs off. */
  parent: deviceName('parent'),
  tags: z
    .array(
      z
        .string()
        .min(1)
        .max(32)
        .regex(/^[\w.-]+$/, 'tags hold letters, digits, dot, dash, underscore'),
    )
    .max(32),
};

export const DeviceCreateSchema = z.object({
  ...DEVICE_FIELDS,
  port: DEVICE_FIELDS.port.default(23),
  site: DEVICE_FIELDS.site.optional(),
  lat: DEVICE_FIELDS.lat.optional(),
  lon: DEVICE_FIELDS.lon.optional(),
  antennaHeightM: DEVICE_FIELDS.antennaHeightM.optional(),
  parent: DEVICE_FIELDS.parent.optional(),
  tags: DEVICE_FIELDS.tags.default([]),
});
export type DeviceCreateDto = z.infer<typeof DeviceCreateSchema>;

/**
 * A PATCH names the fields it changes and nothing else: no defaults are applied. null clears an optional
 * field (site, position, antenna height, parent). Changing host, port or username needs the password
 * again (checked by the server, which knows the stored values), so a stored password never follows a
 * device to an address an operator typed.
 */
export const DeviceUpdateSchema = z
  .object({
    name: DEVICE_FIELDS.name.optional(),
    role: DEVICE_FIELDS.role.optional(),
    host: DEVICE_FIELDS.host.optional(),
    port: DEVICE_FIELDS.port.optional(),
    username: DEVICE_FIELDS.username.optional(),
    password: DEVICE_FIELDS.password.optional(),
    site: DEVICE_FIELDS.site.nullable().optional(),
    lat: DEVICE_FIELDS.lat.nullable().optional(),
    lon: DEVICE_FIELDS.lon.nullable().optional(),
    antennaHeightM: DEVICE_FIELDS.antennaHeightM.nullable().optional(),
    parent: DEVICE_FIELDS.parent.nullable().optional(),
    tags: DEVICE_FIELDS.tags.optional(),
  })
  .strict();
export type DeviceUpdateDto = z.infer<typeof DeviceUpdateSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `:id` of every device route. Checked before any lookup, so a malformed id never reaches Postgres. */
export const DeviceIdSchema = z.string().regex(UUID, 'id must be a device id (a UUID)');

export const DeviceResponseSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  role: DeviceRoleSchema,
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  site: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  antennaHeightM: z.number().nullable(),
  parentId: z.string().uuid().nullable(),
  parentName: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
export type DeviceResponseDto = z.infer<typeof DeviceResponseSchema>;

/** One link as a base station reports it (show clients) or a CPE reports its own (show link). */
export const LinkSampleSchema = z.object({
  peer: z.string().describe('CPE hostname (from a base station) or base station id (from a CPE)'),
  mac: z.string().nullable(),
  up: z.boolean(),
  rssiDbm: z.number().nullable(),
  snrDb: z.number().nullable(),
  noiseFloorDbm: z.number().nullable(),
  throughputMbps: z.number(),
  distanceKm: z.number().nullable(),
  modulation: z.string().nullable(),
});
export type LinkSample = z.infer<typeof LinkSampleSchema>;

/** What one poll of one radio yields, parsed from its CLI. */
export const DeviceSampleSchema = z.object({
  deviceId: z.string(),
  at: z.string().datetime(),
  pollMs: z.number(),
  system: z.object({
    hostname: z.string(),
    model: z.string(),
    serial: z.string(),
    firmware: z.string(),
    uptimeSec: z.number(),
    temperatureC: z.number(),
  }),
  radio: z.object({
    channel: z.number().int().nullable(),
    frequencyMHz: z.number().nullable(),
    bandwidthMHz: z.number(),
    txPowerDbm: z.number(),
    enabled: z.boolean(),
    transmitting: z.boolean(),
    /** The band plan the radio runs under, when it says (`show radio` ruleset). */
    ruleset: z.enum(['etsi', 'fcc']).nullable().optional(),
    /** ETSI EN 301 598 emission class 1-5, when the radio says. */
    emissionClass: z.number().int().min(1).max(5).nullable().optional(),
  }),
  links: z.array(LinkSampleSchema),
});
export type DeviceSample = z.infer<typeof DeviceSampleSchema>;

/** The latest state of one device: one Redis hash, one table row, one map marker. */
export const DeviceLiveSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: DeviceRoleSchema,
  status: DeviceStatusSchema,
  /** When the status last changed. */
  since: z.string().datetime(),
  lastPollAt: z.string().datetime().nullable(),
  lastError: z.string().nullable(),
  site: z.string().nullable(),
  tags: z.array(z.string()),
  parentId: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  channel: z.number().int().nullable(),
  txPowerDbm: z.number().nullable(),
  transmitting: z.boolean().nullable(),
  temperatureC: z.number().nullable(),
  uptimeSec: z.number().nullable(),
  /** SNR and RSSI: the mean over the up links (a CPE has one). Same numbers as the history row. */
  snrDb: z.number().nullable(),
  rssiDbm: z.number().nullable(),
  /** The sum over the up links: a base station's is its sector's throughput. */
  throughputMbps: z.number().nullable(),
  clientsUp: z.number().int().nullable(),
  clientsTotal: z.number().int().nullable(),
});
export type DeviceLive = z.infer<typeof DeviceLiveSchema>;

/** Every column of the device table sorts, through the API as in the browser (device-query.ts). */
export const DEVICE_SORT_FIELDS = [
  'name',
  'role',
  'status',
  'site',
  'channel',
  'snrDb',
  'rssiDbm',
  'throughputMbps',
  'txPowerDbm',
  'clients',
  'temperatureC',
  'uptimeSec',
  'tags',
  'lastPollAt',
  'since',
  'lastError',
] as const;
export type DeviceSortField = (typeof DEVICE_SORT_FIELDS)[number];

/** Longest free-text search, in characters. */
export const DEVICE_QUERY_TEXT_MAX = 100;

const commaList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .optional();

export const DeviceListQuerySchema = z.object({
  status: commaList.pipe(z.array(DeviceStatusSchema).optional()),
  role: DeviceRoleSchema.optional(),
  site: z.string().optional(),
  tag: z.string().optional(),
  channel: z.coerce.number().int().optional(),
  /** A base station's id: the CPEs behind it, and itself. */
  parent: z.string().optional(),
  /** Free text, matched without case against name, site, tags and last error. */
  q: z.string().max(DEVICE_QUERY_TEXT_MAX).optional(),
  sort: z.enum(DEVICE_SORT_FIELDS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});
export type DeviceListQuery = z.infer<typeof DeviceListQuerySchema>;

export const DeviceListResponseSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  items: z.array(DeviceLiveSchema),
});
export type DeviceListResponse = z.infer<typeof DeviceListResponseSchema>;

export const DeviceImportLineSchema = z.object({
  line: z.number().int(),
  name: z.string().nullable(),
  outcome: z.enum(['created', 'updated', 'error']),
  errors: z.array(z.string()),
});
export const DeviceImportReportSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
  lines: z.array(DeviceImportLineSchema),
});
export type DeviceImportReport = z.infer<typeof DeviceImportReportSchema>;

export const TELEMETRY_METRICS = [
  'snrDb',
  'rssiDbm',
  'noiseFloorDbm',
  'throughputMbps',
  'txPowerDbm',
  'temperatureC',
] as const;
export const TelemetryMetricSchema = z.enum(TELEMETRY_METRICS);
export type TelemetryMetric = z.infer<typeof TelemetryMetricSchema>;

export const TelemetryQuerySchema = z.object({
  from: z.string().datetime({ message: 'from must be an ISO 8601 UTC time' }),
  to: z.string().datetime({ message: 'to must be an ISO 8601 UTC time' }),
  metrics: commaList.pipe(z.array(TelemetryMetricSchema).min(1).optional()),
});
export type TelemetryQuery = z.infer<typeof TelemetryQuerySchema>;

export const TelemetryResponseSchema = z.object({
  deviceId: z.string(),
  resolution: z.enum(['raw', '1m', '1h']),
  from: z.string(),
  to: z.string(),
  /** Column-oriented, ready for uPlot: t in epoch seconds, one array per metric (null where absent). */
  t: z.array(z.number()),
  series: z.record(z.string(), z.array(z.number().nullable())),
});
export type TelemetryResponse = z.infer<typeof TelemetryResponseSchema>;

export const RunningConfigResponseSchema = z.object({
  /** The radio's `show running-config`, one `set ...` line each. */
  lines: z.array(z.string()),
  /** The same, parsed. */
  config: RadioConfigSchema,
});
export type RunningConfigResponse = z.infer<typeof RunningConfigResponseSchema>;

export const ActionAcceptedSchema = z.object({ accepted: z.literal(true) });
export type ActionAccepted = z.infer<typeof ActionAcceptedSchema>;

export const DeviceLockHolderSchema = z.object({ owner: z.string(), since: z.string() });
export const DeviceLockResponseSchema = z.object({ holder: DeviceLockHolderSchema.nullable() });
export type DeviceLockResponse = z.infer<typeof DeviceLockResponseSchema>;

export const DeviceBusySchema = z.object({
  statusCode: z.literal(409),
  error: z.string(),
  message: z.string(),
  holder: z.object({ owner: z.string(), since: z.string() }),
});
