// Bodies and answers of the simulator's spectrum control API (docs/simulator.md): inject incumbents, break
// the white-space database on purpose, and read what the database truly permits and the compliance log.
import { z } from 'zod';

const isoTime = z.string().datetime({ offset: true });
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

export const WithdrawalCircleSchema = z.object({
  lat: latitude,
  lon: longitude,
  radiusM: z.number().positive().max(500_000),
});
export const WithdrawalPolygonSchema = z.object({
  polygon: z
    .array(z.object({ lat: latitude, lon: longitude }))
    .min(3)
    .max(64),
});
export const WithdrawalAreaSchema = z.union([WithdrawalCircleSchema, WithdrawalPolygonSchema]);
export type WithdrawalArea = z.infer<typeof WithdrawalAreaSchema>;

/** POST /spectrum/withdrawals: withdraw channels in an area from `from` until `to` (open-ended without it). */
export const WithdrawalCreateDtoSchema = z
  .object({
    area: WithdrawalAreaSchema,
    channels: z.array(z.number().int().min(2).max(69)).min(1),
    from: isoTime,
    to: isoTime.optional(),
    label: z.string().max(120).optional(),
  })
  .refine((w) => w.to === undefined || Date.parse(w.to) > Date.parse(w.from), {
    path: ['to'],
    message: 'must be after from',
  });
export type WithdrawalCreateDto = z.infer<typeof WithdrawalCreateDtoSchema>;

export const WithdrawalResponseDtoSchema = z.object({
  id: z.string(),
  label: z.string(),
  area: WithdrawalAreaSchema,
  channels: z.array(z.number().int()),
  from: z.string(),
  to: z.string().nullable(),
  /** When the database started to know about it: a withdrawal created now but dated in the past lapses from here. */
  createdAt: z.string(),
  source: z.enum(['seed', 'control']),
});
export type WithdrawalResponseDto = z.infer<typeof WithdrawalResponseDtoSchema>;

export const PAWS_FAULT_MODES = ['none', 'unreachable', 'slow', 'error'] as const;

/** POST /spectrum/fault. `error` answers every request with errorCode (a PAWS or JSON-RPC code). */
export const PawsFaultDtoSchema = z
  .object({
    mode: z.enum(PAWS_FAULT_MODES),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    errorCode: z.number().int().optional(),
  })
  .refine((f) => f.mode !== 'slow' || f.latencyMs !== undefined, {
    path: ['latencyMs'],
    message: 'required for mode slow',
  })
  .refine((f) => f.mode !== 'error' || f.errorCode !== undefined, {
    path: ['errorCode'],
    message: 'required for mode error',
  });
export type PawsFaultDto = z.infer<typeof PawsFaultDtoSchema>;

export const PawsFaultStateSchema = z.object({
  mode: z.enum(PAWS_FAULT_MODES),
  latencyMs: z.number(),
  errorCode: z.number().nullable(),
  since: z.string().nullable(),
});
export type PawsFaultState = z.infer<typeof PawsFaultStateSchema>;

/**
 * GET /paws/stats: what the PAWS endpoint has answered since the lab started, counted at the lab so a
 * bench can tell a console's round trips without trusting the console's own metrics.
 */
export const PawsStatsResponseDtoSchema = z.object({
  /** JSON-RPC exchanges answered at POST /paws (errors included; none while `unreachable`). */
  requests: z.number().int(),
  /** Requests by JSON-RPC method, as sent (an unknown method is counted under its own name). */
  byMethod: z.record(z.string(), z.number().int()),
  /** Requests answered with a JSON-RPC error member. */
  errors: z.number().int(),
  /** spectrum.paws.getSpectrumBatch requests that were well formed enough to read their locations. */
  batchRequests: z.number().int(),
  /** Of those, batches asked on a master's behalf for its slaves (they carry masterDeviceDesc). */
  slaveBatchRequests: z.number().int(),
  /** Locations asked for in those batches, summed. */
  devicesInBatches: z.number().int(),
  /** Of those, the locations asked for in slave batches. */
  devicesInSlaveBatches: z.number().int(),
  since: z.string(),
});
export type PawsStatsResponseDto = z.infer<typeof PawsStatsResponseDtoSchema>;

/** PUT /spectrum/settings. graceSecs null means "follow maxPollingSecs" (the ruleset default). */
export const SpectrumSettingsDtoSchema = z
  .object({
    maxPollingSecs: z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400)
      .optional(),
    maxLocationChange: z.number().min(0).max(100_000).optional(),
    graceSecs: z
      .number()
      .min(0)
      .max(7 * 86_400)
      .nullable()
      .optional(),
  })
  .refine((s) => Object.keys(s).length > 0, { message: 'give at least one setting' });
export type SpectrumSettingsDto = z.infer<typeof SpectrumSettingsDtoSchema>;

export const SpectrumSettingsResponseDtoSchema = z.object({
  ruleset: z.enum(['etsi', 'fcc']),
  rulesetId: z.string(),
  authority: z.string(),
  maxPollingSecs: z.number(),
  maxLocationChange: z.number(),
  graceSecs: z.number(),
  slaveGraceSecs: z.number(),
});
export type SpectrumSettingsResponseDto = z.infer<typeof SpectrumSettingsResponseDtoSchema>;

/** GET /spectrum/availability?lat&lon[&at][&deviceType][&emissionsClass]: the database's truth. */
export const AvailabilityQuerySchema = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
  at: isoTime.optional(),
  deviceType: z.enum(['A', 'B', 'FIXED', 'MODE_1', 'MODE_2']).optional(),
  emissionsClass: z.enum(['1', '2', '3', '4', '5']).optional(),
});
export type AvailabilityQuery = z.infer<typeof AvailabilityQuerySchema>;

export const ChannelPermissionSchema = z.object({
  channel: z.number().int(),
  startHz: z.number(),
  stopHz: z.number(),
  /** Over the whole channel (8 MHz ETSI, 6 MHz FCC). */
  maxEirpDbm: z.number(),
  maxEirpDbmPer100kHz: z.number(),
});
export type ChannelPermission = z.infer<typeof ChannelPermissionSchema>;

export const AvailabilityResponseDtoSchema = z.object({
  at: z.string(),
  lat: z.number(),
  lon: z.number(),
  insideCoverage: z.boolean(),
  deviceType: z.string(),
  channels: z.array(ChannelPermissionSchema),
});
export type AvailabilityResponseDto = z.infer<typeof AvailabilityResponseDtoSchema>;

/** database-unreachable: still transmitting after the database was unreachable (or erroring) longer than the grace. */
export const VIOLATION_REASONS = [
  'channel-not-permitted',
  'eirp-above-limit',
  'database-unreachable',
] as const;

/** One entry of GET /compliance: open while `to` is null. */
export const ComplianceViolationSchema = z.object({
  id: z.string(),
  radioId: z.string(),
  reason: z.enum(VIOLATION_REASONS),
  /** radio: its own change broke the rules (no grace); database-change: permission lapsed under it. */
  cause: z.enum(['radio', 'database-change']),
  channel: z.number().int(),
  eirpDbm: z.number(),
  permittedEirpDbm: z.number().nullable(),
  lat: z.number(),
  lon: z.number(),
  /** When permission lapsed (equals `from` when the radio caused it). */
  lapsedAt: z.string(),
  graceSecs: z.number(),
  from: z.string(),
  to: z.string().nullable(),
});
export type ComplianceViolation = z.infer<typeof ComplianceViolationSchema>;

export const ComplianceLogResponseDtoSchema = z.object({
  at: z.string(),
  open: z.number().int(),
  total: z.number().int(),
  violations: z.array(ComplianceViolationSchema),
});
export type ComplianceLogResponseDto = z.infer<typeof ComplianceLogResponseDtoSchema>;
