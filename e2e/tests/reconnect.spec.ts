import { expect, test } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { lab, labUrl, signIn } from '../src/journey.js';
import { type Console, startConsole } from '../src/stack.js';

// A console of this journey's own, so killing it leaves the other journeys' server alone.
let wsnoc: Console;
test.beforeAll(async () => {
  wsnoc = await startConsole(labUrl());
});
test.afterAll(async () => {
  await wsnoc?.stop();
});

test('a killed server turns the page to reconnecting, and it recovers with no reload and no stale values', async ({
  page,
}) => {
  await signIn(page, `${wsnoc.url}/devices`);
  await expect(page.getByTestId('device-row-bs-0003')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('device-row-bs-0003').getByRole('link').click();
  await expect(page.getByTestId('live-status')).not.toHaveAttribute('data-status', 'unknown', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'live');
  // A marker that a reload would wipe out.
  await page.evaluate(() => Object.assign(window, { __noReload: true }));

  await wsnoc.kill();
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'reconnecting', {
    timeout: 15_000,
  });
  await snap(page, 'reconnect', '1-reconnecting');

  // The radio changes while the console is down: after recovery the page must show the new value.
  await lab('/radios/bs-0003/set', 'POST', { temperatureC: 59 });
  await wsnoc.restart();
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'live', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('live-temperatureC')).toHaveText('59', { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await snap(page, 'reconnect', '2-recovered');
});
