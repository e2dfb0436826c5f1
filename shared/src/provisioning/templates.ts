// Configuration templates: typed variables with defaults and validation, and a render that turns them,
// with what the console knows of a device (its name, site, role, current channel and power), into the
// values to set on that radio. A per-device override replaces rendered values for one radio. What a
// template renders is then checked like any change: against the radio CLI's rules, the radio's band plan
// and its spectrum grant, before anything is sent.
import { z } from 'zod';
import {
  CONFIG_FIELD_NAMES,
  CONFIG_FIELDS,
  type ConfigField,
  type ConfigValues,
} from '../devices/config.schema.js';
import type { DeviceRole } from '../devices/device.schema.js';

/** What a template may read from a device. */
export interface DeviceFacts {
  id: string;
  name: string;
  role: DeviceRole;
  site: string | null;
  /** The channel it transmits on now (a CPE's is its base station's), when known. */
  channel: number | null;
  txPowerDbm: number | null;
}

/** Values for one radio, or why the template cannot render for it. */
export type RenderResult = { values: ConfigValues } | { issue: string };

export interface ConfigTemplate {
  id: string;
  name: string;
  description: string;
  /** The fields a run of this template may change. */
  fields: readonly ConfigField[];
  /** The variables, with their defaults; parse() rejects bad values naming the variable. */
  variables: z.ZodObject;
  render(variables: Record<string, unknown>, device: DeviceFacts): RenderResult;
}

/** `{site}`, `{name}` and `{role}` in a hostname pattern. */
const PLACEHOLDER = /\{(site|name|role)\}/g;

const HostnamePatternSchema = z
  .string()
  .min(1, 'pattern must not be empty')
  .max(64, 'pattern is at most 64 characters')
  .regex(/^[A-Za-z0-9{}-]+$/, 'pattern takes letters, digits, dashes and {site}, {name}, {role}')
  .refine(
    (p) => p.replace(PLACEHOLDER, '').indexOf('{') < 0,
    'the placeholders are {site}, {name} and {role}',
  );

/** A hostname from a pattern: lower case, anything else than letters, digits and dashes made a dash. */
export function renderHostname(pattern: string, device: DeviceFacts): RenderResult {
  if (pattern.includes('{site}') && !device.site) {
    return { issue: `${device.name} has no site for {site}` };
  }
  const raw = pattern.replace(PLACEHOLDER, (_, key: 'site' | 'name' | 'role') => String(device[key] ?? ''));
  const hostname = raw
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  const parsed = CONFIG_FIELDS.hostname.safeParse(hostname);
  return parsed.success
    ? { values: { hostname } }
    : { issue: `the pattern gives "${hostname}" for ${device.name}: ${parsed.error.issues[0]!.message}` };
}

/** Every field, optional: the variables of a template that sets parameters directly. */
const CONFIG_VALUE_SHAPE = Object.fromEntries(
  CONFIG_FIELD_NAMES.map((field) => [field, CONFIG_FIELDS[field].optional()]),
) as { [F in ConfigField]: z.ZodOptional<(typeof CONFIG_FIELDS)[F]> };

export const CONFIG_TEMPLATES = [
  {
    id: 'ntp-snmp-baseline',
    name: 'NTP and SNMP baseline',
    description: 'The same time server and SNMP community on every selected radio.',
    fields: ['ntpServer', 'snmpCommunity'],
    variables: z.object({
      ntpServer: CONFIG_FIELDS.ntpServer.default('pool.ntp.org'),
      snmpCommunity: CONFIG_FIELDS.snmpCommunity,
    }),
    render: (v) => ({
      values: { ntpServer: v.ntpServer as string, snmpCommunity: v.snmpCommunity as string },
    }),
  },
  {
    id: 'tx-power-by-role',
    name: 'Tx power by role',
    description: "One transmit power for base stations and another for CPEs, read from each radio's role.",
    fields: ['txPowerDbm'],
    variables: z.object({
      baseStationDbm: CONFIG_FIELDS.txPowerDbm.default(30),
      cpeDbm: CONFIG_FIELDS.txPowerDbm.default(20),
    }),
    render: (v, device) => ({
      values: { txPowerDbm: (device.role === 'cpe' ? v.cpeDbm : v.baseStationDbm) as number },
    }),
  },
  {
    id: 'management-vlan-move',
    name: 'Management VLAN move',
    description:
      'Moves the management interface to another VLAN. A radio that loses management with it reverts by itself.',
    fields: ['managementVlan'],
    variables: z.object({ managementVlan: CONFIG_FIELDS.managementVlan }),
    render: (v) => ({ values: { managementVlan: v.managementVlan as number } }),
  },
  {
    id: 'hostname-by-site',
    name: 'Hostname from site and name',
    description: 'Hostnames from a pattern of {site}, {name} and {role}, read from each device.',
    fields: ['hostname'],
    variables: z.object({ pattern: HostnamePatternSchema.default('{site}-{name}') }),
    render: (v, device) => renderHostname(v.pattern as string, device),
  },
  {
    id: 'custom',
    name: 'Parameters',
    description: 'Any of the configuration values, set directly, the same on every selected radio.',
    fields: CONFIG_FIELD_NAMES,
    variables: z.object(CONFIG_VALUE_SHAPE).strict(),
    render: (v) => {
      const values = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as ConfigValues;
      return Object.keys(values).length ? { values } : { issue: 'set at least one value' };
    },
  },
] as const satisfies readonly ConfigTemplate[];

export const TEMPLATE_IDS = CONFIG_TEMPLATES.map((t) => t.id) as [
  (typeof CONFIG_TEMPLATES)[number]['id'],
  ...(typeof CONFIG_TEMPLATES)[number]['id'][],
];
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export function templateById(id: string): ConfigTemplate | undefined {
  return CONFIG_TEMPLATES.find((t) => t.id === id);
}

/** A template as the API lists it: its variables as JSON Schema (defaults, ranges, required ones). */
export const TemplateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  fields: z.array(z.enum(CONFIG_FIELD_NAMES)),
  variables: z.record(z.string(), z.unknown()),
});
export type TemplateSummary = z.infer<typeof TemplateSummarySchema>;
export const TemplateListSchema = z.object({ items: z.array(TemplateSummarySchema) });
export type TemplateList = z.infer<typeof TemplateListSchema>;

export function summarizeTemplate(template: ConfigTemplate): TemplateSummary {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    fields: [...template.fields],
    variables: z.toJSONSchema(template.variables, { io: 'input', unrepresentable: 'any' }),
  };
}
