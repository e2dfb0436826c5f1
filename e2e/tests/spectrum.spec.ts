import { expect, test } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { lab, signIn } from '../src/journey.js';

interface LabRadio {
  id: string;
  role: 'base-station' | 'cpe';
  lat: number;
  lon: number;
}

interface LabSettings {
  maxPollingSecs: number;
}

// The lab's update interval and the withdrawal are put back, so nothing of this journey outlives it.
let settingsBefore: LabSettings | null = null;
let withdrawalId: string | null = null;
test.afterAll(async () => {
  if (withdrawalId !== null) {
    await lab(`/spectrum/withdrawals/${withdrawalId}`, 'DELETE');
  }
  if (settingsBefore !== null) {
    await lab('/spectrum/settings', 'PUT', { maxPollingSecs: settingsBefore.maxPollingSecs });
  }
});

test('the channel plan lists the lab’s base stations as granted and follows a withdrawal with no reload', async ({
  page,
}) => {
  test.setTimeout(150_000);
  // A short update interval, so the console re-checks within seconds rather than minutes.
  settingsBefore = (await lab('/spectrum/settings')) as LabSettings;
  await lab('/spectrum/settings', 'PUT', { maxPollingSecs: 20 });
  const stations = ((await lab('/radios')) as LabRadio[]).filter((radio) => radio.role === 'base-station');
  expect(stations.length).toBeGreaterThan(1);

  await signIn(page, '/spectrum');
  for (const station of stations) {
    await expect(page.getByTestId(`spectrum-row-${station.id}`)).toHaveAttribute('data-phase', 'granted', {
      timeout: 60_000,
    });
  }
  await expect(page.getByTestId('summary-granted')).toHaveAttribute('data-count', String(stations.length));
  const map = page.getByTestId('spectrum-map');
  await expect(map).toHaveAttribute('data-drawn', String(stations.length), { timeout: 30_000 });
  await expect(map).toHaveAttribute('data-basemap', 'loaded', { timeout: 30_000 });
  await snap(page, 'spectrum', '1-plan');
  // A marker that a reload would wipe out.
  await page.evaluate(() => Object.assign(window, { __noReload: true }));

  const target = stations[0]!;
  const row = page.getByTestId(`spectrum-row-${target.id}`);
  await page.getByTestId(`station-open-${target.id}`).click();
  const panel = page.getByTestId('station-panel');
  await expect(panel).toHaveAttribute('data-station', target.id);
  await expect(page.getByTestId('availability-timeline')).toBeVisible();
  // Check now: the console checks at once and takes the database's new interval with the answer.
  await page.getByTestId('station-check').click();
  await expect(page.getByTestId('check-result')).toHaveAttribute('data-state', 'checked', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('station-interval')).toHaveText('20 s', { timeout: 10_000 });
  const channel = await row.getAttribute('data-grant-channel');
  expect(channel).toMatch(/^\d+$/);
  await expect(row).toHaveAttribute('data-channel', channel!);
  await panel.scrollIntoViewIfNeeded();
  await snap(page, 'spectrum', '2-station');

  // The database withdraws the station's channel where it stands, from now on.
  const withdrawal = (await lab('/spectrum/withdrawals', 'POST', {
    area: { lat: target.lat, lon: target.lon, radiusM: 1_000 },
    channels: [Number(channel)],
    from: new Date().toISOString(),
    label: 'e2e: spectrum journey',
  })) as { id: string };
  withdrawalId = withdrawal.id;

  // Without a reload: the next check moves the grant, the console retunes the radio, the feed shows both.
  await expect(row).not.toHaveAttribute('data-grant-channel', channel!, { timeout: 60_000 });
  const granted = (await row.getAttribute('data-grant-channel'))!;
  await expect(row).toHaveAttribute('data-channel', granted, { timeout: 30_000 });
  await expect(page.getByTestId('station-grant-channel')).toHaveAttribute('data-channel', granted);
  const configured = page
    .getByTestId('station-records')
    .locator(`[data-testid="record-entry"][data-kind="configured"][data-channel="${granted}"]`);
  await expect(configured.first()).toBeVisible({ timeout: 30_000 });
  await expect(configured.first()).toContainText(`was ch ${channel}`);
  await expect(page.getByTestId('timeline-row-' + granted)).toHaveAttribute('data-granted', 'true');
  await page.getByTestId('station-records').scrollIntoViewIfNeeded();
  await snap(page, 'spectrum', '3-moved');

  // The radio itself runs the new channel, in the lab's own truth.
  const truth = (await lab(`/radios/${target.id}/state`)) as { config: { channel: number } };
  expect(truth.config.channel).toBe(Number(granted));

  // The page's compliance record, narrowed to the station, shows the change; its CSV export holds it too.
  await page.getByTestId('record-filter-kinds').click();
  // The filter lives in the URL, so the box turns checked once the route has the new address.
  await page.getByTestId('record-filter-kind-configured').click();
  await expect(page.getByTestId('record-filter-kind-configured')).toBeChecked();
  await page.keyboard.press('Escape');
  await panel.getByRole('button', { name: 'All entries of this station' }).click();
  const record = page.getByTestId('record-list');
  await expect(
    record.locator(`[data-testid="record-entry"][data-kind="configured"][data-channel="${granted}"]`).first(),
  ).toBeVisible({ timeout: 15_000 });
  const csv = await page.request.get((await page.getByTestId('record-csv').getAttribute('href'))!);
  expect(csv.ok()).toBe(true);
  expect(await csv.text()).toMatch(new RegExp(`${target.id},[^,]+,configured,${granted},`));
  await page.getByTestId('compliance-record').scrollIntoViewIfNeeded();
  await snap(page, 'spectrum', '4-record');

  expect(await page.evaluate(() => (window as { __noReload?: boolean }).__noReload)).toBe(true);
});
