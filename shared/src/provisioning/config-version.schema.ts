// A radio's configuration history: a version of its running configuration after every change, on
// demand, daily, and as the snapshot a bulk run takes before it touches the radio.
import { z } from 'zod';
import { CONFIG_FIELD_NAMES, RadioConfigSchema } from '../devices/config.schema.js';

/**
 * change: read back after a verified change. snapshot: read just before a change (a bulk run, a
 * restore). on-demand: an operator asked. daily: the scheduled backup (stored only when it differs).
 */
export const CONFIG_VERSION_SOURCES = ['change', 'snapshot', 'on-demand', 'daily'] as const;
export type ConfigVersionSource = (typeof CONFIG_VERSION_SOURCES)[number];

export const ConfigVersionSummarySchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  takenAt: z.string().datetime(),
  source: z.enum(CONFIG_VERSION_SOURCES),
  actor: z.string(),
  /** The change it records, for source `change`. */
  changeId: z.string().nullable(),
  /** SHA-256 of the lines: two versions with one hash are the same configuration. */
  hash: z.string(),
});
export type ConfigVersionSummary = z.infer<typeof ConfigVersionSummarySchema>;

export const ConfigVersionSchema = ConfigVersionSummarySchema.extend({
  lines: z.array(z.string()),
  config: RadioConfigSchema,
});
export type ConfigVersion = z.infer<typeof ConfigVersionSchema>;

export const ConfigVersionListSchema = z.object({ items: z.array(ConfigVersionSummarySchema) });
export type ConfigVersionList = z.infer<typeof ConfigVersionListSchema>;

/** A field whose running value differs from the device's desired configuration. */
export const DriftItemSchema = z.object({
  field: z.enum(CONFIG_FIELD_NAMES),
  desired: z.union([z.string(), z.number(), z.boolean()]),
  running: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});
export type DriftItem = z.infer<typeof DriftItemSchema>;

/**
 * A device's drift: its desired configuration (the values the runs that changed it set), what it was
 * last known to run (its newest configuration version, with the newest poll's channel and power), and
 * the fields that differ. `desired` is null for a device no run has changed.
 */
export const DeviceDriftSchema = z.object({
  deviceId: z.string(),
  desired: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  running: RadioConfigSchema.nullable(),
  runningAt: z.string().datetime().nullable(),
  drift: z.array(DriftItemSchema),
});
export type DeviceDrift = z.infer<typeof DeviceDriftSchema>;

/** Every device that drifted from its desired configuration. */
export const DriftListSchema = z.object({ items: z.array(DeviceDriftSchema) });
export type DriftList = z.infer<typeof DriftListSchema>;
