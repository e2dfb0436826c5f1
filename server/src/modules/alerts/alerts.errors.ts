// Alerts failures. The alerts services throw AlertsError; src/error-answers.ts maps each code.
import { AppError } from '@/infra/errors/app-error.js';

/**
 * not-found: no rule, incident, window or channel with that id. builtin: a built-in rule cannot be
 * deleted (disable it). invalid-rule: the merged rule is incomplete for its kind. resolved: the incident
 * is resolved already. name-taken: another channel has the name. invalid-input: a value is out of range.
 */
export const ALERTS_ERROR_CODES = [
  'not-found',
  'builtin',
  'invalid-rule',
  'resolved',
  'name-taken',
  'invalid-input',
] as const;
export type AlertsErrorCode = (typeof ALERTS_ERROR_CODES)[number];

export class AlertsError extends AppError<AlertsErrorCode> {
  readonly feature = 'alerts';

  static notFound(what: string, id: string): AlertsError {
    return new AlertsError('not-found', `No ${what} with id ${id}`);
  }
}
