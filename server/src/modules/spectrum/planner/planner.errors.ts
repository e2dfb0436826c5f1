// The planner's own failures. A relative import rather than the `@/` alias: the planner is pure and
// bench/spectrum.ts imports it straight from source, where that alias does not exist.
import { AppError } from '../../../infra/errors/app-error.js';

/**
 * invalid-input: a site the planner cannot model (a duplicate id, a position or power that is not a
 * number). unknown-site: a re-plan names a site the input does not have. not-allowed: an apply order
 * was asked to move a site onto a channel its grant does not cover.
 */
export const PLANNER_ERROR_CODES = ['invalid-input', 'unknown-site', 'not-allowed'] as const;
export type PlannerErrorCode = (typeof PLANNER_ERROR_CODES)[number];

export class PlannerError extends AppError<PlannerErrorCode> {
  readonly feature = 'spectrum-planner';
}
