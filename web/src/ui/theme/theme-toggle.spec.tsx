import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ThemeStoreProvider } from './theme.context';
import { createThemeStore, THEME_STORAGE_KEY, type ThemeEnvironment } from './theme.store';
import { ThemeToggle } from './theme-toggle';

function environment(prefersLight: boolean): ThemeEnvironment {
  return { storage: localStorage, prefersLight: () => prefersLight, root: document.documentElement };
}

describe(ThemeToggle.name, () => {
  it('starts dark when the OS has no light preference', () => {
    expect(createThemeStore(environment(false)).getTheme()).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('follows a light OS preference before any choice', () => {
    expect(createThemeStore(environment(true)).getTheme()).toBe('light');
  });

  it('persists the choice, which then beats the OS preference', () => {
    render(
      <ThemeStoreProvider store={createThemeStore(environment(false))}>
        <ThemeToggle />
      </ThemeStoreProvider>,
    );

    fireEvent.click(screen.getByTestId('theme-toggle'));

    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(screen.getByTestId('theme-toggle').getAttribute('data-theme-current')).toBe('light');
    expect(createThemeStore(environment(false)).getTheme()).toBe('light');
  });
});
