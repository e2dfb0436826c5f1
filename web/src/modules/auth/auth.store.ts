// Owns who is signed in. Screens read it through useSyncExternalStore; only this store calls the auth API,
// so there is one truth about the session however many components ask.
import type { LoginRequest, UserResponse } from '@wsnoc/shared';
import { ApiRequestError } from '@/infra/http.client';
import type { AuthApi } from './auth.api';

export type AuthState =
  | { status: 'checking' }
  | { status: 'signed-in'; user: UserResponse }
  | { status: 'signed-out' }
  /** The session could not be checked at all; sending the user to /login would be a lie. */
  | { status: 'unreachable'; message: string };

export interface AuthStore {
  getState: () => AuthState;
  subscribe: (listener: () => void) => () => void;
  /** Asks the server who we are. Safe to call again, e.g. after the live feed reports an expired session. */
  refresh: () => Promise<void>;
  /** Resolves with the user, or rejects with an ApiRequestError for the sign-in form to explain. */
  signIn: (request: LoginRequest) => Promise<UserResponse>;
  signOut: () => Promise<void>;
  /** The server already ended this session (sign-out everywhere): stop acting as the user, asking nothing. */
  sessionEnded: () => void;
}

export function createAuthStore(api: AuthApi): AuthStore {
  let state: AuthState = { status: 'checking' };
  const listeners = new Set<() => void>();
  let inFlight: Promise<void> | null = null;

  const set = (next: AuthState): void => {
    state = next;
    listeners.forEach((listener) => listener());
  };

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh: () => {
      // Callers racing (StrictMode effects, several components) share one request.
      inFlight ??= (async () => {
        try {
          const user = await api.currentUser();
          set(user ? { status: 'signed-in', user } : { status: 'signed-out' });
        } catch (error) {
          const message = error instanceof ApiRequestError ? error.message : 'The session check failed.';
          set({ status: 'unreachable', message });
        } finally {
          inFlight = null;
        }
      })();
      return inFlight;
    },
    signIn: async (request) => {
      const user = await api.login(request);
      set({ status: 'signed-in', user });
      return user;
    },
    signOut: async () => {
      try {
        await api.logout();
      } finally {
        // Even if the server did not answer, this tab stops acting as the user; the cookie expires on its own.
        set({ status: 'signed-out' });
      }
    },
    sessionEnded: () => set({ status: 'signed-out' }),
  };
}
