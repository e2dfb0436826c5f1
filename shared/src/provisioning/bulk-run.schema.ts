// Bulk configuration runs: a template (or parameters) rendered for each selected device, previewed
// against what the radios run now, then rolled out with a canary, batches, a concurrency, a failure
// threshold that pauses the run, a pause between batches and an optional start time. Each device goes
// through the command path's safe apply. A rollback run puts back what a run changed.
import { z } from 'zod';
import {
  CONFIG_FIELDS,
  ConfigDiffItemSchema,
  MAX_CONFIRM_MINUTES,
  RadioConfigSchema,
} from '../devices/config.schema.js';
import { DeviceIdSchema } from '../devices/device.schema.js';
import { TEMPLATE_IDS } from './templates.js';

/** The most devices one run may change. */
export const MAX_RUN_DEVICES = 10_000;
export const MAX_RUN_CONCURRENCY = 100;

/** One device's values that replace what the template renders for it. */
export const ConfigOverrideSchema = z
  .object({
    hostname: CONFIG_FIELDS.hostname.optional(),
    channel: CONFIG_FIELDS.channel.optional(),
    txPowerDbm: CONFIG_FIELDS.txPowerDbm.optional(),
    enabled: CONFIG_FIELDS.enabled.optional(),
    managementVlan: CONFIG_FIELDS.managementVlan.optional(),
    snmpCommunity: CONFIG_FIELDS.snmpCommunity.optional(),
    ntpServer: CONFIG_FIELDS.ntpServer.optional(),
  })
  .strict();
export type ConfigOverride = z.infer<typeof ConfigOverrideSchema>;

export const RolloutSchema = z
  .object({
    /** Devices changed first, alone; any failure among them pauses the run. 0: no canary. */
    canarySize: z.number().int().min(0, 'canarySize must be 0 or more').default(1),
    batchSize: z.number().int().min(1, 'batchSize must be at least 1').max(MAX_RUN_DEVICES).default(50),
    /** Devices changed at once. */
    concurrency: z
      .number()
      .int()
      .min(1, 'concurrency must be at least 1')
      .max(MAX_RUN_CONCURRENCY, `concurrency is at most ${MAX_RUN_CONCURRENCY}`)
      .default(10),
    /** The run pauses when more than this share (percent) of the devices done so far failed. */
    failureThresholdPercent: z
      .number()
      .min(0, 'failureThresholdPercent must be from 0 to 100')
      .max(100, 'failureThresholdPercent must be from 0 to 100')
      .default(10),
    pauseBetweenBatchesSec: z
      .number()
      .int()
      .min(0, 'pauseBetweenBatchesSec must be from 0 to 86400')
      .max(86_400, 'pauseBetweenBatchesSec must be from 0 to 86400')
      .default(0),
    /** When the run starts; now when absent. */
    startAt: z.string().datetime({ message: 'startAt must be an ISO date-time' }).optional(),
    /** The `commit confirmed` window of each device: it reverts by itself unless confirmed in time. */
    confirmMinutes: z
      .number()
      .positive('confirmMinutes must be above 0')
      .max(MAX_CONFIRM_MINUTES, `confirmMinutes is at most ${MAX_CONFIRM_MINUTES}`)
      .default(5),
  })
  .strict();
export type Rollout = z.infer<typeof RolloutSchema>;

/** What to change, on which devices: the part a preview and a run share. */
export const BulkChangeSchema = z
  .object({
    devices: z
      .array(DeviceIdSchema)
      .min(1, 'select at least one device')
      .max(MAX_RUN_DEVICES, `a run changes at most ${MAX_RUN_DEVICES} devices`)
      .refine((ids) => new Set(ids).size === ids.length, 'a device is listed twice'),
    template: z.enum(TEMPLATE_IDS, { message: `template must be one of ${TEMPLATE_IDS.join(', ')}` }),
    variables: z.record(z.string(), z.unknown()).default({}),
    overrides: z.record(DeviceIdSchema, ConfigOverrideSchema).default({}),
  })
  .strict();
export type BulkChange = z.infer<typeof BulkChangeSchema>;

export const BulkRunCreateSchema = BulkChangeSchema.extend({
  name: z
    .string()
    .trim()
    .min(1, 'name must not be empty')
    .max(120, 'name is at most 120 characters')
    .optional(),
  rollout: RolloutSchema.default(RolloutSchema.parse({})),
}).strict();
export type BulkRunCreate = z.infer<typeof BulkRunCreateSchema>;

/** Why a device cannot take the change (a value out of range, a power above its grant), or a warning. */
export const DeviceIssueSchema = z.object({ path: z.string(), message: z.string() });

/** One device in a preview: the values it would get, its problems, and the diff against what it runs. */
export const PreviewItemSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  issues: z.array(DeviceIssueSchema),
  /** The running configuration read in the dry run, or null when it could not be read. */
  running: RadioConfigSchema.nullable(),
  diff: z.array(ConfigDiffItemSchema),
  /** Why the running configuration could not be read: busy, unreachable. The run retries a busy radio. */
  readError: z.string().nullable(),
});
export type PreviewItem = z.infer<typeof PreviewItemSchema>;

export const BulkPreviewSchema = z.object({
  items: z.array(PreviewItemSchema),
  /** Devices with an issue: a run of this selection is refused until they are left out or fixed. */
  invalid: z.number().int(),
  /** Devices already running every value (the run leaves them untouched). */
  unchanged: z.number().int(),
});
export type BulkPreview = z.infer<typeof BulkPreviewSchema>;

/**
 * scheduled: waiting for its start time. running. paused: by an operator or the failure threshold
 * (`pauseReason`). cancelled: stopped; devices not started stay untouched. completed: every device done.
 */
export const BULK_RUN_STATUSES = ['scheduled', 'running', 'paused', 'cancelled', 'completed'] as const;
export type BulkRunStatus = (typeof BULK_RUN_STATUSES)[number];

/**
 * pending: not started. queued: handed to a worker, about to start. applying: its safe apply is under way. succeeded: changed and confirmed.
 * unchanged: it already ran every value, nothing was sent. failed: the radio refused, could not be
 * reached, or did not verify (`detail`). reverted: the change went on and the radio went back by itself
 * (a lost management session). cancelled: the run was cancelled before it started.
 */
export const BULK_ITEM_STATUSES = [
  'pending',
  'queued',
  'applying',
  'succeeded',
  'unchanged',
  'failed',
  'reverted',
  'cancelled',
] as const;
export type BulkItemStatus = (typeof BULK_ITEM_STATUSES)[number];

export const BULK_RUN_KINDS = ['apply', 'rollback'] as const;

export const BulkItemSchema = z.object({
  id: z.string(),
  runId: z.string(),
  deviceId: z.string(),
  name: z.string(),
  /** 0 is the canary; then 1, 2, ... */
  batch: z.number().int(),
  status: z.enum(BULK_ITEM_STATUSES),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** The running configuration just before the change (also kept as a configuration version). */
  before: RadioConfigSchema.nullable(),
  after: RadioConfigSchema.nullable(),
  diff: z.array(ConfigDiffItemSchema),
  changeId: z.string().nullable(),
  /** Times a busy radio was put back for later. */
  busyRetries: z.number().int(),
  detail: z.string().nullable(),
  startedAt: z.string().datetime().nullable(),
  finishedAt: z.string().datetime().nullable(),
});
export type BulkItem = z.infer<typeof BulkItemSchema>;

const count = z.number().int();
export const BulkCountsSchema = z.object({
  total: count,
  pending: count,
  queued: count,
  applying: count,
  succeeded: count,
  unchanged: count,
  failed: count,
  reverted: count,
  cancelled: count,
});
export type BulkCounts = z.infer<typeof BulkCountsSchema>;

export const BulkRunSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(BULK_RUN_KINDS),
  /** For a rollback: the run it undoes. */
  rollbackOf: z.string().nullable(),
  /** The rollback run of this run, once one was started. */
  rolledBackBy: z.string().nullable(),
  actor: z.string(),
  template: z.string(),
  variables: z.record(z.string(), z.unknown()),
  rollout: RolloutSchema,
  status: z.enum(BULK_RUN_STATUSES),
  pauseReason: z.string().nullable(),
  /** The batch being worked on (0 is the canary), and the number of batches. */
  currentBatch: z.number().int(),
  batches: z.number().int(),
  counts: BulkCountsSchema,
  createdAt: z.string().datetime(),
  startAt: z.string().datetime(),
  startedAt: z.string().datetime().nullable(),
  finishedAt: z.string().datetime().nullable(),
});
export type BulkRun = z.infer<typeof BulkRunSchema>;

export const BulkRunDetailSchema = BulkRunSchema.extend({ items: z.array(BulkItemSchema) });
export type BulkRunDetail = z.infer<typeof BulkRunDetailSchema>;

export const BulkRunListSchema = z.object({ items: z.array(BulkRunSchema) });
export type BulkRunList = z.infer<typeof BulkRunListSchema>;

/** A resume may raise the threshold that paused the run. */
export const BulkResumeSchema = z
  .object({
    failureThresholdPercent: RolloutSchema.shape.failureThresholdPercent.unwrap().optional(),
  })
  .strict();
export type BulkResume = z.infer<typeof BulkResumeSchema>;

/** The live feed's event: the run, and the items that changed since the last event. */
export const BulkRunEventSchema = z.object({ run: BulkRunSchema, items: z.array(BulkItemSchema) });
export type BulkRunEvent = z.infer<typeof BulkRunEventSchema>;
