import { createContext, use, useSyncExternalStore, type ReactNode } from 'react';
import type { ConnectionState, ConnectionStore } from './connection.store';

const ConnectionStoreContext = createContext<ConnectionStore | null>(null);

export function ConnectionStoreProvider({
  store,
  children,
}: {
  store: ConnectionStore;
  children: ReactNode;
}) {
  return <ConnectionStoreContext value={store}>{children}</ConnectionStoreContext>;
}

export function useConnectionStore(): ConnectionStore {
  const store = use(ConnectionStoreContext);
  if (!store) {
    throw new Error('useConnectionStore needs a ConnectionStoreProvider above it');
  }
  return store;
}

export function useConnectionState(): ConnectionState {
  const store = useConnectionStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
