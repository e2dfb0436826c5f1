import { expect, test, type Page } from '@playwright/test';
import { ConfigVersionListSchema, SpectrumStationListSchema } from '@wsnoc/shared';
import { snap } from '../src/artifacts.js';
import { lab, signIn } from '../src/journey.js';

const RADIO = 'bs-0004';

interface RadioTruth {
  config: { txPowerDbm: number; channel: number | null };
  pendingConfirm: unknown;
}

const truth = async (): Promise<RadioTruth> => (await lab(`/radios/${RADIO}/state`)) as RadioTruth;
/** The radio prints a power as a whole number or with one decimal, as String() does for these values. */
const powerLine = (dbm: number): string => `set radio tx-power ${String(dbm)}`;

/**
 * Whether the spectrum module is done with the station: granted, and the radio on its grant's channel
 * within its power. Until then it may change the radio itself, which would put versions of its own
 * between this journey's.
 */
async function spectrumSettled(page: Page): Promise<boolean> {
  const stations = SpectrumStationListSchema.parse(
    await (await page.request.get('/api/spectrum/stations')).json(),
  );
  const station = stations.items.find((s) => s.name === RADIO);
  if (!stations.enabled) {
    return true;
  }
  if (station?.phase !== 'granted' || !station.grant) {
    return false;
  }
  const { config } = await truth();
  return config.channel === station.grant.channel && config.txPowerDbm <= station.grant.eirpDbm + 0.05;
}

/** The newest version the server kept, read from the API rather than the page under test. */
async function newestVersion(page: Page, deviceId: string): Promise<string | null> {
  const answer = await page.request.get(`/api/devices/${encodeURIComponent(deviceId)}/config/versions`);
  return ConfigVersionListSchema.parse(await answer.json()).items[0]?.id ?? null;
}

test('change a radio, see the version and its diff in the history, restore the one before, and the radio runs it again', async ({
  page,
}) => {
  await signIn(page, '/devices');
  await page.getByTestId('filter-q').fill(RADIO);
  await page.getByTestId(`device-row-${RADIO}`).getByRole('link').click();
  await expect(page.getByTestId('device-name')).toContainText(RADIO);
  const deviceId = decodeURIComponent(new URL(page.url()).pathname.split('/devices/')[1]!);
  await expect.poll(() => spectrumSettled(page), { timeout: 60_000 }).toBe(true);
  const before = (await truth()).config.txPowerDbm;
  const newestAtStart = await newestVersion(page, deviceId);
  // Lower is always inside the station's grant.
  const next = before - 1.5;
  const history = page.getByTestId('config-history');
  await expect(history).toBeVisible();

  // The change, through the page's own editor.
  await page.getByTestId('config-edit-open').click();
  await page.getByTestId('config-input-txPowerDbm').fill(String(next));
  await page.getByTestId('config-mode-commit').check();
  await page.getByTestId('config-apply').click();
  await expect(page.getByTestId('config-result')).toHaveAttribute('data-status', 'applied', {
    timeout: 20_000,
  });

  // The server kept a version of the change (and the snapshot just before it, when it had none); the
  // page lists it at the top without a reload.
  const changed = await newestVersion(page, deviceId);
  expect(changed).not.toBeNull();
  expect(changed).not.toBe(newestAtStart);
  const rows = history.getByTestId('config-version-row');
  await expect(rows.first()).toHaveAttribute('data-version-id', changed!, { timeout: 10_000 });
  await expect(rows.first()).toHaveAttribute('data-source', 'change');
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
  const restored = await newestVersion(page, deviceId);
  expect(restored).not.toBe(changed);
  await expect(rows.first()).toHaveAttribute('data-version-id', restored!, { timeout: 10_000 });
  await expect(rows.first()).toHaveAttribute('data-source', 'change');
  await expect(diff).toHaveAttribute('data-new', restored!);
  await expect(added).toHaveCount(1);
  await expect(added).toContainText(powerLine(before));
  await expect(page.getByTestId('live-txPowerDbm')).toContainText(String(before), { timeout: 10_000 });
  // The restore changed nothing a bulk run wants (another journey's run may have set, then rolled back,
  // a desired NTP server here): no drift, either way.
  await expect(page.getByTestId('drift-none-desired').or(page.getByTestId('drift-in-sync'))).toBeVisible();
  await expect(page.getByTestId('drift-badge')).toHaveCount(0);
  await snap(page, 'config-history', '3-restored');
});
