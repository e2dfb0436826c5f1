import { expect, test } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { signIn } from '../src/journey.js';

const SCREENS = ['/', '/devices', '/map', '/spectrum'];

for (const [label, viewport] of [
  ['720p', { width: 1280, height: 720 }],
  ['4k', { width: 3840, height: 2160 }],
] as const) {
  test(`every screen fits the window at ${label}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await signIn(page);
    for (const path of SCREENS) {
      await page.goto(path);
      await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'live');
      if (path === '/devices') {
        await expect(page.locator('[data-testid^="device-row-"]').first()).toBeVisible({ timeout: 30_000 });
      }
      if (path === '/map') {
        await expect(page.getByTestId('fleet-map')).toHaveAttribute('data-basemap', 'loaded', {
          timeout: 30_000,
        });
      }
      if (path === '/spectrum') {
        await expect(page.locator('[data-testid^="spectrum-row-"]').first()).toBeVisible({ timeout: 30_000 });
        await expect(page.getByTestId('spectrum-map')).toHaveAttribute('data-basemap', 'loaded', {
          timeout: 30_000,
        });
      }
      // Nothing spills sideways: an operator never scrolls a screen horizontally.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at ${label}`).toBeLessThanOrEqual(0);
      await snap(page, `resolution-${label}`, path === '/' ? 'overview' : path.slice(1));
    }
  });
}
