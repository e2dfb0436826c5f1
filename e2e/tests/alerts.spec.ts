// Alerts across the real stack (issue 11): a radio fails in the field lab, its incident appears on the
// Alerts page from the live feed (no reload), the operator acknowledges it under their own name, the radio
// recovers and the incident resolves by itself, with every step on its timeline.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { RadioSummarySchema } from '@wsnoc/shared';
import { snap } from '../src/artifacts.js';
import { createUser, lab, signIn, type Credentials } from '../src/journey.js';

/** Base stations other journeys act on (slow faults, reboots, configuration): stay away from their cells. */
const BUSY_STATIONS = new Set(['bs-0001', 'bs-0002', 'bs-0003', 'bs-0005']);

type LabRadio = ReturnType<typeof RadioSummarySchema.parse>;

const cpesOf = (radios: readonly LabRadio[], id: string): string[] =>
  radios.filter((r) => r.baseStationId === id).map((r) => r.id);

/** The base station the outage journey takes down: the quiet cell with the most CPEs, last on a tie. */
function outageStation(radios: readonly LabRadio[]): LabRadio {
  return radios
    .filter((r) => r.role === 'base-station' && !BUSY_STATIONS.has(r.id) && cpesOf(radios, r.id).length > 0)
    .sort(
      (a, b) => cpesOf(radios, b.id).length - cpesOf(radios, a.id).length || b.id.localeCompare(a.id),
    )[0]!;
}

async function sessionOf(browser: Browser, who: Credentials, path: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: process.env.WSNOC_E2E_URL,
    viewport: { width: 1280, height: 720 },
  });
  const page = await context.newPage();
  await signIn(page, path, who);
  return page;
}

test('a radio fails: its incident appears live, the operator acknowledges it, and it resolves when the radio recovers', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signIn(page, '/overview');
  const operator = await createUser(page, 'alerts-op', 'operator');

  // A CPE in a quiet cell, not the outage journey's, and not the last one by name (the roles journey
  // reboots that one).
  const radios = RadioSummarySchema.array().parse(await lab('/radios'));
  const outage = outageStation(radios).id;
  const cpes = radios
    .filter(
      (r) => r.role === 'cpe' && r.baseStationId !== outage && !BUSY_STATIONS.has(r.baseStationId ?? ''),
    )
    .map((r) => r.id)
    .sort();
  expect(cpes.length).toBeGreaterThan(2);
  const radio = cpes[Math.floor(cpes.length / 2)]!;

  const as = await sessionOf(browser, operator, '/alerts');
  try {
    await expect(as.getByTestId('alerts-page')).toBeVisible();
    await expect(as.getByTestId('incident-count')).toBeVisible();
    await expect(as.getByTestId('incident-row').filter({ hasText: radio })).toHaveCount(0);
    // Anything the page shows from here on comes from the feed: a reload would drop this mark.
    await as.evaluate(() => ((window as unknown as { e2eMark: string }).e2eMark = 'no reload'));

    await lab(`/radios/${radio}/faults`, 'POST', { kind: 'offline' });
    let recovered = false;
    try {
      const row = as.getByTestId('incident-row').filter({ hasText: radio });
      await expect(row).toHaveCount(1, { timeout: 60_000 });
      await expect(row).toHaveAttribute('data-state', 'open');
      await expect(row).toHaveAttribute('data-severity', 'major');
      await expect(row.getByTestId('incident-affected')).toHaveAttribute('data-count', '1');
      await expect(row.getByTestId('incident-age')).not.toBeEmpty();
      await snap(as, 'alerts', '1-incident-live');

      // The radio's own page lists it too, linking to the Alerts page filtered to the radio.
      await page.goto(`/devices?q=${radio}`);
      await page.getByTestId(`device-row-${radio}`).getByRole('link').click();
      await expect(page.getByTestId('device-name')).toContainText(radio);
      const panel = page.getByTestId('open-incidents');
      await expect(panel.getByTestId('open-incident')).toHaveCount(1, { timeout: 20_000 });
      await expect(panel.getByTestId('open-incidents-all')).toHaveAttribute('href', /\/alerts\?deviceId=/);

      await row.getByTestId('incident-acknowledge').click();
      await expect(row).toHaveAttribute('data-state', 'acknowledged');
      await expect(row.getByTestId('incident-state')).toContainText(operator.username);
      await expect(row.getByTestId('incident-acknowledge')).toHaveCount(0);

      await row.getByTestId('incident-title').click();
      await expect(as).toHaveURL(/incident=/);
      const detail = as.getByTestId('incident-detail');
      await expect(detail.getByTestId('incident-detail-state')).toHaveAttribute('data-state', 'acknowledged');
      await expect(detail.locator('[data-testid="incident-event"][data-type="opened"]')).toHaveCount(1);
      await expect(detail.locator('[data-testid="incident-event"][data-type="acknowledged"]')).toContainText(
        operator.username,
      );
      await snap(as, 'alerts', '2-acknowledged');

      // The admin's console heard the acknowledgement on the feed, under the operator's name.
      await page.goto('/alerts');
      await expect(
        page.getByTestId('incident-row').filter({ hasText: radio }).getByTestId('incident-state'),
      ).toContainText(operator.username, { timeout: 20_000 });

      await lab(`/radios/${radio}/faults`, 'DELETE');
      recovered = true;
      // Resolved by itself: it leaves the active list, and the open detail follows it to the end.
      await expect(detail.getByTestId('incident-detail-state')).toHaveAttribute('data-state', 'resolved', {
        timeout: 60_000,
      });
      await expect(detail.getByTestId('incident-detail-state')).toHaveText('resolved by itself');
      await expect(as.getByTestId('incident-row').filter({ hasText: radio })).toHaveCount(0);
      await expect(detail.locator('[data-testid="incident-event"][data-type="resolved"]')).toHaveCount(1);
      expect(await as.evaluate(() => (window as unknown as { e2eMark?: string }).e2eMark)).toBe('no reload');
      await snap(as, 'alerts', '3-resolved');

      // The history keeps it: the resolved view, by its address.
      await as.goto('/alerts?state=resolved');
      const resolved = as.getByTestId('incident-row').filter({ hasText: radio }).first();
      await expect(resolved).toHaveAttribute('data-state', 'resolved');
      await expect(resolved.getByTestId('incident-age')).toContainText('lasted');
      await expect(resolved.getByTestId('incident-acknowledge')).toHaveCount(0);
    } finally {
      if (!recovered) {
        await lab(`/radios/${radio}/faults`, 'DELETE');
      }
    }
  } finally {
    await as.context().close();
  }
});

test('a base station goes down: one incident with its CPEs counted into it, not a page per CPE', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const radios = RadioSummarySchema.array().parse(await lab('/radios'));
  const station = outageStation(radios);
  const cpes = cpesOf(radios, station.id);

  await signIn(page, '/alerts');
  await expect(page.getByTestId('incident-count')).toBeVisible();
  await lab(`/radios/${station.id}/faults`, 'POST', { kind: 'offline' });
  try {
    const row = page.getByTestId('incident-row').filter({ hasText: station.id });
    await expect(row).toHaveCount(1, { timeout: 60_000 });
    await expect(row).toHaveAttribute('data-severity', 'critical');
    // A CPE behind a dead tower stops answering too; each is counted into the tower's incident.
    for (const cpe of cpes) {
      await lab(`/radios/${cpe}/faults`, 'POST', { kind: 'offline' });
    }
    await expect(row.getByTestId('incident-affected')).toHaveAttribute(
      'data-count',
      String(1 + cpes.length),
      {
        timeout: 60_000,
      },
    );
    await expect(row.getByTestId('incident-affected')).toContainText(`${cpes.length} suppressed into it`);
    for (const cpe of cpes) {
      await expect(page.getByTestId('incident-row').filter({ hasText: cpe })).toHaveCount(0);
    }
    await row.getByTestId('incident-title').click();
    const affected = page.getByTestId('incident-affected-devices');
    await expect(affected.locator('[data-relation="suppressed"]')).toHaveCount(cpes.length);
    await snap(page, 'alerts', '4-station-outage');

    // A CPE's own page shows the outage it is counted into.
    const cpe = cpes[0]!;
    await page.goto(`/devices?q=${cpe}`);
    await page.getByTestId(`device-row-${cpe}`).getByRole('link').click();
    await expect(page.getByTestId('device-name')).toContainText(cpe);
    await expect(
      page.getByTestId('open-incidents').getByTestId('open-incident').filter({ hasText: station.id }),
    ).toHaveCount(1, { timeout: 20_000 });
    await page.goBack();
    await page.goBack();
    await expect(page.getByTestId('incident-detail')).toBeVisible();
  } finally {
    await lab(`/radios/${station.id}/faults`, 'DELETE');
    for (const cpe of cpes) {
      await lab(`/radios/${cpe}/faults`, 'DELETE');
    }
  }
  await expect(page.getByTestId('incident-detail-state')).toHaveAttribute('data-state', 'resolved', {
    timeout: 60_000,
  });
  // Its CPEs came back with it: none is left with an incident of its own.
  for (const cpe of cpes) {
    await expect(page.getByTestId('incident-row').filter({ hasText: cpe })).toHaveCount(0);
  }
});

test('a viewer reads the incidents and the rules, and is offered nothing to change', async ({
  page,
  browser,
}) => {
  await signIn(page, '/overview');
  const viewer = await createUser(page, 'alerts-viewer', 'viewer');
  const as = await sessionOf(browser, viewer, '/alerts?tab=rules');
  try {
    await expect(as.getByTestId('rules-table')).toBeVisible();
    await expect(as.locator('[data-testid^="rule-row-"]').first()).toBeVisible();
    await expect(as.getByTestId('rule-new')).toHaveCount(0);
    await expect(as.locator('[data-testid^="rule-toggle-"]')).toHaveCount(0);
    await as.getByTestId('alerts-tab-incidents').click();
    await expect(as.getByTestId('incident-count')).toBeVisible();
    await expect(as.getByTestId('incident-actions')).toHaveCount(0);
    const refused = await as.request.post('/api/alert-rules/preview', { data: {} });
    expect(refused.status()).toBe(403);
  } finally {
    await as.context().close();
  }
});
