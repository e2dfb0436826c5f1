// How the lifecycle reads a database failure: fatal for the device (it may not transmit until an
// operator acts), a registration to redo, or an outage to retry through. PAWS's own codes are told
// apart by the client's typed error; anything else is an outage.
import { AppError } from '@/infra/errors/app-error.js';

const FATAL = new Set(['version', 'unsupported', 'missing', 'invalid-value']);
const REGISTER = new Set(['not-registered', 'unauthorized']);

function pawsCode(err: unknown): string | undefined {
  const typed = err instanceof AppError ? (err as AppError<string>) : undefined;
  return typed?.feature === 'paws' ? typed.code : undefined;
}

/** -101, -102 (the database will not serve this device) and -201, -202 (its configuration is wrong). */
export function isFatal(err: unknown): boolean {
  const code = pawsCode(err);
  return code !== undefined && FATAL.has(code);
}

/** -301, -302: register (again) and ask again. */
export function isRegistrationNeeded(err: unknown): boolean {
  const code = pawsCode(err);
  return code !== undefined && REGISTER.has(code);
}

/** -104: the site is outside the database's coverage; no channel can be granted there. */
export function isOutsideCoverage(err: unknown): boolean {
  return pawsCode(err) === 'outside-coverage';
}
