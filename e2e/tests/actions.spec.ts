import { expect, test } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { lab, signIn } from '../src/journey.js';

test('refresh a radio, and see a busy radio explained', async ({ page }) => {
  await signIn(page, '/devices');
  await page.getByTestId('filter-q').fill('bs-0002');
  await page.getByTestId('device-row-bs-0002').getByRole('link').click();
  await expect(page.getByTestId('device-name')).toContainText('bs-0002');
  const deviceUrl = page.url();
  const deviceId = deviceUrl.split('/devices/')[1]!;

  await page.getByTestId('action-refresh').click();
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await snap(page, 'actions', '1-confirm');
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('action-result')).toBeVisible({ timeout: 20_000 });
  await snap(page, 'actions', '2-refreshed');

  // Make the radio slow, start a refresh from another session of the same operator, and try again.
  await lab('/radios/bs-0002/faults', 'POST', { kind: 'slow', latencyMs: 2_500 });
  try {
    const running = page.request.post(`/api/devices/${deviceId}/actions/refresh`, { timeout: 30_000 });
    // Wait until that refresh holds the radio (not a background poll), then try from the page.
    await expect
      .poll(
        async () =>
          (
            (await (await page.request.get(`/api/devices/${deviceId}/lock`)).json()) as {
              holder: { owner: string } | null;
            }
          ).holder?.owner,
        {
          timeout: 15_000,
        },
      )
      .toBe('admin (refresh)');
    await page.getByTestId('action-refresh').click();
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('action-busy')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('busy-owner')).toContainText('admin (refresh)');
    await expect(page.getByTestId('busy-since')).not.toBeEmpty();
    await snap(page, 'actions', '3-busy');
    expect((await running).status()).toBe(200);
  } finally {
    await lab('/radios/bs-0002/faults', 'DELETE');
  }
});
