import { createContext, use, useSyncExternalStore, type ReactNode } from 'react';
import type { AuthState, AuthStore } from './auth.store';

const AuthStoreContext = createContext<AuthStore | null>(null);

export function AuthStoreProvider({ store, children }: { store: AuthStore; children: ReactNode }) {
  return <AuthStoreContext value={store}>{children}</AuthStoreContext>;
}

export function useAuthStore(): AuthStore {
  const store = use(AuthStoreContext);
  if (!store) {
    throw new Error('useAuthStore needs an AuthStoreProvider above it');
  }
  return store;
}

export function useAuthState(): AuthState {
  const store = useAuthStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
