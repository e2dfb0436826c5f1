import { expect, test, type Page } from '@playwright/test';
import { RadioStateSchema, RadioSummarySchema, type RadioState } from '@wsnoc/shared';
import { snap } from '../src/artifacts.js';
import { lab, signIn } from '../src/journey.js';

const RADIOS = 20;

async function radioState(id: string): Promise<RadioState> {
  return RadioStateSchema.parse(await lab(`/radios/${id}/state`));
}

/** Waits until every radio runs `ntpServer`, as the lab itself reports it. */
async function expectLabNtp(names: readonly string[], ntpServer: (name: string) => string): Promise<void> {
  await expect
    .poll(
      async () => {
        const states = await Promise.all(names.map(radioState));
        return states.filter((s) => s.config.ntpServer !== ntpServer(s.id)).map((s) => s.id);
      },
      { timeout: 30_000, message: 'radios whose NTP server is not the expected one' },
    )
    .toEqual([]);
}

async function waitForRun(page: Page, testId: 'bulk-run' | 'bulk-rollback', total: number): Promise<void> {
  await expect(page.getByTestId(`${testId}-status`)).toHaveAttribute('data-status', 'completed', {
    timeout: 150_000,
  });
  const progress = page.getByTestId(`${testId}-progress`);
  await expect(progress).toHaveAttribute('data-done', String(total));
  await expect(progress).toHaveAttribute('data-failed', '0');
}

test('bulk wizard: 20 radios get a new NTP server with a canary and batches of 5, the lab runs it, one click rolls it back', async ({
  page,
}) => {
  test.setTimeout(360_000);
  // Radios that are up, without faults and not locked, so every one of them can take the change.
  const radios = RadioSummarySchema.array().parse(await lab('/radios'));
  const states = await Promise.all(radios.map((r) => radioState(r.id)));
  const healthy = states
    .filter((s) => s.up && s.faults.length === 0 && !s.configLocked && s.pendingConfirm === null)
    .sort((a, b) => a.id.localeCompare(b.id));
  expect(healthy.length).toBeGreaterThanOrEqual(RADIOS);
  const chosen = healthy.slice(0, RADIOS);
  const names = chosen.map((s) => s.id);
  const before = new Map(chosen.map((s) => [s.id, s.config.ntpServer]));
  const community = chosen[0]!.config.snmpCommunity;
  const ntp = `ntp-${Date.now().toString(36)}.e2e.example.net`;
  const first = names[0]!;

  await signIn(page, '/configuration');
  await expect(page.getByTestId('wizard-step-devices')).toHaveAttribute('data-state', 'current');

  // 1. Twenty names pasted, and one the fleet does not know.
  await page.getByTestId('bulk-source-names').check();
  await page.getByTestId('bulk-names').fill([...names, 'no-such-radio'].join('\n'));
  await expect(page.getByTestId('bulk-picked')).toHaveAttribute('data-count', String(RADIOS), {
    timeout: 20_000,
  });
  await expect(page.getByTestId('bulk-unknown-name')).toHaveText(['no-such-radio']);
  await page.getByTestId('wizard-next').click();

  // 2. The NTP and SNMP baseline, with a new time server.
  await page.getByTestId('bulk-template-ntp-snmp-baseline').check();
  await expect(page.getByTestId('bulk-var-error-snmpCommunity')).toHaveText('snmpCommunity is required');
  await page.getByTestId('bulk-var-ntpServer').fill(ntp);
  await page.getByTestId('bulk-var-snmpCommunity').fill(community);
  await expect(page.getByTestId('bulk-var-error-snmpCommunity')).toHaveCount(0);
  await snap(page, 'bulk-wizard', '1-template');
  await page.getByTestId('wizard-next').click();

  // 3 and 4. The dry run: no problem, and each radio's diff read from the radio itself.
  const summary = page.getByTestId('bulk-preview-summary');
  await expect(summary).toHaveAttribute('data-total', String(RADIOS), { timeout: 60_000 });
  await expect(summary).toHaveAttribute('data-invalid', '0');
  await expect(page.getByTestId('bulk-valid')).toBeVisible();
  const diff = page.getByTestId(`bulk-device-row-${first}`).getByTestId('bulk-diff');
  await expect(diff).toHaveAttribute('data-field', 'ntpServer');
  await expect(diff).toContainText(`${before.get(first)} → ${ntp}`);
  await expect(page.locator('[data-testid^="bulk-device-row-"][data-diff="1"]')).toHaveCount(RADIOS);
  await snap(page, 'bulk-wizard', '2-preview');
  await page.getByTestId('wizard-next').click();

  // 5. Rollout: a canary of one, then batches of five.
  await page.getByTestId('bulk-rollout-canarySize').fill('1');
  await page.getByTestId('bulk-rollout-batchSize').fill('0');
  await expect(page.getByTestId('bulk-rollout-error-batchSize')).toHaveText('batchSize must be at least 1');
  await expect(page.getByTestId('wizard-start')).toBeDisabled();
  await page.getByTestId('bulk-rollout-batchSize').fill('5');
  await expect(page.getByTestId('bulk-rollout-plan')).toContainText(
    'a canary of 1 device, then 4 batches of up to 5',
  );
  await page.getByTestId('wizard-start').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(`Change ${RADIOS} radios?`);
  await page.getByTestId('confirm-ok').click();

  // 6. The run, live from the feed, to the end.
  await expect(page).toHaveURL(/\?run=[0-9a-f-]{36}$/);
  const runUrl = page.url();
  await expect(page.getByTestId('bulk-run-view')).toHaveAttribute('data-state', 'ready');
  await waitForRun(page, 'bulk-run', RADIOS);
  await expect(page.getByTestId('bulk-run-batch-0')).toHaveAttribute('data-total', '1');
  for (const batch of [1, 2, 3, 4]) {
    await expect(page.getByTestId(`bulk-run-batch-${batch}`)).toHaveAttribute(
      'data-total',
      batch === 4 ? '4' : '5',
    );
  }
  await expect(page.getByTestId(`bulk-run-item-${first}`)).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('wizard-step-report')).toHaveAttribute('data-state', 'current');
  await expectLabNtp(names, () => ntp);
  for (const state of await Promise.all(names.map(radioState))) {
    expect(state.pendingConfirm, `${state.id} is still waiting for a confirm`).toBeNull();
  }

  // 7. The report, and a reload comes back to the same run.
  await expect(page.getByTestId('bulk-report-succeeded')).toHaveAttribute('data-count', String(RADIOS));
  await expect(page.getByTestId('bulk-report-failed')).toHaveAttribute('data-count', '0');
  const csv = await page.request.get(
    (await page.getByTestId('bulk-report-csv').getAttribute('href')) ?? 'missing-href',
  );
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).split('\n').filter((line) => line.includes(ntp))).toHaveLength(RADIOS);
  await snap(page, 'bulk-wizard', '3-report');
  await page.reload();
  await expect(page.getByTestId('bulk-run-status')).toHaveAttribute('data-status', 'completed');
  await expect(
    page.getByTestId('bulk-recent-run-' + new URL(runUrl).searchParams.get('run')),
  ).toHaveAttribute('aria-current', 'true');

  // The device page of one radio shows the change the run made and the radio runs it.
  await page.goto('/devices');
  await page.getByTestId('filter-q').fill(first);
  await page.getByTestId(`device-row-${first}`).getByRole('link').click();
  await expect(page.getByTestId('device-name')).toContainText(first);
  await page.getByText(/^Recent changes/).click();
  const change = page.getByTestId('config-change').filter({ hasText: ntp }).first();
  await expect(change).toContainText(`NTP server ${before.get(first)} → ${ntp}`);
  await page.getByTestId('load-running-config').click();
  await expect(page.getByTestId('running-config')).toContainText(ntp);
  // Its configuration history: the run's change is the newest version, and the diff against the one
  // before it shows the NTP server line going from the old server to the new one.
  const history = page.getByTestId('config-history');
  await history.scrollIntoViewIfNeeded();
  const newest = history.getByTestId('config-version-row').first();
  await expect(newest).toHaveAttribute('data-source', 'change', { timeout: 10_000 });
  const versionDiff = page.getByTestId('config-version-diff');
  await expect(versionDiff).toHaveAttribute('data-new', (await newest.getAttribute('data-version-id'))!);
  const line = (change: string) =>
    versionDiff.locator(`[data-testid="config-diff-line"][data-change="${change}"]`);
  await expect(line('added').filter({ hasText: ntp })).toHaveCount(1);
  await expect(line('removed').filter({ hasText: before.get(first)! })).toHaveCount(1);
  await expect(page.getByTestId('drift-badge')).toHaveCount(0);
  await snap(page, 'bulk-wizard', '4-device');

  // Rollback: one click behind a confirmation, then every radio runs its old server again.
  await page.goto(runUrl);
  await page.getByTestId('bulk-rollback').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(`Roll back ${RADIOS} radios?`);
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('bulk-rollback-section')).toBeVisible();
  await waitForRun(page, 'bulk-rollback', RADIOS);
  await expect(page.getByTestId('bulk-rollback')).toHaveCount(0);
  await expectLabNtp(names, (name) => before.get(name)!);
  await snap(page, 'bulk-wizard', '5-rolled-back');
});
