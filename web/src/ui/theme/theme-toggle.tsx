import { Button } from '@/ui/button';
import { useTheme, useThemeStore } from './theme.context';

export function ThemeToggle() {
  const store = useThemeStore();
  const theme = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <Button
      data-testid="theme-toggle"
      data-theme-current={theme}
      onClick={store.toggle}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
      {theme === 'dark' ? 'Dark' : 'Light'}
    </Button>
  );
}
