// Wall displays, end to end: an admin makes a display scoped to one site and opens its link on a screen
// with no sign-in; it shows only that site's radios, base stations' grants and incidents (a radio of the
// site taken offline in the field lab appears on the incidents panel, live). Revoking it turns the screen dark within 5 s. And a
// display stays live, with no reload, while its server restarts twice (WSNOC_E2E_WALL_MINUTES long, 1 by
// default; 10 is the figure), then goes dark within 5 s of its revocation.
import { expect, type Page, test } from '@playwright/test';
import {
  DeviceListResponseSchema,
  WallDisplayCreatedSchema,
  type WallDisplayCreate,
  type WallDisplayCreated,
} from '@wsnoc/shared';
import { snap } from '../src/artifacts.js';
import { lab, labUrl } from '../src/journey.js';
import { type Console, E2E_ADMIN_PASSWORD, startConsole } from '../src/stack.js';

const baseUrl = () => process.env.WSNOC_E2E_URL!;

async function adminCookie(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: E2E_ADMIN_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function api(url: string, cookie: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${url}/api${path}`, {
    ...init,
    headers: { cookie, 'content-type': 'application/json' },
  });
}

async function createDisplay(
  url: string,
  cookie: string,
  body: Partial<WallDisplayCreate> & { name: string },
): Promise<WallDisplayCreated> {
  const response = await api(url, cookie, '/wall/displays', { method: 'POST', body: JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(201);
  return WallDisplayCreatedSchema.parse(await response.json());
}

/** Opens the display's link as a kiosk would, and waits for its first data. */
async function openWall(page: Page, url: string, token: string): Promise<void> {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${url}/wall#token=${token}`);
  await expect(page.getByTestId('wall')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  // The token left the address bar (it is kept in storage for reloads).
  expect(new URL(page.url()).hash).toBe('');
}

test('a display scoped to one site shows only that site’s radios', async ({ page }) => {
  test.setTimeout(180_000);
  const cookie = await adminCookie(baseUrl());
  const fleet = DeviceListResponseSchema.parse(
    await (await api(baseUrl(), cookie, '/devices?limit=1000')).json(),
  ).items;
  const bySite = new Map<string, number>();
  for (const device of fleet) {
    if (device.site) {
      bySite.set(device.site, (bySite.get(device.site) ?? 0) + 1);
    }
  }
  expect(bySite.size).toBeGreaterThan(1);
  const [site, radios] = [...bySite].sort((a, b) => b[1] - a[1])[0]!;
  const display = await createDisplay(baseUrl(), cookie, {
    name: `one site ${Date.now()}`,
    sites: [site],
    panels: ['counts', 'worst-links', 'map', 'spectrum', 'incidents'],
    rotateSeconds: 5,
  });
  const inSite = fleet.filter((d) => d.site === site);
  const stations = inSite.filter((d) => d.role === 'base-station');
  expect(stations.length).toBeGreaterThan(0);

  await openWall(page, baseUrl(), display.token);
  await expect(page.getByTestId('wall-name')).toHaveText(display.name);
  await expect(page.getByTestId('wall-count-total')).toHaveText(String(radios));
  expect(radios).toBeLessThan(fleet.length);
  await snap(page, 'wall', '1-counts');

  // The rotation brings the worst links, every one of them in the display's site.
  await expect(page.getByTestId('wall-panel-worst-links')).toBeVisible({ timeout: 10_000 });
  const rows = page.getByTestId('wall-worst-row');
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  for (const value of await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-site')))) {
    expect(value).toBe(site);
  }
  await snap(page, 'wall', '2-worst-links');

  // Then the map, holding exactly that site's radios.
  await expect(page.getByTestId('wall-map')).toHaveAttribute('data-points', String(radios), {
    timeout: 10_000,
  });
  await snap(page, 'wall', '3-map');

  // The spectrum plan: the site's base stations, each with its grant as the console manages it.
  await expect(page.getByTestId('wall-panel-spectrum')).toBeVisible({ timeout: 10_000 });
  const stationRows = page.getByTestId('wall-station-row');
  await expect(stationRows).toHaveCount(stations.length);
  for (const value of await stationRows.evaluateAll((els) => els.map((el) => el.getAttribute('data-site')))) {
    expect(value).toBe(site);
  }
  await expect(stationRows.filter({ hasText: /\d+\.\d dBm/ }).first()).toBeVisible();
  await snap(page, 'wall', '3a-spectrum');

  // A CPE of the site stops answering: its incident comes to the incidents panel from the feed.
  const cpe = inSite
    .filter((d) => d.role === 'cpe')
    .map((d) => d.name)
    .sort()[0]!;
  await page.evaluate(() => ((window as unknown as { e2eMark: string }).e2eMark = 'no reload'));
  await lab(`/radios/${cpe}/faults`, 'POST', { kind: 'offline' });
  try {
    await expect(page.getByTestId('wall-panel-incidents')).toBeVisible({ timeout: 30_000 });
    const row = page.getByTestId('wall-incident-row').filter({ hasText: cpe });
    await expect(row.first()).toBeVisible({ timeout: 90_000 });
    await expect(row.first().getByTestId('wall-incident-age')).toHaveText(/\d+ (s|min)/);
    await snap(page, 'wall', '3b-incidents');
    expect(await page.evaluate(() => (window as unknown as { e2eMark?: string }).e2eMark)).toBe('no reload');
  } finally {
    await lab(`/radios/${cpe}/faults`, 'DELETE');
  }
});

test('a revoked display goes dark within 5 s', async ({ page }) => {
  const cookie = await adminCookie(baseUrl());
  const display = await createDisplay(baseUrl(), cookie, { name: `revoked ${Date.now()}` });
  await openWall(page, baseUrl(), display.token);
  const revokedAt = Date.now();
  expect((await api(baseUrl(), cookie, `/wall/displays/${display.id}`, { method: 'DELETE' })).status).toBe(
    204,
  );
  await expect(page.getByTestId('wall-revoked')).toBeVisible({ timeout: 5_000 });
  expect(Date.now() - revokedAt).toBeLessThan(5_000);
  await snap(page, 'wall', '4-revoked');
  // A reload holds the stored token, which the server now refuses as revoked.
  await page.reload();
  await expect(page.getByTestId('wall-revoked')).toBeVisible({ timeout: 10_000 });
});

test.describe('a display through server restarts', () => {
  // A console of this journey's own, so restarting it leaves the other journeys' server alone.
  let wsnoc: Console;
  test.beforeAll(async () => {
    wsnoc = await startConsole(labUrl());
  });
  test.afterAll(async () => {
    await wsnoc?.stop();
  });

  const minutes = Number(process.env.WSNOC_E2E_WALL_MINUTES ?? '1');

  test('stays live with no reload while the server restarts twice, and goes dark within 5 s of its revocation', async ({
    page,
  }) => {
    test.setTimeout(minutes * 60_000 + 180_000);
    const cookie = await adminCookie(wsnoc.url);
    const display = await createDisplay(wsnoc.url, cookie, { name: 'through restarts', panels: ['counts'] });
    await openWall(page, wsnoc.url, display.token);
    // A marker a reload would wipe out, and a record of every change of the feed's state.
    await page.evaluate(() => {
      const wall = document.querySelector<HTMLElement>('[data-testid="wall"]')!;
      const seen: string[] = [];
      new MutationObserver(() => seen.push(wall.dataset.status ?? '')).observe(wall, {
        attributes: true,
        attributeFilter: ['data-status'],
      });
      Object.assign(window, { __noReload: true, __wallStates: seen });
    });
    const runMs = minutes * 60_000;
    const end = Date.now() + runMs;
    // Waits on the page's own clock: the journey's length is what it tests, not a guess at a delay.
    const liveUntil = (at: number) =>
      page.waitForFunction((t) => Date.now() >= t, at, { timeout: runMs + 60_000, polling: 1_000 });

    for (const restart of [1, 2]) {
      await liveUntil(Date.now() + runMs / 3);
      await expect(page.getByTestId('wall-stale')).toHaveCount(0);
      await wsnoc.kill();
      // Down: the screen keeps its data and says how old it is.
      await expect(page.getByTestId('wall-stale')).toContainText(/old — reconnecting/, { timeout: 15_000 });
      await expect(page.getByTestId('wall-count-total')).not.toHaveText('–');
      await snap(page, 'wall', `5-restart-${restart}-down`);
      await wsnoc.restart();
      await expect(page.getByTestId('wall')).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
      await expect(page.getByTestId('wall-stale')).toHaveCount(0, { timeout: 15_000 });
    }
    await liveUntil(end);
    await expect(page.getByTestId('wall')).toHaveAttribute('data-status', 'live');
    await expect(page.getByTestId('wall-stale')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // Down exactly twice, once per restart, and live again after each.
    const states = await page.evaluate(() => (window as unknown as { __wallStates: string[] }).__wallStates);
    const downs = states.filter((s, i) => s !== 'live' && (i === 0 || states[i - 1] === 'live'));
    expect(downs).toHaveLength(2);
    expect(states.at(-1)).toBe('live');
    await snap(page, 'wall', '6-after-restarts');

    const revokedAt = Date.now();
    const revoke = await api(wsnoc.url, await adminCookie(wsnoc.url), `/wall/displays/${display.id}`, {
      method: 'DELETE',
    });
    expect(revoke.status).toBe(204);
    await expect(page.getByTestId('wall-revoked')).toBeVisible({ timeout: 5_000 });
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
  });
});
