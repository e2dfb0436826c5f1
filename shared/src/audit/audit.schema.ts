import { z } from 'zod';

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string().datetime(),
  actor: z.string(),
  action: z.string(),
  deviceId: z.string().nullable(),
  /** What the action was on when it was not a device, e.g. `user:alice` or `bulk-run:<id>`. */
  target: z.string().nullable(),
  /** The client address the request came from; null for the console's own actions. */
  address: z.string().nullable(),
  outcome: z.enum(['ok', 'failed', 'refused']),
  detail: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  /** How long the action took, for actions on a radio; null otherwise. */
  durationMs: z.number().int().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AUDIT_OUTCOMES = ['ok', 'failed', 'refused'] as const;

const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;
const text = (name: string) =>
  z
    .string()
    .min(1, `${name} must not be empty`)
    .max(128, `${name} is at most 128 characters`)
    .regex(NO_CONTROL_CHARACTERS, `${name} must not contain control characters`);

/** Filters of the audit trail; every one optional, all of them together narrow it. */
export const AuditListQuerySchema = z
  .object({
    deviceId: z.string().uuid('deviceId must be a device id').optional(),
    actor: text('actor').optional(),
    /** An action, or a prefix of one ending in a dot: `device.config.` */
    action: text('action').optional(),
    outcome: z
      .enum(AUDIT_OUTCOMES, { message: `outcome must be one of ${AUDIT_OUTCOMES.join(', ')}` })
      .optional(),
    from: z.string().datetime({ message: 'from must be an ISO date-time' }).optional(),
    to: z.string().datetime({ message: 'to must be an ISO date-time' }).optional(),
    /** Entries older than this id: the next page. */
    before: z
      .string()
      .regex(/^[0-9]{1,18}$/, 'before must be an entry id')
      .optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    format: z.enum(['json', 'csv'], { message: 'format must be json or csv' }).default('json'),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'from must not be after to',
    path: ['from'],
  });
export type AuditListQuery = z.infer<typeof AuditListQuerySchema>;

export const AuditListResponseSchema = z.object({ items: z.array(AuditEntrySchema) });
export type AuditListResponse = z.infer<typeof AuditListResponseSchema>;
