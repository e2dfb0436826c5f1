import { expect, test } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { signIn } from '../src/journey.js';

test('select devices on the map with a box and see them selected in the table', async ({ page }) => {
  await signIn(page, '/map');
  const map = page.getByTestId('fleet-map');
  await expect(map).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(map).not.toHaveAttribute('data-drawn', '0', { timeout: 30_000 });
  // The offline basemap (no tile server) has arrived: coastlines are drawn under the fleet.
  await expect(map).toHaveAttribute('data-basemap', 'loaded', { timeout: 30_000 });
  await snap(page, 'map', '1-fleet');

  // Shift-drag across the whole map: a box selection of everything drawn.
  const box = (await map.boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width - 5, box.y + box.height - 5, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');

  const selection = page.getByTestId('selection-count');
  await expect(selection).not.toHaveAttribute('data-count', '0');
  const selected = Number(await selection.getAttribute('data-count'));
  expect(selected).toBeGreaterThan(0);
  await snap(page, 'map', '2-selected');

  await page.getByTestId('nav-devices').click();
  await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', String(selected));
  await expect(page.locator('[data-testid^="device-row-"][data-selected="true"]').first()).toBeVisible();
  await snap(page, 'map', '3-table-selection');
});
