import { z } from 'zod';

/** The body of every error answer from the REST API. `issues` names the offending fields. */
export const ApiErrorSchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  /** `feature.code` of a typed error, e.g. `devices.not-found`, `driver.timeout`, `database.unavailable`. */
  code: z.string().optional(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
