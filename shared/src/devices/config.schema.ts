// A radio's configuration as the console reads and changes it: the parsed `show running-config`, the
// body of a change, and the record of a change with its before, after and fate. Every value is checked
// against the radio CLI's own grammar (docs/device-cli.md section 7) before any session is touched.
import { z } from 'zod';

/** The UHF rasters the radios support; a device's plan is told by its channel width. */
export const BAND_PLANS = {
  etsi: { firstChannel: 21, lastChannel: 60, bandwidthMHz: 8 },
  fcc: { firstChannel: 14, lastChannel: 36, bandwidthMHz: 6 },
} as const;
export type BandPlanName = keyof typeof BAND_PLANS;

/** The plan of a radio that reports this channel width, if it is one of ours. */
export function bandPlanFor(bandwidthMHz: number): (typeof BAND_PLANS)[BandPlanName] | undefined {
  return Object.values(BAND_PLANS).find((p) => p.bandwidthMHz === bandwidthMHz);
}

/** The highest EIRP the radios accept, in dBm. */
export const MAX_TX_POWER_DBM = 36;
const MIN_CHANNEL = Math.min(...Object.values(BAND_PLANS).map((p) => p.firstChannel));
const MAX_CHANNEL = Math.max(...Object.values(BAND_PLANS).map((p) => p.lastChannel));

const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
const COMMUNITY = /^[\x21-\x7e]{1,32}$/;
const NTP_SERVER = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

/** The radio CLI's rule for each field (docs/device-cli.md section 7), to build other schemas from. */
export const CONFIG_FIELDS = {
  hostname: z
    .string()
    .regex(HOSTNAME, 'hostname must be 1-32 letters, digits or dashes, starting with a letter or digit'),
  channel: z
    .number()
    .int('channel must be a whole number')
    .min(MIN_CHANNEL, `channel must be from ${MIN_CHANNEL} to ${MAX_CHANNEL}`)
    .max(MAX_CHANNEL, `channel must be from ${MIN_CHANNEL} to ${MAX_CHANNEL}`),
  txPowerDbm: z
    .number()
    .min(0, `txPowerDbm must be from 0 to ${MAX_TX_POWER_DBM} dBm`)
    .max(MAX_TX_POWER_DBM, `txPowerDbm must be from 0 to ${MAX_TX_POWER_DBM} dBm`)
    .refine((v) => Math.abs(Math.round(v * 10) - v * 10) < 1e-9, 'txPowerDbm takes at most one decimal'),
  enabled: z.boolean(),
  managementVlan: z
    .number()
    .int('managementVlan must be a whole number')
    .min(1, 'managementVlan must be from 1 to 4094')
    .max(4094, 'managementVlan must be from 1 to 4094'),
  snmpCommunity: z
    .string()
    .regex(COMMUNITY, 'snmpCommunity must be 1-32 printable characters without spaces'),
  ntpServer: z
    .string()
    .regex(NTP_SERVER, 'ntpServer must be a host name or IPv4 address (letters, digits, dot, dash)'),
};

/** The order the radio prints and the console sends them. */
export const CONFIG_FIELD_NAMES = [
  'hostname',
  'channel',
  'txPowerDbm',
  'enabled',
  'managementVlan',
  'snmpCommunity',
  'ntpServer',
] as const;
export type ConfigField = (typeof CONFIG_FIELD_NAMES)[number];

/** The running configuration, parsed. A CPE has no channel of its own (it follows its base station). */
export const RadioConfigSchema = z.object({
  ...CONFIG_FIELDS,
  channel: CONFIG_FIELDS.channel.nullable(),
});
export type RadioConfig = z.infer<typeof RadioConfigSchema>;

/** Values to set: any of the fields, at least one. */
export const ConfigValuesSchema = z
  .object({
    hostname: CONFIG_FIELDS.hostname.optional(),
    channel: CONFIG_FIELDS.channel.optional(),
    txPowerDbm: CONFIG_FIELDS.txPowerDbm.optional(),
    enabled: CONFIG_FIELDS.enabled.optional(),
    managementVlan: CONFIG_FIELDS.managementVlan.optional(),
    snmpCommunity: CONFIG_FIELDS.snmpCommunity.optional(),
    ntpServer: CONFIG_FIELDS.ntpServer.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'set at least one value');
export type ConfigValues = z.infer<typeof ConfigValuesSchema>;

/** The documented ceiling of `commit confirmed` (one day). */
export const MAX_CONFIRM_MINUTES = 1440;

/**
 * commit: applied and kept at once. confirmed: `commit confirmed N`, kept only if a confirm follows within
 * N minutes; otherwise the radio reverts by itself (so a change that cuts management undoes itself).
 */
export const CONFIG_MODES = ['commit', 'confirmed'] as const;

export const ConfigChangeRequestSchema = z
  .object({
    set: ConfigValuesSchema,
    mode: z.enum(CONFIG_MODES).default('commit'),
    /** Minutes of the confirm window, for mode `confirmed` (decimals allowed, up to three places). */
    confirmMinutes: z
      .number()
      .positive('confirmMinutes must be above 0')
      .max(MAX_CONFIRM_MINUTES, `confirmMinutes is at most ${MAX_CONFIRM_MINUTES}`)
      .refine(
        (m) => Math.abs(Math.round(m * 1000) - m * 1000) < 1e-6,
        'confirmMinutes takes at most three decimals',
      )
      .optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.mode === 'confirmed' && body.confirmMinutes === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['confirmMinutes'],
        message: 'confirmMinutes is required for mode confirmed',
      });
    }
    if (body.mode === 'commit' && body.confirmMinutes !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['confirmMinutes'],
        message: 'confirmMinutes is only for mode confirmed',
      });
    }
  });
export type ConfigChangeRequest = z.infer<typeof ConfigChangeRequestSchema>;

const configValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ConfigDiffItemSchema = z.object({
  field: z.enum(CONFIG_FIELD_NAMES),
  before: configValue,
  after: configValue,
});
export type ConfigDiffItem = z.infer<typeof ConfigDiffItemSchema>;

/**
 * applied: committed and kept. pending-confirm: `commit confirmed`, waiting for a confirm before the
 * deadline. confirmed: confirmed in time. reverted: the deadline passed and the radio went back by
 * itself. rolled-back: an operator undid it. failed: the radio refused it, or it did not verify.
 */
export const CONFIG_CHANGE_STATUSES = [
  'applied',
  'pending-confirm',
  'confirmed',
  'reverted',
  'rolled-back',
  'failed',
] as const;
export type ConfigChangeStatus = (typeof CONFIG_CHANGE_STATUSES)[number];

/** One change to one radio's configuration, as recorded. */
export const ConfigChangeSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  actor: z.string(),
  mode: z.enum(CONFIG_MODES),
  status: z.enum(CONFIG_CHANGE_STATUSES),
  requested: ConfigValuesSchema,
  before: RadioConfigSchema,
  after: RadioConfigSchema.nullable(),
  /** The requested fields whose value changed, before and after. */
  diff: z.array(ConfigDiffItemSchema),
  confirmDeadline: z.string().datetime().nullable(),
  detail: z.string().nullable(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
export type ConfigChange = z.infer<typeof ConfigChangeSchema>;

export const ConfigChangeListSchema = z.object({ items: z.array(ConfigChangeSchema) });
export type ConfigChangeList = z.infer<typeof ConfigChangeListSchema>;

/** The requested fields whose value differs between two configurations, in the radio's order. */
export function diffConfig(
  before: RadioConfig,
  after: RadioConfig,
  fields: readonly ConfigField[],
): ConfigDiffItem[] {
  return CONFIG_FIELD_NAMES.filter((f) => fields.includes(f) && before[f] !== after[f]).map((field) => ({
    field,
    before: before[field],
    after: after[field],
  }));
}
