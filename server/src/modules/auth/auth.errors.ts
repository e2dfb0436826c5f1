// Sign-in and access failures. The guard, the auth service and the HTTP edge's request checks throw
// AuthError; src/error-answers.ts maps each code to its HTTP answer (401, 403, 429 or 503 with Retry-After).
import { AppError } from '@/infra/errors/app-error.js';

/**
 * unauthenticated: no valid session. forbidden: signed in, but the role may not do this. unmarked-route:
 * a handler without access marking (closed by default). wrong-credentials: the username or password is
 * wrong. throttled: too many failed sign-ins; `retryAfterSeconds` says when to try again. cross-site: a
 * state-changing request sent by a page of another origin (the browser attached the cookie, the user did
 * not mean it). overloaded: too many sign-ins are already being checked; nothing was checked for this one.
 * disabled: the right password for a disabled account. weak-password: a chosen password the policy
 * refuses (`issues`). wrong-password: the current password given to change one's own is wrong.
 * user-not-found, username-taken. last-admin: the change would leave no enabled admin.
 */
export const AUTH_ERROR_CODES = [
  'unauthenticated',
  'forbidden',
  'unmarked-route',
  'wrong-credentials',
  'throttled',
  'cross-site',
  'overloaded',
  'disabled',
  'weak-password',
  'wrong-password',
  'user-not-found',
  'username-taken',
  'last-admin',
] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends AppError<AuthErrorCode> {
  readonly feature = 'auth';

  static throttled(retryAfterSeconds: number): AuthError {
    return new AuthError('throttled', `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }

  static overloaded(retryAfterSeconds: number): AuthError {
    return new AuthError('overloaded', 'Too many sign-ins at once; try again shortly', { retryAfterSeconds });
  }

  static crossSite(origin: string): AuthError {
    return new AuthError(
      'cross-site',
      `Refused a state-changing request from another site (${origin}); add the console's address to ALLOWED_ORIGINS if it is yours`,
      { origin },
    );
  }
}
