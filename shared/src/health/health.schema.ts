import { z } from 'zod';

export const DependencyStatusSchema = z.object({
  status: z.enum(['up', 'down']),
  kind: z.string().describe('which implementation answers: postgres, embedded-postgres, redis, in-process'),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});

export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  checks: z.object({
    database: DependencyStatusSchema,
    cache: DependencyStatusSchema,
  }),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
