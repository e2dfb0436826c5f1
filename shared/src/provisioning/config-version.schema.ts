// A radio's configuration history: a version of its running configuration after every change, on
// demand, daily, and as the snapshot a bulk run takes before it touches the radio.
import { z } from 'zod';
import { RadioConfigSchema } from '../devices/config.schema.js';

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
