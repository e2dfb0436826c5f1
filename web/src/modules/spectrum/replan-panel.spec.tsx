import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import {
  planChange,
  planFigures,
  planPreview,
  planRun,
  spectrumStation,
  stationList,
} from '@/test/spectrum-fixtures';
import { ReplanPanel } from './replan-panel';

const BS1 = spectrumStation({ deviceId: 'bs1', name: 'bs-0001', site: 'Acharacle' });
const BS2 = spectrumStation({ deviceId: 'bs2', name: 'bs-0002' });
const BS3 = spectrumStation({
  deviceId: 'bs3',
  name: 'bs-0003',
  grant: { ...BS1.grant!, channel: 41 },
});
const VIEWER = { ...ADMIN, username: 'watcher', role: 'viewer' } as const;

// bs-0001 and bs-0002 share ch 30; the planner moves bs-0002 a long way (big gain) and bs-0001 a little.
const CHANGES = [
  planChange({
    deviceId: 'bs1',
    name: 'bs-0001',
    site: 'Acharacle',
    from: 30,
    to: 31,
    sinrMinBeforeDb: 4,
    sinrMinAfterDb: 9.5,
    throughputBeforeMbps: 60,
    throughputAfterMbps: 71,
  }),
  planChange({ deviceId: 'bs2', name: 'bs-0002', from: 30, to: 32 }),
];
const PREVIEW = planPreview(CHANGES);
const APPLY = `POST /api/spectrum/plans/${PREVIEW.id}/apply`;

interface Open {
  user?: typeof ADMIN | typeof VIEWER;
  routes?: Record<string, () => Response>;
}

async function openSpectrum({ user = ADMIN, routes = {} }: Open = {}) {
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, user),
    'GET /api/spectrum/stations': () => json(200, stationList([BS1, BS2, BS3])),
    'GET /api/spectrum/records': () => json(200, { items: [] }),
    'POST /api/spectrum/plans': () => json(200, PREVIEW),
    ...routes,
  });
  const app = renderApp('/spectrum');
  await screen.findByTestId('spectrum-page', {}, { timeout: 5_000 });
  act(() => {
    app.socket.serverConnects();
    app.socket.serverEmits(
      'devices:snapshot',
      snapshot(1, [
        device({ id: 'bs1', name: 'bs-0001', role: 'base-station', channel: 30 }),
        device({ id: 'bs2', name: 'bs-0002', role: 'base-station', channel: 30 }),
        device({ id: 'bs3', name: 'bs-0003', role: 'base-station', channel: 41 }),
      ]),
    );
  });
  await waitFor(() => expect(screen.getByTestId('spectrum-page').getAttribute('data-status')).toBe('ready'));
  return { ...app, fetch };
}

const panelState = () => screen.getByTestId('replan-panel').getAttribute('data-state');

async function preview(): Promise<void> {
  fireEvent.click(screen.getByTestId('replan-preview'));
  await waitFor(() => expect(panelState()).toBe('preview'));
}

const changeNames = () =>
  within(screen.getByTestId('replan-changes'))
    .queryAllByRole('row')
    .flatMap((row) => {
      const id = row.getAttribute('data-testid');
      return id ? [id.replace('replan-change-', '')] : [];
    });

describe(ReplanPanel.name, () => {
  it('previews a re-plan: the figures now against after, the changes by gain, the moves marked in the plan', async () => {
    const { fetch } = await openSpectrum();
    expect(panelState()).toBe('idle');
    expect(screen.getByTestId('replan-preview').textContent).toBe('Preview re-plan');
    await preview();

    expect(fetch.calls.filter((call) => call.key === 'POST /api/spectrum/plans')).toHaveLength(1);
    const p5 = screen.getByTestId('replan-figure-sinrP5Db');
    expect(p5.getAttribute('data-verdict')).toBe('better');
    expect(p5.textContent).toContain('3.1 dB');
    expect(p5.textContent).toContain('12.6 dB');
    expect(p5.textContent).toContain('+9.5 dB');
    expect(screen.getByTestId('replan-figure-coChannelConflicts').textContent).toContain('−2');
    expect(screen.getByTestId('replan-figure-retunes').getAttribute('data-after')).toBe('2');
    expect(screen.getByTestId('replan-gain').textContent).toBe(
      'Predicted: 5th-percentile SINR +9.5 dB, total throughput +105.9 Mbps, co-channel conflicts 2 → 0, links down 1 → 0.',
    );
    const order = screen.getByTestId('replan-order');
    expect(order.getAttribute('data-steps')).toBe('3');
    expect(order.getAttribute('data-temporary')).toBe('1');
    expect(order.textContent).toContain('none');
    expect(screen.getByTestId('replan-age').textContent).toMatch(/can be applied for (9|10) min/);

    // Biggest SINR gain first (bs-0002: +16 dB), then by name or throughput on request.
    expect(changeNames()).toEqual(['bs-0002', 'bs-0001']);
    const moved = screen.getByTestId('replan-change-bs-0002');
    expect(moved.getAttribute('data-from')).toBe('30');
    expect(moved.getAttribute('data-to')).toBe('32');
    expect(moved.textContent).toContain('2.5 → 18.5 dB');
    expect(moved.textContent).toContain('+16.0 dB');
    fireEvent.click(screen.getByTestId('replan-sort-sinrGain'));
    expect(changeNames()).toEqual(['bs-0001', 'bs-0002']);
    fireEvent.click(screen.getByTestId('replan-sort-name'));
    expect(changeNames()).toEqual(['bs-0001', 'bs-0002']);

    // The channel plan above marks the stations that would move, and only those.
    expect(screen.getByTestId('spectrum-row-bs-0002').getAttribute('data-planned-channel')).toBe('32');
    expect(screen.getByTestId('spectrum-channel-bs-0002').textContent).toContain('30→ 32 planned');
    expect(screen.getByTestId('spectrum-row-bs-0003').getAttribute('data-planned-channel')).toBeNull();
    expect(screen.getByTestId('legend-planned').getAttribute('data-count')).toBe('2');
    // Nothing was sent to a radio: the only plan request is the preview.
    expect(fetch.calls.some((call) => call.key.includes('/apply'))).toBe(false);
  });

  it('applies behind a confirmation that counts the radios, then follows the run on the feed to done', async () => {
    const run = planRun({ planId: PREVIEW.id, total: 3 });
    const { socket, fetch } = await openSpectrum({ routes: { [APPLY]: () => json(202, run) } });
    await preview();

    fireEvent.click(screen.getByTestId('replan-apply'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Retune 2 radios?');
    expect(dialog.textContent).toContain('2 base stations will move to a new channel, in 3 steps');
    expect(dialog.textContent).toContain('1 temporary move');
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(fetch.calls.some((call) => call.key === APPLY)).toBe(false);

    fireEvent.click(screen.getByTestId('replan-apply'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(panelState()).toBe('running'));
    expect(fetch.calls.filter((call) => call.key === APPLY)).toHaveLength(1);
    const progress = () => screen.getByTestId('replan-progress');
    expect(progress().getAttribute('data-done')).toBe('0');
    // Planning again while radios are being moved would plan from a fleet half way through.
    expect(screen.getByTestId<HTMLButtonElement>('replan-preview').disabled).toBe(true);

    act(() =>
      socket.serverEmits('spectrum:plan-run', {
        ...run,
        done: 1,
        current: { deviceId: 'bs1', name: 'bs-0001', from: 30, to: 31 },
      }),
    );
    expect(progress().getAttribute('data-done')).toBe('1');
    expect(progress().textContent).toContain('1 of 3 steps');
    expect(screen.getByTestId('replan-current').textContent).toBe('Now: bs-0001 ch 30 → ch 31');
    // An older copy arriving late (the apply's answer races the first events) does not move it back.
    act(() => socket.serverEmits('spectrum:plan-run', run));
    expect(progress().getAttribute('data-done')).toBe('1');

    const finishedAt = new Date(Date.parse(run.startedAt) + 12_000).toISOString();
    act(() => socket.serverEmits('spectrum:plan-run', { ...run, status: 'done', done: 3, finishedAt }));
    expect(panelState()).toBe('done');
    expect(progress().getAttribute('data-status')).toBe('done');
    expect(progress().textContent).toContain('3 of 3 steps');
    expect(progress().textContent).toContain('in 12 s');
    expect(screen.getByTestId('replan-result')).toBeTruthy();
    expect(screen.queryByTestId('replan-current')).toBeNull();
    // Applied: the plan no longer marks stations as "would move", and a new preview may be asked for.
    expect(screen.getByTestId('spectrum-row-bs-0002').getAttribute('data-planned-channel')).toBeNull();
    expect(screen.getByTestId('replan-preview').textContent).toBe('Preview again');
    expect(screen.getByTestId<HTMLButtonElement>('replan-preview').disabled).toBe(false);
    expect(screen.getByRole('heading', { name: '2 stations retuned by this plan' })).toBeTruthy();
  });

  it('lists the steps that failed with their reasons', async () => {
    const run = planRun({ planId: PREVIEW.id, total: 3 });
    const { socket } = await openSpectrum({ routes: { [APPLY]: () => json(202, run) } });
    await preview();
    fireEvent.click(screen.getByTestId('replan-apply'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(panelState()).toBe('running'));
    act(() =>
      socket.serverEmits('spectrum:plan-run', {
        ...run,
        status: 'failed',
        done: 3,
        failed: 1,
        errors: [
          { deviceId: 'bs2', name: 'bs-0002', message: 'channel 32 is not permitted for bs-0002’s cell now' },
        ],
        finishedAt: new Date().toISOString(),
      }),
    );
    expect(panelState()).toBe('failed');
    expect(screen.getByTestId('replan-progress').textContent).toContain('This plan finished with 1 failure');
    expect(screen.getByTestId('replan-run-error').textContent).toBe(
      '✕ bs-0002: channel 32 is not permitted for bs-0002’s cell now',
    );
  });

  it('explains a preview the server no longer applies (409 expired, 503 not leader) and offers a new one', async () => {
    let answer = () =>
      json(409, {
        statusCode: 409,
        error: 'Conflict',
        code: 'spectrum.plan-expired',
        message: 'this preview is more than 10 minutes old: preview again',
      });
    const { fetch } = await openSpectrum({ routes: { [APPLY]: () => answer() } });
    await preview();
    fireEvent.click(screen.getByTestId('replan-apply'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(panelState()).toBe('refused'));
    const error = screen.getByTestId('replan-error');
    expect(error.getAttribute('data-code')).toBe('expired');
    expect(error.textContent).toContain('more than 10 minutes old');
    expect(error.textContent).toContain('Nothing was applied: no radio changed.');
    expect(screen.getByTestId<HTMLButtonElement>('replan-apply').disabled).toBe(true);
    expect(screen.getByTestId('replan-preview').textContent).toBe('Preview again');

    answer = () =>
      json(503, {
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'spectrum.not-leader',
        message: 'another instance runs spectrum management: apply the plan there',
      });
    await preview();
    expect(screen.queryByTestId('replan-error')).toBeNull();
    fireEvent.click(screen.getByTestId('replan-apply'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() =>
      expect(screen.getByTestId('replan-error').getAttribute('data-code')).toBe('not-leader'),
    );
    expect(screen.getByTestId('replan-error').textContent).toContain('does not run spectrum management');
    expect(fetch.calls.filter((call) => call.key === 'POST /api/spectrum/plans')).toHaveLength(2);
  });

  it('says so when a preview is past its lifetime on this tab, and refuses to apply it', async () => {
    const stale = planPreview(CHANGES);
    // Its lifetime is what counts, not the two clocks: a preview that lived 0 ms is expired on arrival.
    await openSpectrum({
      routes: { 'POST /api/spectrum/plans': () => json(200, { ...stale, expiresAt: stale.createdAt }) },
    });
    fireEvent.click(screen.getByTestId('replan-preview'));
    await waitFor(() => expect(panelState()).toBe('expired'));
    expect(screen.getByTestId('replan-expired').textContent).toContain('Preview again to apply');
    expect(screen.getByTestId('replan-age').getAttribute('data-expired')).toBe('true');
    expect(screen.getByTestId<HTMLButtonElement>('replan-apply').disabled).toBe(true);
  });

  it('says the plan is already as good as the planner finds when nothing would change', async () => {
    const same = planPreview([], { after: planFigures(), steps: 0, temporaryMoves: 0 });
    await openSpectrum({ routes: { 'POST /api/spectrum/plans': () => json(200, same) } });
    fireEvent.click(screen.getByTestId('replan-preview'));
    await waitFor(() => expect(panelState()).toBe('no-change'));
    expect(screen.getByTestId('replan-no-change').textContent).toContain(
      'already as good as the planner finds',
    );
    expect(screen.queryByTestId('replan-apply')).toBeNull();
    expect(screen.queryByTestId('replan-changes')).toBeNull();
    expect(screen.getByTestId('replan-figure-sinrP5Db').getAttribute('data-verdict')).toBe('same');
  });

  it('explains that spectrum management is off when the planner has nothing to plan (409 disabled)', async () => {
    await openSpectrum({
      routes: {
        'POST /api/spectrum/plans': () =>
          json(409, {
            statusCode: 409,
            error: 'Conflict',
            code: 'spectrum.disabled',
            message: 'spectrum management is off: set WSDB_URL',
          }),
      },
    });
    fireEvent.click(screen.getByTestId('replan-preview'));
    await waitFor(() => expect(panelState()).toBe('error'));
    expect(screen.getByTestId('replan-error').getAttribute('data-code')).toBe('disabled');
    expect(screen.getByTestId('replan-error').textContent).toContain('Spectrum management is off');
  });

  it('gives viewers no buttons: nothing until a run is on the feed, then its progress alone', async () => {
    const { socket, fetch } = await openSpectrum({ user: VIEWER });
    expect(screen.queryByTestId('replan-panel')).toBeNull();
    act(() =>
      socket.serverEmits(
        'spectrum:plan-run',
        planRun({ planId: PREVIEW.id, actor: 'ops-anna', done: 2, total: 5 }),
      ),
    );
    expect(panelState()).toBe('watching');
    expect(screen.getByTestId('replan-progress').textContent).toContain(
      'Applying a plan started by ops-anna',
    );
    expect(screen.getByTestId('replan-progress').textContent).toContain('2 of 5 steps');
    expect(screen.queryByTestId('replan-preview')).toBeNull();
    expect(screen.queryByTestId('replan-apply')).toBeNull();
    expect(fetch.calls.some((call) => call.key.startsWith('POST /api/spectrum/plans'))).toBe(false);
  });
});
