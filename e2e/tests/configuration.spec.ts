import { expect, test } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { lab, signIn } from '../src/journey.js';

test('edit a radio tx power on its page: see the diff, apply, see the new value live', async ({ page }) => {
  await signIn(page, '/devices');
  await page.getByTestId('filter-q').fill('bs-0003');
  await page.getByTestId('device-row-bs-0003').getByRole('link').click();
  await expect(page.getByTestId('device-name')).toContainText('bs-0003');
  const truth = (await lab('/radios/bs-0003/state')) as { config: { txPowerDbm: number } };
  const before = truth.config.txPowerDbm;
  const next = before === 25.5 ? 26 : 25.5;
  await expect(page.getByTestId('live-txPowerDbm')).toContainText(String(before));

  await page.getByTestId('config-edit-open').click();
  const power = page.getByTestId('config-input-txPowerDbm');
  await expect(power).toHaveValue(String(before));
  await power.fill(String(next));
  const row = page.getByTestId('config-diff-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-field', 'txPowerDbm');
  await expect(row).toContainText(String(before));
  await expect(row).toContainText(String(next));
  await page.getByTestId('config-editor').scrollIntoViewIfNeeded();
  await snap(page, 'configuration', '1-diff');

  await page.getByTestId('config-apply').click();
  await expect(page.getByTestId('config-result')).toHaveAttribute('data-status', 'pending-confirm', {
    timeout: 20_000,
  });
  // The live value follows from the feed, and the radio itself runs it.
  await expect(page.getByTestId('live-txPowerDbm')).toContainText(String(next), { timeout: 10_000 });
  expect(((await lab('/radios/bs-0003/state')) as { config: { txPowerDbm: number } }).config.txPowerDbm).toBe(
    next,
  );
  await snap(page, 'configuration', '2-applied');

  await page.getByTestId('config-confirm').click();
  await expect(page.getByTestId('config-result')).toHaveAttribute('data-status', 'confirmed', {
    timeout: 20_000,
  });
  expect(((await lab('/radios/bs-0003/state')) as { pendingConfirm: unknown }).pendingConfirm).toBeNull();
  await snap(page, 'configuration', '3-confirmed');
});
