// Spectrum management as the console shows it: each base station's grant lifecycle (what the white-space
// database allows where it stands, what it transmits, when it is checked again, when the watchdog would
// mute it) and the compliance record (every check, selection, change and mute), for REST and the feed.
import { z } from 'zod';

/**
 * unmanaged: spectrum management is off (no WSDB_URL), or the radio has not been polled yet.
 * checking: the first check is under way. granted: transmitting inside a fresh grant. muted: muted by
 * the watchdog (permission lapsed, or no permitted channel), waiting for a fresh grant. fatal: the
 * database refused this device for good (-101, -102) or its configuration (-201, -202); an operator must act.
 */
export const STATION_PHASES = ['unmanaged', 'checking', 'granted', 'muted', 'fatal'] as const;
export type StationPhase = (typeof STATION_PHASES)[number];

export const ChannelPermitSchema = z.object({
  channel: z.number().int(),
  /** EIRP over the channel width, dBm. */
  maxEirpDbm: z.number(),
});
export type ChannelPermit = z.infer<typeof ChannelPermitSchema>;

/** One slice of a schedule: from inclusive, to exclusive. */
export const AvailabilitySliceSchema = z.object({
  from: z.string().datetime(),
  to: z.string().datetime(),
  channels: z.array(ChannelPermitSchema),
});
export type AvailabilitySlice = z.infer<typeof AvailabilitySliceSchema>;

export const StationGrantSchema = z.object({
  channel: z.number().int(),
  eirpDbm: z.number(),
  grantedAt: z.string().datetime(),
  /** Until when the channel stays permitted at this power, by the last schedule. */
  validUntil: z.string().datetime(),
});
export type StationGrant = z.infer<typeof StationGrantSchema>;

export const SpectrumStationSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  site: z.string().nullable(),
  phase: z.enum(STATION_PHASES),
  ruleset: z.enum(['etsi', 'fcc']).nullable(),
  emissionClass: z.number().int().nullable(),
  /** The position sent to the database: the radio's own GPS when it answered, else the inventory's. */
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  locatedBy: z.enum(['gps', 'inventory']).nullable(),
  registeredAt: z.string().datetime().nullable(),
  lastCheckAt: z.string().datetime().nullable(),
  /** Why the last check failed, while none has succeeded since. */
  lastCheckError: z.object({ at: z.string().datetime(), message: z.string() }).nullable(),
  nextCheckAt: z.string().datetime().nullable(),
  maxPollingSecs: z.number().nullable(),
  grant: StationGrantSchema.nullable(),
  /** The watchdog's deadline: the radio is muted then unless a fresh check extends the grant. */
  muteAt: z.string().datetime().nullable(),
  mutedBySpectrum: z.boolean(),
  muteReason: z.string().nullable(),
  alarm: z.string().nullable(),
  alarmAt: z.string().datetime().nullable(),
  /** Channels permitted now, from the last check. */
  permittedNow: z.array(ChannelPermitSchema),
  database: z.string().nullable(),
});
export type SpectrumStation = z.infer<typeof SpectrumStationSchema>;

export const SpectrumStationDetailSchema = SpectrumStationSchema.extend({
  schedule: z.array(AvailabilitySliceSchema),
});
export type SpectrumStationDetail = z.infer<typeof SpectrumStationDetailSchema>;

export const SpectrumStationListSchema = z.object({
  enabled: z.boolean(),
  database: z.string().nullable(),
  items: z.array(SpectrumStationSchema),
});
export type SpectrumStationList = z.infer<typeof SpectrumStationListSchema>;

/** Everything the compliance record holds, one kind per event. */
export const SPECTRUM_RECORD_KINDS = [
  'registered',
  'checked',
  'check-failed',
  'selected',
  'notified',
  'configured',
  'configure-failed',
  'muted',
  'mute-failed',
  'unmuted',
  'cpe-limited',
  'alarm',
  'alarm-cleared',
  'database-switched',
] as const;
export type SpectrumRecordKind = (typeof SPECTRUM_RECORD_KINDS)[number];

export const SpectrumRecordSchema = z.object({
  id: z.string(),
  at: z.string().datetime(),
  deviceId: z.string().nullable(),
  deviceName: z.string().nullable(),
  kind: z.enum(SPECTRUM_RECORD_KINDS),
  channel: z.number().int().nullable(),
  eirpDbm: z.number().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type SpectrumRecord = z.infer<typeof SpectrumRecordSchema>;

const commaKinds = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(SPECTRUM_RECORD_KINDS)));

export const SpectrumRecordQuerySchema = z.object({
  deviceId: z.string().uuid('deviceId must be a device id').optional(),
  from: z.string().datetime({ message: 'from must be an ISO 8601 UTC time' }).optional(),
  to: z.string().datetime({ message: 'to must be an ISO 8601 UTC time' }).optional(),
  kind: commaKinds.optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(1_000),
  format: z.enum(['json', 'csv']).default('json'),
});
export type SpectrumRecordQuery = z.infer<typeof SpectrumRecordQuerySchema>;

export const SpectrumRecordListSchema = z.object({ items: z.array(SpectrumRecordSchema) });
export type SpectrumRecordList = z.infer<typeof SpectrumRecordListSchema>;

/** A fleet plan's figures, predicted by the planner's path-loss model. */
export const PlanFiguresSchema = z.object({
  sites: z.number().int(),
  retunes: z.number().int(),
  coChannelConflicts: z.number().int(),
  sinrMedianDb: z.number().nullable(),
  sinrP5Db: z.number().nullable(),
  throughputMbps: z.number(),
  linksDown: z.number().int(),
});
export type PlanFigures = z.infer<typeof PlanFiguresSchema>;

export const PlanSiteChangeSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  site: z.string().nullable(),
  from: z.number().int().nullable(),
  to: z.number().int().nullable(),
  eirpDbm: z.number().nullable(),
  sinrMinBeforeDb: z.number().nullable(),
  sinrMinAfterDb: z.number().nullable(),
  throughputBeforeMbps: z.number(),
  throughputAfterMbps: z.number(),
});
export type PlanSiteChange = z.infer<typeof PlanSiteChangeSchema>;

/** A re-plan computed but not applied: what would change and what it is predicted to gain. */
export const FleetPlanPreviewSchema = z.object({
  id: z.string(),
  createdAt: z.string().datetime(),
  expiresAt: z.string().datetime(),
  bandPlan: z.enum(['etsi', 'fcc']),
  before: PlanFiguresSchema,
  after: PlanFiguresSchema,
  changes: z.array(PlanSiteChangeSchema),
  /** Steps of the apply order (retunes plus temporary moves that keep neighbours apart). */
  steps: z.number().int(),
  temporaryMoves: z.number().int(),
  /** Steps that cannot avoid a brief co-channel overlap with a neighbour (the weakest ones are chosen). */
  overlapSteps: z.number().int(),
  runMs: z.number(),
});
export type FleetPlanPreview = z.infer<typeof FleetPlanPreviewSchema>;

export const PLAN_RUN_STATUSES = ['running', 'done', 'failed'] as const;

/** Applying a plan, step by step through the command path. */
export const PlanRunSchema = z.object({
  planId: z.string(),
  status: z.enum(PLAN_RUN_STATUSES),
  actor: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  current: z
    .object({
      deviceId: z.string(),
      name: z.string(),
      from: z.number().int().nullable(),
      to: z.number().int(),
    })
    .nullable(),
  errors: z.array(z.object({ deviceId: z.string(), name: z.string(), message: z.string() })),
  startedAt: z.string().datetime(),
  finishedAt: z.string().datetime().nullable(),
});
export type PlanRun = z.infer<typeof PlanRunSchema>;
