// People and roles across the real stack (issue 12): an admin adds people on the users screen; a viewer is
// offered nothing that acts, and the API refuses it anyway; an operator's reboot is audited under their
// own name, found on the audit page by filtering on them.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { snap } from '../src/artifacts.js';
import { createUser, signIn, type Credentials } from '../src/journey.js';

/** A second browser session, so the admin's stays signed in beside it. */
async function sessionOf(browser: Browser, who: Credentials, path: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: process.env.WSNOC_E2E_URL,
    viewport: { width: 1280, height: 720 },
  });
  const page = await context.newPage();
  await signIn(page, path, who);
  return page;
}

test('a viewer sees no action buttons, and calling the API directly gets 403', async ({ page, browser }) => {
  await signIn(page, '/overview');
  const viewer = await createUser(page, 'viewer', 'viewer');
  await snap(page, 'roles', '1-users');

  const as = await sessionOf(browser, viewer, '/devices');
  try {
    await expect(as.getByTestId('user-role')).toHaveText('viewer');
    await expect(as.getByTestId('nav-users')).toHaveCount(0);
    // The table: selecting is reading, but the bulk wizard is not offered.
    await as.getByTestId('filter-q').fill('bs-0005');
    await as.getByTestId('select-all-shown').click();
    await expect(as.getByTestId('selection-count')).not.toHaveAttribute('data-count', '0');
    await expect(as.getByTestId('selection-configure')).toHaveCount(0);

    await as.getByTestId('device-row-bs-0005').getByRole('link').click();
    await expect(as.getByTestId('device-name')).toContainText('bs-0005');
    await expect(as.getByTestId('running-config-viewer-note')).toBeVisible();
    for (const testId of [
      'action-refresh',
      'action-reboot',
      'config-editor',
      'config-edit-open',
      'config-pull-now',
      'config-restore',
      'load-running-config',
    ]) {
      await expect(as.getByTestId(testId), testId).toHaveCount(0);
    }
    await snap(as, 'roles', '2-viewer-device');

    const deviceId = as.url().split('/devices/')[1]!;
    const reboot = await as.request.post(`/api/devices/${deviceId}/actions/reboot`, { data: {} });
    expect(reboot.status()).toBe(403);
    const users = await as.request.get('/api/users');
    expect(users.status()).toBe(403);

    await as.getByTestId('nav-configuration').click();
    await expect(as.getByTestId('bulk-viewer-note')).toBeVisible();
    await expect(as.getByTestId('wizard-next')).toHaveCount(0);
  } finally {
    await as.context().close();
  }
});

test("an admin creates an operator, whose reboot the audit page shows under the operator's name", async ({
  page,
  browser,
}) => {
  await signIn(page, '/overview');
  const operator = await createUser(page, 'operator', 'operator');

  // A CPE near the end of the fleet: a reboot takes only its own link down, away from other journeys.
  const as = await sessionOf(browser, operator, '/devices?role=cpe&sort=name&order=desc');
  try {
    await expect(as.getByTestId('user-role')).toHaveText('operator');
    await as.locator('[data-testid^="device-row-cpe-"]').first().getByRole('link').click();
    await expect(as.getByTestId('device-name')).toContainText('cpe-');
    const name = (await as.getByTestId('device-name').innerText()).trim();

    await as.getByTestId('action-reboot').click();
    await expect(as.getByTestId('confirm-dialog')).toBeVisible();
    await as.getByTestId('confirm-ok').click();
    await expect(as.getByTestId('action-result')).toBeVisible({ timeout: 30_000 });

    await as.getByTestId('nav-audit').click();
    await as.getByTestId('audit-filter-actor').fill(operator.username);
    await as.getByTestId('audit-filter-action').fill('device.reboot');
    await as.getByTestId('audit-filter-apply').click();
    await expect(as).toHaveURL(new RegExp(`actor=${operator.username}`));
    const entry = as.getByTestId('audit-row').filter({ hasText: 'device.reboot' }).first();
    await expect(entry.getByTestId('audit-actor')).toHaveText(operator.username);
    await expect(entry.getByTestId('audit-target')).toHaveText(name);
    await expect(entry).toHaveAttribute('data-outcome', 'ok');
    await expect(as.getByTestId('audit-csv')).toHaveAttribute('href', new RegExp(`format=csv`));
    await snap(as, 'roles', '3-audit');

    // The shared view: the same address in the admin's session shows the same entry.
    await page.goto(as.url());
    await expect(page.getByTestId('audit-row').first().getByTestId('audit-actor')).toHaveText(
      operator.username,
    );
    // The export answers with the same filters, as CSV.
    const csv = await page.request.get((await as.getByTestId('audit-csv').getAttribute('href'))!);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain(operator.username);
  } finally {
    await as.context().close();
  }
});
