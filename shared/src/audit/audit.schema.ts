import { z } from 'zod';

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string().datetime(),
  actor: z.string(),
  action: z.string(),
  deviceId: z.string().nullable(),
  outcome: z.enum(['ok', 'failed', 'refused']),
  detail: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  /** How long the action took, for actions on a radio; null otherwise. */
  durationMs: z.number().int().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditListQuerySchema = z.object({
  deviceId: z.string().uuid('deviceId must be a device id').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type AuditListQuery = z.infer<typeof AuditListQuerySchema>;

export const AuditListResponseSchema = z.object({ items: z.array(AuditEntrySchema) });
export type AuditListResponse = z.infer<typeof AuditListResponseSchema>;
