// Owns the colour theme. Dark is the default for a darkened operations room; a user's explicit choice
// is remembered per browser, and before any choice the OS preference decides.
export type Theme = 'dark' | 'light';

export const THEME_STORAGE_KEY = 'wsnoc.theme';

export interface ThemeStore {
  getTheme: () => Theme;
  subscribe: (listener: () => void) => () => void;
  setTheme: (theme: Theme) => void;
  toggle: () => void;
}

export interface ThemeEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  prefersLight: () => boolean;
  /** Where the theme is applied; CSS variables hang off [data-theme]. */
  root: HTMLElement | null;
}

export function browserThemeEnvironment(): ThemeEnvironment {
  return {
    storage: safeLocalStorage(),
    prefersLight: () =>
      typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches,
    root: typeof document === 'undefined' ? null : document.documentElement,
  };
}

export function createThemeStore(env: ThemeEnvironment = browserThemeEnvironment()): ThemeStore {
  let theme: Theme = readStored(env) ?? (env.prefersLight() ? 'light' : 'dark');
  const listeners = new Set<() => void>();

  const apply = (): void => {
    if (env.root) {
      env.root.dataset.theme = theme;
      env.root.style.colorScheme = theme;
    }
  };
  apply();

  const setTheme = (next: Theme): void => {
    theme = next;
    try {
      env.storage?.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Private mode or a full quota: the theme still applies for this tab.
    }
    apply();
    listeners.forEach((listener) => listener());
  };

  return {
    getTheme: () => theme,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setTheme,
    toggle: () => setTheme(theme === 'dark' ? 'light' : 'dark'),
  };
}

function readStored(env: ThemeEnvironment): Theme | null {
  try {
    const value = env.storage?.getItem(THEME_STORAGE_KEY);
    return value === 'dark' || value === 'light' ? value : null;
  } catch {
    return null;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
