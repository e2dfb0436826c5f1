import { expect, test } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { lab, signIn } from '../src/journey.js';
import { E2E_RADIOS } from '../src/stack.js';

test('filter the table, share the view, open a device and watch a live value change', async ({ page }) => {
  await signIn(page, '/devices');
  const count = page.getByTestId('device-count');
  await expect(count).toHaveAttribute('data-total', String(E2E_RADIOS), { timeout: 30_000 });
  await snap(page, 'operations', '1-table');

  await page.getByTestId('filter-q').fill('bs-');
  await page.getByTestId('filter-role').selectOption('base-station');
  await expect(page).toHaveURL(/q=bs-/);
  const shown = Number(await count.getAttribute('data-shown'));
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(E2E_RADIOS);
  await expect(page.locator('[data-testid^="device-row-cpe-"]')).toHaveCount(0);
  await snap(page, 'operations', '2-filtered');

  // The URL alone carries the view: a colleague opening it sees the same rows.
  const shared = await page.context().newPage();
  await shared.goto(page.url());
  await expect(shared.getByTestId('filter-q')).toHaveValue('bs-');
  await expect(shared.getByTestId('device-count')).toHaveAttribute('data-shown', String(shown), {
    timeout: 30_000,
  });
  await shared.close();

  await page.getByTestId('device-row-bs-0001').getByRole('link').click();
  await expect(page.getByTestId('device-name')).toContainText('bs-0001');
  await expect(page.getByTestId('live-status')).not.toHaveAttribute('data-status', 'unknown', {
    timeout: 30_000,
  });
  await snap(page, 'operations', '3-detail');

  // Change the radio itself through the field lab; the next poll carries it to the page.
  await lab('/radios/bs-0001/set', 'POST', { temperatureC: 68 });
  await expect(page.getByTestId('live-temperatureC')).toHaveText('68', { timeout: 20_000 });
  await snap(page, 'operations', '4-live-change');
});
