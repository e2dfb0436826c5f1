// Sign-in and access failures. The guard and the auth service throw AuthError; src/error-answers.ts maps
// each code to its HTTP answer (401, 403, 429 with Retry-After).
import { AppError } from '@/infra/errors/app-error.js';

/**
 * unauthenticated: no valid session. forbidden: signed in, but the role may not do this. unmarked-route:
 * a handler without access marking (closed by default). wrong-credentials: the username or password is
 * wrong. throttled: too many failed sign-ins; `retryAfterSeconds` says when to try again.
 */
export const AUTH_ERROR_CODES = [
  'unauthenticated',
  'forbidden',
  'unmarked-route',
  'wrong-credentials',
  'throttled',
] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends AppError<AuthErrorCode> {
  readonly feature = 'auth';

  static throttled(retryAfterSeconds: number): AuthError {
    return new AuthError('throttled', `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}
