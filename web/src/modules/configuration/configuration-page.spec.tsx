import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { BulkRunDetail } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import {
  bulkItem,
  bulkPreview,
  bulkRun,
  previewItem,
  ROLLBACK_ID,
  RUN_ID,
  runOnly,
  TEMPLATE_LIST,
} from '@/test/bulk-fixtures';
import { device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { ConfigurationPage } from './configuration-page';

const FLEET = [
  device({ id: 'r1', name: 'radio-1', role: 'base-station', site: 'skye' }),
  device({ id: 'r2', name: 'radio-2', site: 'skye' }),
  device({ id: 'r3', name: 'radio-3', site: 'mull' }),
];
const RUN_PATH = `/api/bulk-runs/${RUN_ID}`;

async function openConfiguration(
  path: string,
  routes: Record<string, () => Response> = {},
  page = 'configuration-page',
) {
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, ADMIN),
    'GET /api/config-templates': () => json(200, TEMPLATE_LIST),
    'GET /api/bulk-runs': () => json(200, { items: [] }),
    ...routes,
  });
  const app = renderApp(path);
  await screen.findByTestId(page, {}, { timeout: 5_000 });
  act(() => {
    app.socket.serverConnects();
    app.socket.serverEmits('devices:snapshot', snapshot(1, FLEET));
  });
  return { ...app, fetch };
}

const stepState = (step: string) => screen.getByTestId(`wizard-step-${step}`).getAttribute('data-state');
const next = () => screen.getByTestId<HTMLButtonElement>('wizard-next');
const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

/** Devices by pasted names, then the NTP and SNMP baseline with a new time server. */
async function throughTemplate(names: string, template = 'ntp-snmp-baseline') {
  fireEvent.click(screen.getByTestId('bulk-source-names'));
  type('bulk-names', names);
  fireEvent.click(next());
  fireEvent.click(await screen.findByTestId(`bulk-template-${template}`));
  if (template === 'ntp-snmp-baseline') {
    type('bulk-var-ntpServer', 'ntp.example.net');
    type('bulk-var-snmpCommunity', 'public');
  }
  fireEvent.click(next());
}

describe(ConfigurationPage.name, () => {
  it('shows a viewer the runs but no wizard', async () => {
    await openConfiguration('/configuration', {
      'GET /api/auth/me': () => json(200, { ...ADMIN, username: 'vera', role: 'viewer' }),
    });
    expect(screen.getByTestId('bulk-viewer-note')).toBeTruthy();
    expect(screen.queryByTestId('wizard-next')).toBeNull();
    expect(screen.queryByTestId('wizard-step-devices')).toBeNull();
  });

  it('walks the steps: names (unknown ones named), template variables checked inline, preview diffs, rollout, start', async () => {
    const preview = bulkPreview([
      previewItem({ deviceId: 'r1', name: 'radio-1' }),
      previewItem({ deviceId: 'r2', name: 'radio-2' }),
    ]);
    const started = bulkRun([
      bulkItem({ deviceId: 'r1', name: 'radio-1', batch: 0 }),
      bulkItem({ deviceId: 'r2', name: 'radio-2', batch: 1 }),
    ]);
    const { fetch, router } = await openConfiguration('/configuration', {
      'POST /api/bulk-runs/preview': () => json(200, preview),
      'POST /api/bulk-runs': () => json(201, started),
      [`GET ${RUN_PATH}`]: () => json(200, started),
    });
    expect(stepState('devices')).toBe('current');
    // By filter, with the device table's own controls: the whole fleet until narrowed.
    await waitFor(() => expect(screen.getByTestId('bulk-picked').getAttribute('data-count')).toBe('3'));
    fireEvent.change(screen.getByTestId('filter-site'), { target: { value: 'mull' } });
    expect(screen.getAllByTestId('bulk-picked-device').map((d) => d.textContent)).toEqual(['radio-3']);
    type('filter-q', 'no-such-radio');
    expect(next().disabled).toBe(true);

    // 1. Devices: a pasted list, a name the fleet does not know said by name.
    fireEvent.click(screen.getByTestId('bulk-source-names'));
    type('bulk-names', 'radio-1\nradio-2, nope-9 radio-1');
    expect(screen.getByTestId('bulk-unknown-names').textContent).toContain('1 name match no device');
    expect(screen.getAllByTestId('bulk-unknown-name').map((n) => n.textContent)).toEqual(['nope-9']);
    expect(screen.getByTestId('bulk-picked').getAttribute('data-count')).toBe('2');
    fireEvent.click(next());

    // 2. Template: the required variable and a bad value are named in the schema's words.
    expect(stepState('template')).toBe('current');
    expect(stepState('devices')).toBe('done');
    fireEvent.click(await screen.findByTestId('bulk-template-ntp-snmp-baseline'));
    expect(screen.getByTestId('bulk-var-error-snmpCommunity').textContent).toBe('snmpCommunity is required');
    expect(screen.getByTestId<HTMLInputElement>('bulk-var-ntpServer').placeholder).toBe(
      'default pool.ntp.org',
    );
    type('bulk-var-ntpServer', 'bad server!');
    expect(screen.getByTestId('bulk-var-error-ntpServer').textContent).toContain(
      'ntpServer must be a host name or IPv4 address',
    );
    expect(next().disabled).toBe(true);
    type('bulk-var-ntpServer', 'ntp.example.net');
    type('bulk-var-snmpCommunity', 'public');
    expect(screen.queryByTestId('bulk-var-error-ntpServer')).toBeNull();
    expect(next().disabled).toBe(false);
    fireEvent.click(next());

    // 3 and 4. The dry run is asked for at once, and shows each device's diff.
    expect(stepState('preview')).toBe('current');
    const row = await screen.findByTestId('bulk-device-row-radio-1');
    const previews = fetch.calls.filter((c) => c.key === 'POST /api/bulk-runs/preview');
    expect(previews).toHaveLength(1);
    expect(previews[0]!.body).toEqual({
      devices: ['r1', 'r2'],
      template: 'ntp-snmp-baseline',
      variables: { ntpServer: 'ntp.example.net', snmpCommunity: 'public' },
      overrides: {},
    });
    const diff = within(row).getByTestId('bulk-diff');
    expect(diff.getAttribute('data-field')).toBe('ntpServer');
    expect(diff.textContent).toBe('NTP server: pool.ntp.org → ntp.example.net');
    expect(screen.getByTestId('bulk-valid').textContent).toContain('2 would change');
    fireEvent.click(next());

    // 5. Rollout: RolloutSchema's messages, field by field.
    expect(stepState('rollout')).toBe('current');
    type('bulk-rollout-batchSize', '0');
    type('bulk-rollout-confirmMinutes', '0');
    type('bulk-rollout-concurrency', 'many');
    expect(screen.getByTestId('bulk-rollout-error-batchSize').textContent).toBe(
      'batchSize must be at least 1',
    );
    expect(screen.getByTestId('bulk-rollout-error-confirmMinutes').textContent).toBe(
      'confirmMinutes must be above 0',
    );
    expect(screen.getByTestId('bulk-rollout-error-concurrency').textContent).toBe(
      'concurrency must be a number',
    );
    expect(screen.getByTestId<HTMLButtonElement>('wizard-start').disabled).toBe(true);
    type('bulk-rollout-batchSize', '5');
    type('bulk-rollout-confirmMinutes', '5');
    type('bulk-rollout-concurrency', '10');
    type('bulk-rollout-canarySize', '1');
    expect(screen.getByTestId('bulk-rollout-plan').textContent).toBe(
      '2 devices: a canary of 1 device, then 1 batch of up to 5, 10 at a time.',
    );

    // Start, behind a confirmation that counts the radios.
    fireEvent.click(screen.getByTestId('wizard-start'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('Change 2 radios?');
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(router.state.location.search).toBe(`?run=${RUN_ID}`));
    const create = fetch.calls.find((c) => c.key === 'POST /api/bulk-runs');
    expect(create?.body).toEqual({
      devices: ['r1', 'r2'],
      template: 'ntp-snmp-baseline',
      variables: { ntpServer: 'ntp.example.net', snmpCommunity: 'public' },
      overrides: {},
      rollout: {
        canarySize: 1,
        batchSize: 5,
        concurrency: 10,
        failureThresholdPercent: 10,
        pauseBetweenBatchesSec: 0,
        confirmMinutes: 5,
      },
    });
    expect(await screen.findByTestId('bulk-run-status')).toHaveProperty('dataset.status', 'running');
    expect(stepState('run')).toBe('current');
    expect(screen.getByTestId('bulk-run-item-radio-1').getAttribute('data-status')).toBe('pending');
  });

  it('blocks the run while a device has a problem, until its override fixes it or it is left out', async () => {
    let answer = bulkPreview([
      previewItem({
        deviceId: 'r1',
        name: 'radio-1',
        values: { txPowerDbm: 30 },
        diff: [{ field: 'txPowerDbm', before: 20, after: 30 }],
        issues: [
          { path: 'set.txPowerDbm', message: 'txPowerDbm 30 dBm is above the grant of radio-1 (27 dBm)' },
        ],
      }),
      previewItem({
        deviceId: 'r2',
        name: 'radio-2',
        values: { txPowerDbm: 20 },
        running: null,
        diff: [],
        readError: 'radio-2 is busy; the run will try it when it is free',
      }),
    ]);
    const { fetch } = await openConfiguration('/configuration', {
      'POST /api/bulk-runs/preview': () => json(200, answer),
    });
    await throughTemplate('radio-1 radio-2', 'tx-power-by-role');

    const blocked = await screen.findByTestId('bulk-blocked');
    expect(blocked.textContent).toContain('1 device of 2 cannot take this change');
    expect(next().disabled).toBe(true);
    const row = screen.getByTestId('bulk-device-row-radio-1');
    expect(row.getAttribute('data-issues')).toBe('1');
    expect(within(row).getByTestId('bulk-issue').textContent).toBe(
      '✕ txPowerDbm 30 dBm is above the grant of radio-1 (27 dBm)',
    );
    expect(
      within(screen.getByTestId('bulk-device-row-radio-2')).getByTestId('bulk-read-error').textContent,
    ).toContain('busy');

    // An override out of the radio's range is refused before anything is asked.
    fireEvent.click(screen.getByTestId('bulk-override-open-radio-1'));
    type('bulk-override-radio-1-txPowerDbm', '50');
    expect(screen.getByTestId('bulk-override-radio-1-txPowerDbm-error').textContent).toBe(
      'txPowerDbm must be from 0 to 36 dBm',
    );
    type('bulk-override-radio-1-txPowerDbm', '25');
    expect(screen.getByTestId('bulk-preview-stale')).toBeTruthy();
    expect(next().disabled).toBe(true);

    answer = bulkPreview([
      previewItem({ deviceId: 'r1', name: 'radio-1', values: { txPowerDbm: 25 } }),
      previewItem({ deviceId: 'r2', name: 'radio-2', values: { txPowerDbm: 20 } }),
    ]);
    fireEvent.click(screen.getByTestId('bulk-preview-run'));
    await screen.findByTestId('bulk-valid');
    expect(next().disabled).toBe(false);
    const bodies = fetch.calls.filter((c) => c.key === 'POST /api/bulk-runs/preview').map((c) => c.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toMatchObject({ devices: ['r1', 'r2'], overrides: { r1: { txPowerDbm: 25 } } });
  });

  it('leaves the devices with problems out on request', async () => {
    let answer = bulkPreview([
      previewItem({
        deviceId: 'r1',
        name: 'radio-1',
        issues: [{ path: 'set.channel', message: 'channel 45 is not in the grant of radio-1' }],
      }),
      previewItem({ deviceId: 'r2', name: 'radio-2' }),
    ]);
    const { fetch } = await openConfiguration('/configuration', {
      'POST /api/bulk-runs/preview': () => json(200, answer),
    });
    await throughTemplate('radio-1 radio-2');
    fireEvent.click(await screen.findByTestId('bulk-drop-invalid'));
    answer = bulkPreview([previewItem({ deviceId: 'r2', name: 'radio-2' })]);
    fireEvent.click(screen.getByTestId('bulk-preview-run'));
    await screen.findByTestId('bulk-valid');
    const last = fetch.calls.filter((c) => c.key === 'POST /api/bulk-runs/preview').at(-1);
    expect(last?.body).toMatchObject({ devices: ['r2'] });
  });

  it('lists the devices a refused start names, and touches nothing', async () => {
    await openConfiguration('/configuration', {
      'POST /api/bulk-runs/preview': () =>
        json(200, bulkPreview([previewItem({ deviceId: 'r1', name: 'radio-1' })])),
      'POST /api/bulk-runs': () =>
        json(400, {
          statusCode: 400,
          error: 'Bad Request',
          code: 'provisioning.invalid-run',
          message:
            '1 of 1 devices cannot take this change: radio-1.set.channel: channel 45 is not in the grant',
          issues: [{ path: 'radio-1.set.channel', message: 'channel 45 is not in the grant' }],
        }),
    });
    await throughTemplate('radio-1');
    await screen.findByTestId('bulk-valid');
    fireEvent.click(next());
    fireEvent.click(screen.getByTestId('wizard-start'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    const error = await screen.findByTestId('bulk-start-error');
    expect(error.textContent).toContain('no radio was touched');
    expect(within(error).getByTestId('bulk-start-issue').textContent).toBe(
      'radio-1.set.channel: channel 45 is not in the grant',
    );
    expect(stepState('rollout')).toBe('current');
  });

  it('starts from the table’s selection through “Configure selected”', async () => {
    const { stores } = await openConfiguration('/devices', {}, 'device-count');
    act(() => stores.selection.set(['r1', 'r3']));
    fireEvent.click(await screen.findByTestId('selection-configure'));
    await screen.findByTestId('bulk-wizard');
    expect(screen.getByTestId<HTMLInputElement>('bulk-source-selection').checked).toBe(true);
    expect(screen.getAllByTestId('bulk-picked-device').map((d) => d.textContent)).toEqual([
      'radio-1',
      'radio-3',
    ]);
  });

  it('follows a run from the feed, per device and per batch, and reads it again after a reconnect', async () => {
    const items = [
      bulkItem({ deviceId: 'r1', name: 'radio-1', batch: 0 }),
      bulkItem({ deviceId: 'r2', name: 'radio-2', batch: 1 }),
      bulkItem({ deviceId: 'r3', name: 'radio-3', batch: 1 }),
    ];
    const run = bulkRun(items);
    let detail: BulkRunDetail = run;
    const { socket, fetch } = await openConfiguration(`/configuration?run=${RUN_ID}`, {
      [`GET ${RUN_PATH}`]: () => json(200, detail),
      'GET /api/bulk-runs': () => json(200, { items: [runOnly(run)] }),
    });
    const progress = () => screen.getByTestId('bulk-run-progress');
    const itemStatus = (name: string) =>
      screen.getByTestId(`bulk-run-item-${name}`).getAttribute('data-status');
    await screen.findByTestId('bulk-run-item-radio-1');
    expect(screen.getByTestId(`bulk-recent-run-${RUN_ID}`).getAttribute('aria-current')).toBe('true');
    expect(progress().getAttribute('data-done')).toBe('0');

    const emit = (changed: typeof items, patch: Partial<BulkRunDetail> = {}) => {
      const all = items.map((i) => changed.find((c) => c.id === i.id) ?? i);
      items.splice(0, items.length, ...all);
      const next = bulkRun(all, patch);
      act(() => socket.serverEmits('bulk:run', { run: runOnly(next), items: changed }));
      return next;
    };
    emit([{ ...items[0]!, status: 'applying' }]);
    expect(itemStatus('radio-1')).toBe('applying');
    const applying = items[0]!;
    emit([
      {
        ...items[0]!,
        status: 'succeeded',
        diff: [{ field: 'ntpServer', before: 'pool.ntp.org', after: 'ntp.example.net' }],
      },
    ]);
    emit([{ ...items[1]!, status: 'failed', detail: 'radio-2 refused the commit' }], { currentBatch: 1 });
    expect(itemStatus('radio-1')).toBe('succeeded');
    expect(itemStatus('radio-2')).toBe('failed');
    expect(progress().getAttribute('data-done')).toBe('2');
    expect(progress().getAttribute('data-failed')).toBe('1');
    expect(progress().textContent).toContain('2 of 3 devices done');
    expect(screen.getByTestId('bulk-run-batch-0').getAttribute('data-done')).toBe('1');
    expect(screen.getByTestId('bulk-run-batch-1').getAttribute('data-failed')).toBe('1');
    expect(screen.getByTestId('bulk-run-item-radio-2').textContent).toContain('radio-2 refused the commit');

    // A late copy of a device that is done does not move it back.
    act(() => socket.serverEmits('bulk:run', { run: runOnly(bulkRun(items)), items: [applying] }));
    expect(itemStatus('radio-1')).toBe('succeeded');

    // Events sent while disconnected are lost: the run is read again on the way back.
    const reads = () => fetch.calls.filter((c) => c.key === `GET ${RUN_PATH}`).length;
    expect(reads()).toBe(1);
    detail = bulkRun(
      items.map((i) => (i.deviceId === 'r3' ? { ...i, status: 'succeeded' as const } : i)),
      { status: 'completed', finishedAt: new Date().toISOString() },
    );
    act(() => socket.drop());
    act(() => socket.serverConnects());
    await waitFor(() => expect(reads()).toBe(2));
    await waitFor(() =>
      expect(screen.getByTestId('bulk-run-status').getAttribute('data-status')).toBe('completed'),
    );
    expect(itemStatus('radio-3')).toBe('succeeded');
    expect(stepState('report')).toBe('current');
  });

  it('pauses, resumes at a raised threshold and cancels behind a confirmation', async () => {
    const items = [
      bulkItem({ deviceId: 'r1', name: 'radio-1', batch: 0, status: 'succeeded' }),
      bulkItem({ deviceId: 'r2', name: 'radio-2', batch: 1 }),
    ];
    const run = bulkRun(items);
    const { fetch } = await openConfiguration(`/configuration?run=${RUN_ID}`, {
      [`GET ${RUN_PATH}`]: () => json(200, run),
      [`POST ${RUN_PATH}/pause`]: () =>
        json(200, { ...run, status: 'paused', pauseReason: 'paused by admin' }),
      [`POST ${RUN_PATH}/resume`]: () => json(200, { ...run, status: 'running' }),
      [`POST ${RUN_PATH}/cancel`]: () =>
        json(
          200,
          bulkRun([items[0]!, { ...items[1]!, status: 'cancelled', detail: 'cancelled by admin' }], {
            status: 'cancelled',
            finishedAt: new Date().toISOString(),
          }),
        ),
    });
    fireEvent.click(await screen.findByTestId('bulk-pause'));
    await screen.findByTestId('bulk-resume');
    expect(fetch.calls.filter((c) => c.key === `POST ${RUN_PATH}/pause`)).toHaveLength(1);
    expect(screen.getByTestId('bulk-run-status').getAttribute('data-status')).toBe('paused');
    expect(screen.getByTestId('bulk-run-pause-reason').textContent).toContain('paused by admin');
    expect(screen.queryByTestId('bulk-pause')).toBeNull();

    type('bulk-resume-threshold', '150');
    expect(screen.getByTestId('bulk-resume-threshold-error').textContent).toBe(
      'failureThresholdPercent must be from 0 to 100',
    );
    expect(screen.getByTestId<HTMLButtonElement>('bulk-resume').disabled).toBe(true);
    type('bulk-resume-threshold', '25');
    fireEvent.click(screen.getByTestId('bulk-resume'));
    await screen.findByTestId('bulk-pause');
    expect(fetch.calls.find((c) => c.key === `POST ${RUN_PATH}/resume`)?.body).toEqual({
      failureThresholdPercent: 25,
    });

    fireEvent.click(screen.getByTestId('bulk-cancel'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain(
      '1 device not started yet will be left',
    );
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(fetch.calls.some((c) => c.key === `POST ${RUN_PATH}/cancel`)).toBe(false);
    fireEvent.click(screen.getByTestId('bulk-cancel'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() =>
      expect(screen.getByTestId('bulk-run-status').getAttribute('data-status')).toBe('cancelled'),
    );
    expect(screen.getByTestId('bulk-report-cancelled').getAttribute('data-count')).toBe('1');
    expect(screen.queryByTestId('bulk-run-controls')).toBeNull();
  });

  it('reports successes and failures with reasons, exports CSV, and rolls back behind a confirmation', async () => {
    const items = [
      bulkItem({
        deviceId: 'r1',
        name: 'radio-1',
        batch: 0,
        status: 'succeeded',
        diff: [{ field: 'ntpServer', before: 'pool.ntp.org', after: 'ntp.example.net' }],
      }),
      bulkItem({
        deviceId: 'r2',
        name: 'radio-2',
        status: 'failed',
        detail: 'radio-2 did not answer in 10 s',
      }),
      bulkItem({ deviceId: 'r3', name: 'radio-3', status: 'unchanged' }),
    ];
    const done = bulkRun(items, { status: 'completed', finishedAt: new Date().toISOString() });
    const rollbackItems = [
      bulkItem({ deviceId: 'r1', name: 'radio-1', runId: ROLLBACK_ID, batch: 0, id: 'rb-r1' }),
    ];
    const rollback = bulkRun(rollbackItems, {
      id: ROLLBACK_ID,
      kind: 'rollback',
      rollbackOf: RUN_ID,
      name: 'Rollback of NTP and SNMP baseline, 3 devices',
      template: 'rollback',
      rollout: { ...done.rollout, canarySize: 0, failureThresholdPercent: 100 },
    });
    const { fetch, socket } = await openConfiguration(`/configuration?run=${RUN_ID}`, {
      [`GET ${RUN_PATH}`]: () => json(200, done),
      [`POST ${RUN_PATH}/rollback`]: () => json(201, rollback),
      [`GET /api/bulk-runs/${ROLLBACK_ID}`]: () => json(200, rollback),
    });
    const report = await screen.findByTestId('bulk-report');
    expect(stepState('report')).toBe('current');
    expect(within(report).getByTestId('bulk-report-succeeded').getAttribute('data-count')).toBe('1');
    expect(within(report).getByTestId('bulk-report-unchanged').getAttribute('data-count')).toBe('1');
    expect(within(report).getByTestId('bulk-report-failure-radio-2').textContent).toBe(
      '✕ radio-2 (failed): radio-2 did not answer in 10 s',
    );
    expect(within(report).getByTestId('bulk-report-csv').getAttribute('href')).toBe(`${RUN_PATH}/report`);

    fireEvent.click(screen.getByTestId('bulk-rollback'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('Roll back 1 radio?');
    fireEvent.click(screen.getByTestId('confirm-ok'));
    const section = await screen.findByTestId('bulk-rollback-section');
    expect(section.getAttribute('data-run')).toBe(ROLLBACK_ID);
    expect(fetch.calls.filter((c) => c.key === `POST ${RUN_PATH}/rollback`)).toHaveLength(1);
    expect(screen.queryByTestId('bulk-rollback')).toBeNull();
    expect(screen.getByTestId('bulk-rollback-status').getAttribute('data-status')).toBe('running');

    const finished = bulkRun([{ ...rollbackItems[0]!, status: 'succeeded' }], {
      ...runOnly(rollback),
      status: 'completed',
      finishedAt: new Date().toISOString(),
    });
    act(() =>
      socket.serverEmits('bulk:run', {
        run: runOnly(finished),
        items: [{ ...rollbackItems[0]!, status: 'succeeded' }],
      }),
    );
    expect(screen.getByTestId('bulk-rollback-status').getAttribute('data-status')).toBe('completed');
    expect(screen.getByTestId('bulk-rollback-item-radio-1').getAttribute('data-status')).toBe('succeeded');
  });
});
