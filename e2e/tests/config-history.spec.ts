import { expect, test } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { lab, signIn } from '../src/journey.js';

const RADIO = 'bs-0004';

interface RadioTruth {
  config: { txPowerDbm: number };
  pendingConfirm: unknown;
}

const truth = async (): Promise<RadioTruth> => (await lab(`/radios/${RADIO}/state`)) as RadioTruth;
/** The radio prints a power as a whole number or with one decimal, as String() does for these values. */
const powerLine = (dbm: number): string => `set radio tx-power ${String(dbm)}`;

test('change a radio, see the version and its diff in the history, restore the one before, and the radio runs it again', async ({
  page,
}) => {
  await signIn(page, '/devices');
  await page.getByTestId('filter-q').fill(RADIO);
  await page.getByTestId(`device-row-${RADIO}`).getByRole('link').click();
  await expect(page.getByTestId('device-name')).toContainText(RADIO);
  const before = (await truth()).config.txPowerDbm;
  // Lower is always inside the station's grant.
  const next = before - 1.5;
  const history = page.getByTestId('config-history');
  await expect(history).toBeVisible();
  const versionsAtStart = await history.getByTestId('config-version-row').count();

  // The change, through the page's own editor.
  await page.getByTestId('config-edit-open').click();
  await page.getByTestId('config-input-txPowerDbm').fill(String(next));
  await page.getByTestId('config-mode-commit').check();
  await page.getByTestId('config-apply').click();
  await expect(page.getByTestId('config-result')).toHaveAttribute('data-status', 'applied', {
    timeout: 20_000,
  });

  // The history lists the change (and the snapshot taken just before it) without a reload of the page.
  const rows = history.getByTestId('config-version-row');
  await expect(rows.first()).toHaveAttribute('data-source', 'change', { timeout: 10_000 });
  expect(await rows.count()).toBeGreaterThanOrEqual(Math.max(2, versionsAtStart + 1));
  const changed = await rows.first().getAttribute('data-version-id');
  const previous = await rows.nth(1).getAttribute('data-version-id');
  const diff = page.getByTestId('config-version-diff');
  await expect(diff).toHaveAttribute('data-new', changed!);
  await expect(diff).toHaveAttribute('data-old', previous!);
  const removed = diff.locator('[data-testid="config-diff-line"][data-change="removed"]');
  const added = diff.locator('[data-testid="config-diff-line"][data-change="added"]');
  await expect(removed).toHaveCount(1);
  await expect(removed).toContainText(powerLine(before));
  await expect(added).toHaveCount(1);
  await expect(added).toContainText(powerLine(next));
  await expect(diff.locator('[data-testid="config-diff-line"][data-change="same"]').first()).toBeVisible();
  await history.scrollIntoViewIfNeeded();
  await snap(page, 'config-history', '1-diff');

  // Restore the version before the change, behind a confirmation.
  await history.getByTestId('config-restore').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText(`${String(next)} → ${String(before)}`);
  await snap(page, 'config-history', '2-confirm');
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('config-restore-result')).toHaveAttribute('data-status', 'confirmed', {
    timeout: 30_000,
  });

  // The radio itself runs the old value again, with nothing left waiting for a confirm.
  await expect.poll(async () => (await truth()).config.txPowerDbm, { timeout: 10_000 }).toBe(before);
  expect((await truth()).pendingConfirm).toBeNull();

  // The restore is a version of its own, newest, and the diff now shows the power going back.
  await expect(rows.first()).not.toHaveAttribute('data-version-id', changed!, { timeout: 10_000 });
  await expect(rows.first()).toHaveAttribute('data-source', 'change');
  await expect(added).toHaveCount(1);
  await expect(added).toContainText(powerLine(before));
  await expect(page.getByTestId('live-txPowerDbm')).toContainText(String(before), { timeout: 10_000 });
  // No bulk run set a desired configuration for this radio, so it cannot have drifted.
  await expect(page.getByTestId('drift-none-desired')).toBeVisible();
  await expect(page.getByTestId('drift-badge')).toHaveCount(0);
  await snap(page, 'config-history', '3-restored');
});
