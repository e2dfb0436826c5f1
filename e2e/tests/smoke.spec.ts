import { expect, test } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { E2E_ADMIN_PASSWORD } from '../src/stack.js';

test('sign in, see the shell, sign out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await snap(page, 'smoke', '1-login');

  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toContainText(/wrong username or password/i);

  await page.getByTestId('login-password').fill(E2E_ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toHaveText('admin');
  for (const screen of [
    'overview',
    'devices',
    'map',
    'spectrum',
    'configuration',
    'alerts',
    'audit',
    'wall',
  ]) {
    await expect(page.getByTestId(`nav-${screen}`)).toBeVisible();
  }
  // The live feed connects with the session cookie and the indicator says so in words, not colour alone.
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'live');
  await snap(page, 'smoke', '2-shell');

  await page.getByTestId('nav-devices').click();
  await expect(page).toHaveURL(/\/devices/);

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login/);
  await snap(page, 'smoke', '3-signed-out');
  // The session is really gone: the API refuses it.
  const me = await page.request.get('/api/auth/me');
  expect(me.status()).toBe(401);
});
