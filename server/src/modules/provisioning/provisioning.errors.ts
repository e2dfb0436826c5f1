// Configuration history and bulk runs: their own failures at the edge.
import { AppError } from '@/infra/errors/app-error.js';

/**
 * version-not-found: no such version of this device. run-not-found: no such bulk run. invalid-run: the run
 * request is not valid as a whole (no device, a template variable out of range), `issues` names the
 * fields. run-state: the run cannot do that now (resume a finished run, roll back a running one).
 */
export const PROVISIONING_ERROR_CODES = [
  'version-not-found',
  'run-not-found',
  'invalid-run',
  'run-state',
] as const;
export type ProvisioningErrorCode = (typeof PROVISIONING_ERROR_CODES)[number];

export class ProvisioningError extends AppError<ProvisioningErrorCode> {
  readonly feature = 'provisioning';
}
