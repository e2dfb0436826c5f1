// What the wizard's inputs hold (text, as typed) turned into the values the server takes, with the
// shared schemas' own messages for what is wrong: template variables (the template's zod object in
// shared/), per-device overrides (ConfigOverrideSchema) and the rollout (RolloutSchema). Nothing here
// re-states a rule; it converts text to numbers and booleans and asks the schemas.
import {
  CONFIG_FIELDS,
  ConfigOverrideSchema,
  RolloutSchema,
  templateById,
  type BulkChange,
  type ConfigField,
  type ConfigOverride,
  type Rollout,
  type TemplateSummary,
} from '@wsnoc/shared';

export type InputKind = 'string' | 'number' | 'boolean';

/** One template variable, as its JSON Schema in GET /api/config-templates describes it. */
export interface VariableInput {
  name: string;
  kind: InputKind;
  required: boolean;
  /** The default, as text for the input's placeholder; null when there is none. */
  placeholder: string | null;
  min: number | null;
  max: number | null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOr = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** Reads the JSON Schema the server generated from the template's zod object (shared/ templates.ts). */
export function variableInputs(template: TemplateSummary): VariableInput[] {
  const { properties, required } = template.variables;
  if (!isObject(properties)) {
    return [];
  }
  const requiredNames = Array.isArray(required) ? required : [];
  return Object.entries(properties).map(([name, raw]) => {
    const p = isObject(raw) ? raw : {};
    const fallback = p.default;
    return {
      name,
      kind:
        p.type === 'integer' || p.type === 'number' ? 'number' : p.type === 'boolean' ? 'boolean' : 'string',
      required: requiredNames.includes(name),
      placeholder:
        typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean'
          ? String(fallback)
          : null,
      min: numberOr(p.minimum),
      max: numberOr(p.maximum),
    };
  });
}

export type Errors = Readonly<Record<string, string>>;

/** Text to a value: '' is absent (the default applies), a number field takes a number. */
function convert(kind: InputKind, text: string, name: string): { value?: unknown; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {};
  }
  if (kind === 'number') {
    const value = Number(trimmed);
    return Number.isFinite(value) ? { value } : { error: `${name} must be a number` };
  }
  if (kind === 'boolean') {
    return { value: trimmed === 'true' };
  }
  return { value: trimmed };
}

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

/** First message per top-level field of a zod error. */
function errorsOf(issues: readonly Issue[], into: Record<string, string> = {}): Record<string, string> {
  for (const issue of issues) {
    const key = String(issue.path[0] ?? '');
    into[key] ??= issue.message;
  }
  return into;
}

export function parseVariables(
  templateId: string,
  inputs: readonly VariableInput[],
  texts: Readonly<Record<string, string>>,
): { variables: Record<string, unknown>; errors: Errors } {
  const variables: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const input of inputs) {
    const text = texts[input.name] ?? '';
    const { value, error } = convert(input.kind, text, input.name);
    if (input.required && text.trim() === '') {
      errors[input.name] = `${input.name} is required`;
    } else if (error) {
      errors[input.name] = error;
    } else if (value !== undefined) {
      variables[input.name] = value;
    }
  }
  const template = templateById(templateId);
  if (template) {
    const parsed = template.variables.safeParse(variables);
    if (!parsed.success) {
      errorsOf(parsed.error.issues, errors);
    }
  }
  return { variables, errors };
}

export const FIELD_KIND: Record<ConfigField, InputKind> = {
  hostname: 'string',
  channel: 'number',
  txPowerDbm: 'number',
  enabled: 'boolean',
  managementVlan: 'number',
  snmpCommunity: 'string',
  ntpServer: 'string',
};

export type OverrideTexts = Readonly<Record<string, Readonly<Partial<Record<ConfigField, string>>>>>;

/** Per device, the values that replace the template's; errors by device id, then field. */
export function parseOverrides(texts: OverrideTexts): {
  overrides: Record<string, ConfigOverride>;
  errors: Readonly<Record<string, Errors>>;
} {
  const overrides: Record<string, ConfigOverride> = {};
  const errors: Record<string, Errors> = {};
  for (const [deviceId, fields] of Object.entries(texts)) {
    const values: Record<string, unknown> = {};
    const deviceErrors: Record<string, string> = {};
    for (const [field, text] of Object.entries(fields) as [ConfigField, string][]) {
      const { value, error } = convert(FIELD_KIND[field], text, field);
      if (error) {
        deviceErrors[field] = error;
      } else if (value !== undefined) {
        const checked = CONFIG_FIELDS[field].safeParse(value);
        if (checked.success) {
          values[field] = checked.data;
        } else {
          deviceErrors[field] = checked.error.issues[0]?.message ?? `${field} is not valid`;
        }
      }
    }
    const parsed = ConfigOverrideSchema.safeParse(values);
    if (Object.keys(deviceErrors).length > 0) {
      errors[deviceId] = deviceErrors;
    } else if (parsed.success && Object.keys(parsed.data).length > 0) {
      overrides[deviceId] = parsed.data;
    }
  }
  return { overrides, errors };
}

export const ROLLOUT_FIELDS = [
  'canarySize',
  'batchSize',
  'concurrency',
  'failureThresholdPercent',
  'pauseBetweenBatchesSec',
  'confirmMinutes',
  'startAt',
] as const;
export type RolloutField = (typeof ROLLOUT_FIELDS)[number];
export type RolloutTexts = Readonly<Record<RolloutField, string>>;

const ROLLOUT_DEFAULTS = RolloutSchema.parse({});

/** The form starts at the schema's defaults; the start time empty (now). */
export const DEFAULT_ROLLOUT_TEXTS: RolloutTexts = {
  canarySize: String(ROLLOUT_DEFAULTS.canarySize),
  batchSize: String(ROLLOUT_DEFAULTS.batchSize),
  concurrency: String(ROLLOUT_DEFAULTS.concurrency),
  failureThresholdPercent: String(ROLLOUT_DEFAULTS.failureThresholdPercent),
  pauseBetweenBatchesSec: String(ROLLOUT_DEFAULTS.pauseBetweenBatchesSec),
  confirmMinutes: String(ROLLOUT_DEFAULTS.confirmMinutes),
  startAt: '',
};

/** `startAt` is a local date-time input (no zone): this browser's zone, sent as UTC. */
export function parseRollout(texts: RolloutTexts): { rollout: Rollout | null; errors: Errors } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of ROLLOUT_FIELDS) {
    const text = texts[field].trim();
    if (text === '') {
      continue;
    }
    if (field === 'startAt') {
      const at = new Date(text);
      if (Number.isNaN(at.getTime())) {
        errors.startAt = 'startAt must be an ISO date-time';
      } else {
        values.startAt = at.toISOString();
      }
      continue;
    }
    const { value, error } = convert('number', text, field);
    if (error) {
      errors[field] = error;
    } else {
      values[field] = value;
    }
  }
  const parsed = RolloutSchema.safeParse(values);
  if (!parsed.success) {
    errorsOf(parsed.error.issues, errors);
  }
  return Object.keys(errors).length > 0 || !parsed.success
    ? { rollout: null, errors }
    : { rollout: parsed.data, errors };
}

/** Two changes are the same preview when they send the same body. */
export const changeKey = (change: BulkChange): string => JSON.stringify(change);
