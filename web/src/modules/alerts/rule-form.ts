// The rule editor's values as typed, and how they become the shared schema's rule. The editor shows only
// the fields a kind uses, and sends only those, so a field hidden by a change of kind never fails a save.
import {
  AlertRuleCreateSchema,
  type AlertKind,
  type AlertMetric,
  type AlertRule,
  type AlertRuleCreate,
  type AlertRuleUpdate,
  type AlertSeverity,
  type ConditionOp,
} from '@wsnoc/shared';
import { formFailureOf, type FormFailure } from '@/infra/field-errors';
import { checkedBy, type Checked } from '@/infra/use-submit-form.hook';

export interface RuleDraft {
  name: string;
  enabled: boolean;
  metric: AlertMetric;
  kind: AlertKind;
  op: ConditionOp;
  value: string;
  durationSec: string;
  windowSec: string;
  count: string;
  severity: AlertSeverity;
  scopeType: AlertRule['scope']['type'];
  scopeValue: string;
}

/** The editor's fields, each shown with its message: a path inside one (condition.value) lands on it. */
export const RULE_FIELDS = [
  'name',
  'metric',
  'kind',
  'condition',
  'durationSec',
  'windowSec',
  'count',
  'severity',
  'scope',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** Which fields each kind uses (besides name, metric, severity, scope). */
export const KIND_FIELDS: Record<AlertKind, readonly RuleField[]> = {
  threshold: ['condition', 'durationSec'],
  rateOfChange: ['condition', 'windowSec'],
  absence: ['count', 'durationSec'],
  flapping: ['count', 'windowSec'],
  anomaly: ['condition', 'windowSec', 'durationSec'],
};

export const KIND_HELP: Record<AlertKind, string> = {
  threshold: 'The condition holds for the duration (0 = at once).',
  rateOfChange: 'The metric moves faster than the value per minute over the window.',
  absence: 'No good poll for this many poll intervals (or the duration, without a count).',
  flapping: 'The radio goes up and down more than this many times within the window.',
  anomaly: 'The robust z-score (median and MAD over the window) passes the value (4 if empty).',
};

export const NEW_RULE: RuleDraft = {
  name: '',
  enabled: true,
  metric: 'snr',
  kind: 'threshold',
  op: '<',
  value: '',
  durationSec: '120',
  windowSec: '',
  count: '',
  severity: 'major',
  scopeType: 'all',
  scopeValue: '',
};

export function draftOf(rule: AlertRule): RuleDraft {
  return {
    name: rule.name,
    enabled: rule.enabled,
    metric: rule.metric,
    kind: rule.kind,
    op: rule.condition?.op ?? '<',
    value: rule.condition ? String(rule.condition.value) : '',
    durationSec: String(rule.durationSec),
    windowSec: rule.windowSec === undefined ? '' : String(rule.windowSec),
    count: rule.count === undefined ? '' : String(rule.count),
    severity: rule.severity,
    scopeType: rule.scope.type,
    scopeValue: rule.scope.value ?? '',
  };
}

/** A typed number, or the text itself so the schema names it ("must be a number"). */
const numberOf = (text: string): number | string => {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
};

/** The body the draft stands for, before validation: only the fields its kind uses. */
export function ruleBody(draft: RuleDraft): Record<string, unknown> {
  const uses = new Set(KIND_FIELDS[draft.kind]);
  const body: Record<string, unknown> = {
    name: draft.name.trim(),
    enabled: draft.enabled,
    metric: draft.metric,
    kind: draft.kind,
    severity: draft.severity,
    scope:
      draft.scopeType === 'all' ? { type: 'all' } : { type: draft.scopeType, value: draft.scopeValue.trim() },
  };
  // An anomaly rule's threshold is optional (4 when absent); a threshold's is not.
  if (uses.has('condition') && (draft.kind !== 'anomaly' || draft.value.trim() !== '')) {
    body.condition = { op: draft.op, value: numberOf(draft.value) };
  }
  if (uses.has('durationSec') && draft.durationSec.trim() !== '') {
    body.durationSec = numberOf(draft.durationSec);
  }
  for (const key of ['windowSec', 'count'] as const) {
    if (uses.has(key) && draft[key].trim() !== '') {
      body[key] = numberOf(draft[key]);
    }
  }
  return body;
}

const fieldOf = (path: string): string => {
  const bare = path.startsWith('rule.') ? path.slice('rule.'.length) : path;
  const head = bare.split('.')[0] ?? bare;
  return (RULE_FIELDS as readonly string[]).includes(head) ? head : bare;
};

/** Messages by editor field from a zod failure or a server answer (preview issues are under `rule.`). */
export function ruleFailure(failure: FormFailure): FormFailure {
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(failure.fields)) {
    fields[fieldOf(path)] ??= message;
  }
  return { fields, message: failure.message };
}

const SERVER_PATHS = [
  ...RULE_FIELDS,
  'condition.op',
  'condition.value',
  'scope.type',
  'scope.value',
  'enabled',
].flatMap((path) => [path, `rule.${path}`]);

export const serverRuleFailure = (error: unknown): FormFailure =>
  ruleFailure(formFailureOf(error, SERVER_PATHS));

/** The draft checked with the shared schema, as the server will check it, its messages by editor field. */
export function checkRule(draft: RuleDraft): Checked<AlertRuleCreate> {
  const checked = checkedBy(AlertRuleCreateSchema.safeParse(ruleBody(draft)));
  return checked.ok ? checked : { ok: false, failure: ruleFailure(checked.failure) };
}

/** An edit sends every field, clearing those the kind does not use. */
export function ruleUpdate(rule: AlertRuleCreate): AlertRuleUpdate {
  return {
    ...rule,
    condition: rule.condition ?? null,
    windowSec: rule.windowSec ?? null,
    count: rule.count ?? null,
  };
}

/** "SNR < 15 for 120 s", in a list of rules. */
export function ruleSummary(rule: AlertRule): string {
  const condition = rule.condition ? ` ${rule.condition.op} ${rule.condition.value}` : '';
  const parts = [`${rule.kind}: ${rule.metric}${condition}`];
  if (rule.durationSec > 0) {
    parts.push(`for ${rule.durationSec} s`);
  }
  if (rule.windowSec !== undefined) {
    parts.push(`window ${rule.windowSec} s`);
  }
  if (rule.count !== undefined) {
    parts.push(`count ${rule.count}`);
  }
  return parts.join(', ');
}
