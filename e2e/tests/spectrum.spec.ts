import { expect, test, type Page } from '@playwright/test';
import {
  RadioStateSchema,
  RadioSummarySchema,
  SpectrumStationListSchema,
  type RadioSummary,
  type SpectrumStation,
} from '@wsnoc/shared';
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

/** Great-circle distance in metres: close base stations are the ones that interfere. */
function metresBetween(a: RadioSummary, b: RadioSummary): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

interface PoorPlan {
  names: string[];
  channel: number;
}

/**
 * The closest group of three (else two) base stations with one channel each of them may use now at the
 * power it runs: put on it together, they make a plan the planner can clearly improve.
 */
function poorPlan(
  radios: readonly RadioSummary[],
  stations: ReadonlyMap<string, SpectrumStation>,
  power: ReadonlyMap<string, number>,
): PoorPlan {
  const common = (names: readonly string[]): number | null => {
    const lists = names.map((name) =>
      (stations.get(name)?.permittedNow ?? []).filter((p) => p.maxEirpDbm >= (power.get(name) ?? Infinity)),
    );
    const shared = lists[0]!
      .map((p) => p.channel)
      .filter((c) => lists.every((l) => l.some((p) => p.channel === c)));
    return shared[0] ?? null;
  };
  for (const size of [3, 2]) {
    let best: { names: string[]; channel: number; spread: number } | null = null;
    for (const first of radios) {
      const group = [...radios]
        .sort((a, b) => metresBetween(first, a) - metresBetween(first, b))
        .slice(0, size)
        .map((radio) => radio.id);
      const channel = common(group);
      const spread = group.reduce(
        (sum, id) =>
          sum +
          metresBetween(
            first,
            radios.find((r) => r.id === id)!,
          ),
        0,
      );
      if (channel !== null && (best === null || spread < best.spread)) {
        best = { names: group, channel, spread };
      }
    }
    if (best) {
      return { names: best.names, channel: best.channel };
    }
  }
  throw new Error('no two base stations share a channel they may use now');
}

async function stationsByName(page: Page): Promise<Map<string, SpectrumStation>> {
  const answer = await page.request.get('/api/spectrum/stations');
  expect(answer.ok()).toBe(true);
  const list = SpectrumStationListSchema.parse(await answer.json());
  return new Map(list.items.map((station) => [station.name, station]));
}

test('a re-plan is previewed, applied with live progress, and moves channels on the map, the table, the record and the radios', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const radios = RadioSummarySchema.array()
    .parse(await lab('/radios'))
    .filter((radio) => radio.role === 'base-station');
  await signIn(page, '/spectrum');
  for (const radio of radios) {
    await expect(page.getByTestId(`spectrum-row-${radio.id}`)).toHaveAttribute('data-phase', 'granted', {
      timeout: 60_000,
    });
  }
  const map = page.getByTestId('spectrum-map');
  await expect(map).toHaveAttribute('data-basemap', 'loaded', { timeout: 30_000 });
  await page.evaluate(() => Object.assign(window, { __noReload: true }));

  // A poor plan first: close neighbours put on one channel at the mast, as a field technician might.
  const power = new Map<string, number>();
  for (const radio of radios) {
    power.set(radio.id, RadioStateSchema.parse(await lab(`/radios/${radio.id}/state`)).config.txPowerDbm);
  }
  const poor = poorPlan(radios, await stationsByName(page), power);
  for (const name of poor.names) {
    await lab(`/radios/${name}/set`, 'POST', { channel: poor.channel });
  }
  // The console keeps a permitted channel a radio is on: the grants follow, and the table shows it.
  for (const name of poor.names) {
    const row = page.getByTestId(`spectrum-row-${name}`);
    await expect(row).toHaveAttribute('data-channel', String(poor.channel), { timeout: 30_000 });
    await expect(row).toHaveAttribute('data-grant-channel', String(poor.channel), { timeout: 60_000 });
  }
  await expect(page.getByTestId(`legend-channel-${poor.channel}`)).toHaveAttribute(
    'data-stations',
    /^[2-9]|\d\d/,
  );
  await snap(page, 'spectrum', '5-poor-plan');

  // Preview: the figures now against after, the changes, the moves marked on the map and in the table.
  const panel = page.getByTestId('replan-panel');
  await expect(panel).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('replan-preview').click();
  await expect(panel).toHaveAttribute('data-state', 'preview', { timeout: 30_000 });
  const changes = page.locator('[data-testid^="replan-change-"]');
  const planned = await changes.evaluateAll((rows) =>
    rows.map((row) => ({
      name: (row.getAttribute('data-testid') ?? '').replace('replan-change-', ''),
      from: row.getAttribute('data-from'),
      to: row.getAttribute('data-to'),
    })),
  );
  const moved = planned.filter((change) => change.to !== '' && change.to !== change.from);
  expect(moved.length).toBeGreaterThan(0);
  // At least one of the stations put together is moved apart.
  expect(moved.some((change) => poor.names.includes(change.name))).toBe(true);
  expect(Number(await page.getByTestId('replan-figure-retunes').getAttribute('data-after'))).toBe(
    planned.length,
  );
  await expect(page.getByTestId('replan-figure-coChannelConflicts')).not.toHaveAttribute(
    'data-verdict',
    'worse',
  );
  await expect(page.getByTestId('replan-gain')).toContainText('Predicted');
  await expect(page.getByTestId('replan-order')).toBeVisible();
  await expect(page.getByTestId('replan-age')).toContainText('can be applied for');
  for (const change of moved) {
    await expect(page.getByTestId(`spectrum-row-${change.name}`)).toHaveAttribute(
      'data-planned-channel',
      change.to!,
    );
  }
  await expect(map).toHaveAttribute('data-planned', String(moved.length));
  // Nothing moved yet: a preview sends nothing to a radio.
  for (const change of moved) {
    const truth = RadioStateSchema.parse(await lab(`/radios/${change.name}/state`));
    expect(truth.config.channel).toBe(Number(change.from));
  }
  // The preview fits a 1280 px window without scrolling sideways.
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await panel.scrollIntoViewIfNeeded();
  await snap(page, 'spectrum', '6-preview');
  await page.getByTestId('channel-plan').scrollIntoViewIfNeeded();
  await snap(page, 'spectrum', '6-preview-map');
  // And on a 4K wall.
  await page.setViewportSize({ width: 3840, height: 2160 });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await panel.scrollIntoViewIfNeeded();
  await snap(page, 'spectrum', '6-preview-4k');
  await page.setViewportSize({ width: 1280, height: 720 });

  // Apply, behind a confirmation that counts the radios; then every step arrives on the feed.
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { __progress: seen });
    new MutationObserver(() => {
      const done = document.querySelector('[data-testid="replan-progress"]')?.getAttribute('data-done');
      if (done !== null && done !== undefined && seen.at(-1) !== done) {
        seen.push(done);
      }
    }).observe(document.querySelector('[data-testid="replan-panel"]')!, {
      subtree: true,
      childList: true,
      attributes: true,
    });
  });
  await page.getByTestId('replan-apply').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText(`Retune ${moved.length} radio${moved.length === 1 ? '' : 's'}?`);
  await snap(page, 'spectrum', '7-confirm');
  await page.getByTestId('confirm-ok').click();
  const progress = page.getByTestId('replan-progress');
  await expect(progress).toBeVisible({ timeout: 15_000 });
  await snap(page, 'spectrum', '8-applying');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const total = Number(await progress.getAttribute('data-total'));
  await expect(progress).toHaveAttribute('data-done', String(total));
  await expect(progress).toHaveAttribute('data-failed', '0');
  const seen = await page.evaluate(() => (window as { __progress?: string[] }).__progress ?? []);
  expect(seen.at(-1)).toBe(String(total));
  if (total > 1) {
    expect(seen.length, `progress seen: ${seen.join(', ')}`).toBeGreaterThan(1);
  }
  await expect(panel).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('replan-preview')).toHaveText('Preview again');

  // The channels change in the table and on the map (its key lists the new channels), without a reload.
  for (const change of moved) {
    const row = page.getByTestId(`spectrum-row-${change.name}`);
    await expect(row).toHaveAttribute('data-channel', change.to!, { timeout: 30_000 });
    await expect(row).toHaveAttribute('data-grant-channel', change.to!);
    await expect(row).not.toHaveAttribute('data-planned-channel', /.*/);
    await expect(page.getByTestId(`legend-channel-${change.to}`)).toBeVisible();
  }
  await expect(map).toHaveAttribute('data-planned', '0');
  await page.getByTestId('channel-plan').scrollIntoViewIfNeeded();
  await snap(page, 'spectrum', '9-applied');

  // The compliance record holds a configured entry per retune, naming the plan.
  const fleetPlan = page
    .getByTestId('record-list')
    .locator('[data-testid="record-entry"][data-kind="configured"]', { hasText: 'fleet plan' });
  for (const change of moved) {
    await expect(
      fleetPlan.and(page.locator(`[data-station="${change.name}"][data-channel="${change.to}"]`)).first(),
    ).toBeVisible({ timeout: 15_000 });
  }
  await page.getByTestId('compliance-record').scrollIntoViewIfNeeded();
  await snap(page, 'spectrum', '10-record');

  // The radios themselves run the planned channels, in the lab's own truth.
  for (const change of moved) {
    const truth = RadioStateSchema.parse(await lab(`/radios/${change.name}/state`));
    expect(truth.config.channel, change.name).toBe(Number(change.to));
    expect(truth.channel, change.name).toBe(Number(change.to));
  }
  expect(await page.evaluate(() => (window as { __noReload?: boolean }).__noReload)).toBe(true);
});
