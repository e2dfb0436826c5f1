// Turns a failed sign-in into words an operator can act on. The server's own message wins when it has one.
import { ApiRequestError } from '@/infra/http.client';

export interface LoginErrorView {
  message: string;
  /** Epoch ms until which the form stays locked, when the server throttled us. */
  retryAt: number | null;
}

const FALLBACK_THROTTLE_SECONDS = 30;

export function describeLoginError(error: unknown, now: number = Date.now()): LoginErrorView {
  if (!(error instanceof ApiRequestError)) {
    return { message: 'Sign-in failed for an unexpected reason. Try again.', retryAt: null };
  }
  switch (error.kind) {
    case 'unauthorized':
      return { message: error.body?.message ?? 'Wrong username or password.', retryAt: null };
    case 'throttled': {
      const seconds = error.retryAfterSeconds ?? FALLBACK_THROTTLE_SECONDS;
      return { message: 'Too many sign-in attempts.', retryAt: now + seconds * 1000 };
    }
    case 'unreachable':
      return {
        message:
          'Cannot reach the wsnoc server. Check that it is running and that this machine is on the network.',
        retryAt: null,
      };
    case 'invalid': {
      const issues = error.body?.issues?.map((issue) => issue.message).join('; ');
      return { message: issues ?? error.message, retryAt: null };
    }
    case 'forbidden':
    case 'not-found':
    case 'conflict':
    case 'server':
    case 'unexpected':
      return { message: `Sign-in failed: ${error.message}`, retryAt: null };
  }
}
