import { createContext, use, useSyncExternalStore, type ReactNode } from 'react';
import type { Theme, ThemeStore } from './theme.store';

const ThemeStoreContext = createContext<ThemeStore | null>(null);

export function ThemeStoreProvider({ store, children }: { store: ThemeStore; children: ReactNode }) {
  return <ThemeStoreContext value={store}>{children}</ThemeStoreContext>;
}

export function useThemeStore(): ThemeStore {
  const store = use(ThemeStoreContext);
  if (!store) {
    throw new Error('useThemeStore needs a ThemeStoreProvider above it');
  }
  return store;
}

export function useTheme(): Theme {
  const store = useThemeStore();
  return useSyncExternalStore(store.subscribe, store.getTheme);
}
