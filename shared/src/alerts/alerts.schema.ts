// Alerts: rules evaluated by stream agents over the live poll samples, incidents (not alert storms) with a
// timeline, maintenance windows that hold notifications, and notification channels with a delivery log.
// A base station that goes down is one incident; the CPEs behind it are counted into it (suppressedCount),
// never paged one by one. Incidents resolve by themselves when the condition clears (with hysteresis).
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL = /^[^\x00-\x1f\x7f]*$/;

const plain = (what: string, max: number) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`),
    })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is at most ${max} characters`)
    .regex(NO_CONTROL, `${what} must not contain control characters`);

const isoDate = (what: string) =>
  z.string({ error: `${what} must be an ISO 8601 date-time` }).datetime({
    offset: true,
    error: `${what} must be an ISO 8601 date-time`,
  });

// ---- rules ---------------------------------------------------------------------------------------

/** What a rule watches. `reachable` is 1 for a good poll and 0 for a failed one. */
export const ALERT_METRICS = [
  'snr',
  'rssi',
  'noiseFloor',
  'throughput',
  'latency',
  'temperature',
  'reachable',
] as const;
export const AlertMetricSchema = z.enum(ALERT_METRICS, {
  error: () => `metric is one of ${ALERT_METRICS.join(', ')}`,
});
export type AlertMetric = z.infer<typeof AlertMetricSchema>;

/**
 * How a rule judges its metric:
 * - threshold: `condition` holds for `durationSec` (0 = at once);
 * - rateOfChange: the metric moved by more than `condition.value` (per minute, with `condition.op`) over
 *   `windowSec`;
 * - absence: no good poll for `count` poll intervals (or `durationSec` when count is absent);
 * - flapping: the device went up/down more than `count` times within `windowSec`;
 * - anomaly: the robust z-score (median and MAD over `windowSec`) passes `condition.value` (default 4).
 */
export const ALERT_KINDS = ['threshold', 'rateOfChange', 'absence', 'flapping', 'anomaly'] as const;
export const AlertKindSchema = z.enum(ALERT_KINDS, {
  error: () => `kind is one of ${ALERT_KINDS.join(', ')}`,
});
export type AlertKind = z.infer<typeof AlertKindSchema>;

export const ALERT_SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export const AlertSeveritySchema = z.enum(ALERT_SEVERITIES, {
  error: () => `severity is one of ${ALERT_SEVERITIES.join(', ')}`,
});
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;
/** Rank of a severity: critical is 0, warning 3. A channel's minSeverity keeps ranks <= its own. */
export const severityRank = (s: AlertSeverity): number => ALERT_SEVERITIES.indexOf(s);

export const CONDITION_OPS = ['<', '>', '<=', '>='] as const;
export const ConditionOpSchema = z.enum(CONDITION_OPS, {
  error: () => `condition.op is one of ${CONDITION_OPS.join(' ')}`,
});
export type ConditionOp = z.infer<typeof ConditionOpSchema>;

export const AlertConditionSchema = z
  .object({
    op: ConditionOpSchema,
    value: z.number({ error: 'condition.value must be a number' }).finite('condition.value must be finite'),
  })
  .strict();
export type AlertCondition = z.infer<typeof AlertConditionSchema>;

export const RULE_SCOPE_TYPES = ['all', 'site', 'tag', 'role'] as const;
export const RuleScopeSchema = z
  .object({
    type: z.enum(RULE_SCOPE_TYPES, {
      error: () => `scope.type is one of ${RULE_SCOPE_TYPES.join(', ')}`,
    }),
    value: plain('scope.value', 64).optional(),
  })
  .strict()
  .refine((s) => s.type === 'all' || s.value !== undefined, {
    message: 'scope.value is required unless scope.type is all',
    path: ['value'],
  })
  .refine((s) => s.type !== 'role' || s.value === 'base-station' || s.value === 'cpe', {
    message: 'scope.value of a role scope is base-station or cpe',
    path: ['value'],
  });
export type RuleScope = z.infer<typeof RuleScopeSchema>;

export const RULE_DURATION_MAX_SEC = 86_400;

const RULE_FIELDS = {
  name: plain('name', 100),
  enabled: z.boolean({ error: 'enabled must be true or false' }),
  metric: AlertMetricSchema,
  kind: AlertKindSchema,
  condition: AlertConditionSchema,
  durationSec: z
    .number({ error: 'durationSec must be a number of seconds' })
    .int('durationSec must be whole seconds')
    .min(0, 'durationSec is at least 0')
    .max(RULE_DURATION_MAX_SEC, `durationSec is at most ${RULE_DURATION_MAX_SEC}`),
  windowSec: z
    .number({ error: 'windowSec must be a number of seconds' })
    .int('windowSec must be whole seconds')
    .min(1, 'windowSec is at least 1')
    .max(RULE_DURATION_MAX_SEC, `windowSec is at most ${RULE_DURATION_MAX_SEC}`),
  count: z
    .number({ error: 'count must be a number' })
    .int('count must be a whole number')
    .min(1, 'count is at least 1')
    .max(1000, 'count is at most 1000'),
  severity: AlertSeveritySchema,
  scope: RuleScopeSchema,
};

/** What each kind needs besides metric and severity; checked on create and on the merged update. */
export function ruleProblems(rule: {
  kind: AlertKind;
  metric: AlertMetric;
  condition?: AlertCondition | undefined;
  windowSec?: number | undefined;
  count?: number | undefined;
}): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if ((rule.kind === 'threshold' || rule.kind === 'rateOfChange') && !rule.condition) {
    problems.push({ path: 'condition', message: `a ${rule.kind} rule needs a condition` });
  }
  if ((rule.kind === 'rateOfChange' || rule.kind === 'flapping') && rule.windowSec === undefined) {
    problems.push({ path: 'windowSec', message: `a ${rule.kind} rule needs windowSec` });
  }
  if (rule.kind === 'flapping' && rule.count === undefined) {
    problems.push({ path: 'count', message: 'a flapping rule needs count (how many flaps)' });
  }
  if ((rule.kind === 'flapping' || rule.kind === 'absence') && rule.metric !== 'reachable') {
    problems.push({ path: 'metric', message: `a ${rule.kind} rule watches the metric reachable` });
  }
  if (rule.kind === 'anomaly' && rule.metric === 'reachable') {
    problems.push({ path: 'metric', message: 'an anomaly rule watches a measured metric, not reachable' });
  }
  return problems;
}

const withRuleChecks = <T extends z.ZodType>(schema: T) =>
  schema.superRefine((value, ctx) => {
    for (const p of ruleProblems(value as never)) {
      ctx.addIssue({ code: 'custom', message: p.message, path: [p.path] });
    }
  });

export const AlertRuleCreateSchema = withRuleChecks(
  z
    .object({
      name: RULE_FIELDS.name,
      enabled: RULE_FIELDS.enabled.default(true),
      metric: RULE_FIELDS.metric,
      kind: RULE_FIELDS.kind,
      condition: RULE_FIELDS.condition.optional(),
      durationSec: RULE_FIELDS.durationSec.default(0),
      windowSec: RULE_FIELDS.windowSec.optional(),
      count: RULE_FIELDS.count.optional(),
      severity: RULE_FIELDS.severity,
      scope: RULE_FIELDS.scope.default({ type: 'all' }),
    })
    .strict(),
);
export type AlertRuleCreate = z.infer<typeof AlertRuleCreateSchema>;

/** Changes exactly the fields it names; null clears condition, windowSec or count. */
export const AlertRuleUpdateSchema = z
  .object({
    name: RULE_FIELDS.name.optional(),
    enabled: RULE_FIELDS.enabled.optional(),
    metric: RULE_FIELDS.metric.optional(),
    kind: RULE_FIELDS.kind.optional(),
    condition: RULE_FIELDS.condition.nullable().optional(),
    durationSec: RULE_FIELDS.durationSec.optional(),
    windowSec: RULE_FIELDS.windowSec.nullable().optional(),
    count: RULE_FIELDS.count.nullable().optional(),
    severity: RULE_FIELDS.severity.optional(),
    scope: RULE_FIELDS.scope.optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'name a field to change');
export type AlertRuleUpdate = z.infer<typeof AlertRuleUpdateSchema>;

export const AlertRuleSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  enabled: z.boolean(),
  metric: AlertMetricSchema,
  kind: AlertKindSchema,
  condition: AlertConditionSchema.optional(),
  durationSec: z.number().int(),
  windowSec: z.number().int().optional(),
  count: z.number().int().optional(),
  severity: AlertSeveritySchema,
  scope: z.object({ type: z.enum(RULE_SCOPE_TYPES), value: z.string().optional() }),
  /** Shipped with the product; may be changed or disabled, not deleted. */
  builtin: z.boolean(),
  updatedAt: z.string().datetime(),
});
export type AlertRule = z.infer<typeof AlertRuleSchema>;

export const AlertRuleListSchema = z.object({ items: z.array(AlertRuleSchema) });
export type AlertRuleList = z.infer<typeof AlertRuleListSchema>;

/** POST /alert-rules/preview: what the rule would have fired on the last 24 h of telemetry history. */
export const RulePreviewRequestSchema = z.object({ rule: AlertRuleCreateSchema }).strict();
export type RulePreviewRequest = z.infer<typeof RulePreviewRequestSchema>;

export const RuleFiringSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  from: z.string().datetime(),
  /** When the condition cleared; null when it still held at the end of the history. */
  to: z.string().datetime().nullable(),
  /** The metric value that fired it. */
  value: z.number().nullable(),
});
export type RuleFiring = z.infer<typeof RuleFiringSchema>;

export const RulePreviewSchema = z.object({
  firings: z.array(RuleFiringSchema),
  /** History rows the preview evaluated (one per device and interval). */
  evaluatedSamples: z.number().int(),
  /** True when more firings matched than the answer lists. */
  truncated: z.boolean().optional(),
});
export type RulePreview = z.infer<typeof RulePreviewSchema>;

// ---- incidents -----------------------------------------------------------------------------------

export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export const IncidentStateSchema = z.enum(INCIDENT_STATES, {
  error: () => `state is one of ${INCIDENT_STATES.join(', ')}`,
});
export type IncidentState = z.infer<typeof IncidentStateSchema>;

export const IncidentScopeSchema = z.object({
  type: z.enum(['device', 'site']),
  deviceId: z.string().optional(),
  site: z.string().optional(),
});
export type IncidentScope = z.infer<typeof IncidentScopeSchema>;

export const SilencedBySchema = z.object({ id: z.string(), name: z.string() });

export const IncidentSchema = z.object({
  id: z.string().uuid(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: AlertKindSchema,
  severity: AlertSeveritySchema,
  state: IncidentStateSchema,
  scope: IncidentScopeSchema,
  title: z.string(),
  summary: z.string(),
  /** The device the incident is about (the base station of an outage tree). */
  deviceId: z.string().optional(),
  deviceName: z.string().optional(),
  site: z.string().optional(),
  /** Devices the incident covers: the device itself plus those suppressed into it. */
  affectedCount: z.number().int(),
  /** Devices (CPEs behind a base station, stations of a site) counted into this incident, not paged. */
  suppressedCount: z.number().int(),
  /** Up/down changes seen while the incident was open (flapping rules). */
  flapCount: z.number().int(),
  openedAt: z.string().datetime(),
  acknowledgedAt: z.string().datetime().optional(),
  acknowledgedBy: z.string().optional(),
  assignee: z.string().optional(),
  resolvedAt: z.string().datetime().optional(),
  /** How it resolved: by itself (condition cleared) or by an operator. */
  resolvedBy: z.string().optional(),
  /** The maintenance window that held this incident's notifications. */
  silencedBy: SilencedBySchema.optional(),
  lastValue: z.number().optional(),
  updatedAt: z.string().datetime(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const INCIDENT_EVENT_TYPES = [
  'opened',
  'acknowledged',
  'assigned',
  'suppressed',
  'escalated',
  'notified',
  'notify-failed',
  'silenced',
  'resolved',
  'reopened',
] as const;
export const IncidentEventTypeSchema = z.enum(INCIDENT_EVENT_TYPES);
export type IncidentEventType = z.infer<typeof IncidentEventTypeSchema>;

export const IncidentEventSchema = z.object({
  at: z.string().datetime(),
  type: IncidentEventTypeSchema,
  actor: z.string().optional(),
  detail: z.string(),
});
export type IncidentEvent = z.infer<typeof IncidentEventSchema>;

/** Incidents in one page of GET /api/incidents: at most this many, and this many when `limit` is left out. */
export const INCIDENT_LIST_MAX = 500;
export const INCIDENT_LIST_DEFAULT = 100;

/** Where a page of incidents ends: the last one's (openedAt, id), the list's order. */
export interface IncidentCursor {
  openedAt: string;
  id: string;
}

const CURSOR_ERROR = 'cursor must be the nextCursor of a previous page of this list';
const CURSOR_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * The opaque cursor after this incident. Clients pass it back as it is; what it holds (epoch ms and id,
 * base64url) may change, so nothing outside this file reads it.
 */
export function encodeIncidentCursor(incident: IncidentCursor): string {
  return btoa(`${Date.parse(incident.openedAt)}:${incident.id}`)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The position a cursor names, or null for anything encodeIncidentCursor did not make. */
export function decodeIncidentCursor(cursor: string): IncidentCursor | null {
  if (!BASE64URL.test(cursor)) {
    return null;
  }
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const match = /^(\d{1,15}):(.+)$/.exec(text);
  const ms = Number(match?.[1]);
  if (!match || !CURSOR_UUID.test(match[2]!) || !Number.isSafeInteger(ms)) {
    return null;
  }
  return { openedAt: new Date(ms).toISOString(), id: match[2]! };
}

export const IncidentListQuerySchema = z
  .object({
    /** One state or several, comma-separated (open,acknowledged). */
    state: z
      .string()
      .transform((s) => s.split(',').map((x) => x.trim()))
      .pipe(z.array(IncidentStateSchema))
      .optional(),
    severity: z
      .string()
      .transform((s) => s.split(',').map((x) => x.trim()))
      .pipe(z.array(AlertSeveritySchema))
      .optional(),
    site: plain('site', 64).optional(),
    deviceId: z.string().uuid('deviceId must be a device id (a UUID)').optional(),
    /** Incidents per page: 1 to INCIDENT_LIST_MAX, INCIDENT_LIST_DEFAULT when left out. */
    limit: z.coerce
      .number({ error: 'limit must be a number' })
      .int('limit must be a whole number')
      .min(1, 'limit is at least 1')
      .max(INCIDENT_LIST_MAX, `limit is at most ${INCIDENT_LIST_MAX}`)
      .default(INCIDENT_LIST_DEFAULT)
      .describe(`Incidents per page, 1 to ${INCIDENT_LIST_MAX}; ${INCIDENT_LIST_DEFAULT} when left out`),
    /** Keyset paging: the incidents after this one (the previous page's nextCursor), same filters. */
    cursor: z
      .string({ error: CURSOR_ERROR })
      .transform((raw, ctx) => {
        const position = decodeIncidentCursor(raw);
        if (position === null) {
          ctx.addIssue({ code: 'custom', message: CURSOR_ERROR });
          return z.NEVER;
        }
        return position;
      })
      .optional()
      .describe('The nextCursor of the previous page, with the same filters; opaque'),
  })
  .strict();
export type IncidentListQuery = z.infer<typeof IncidentListQuerySchema>;

export const IncidentListSchema = z.object({
  incidents: z.array(IncidentSchema),
  /** Present when more incidents match: pass it as `cursor` for the next page. */
  nextCursor: z.string().optional(),
});
export type IncidentList = z.infer<typeof IncidentListSchema>;

export const AffectedDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['base-station', 'cpe']),
  site: z.string().nullable(),
  /** The incident's own device, or one counted into it. */
  relation: z.enum(['primary', 'suppressed']),
});
export type AffectedDevice = z.infer<typeof AffectedDeviceSchema>;

export const IncidentDetailSchema = z.object({
  incident: IncidentSchema,
  timeline: z.array(IncidentEventSchema),
  affected: z.array(AffectedDeviceSchema),
});
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;

export const IncidentAssignSchema = z.object({ assignee: plain('assignee', 64) }).strict();
export type IncidentAssign = z.infer<typeof IncidentAssignSchema>;

/** The body of a manual resolve is optional; an empty one is {}. */
export const IncidentResolveSchema = z.object({ note: plain('note', 500).optional() }).strict();
export type IncidentResolve = z.infer<typeof IncidentResolveSchema>;

// ---- maintenance windows -------------------------------------------------------------------------

export const WINDOW_SCOPE_TYPES = ['device', 'site', 'tag'] as const;
export const WindowScopeSchema = z
  .object({
    type: z.enum(WINDOW_SCOPE_TYPES, {
      error: () => `scope.type is one of ${WINDOW_SCOPE_TYPES.join(', ')}`,
    }),
    value: plain('scope.value', 64),
  })
  .strict();
export type WindowScope = z.infer<typeof WindowScopeSchema>;

export const MaintenanceWindowCreateSchema = z
  .object({
    name: plain('name', 100),
    scope: WindowScopeSchema,
    startsAt: isoDate('startsAt'),
    endsAt: isoDate('endsAt'),
    reason: plain('reason', 500).default('maintenance'),
  })
  .strict()
  .refine((w) => Date.parse(w.endsAt) > Date.parse(w.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  })
  .refine((w) => Date.parse(w.endsAt) - Date.parse(w.startsAt) <= 31 * 86_400_000, {
    message: 'a maintenance window lasts at most 31 days',
    path: ['endsAt'],
  });
export type MaintenanceWindowCreate = z.infer<typeof MaintenanceWindowCreateSchema>;

export const MaintenanceWindowSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  scope: z.object({ type: z.enum(WINDOW_SCOPE_TYPES), value: z.string() }),
  startsAt: z.string().datetime(),
  endsAt: z.string().datetime(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string().datetime(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

export const MaintenanceWindowListSchema = z.object({ items: z.array(MaintenanceWindowSchema) });
export type MaintenanceWindowList = z.infer<typeof MaintenanceWindowListSchema>;

// ---- notification channels -----------------------------------------------------------------------

export const CHANNEL_TYPES = ['webhook', 'email'] as const;
export const ChannelTypeSchema = z.enum(CHANNEL_TYPES, {
  error: () => `type is one of ${CHANNEL_TYPES.join(', ')}`,
});
export type ChannelType = z.infer<typeof ChannelTypeSchema>;

const CHANNEL_FIELDS = {
  name: plain('name', 100),
  /** An http(s) URL for a webhook, an e-mail address for email. */
  target: plain('target', 500),
  enabled: z.boolean({ error: 'enabled must be true or false' }),
  minSeverity: AlertSeveritySchema,
  rateLimitPerMin: z
    .number({ error: 'rateLimitPerMin must be a number' })
    .int('rateLimitPerMin must be a whole number')
    .min(1, 'rateLimitPerMin is at least 1')
    .max(10_000, 'rateLimitPerMin is at most 10000'),
  /** HMAC secret of a webhook; write-only (never shown). Without it NOTIFY_WEBHOOK_SECRET signs. */
  secret: z.string().min(8, 'secret is at least 8 characters').max(200),
};

const EMAIL = /^[^\s@]+@[^\s@]+$/;

const targetProblem = (type: ChannelType, target: string): string | null => {
  if (type === 'email') {
    return EMAIL.test(target) ? null : 'target of an email channel is an e-mail address';
  }
  try {
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? null
      : 'target of a webhook channel is an http(s) URL';
  } catch {
    return 'target of a webhook channel is an http(s) URL';
  }
};
export { targetProblem as channelTargetProblem };

export const NotificationChannelCreateSchema = z
  .object({
    name: CHANNEL_FIELDS.name,
    type: ChannelTypeSchema,
    target: CHANNEL_FIELDS.target,
    enabled: CHANNEL_FIELDS.enabled.default(true),
    minSeverity: CHANNEL_FIELDS.minSeverity.default('warning'),
    rateLimitPerMin: CHANNEL_FIELDS.rateLimitPerMin.default(30),
    secret: CHANNEL_FIELDS.secret.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const problem = targetProblem(c.type, c.target);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem, path: ['target'] });
    }
  });
export type NotificationChannelCreate = z.infer<typeof NotificationChannelCreateSchema>;

export const NotificationChannelUpdateSchema = z
  .object({
    name: CHANNEL_FIELDS.name.optional(),
    target: CHANNEL_FIELDS.target.optional(),
    enabled: CHANNEL_FIELDS.enabled.optional(),
    minSeverity: CHANNEL_FIELDS.minSeverity.optional(),
    rateLimitPerMin: CHANNEL_FIELDS.rateLimitPerMin.optional(),
    secret: CHANNEL_FIELDS.secret.nullable().optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'name a field to change');
export type NotificationChannelUpdate = z.infer<typeof NotificationChannelUpdateSchema>;

export const NotificationChannelSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  type: ChannelTypeSchema,
  target: z.string(),
  enabled: z.boolean(),
  minSeverity: AlertSeveritySchema,
  rateLimitPerMin: z.number().int(),
  /** Whether the channel has a secret of its own (the secret itself is never shown). */
  hasSecret: z.boolean(),
  updatedAt: z.string().datetime(),
});
export type NotificationChannel = z.infer<typeof NotificationChannelSchema>;

export const NotificationChannelListSchema = z.object({ items: z.array(NotificationChannelSchema) });
export type NotificationChannelList = z.infer<typeof NotificationChannelListSchema>;

export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'rate-limited'] as const;
export const DELIVERY_EVENTS = ['opened', 'resolved', 'escalated', 'test'] as const;

/** One notification to one channel, with how it went. */
export const DeliverySchema = z.object({
  id: z.string(),
  channelId: z.string(),
  incidentId: z.string().nullable(),
  /** What the notification says happened to the incident. */
  event: z.enum(DELIVERY_EVENTS),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** HTTP status of the last webhook attempt, when there was one. */
  lastStatus: z.number().int().nullable(),
  createdAt: z.string().datetime(),
  deliveredAt: z.string().datetime().nullable(),
  nextAttemptAt: z.string().datetime().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveryListSchema = z.object({ items: z.array(DeliverySchema) });
export type DeliveryList = z.infer<typeof DeliveryListSchema>;

/**
 * The JSON a webhook receives (signed: X-Wsnoc-Signature: sha256=<hex HMAC-SHA256 of the raw body>).
 * `deliveryId` (also in X-Wsnoc-Delivery) is the same on every attempt of one notification: a receiver
 * must drop a body whose deliveryId it has seen (a crash right after the receiver answered sends it again).
 */
export const WebhookPayloadSchema = z.object({
  event: z.enum(DELIVERY_EVENTS),
  deliveryId: z.string(),
  sentAt: z.string().datetime(),
  incident: IncidentSchema,
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export const WEBHOOK_SIGNATURE_HEADER = 'X-Wsnoc-Signature';
/** The delivery id of a webhook request, as in its body: what receivers dedupe on. */
export const WEBHOOK_DELIVERY_HEADER = 'X-Wsnoc-Delivery';

/** Feed payload of `incidents:changed`: whole incidents, as upserts. */
export const IncidentsChangedSchema = z.object({ incidents: z.array(IncidentSchema) });
export type IncidentsChanged = z.infer<typeof IncidentsChangedSchema>;
