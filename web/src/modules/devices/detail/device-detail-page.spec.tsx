import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { delta, device, snapshot } from '@/test/fleet-fixtures';
import { incident } from '@/test/alerts-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { DeviceDetailPage } from './device-detail-page';

const RUNNING = {
  hostname: 'bs-skye',
  channel: 30,
  txPowerDbm: 30,
  enabled: true,
  managementVlan: 100,
  snmpCommunity: 'wsnoc-ro',
  ntpServer: 'pool.ntp.org',
};
const RUNNING_LINES = ['set system hostname bs-skye', 'set radio channel 30', 'set radio tx-power 30'];

const notFound = () => json(404, { statusCode: 404, error: 'Not Found', message: 'Cannot GET' });

async function openDetail(routes: Record<string, () => Response> = {}) {
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, ADMIN),
    'GET /api/devices/bs': notFound,
    'GET /api/devices/bs/telemetry': () =>
      json(500, { statusCode: 500, error: 'x', message: 'no history yet' }),
    'GET /api/audit': notFound,
    'GET /api/devices/bs/config/changes': () => json(200, { items: [] }),
    'GET /api/devices/bs/config/versions': () => json(200, { items: [] }),
    'GET /api/devices/bs/config/drift': () =>
      json(200, { deviceId: 'bs', desired: null, running: null, runningAt: null, drift: [] }),
    'GET /api/incidents': () => json(200, { incidents: [] }),
    ...routes,
  });
  const app = renderApp('/devices/bs');
  await screen.findByTestId('device-detail', {}, { timeout: 15_000 });
  act(() => {
    app.socket.serverConnects();
    app.socket.serverEmits(
      'devices:snapshot',
      snapshot(1, [
        device({ id: 'bs', name: 'bs-skye', role: 'base-station', clientsUp: 1, clientsTotal: 2 }),
        device({ id: 'c1', name: 'cpe-1', parentId: 'bs', snrDb: 18 }),
      ]),
    );
  });
  // The feed's frames reach the page through the fleet store, not in the same tick.
  await waitFor(() => expect(screen.getByTestId('device-name').textContent).toContain('bs-skye'));
  return { ...app, fetch };
}

const VIEWER = { ...ADMIN, username: 'vera', role: 'viewer' } as const;
const LATER = '2025-01-01T10:05:00.000Z';

describe(DeviceDetailPage.name, () => {
  it("shows the radio's open incidents, live, with a link to the Alerts page filtered to it", async () => {
    const down = incident({ title: 'bs-skye is down', deviceId: 'bs', affectedCount: 2, suppressedCount: 1 });
    const { fetch, socket } = await openDetail({
      'GET /api/incidents': () => json(200, { incidents: [down] }),
    });
    const panel = await screen.findByTestId('open-incidents');
    await waitFor(() => expect(within(panel).getAllByTestId('open-incident')).toHaveLength(1));
    expect(within(panel).getByTestId('open-incidents-all').getAttribute('href')).toBe('/alerts?deviceId=bs');
    const asked = fetch.calls.find((call) => call.key === 'GET /api/incidents')!;
    expect(new URL(asked.url, 'http://x').searchParams.get('deviceId')).toBe('bs');
    act(() =>
      socket.serverEmits('incidents:changed', {
        incidents: [{ ...down, state: 'resolved', resolvedAt: LATER, updatedAt: LATER }],
      }),
    );
    await waitFor(() => expect(within(panel).queryAllByTestId('open-incident')).toHaveLength(0));
    expect(panel.textContent).toContain('No open incident concerns this radio.');
  });

  it('offers a viewer nothing that touches the radio, and reads only what a viewer may', async () => {
    const { fetch } = await openDetail({
      'GET /api/auth/me': () => json(200, VIEWER),
      'GET /api/audit': () => json(200, { items: [] }),
    });
    await screen.findByTestId('running-config-viewer-note');
    expect((await screen.findByTestId('device-audit-all')).getAttribute('href')).toBe('/audit?deviceId=bs');
    for (const testId of [
      'action-refresh',
      'action-reboot',
      'config-editor',
      'config-edit-open',
      'load-running-config',
      'config-pull-now',
    ]) {
      expect(screen.queryByTestId(testId), testId).toBeNull();
    }
    expect(screen.queryByRole('heading', { name: 'Actions' })).toBeNull();
    expect(fetch.calls.some((call) => call.key.startsWith('POST'))).toBe(false);
    expect(fetch.calls.some((call) => call.key.endsWith('/running-config'))).toBe(false);
  });

  it('offers an operator the actions and the editor', async () => {
    await openDetail({ 'GET /api/auth/me': () => json(200, { ...VIEWER, role: 'operator' }) });
    expect(screen.getByTestId('action-reboot')).toBeTruthy();
    expect(screen.getByTestId('config-editor')).toBeTruthy();
    expect(screen.getByTestId('load-running-config')).toBeTruthy();
  });

  it('shows live values that follow the feed, and the CPEs of a base station', async () => {
    const { socket } = await openDetail();
    expect(screen.getByTestId('device-name').textContent).toContain('bs-skye');
    expect(screen.getByTestId('live-snrDb').textContent).toBe('25.0');
    act(() => socket.serverEmits('devices:delta', delta(2, [{ id: 'bs', snrDb: 11.5 }])));
    await waitFor(() => expect(screen.getByTestId('live-snrDb').textContent).toBe('11.5'));
    expect(screen.getByTestId('cpe-row-cpe-1').textContent).toContain('18.0');
    expect(await screen.findByText(/does not keep an audit log yet/, {}, { timeout: 15_000 })).toBeTruthy();
    // The charts panel is a lazy chunk (uPlot).
    expect((await screen.findByTestId('telemetry-error', {}, { timeout: 15_000 })).textContent).toContain(
      'no history yet',
    );
  });

  it('asks before a reboot and explains a busy radio', async () => {
    const { fetch } = await openDetail({
      'POST /api/devices/bs/actions/reboot': () =>
        json(409, {
          statusCode: 409,
          error: 'Conflict',
          message: 'Another operation holds the radio',
          holder: { owner: 'bulk-config run 42', since: '2025-01-01T00:00:00.000Z' },
        }),
    });
    fireEvent.click(screen.getByTestId('action-reboot'));
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(fetch.calls.some((call) => call.key.startsWith('POST'))).toBe(false);

    fireEvent.click(screen.getByTestId('action-reboot'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    const busy = await screen.findByTestId('action-busy');
    expect(screen.getByTestId('busy-owner').textContent).toBe('bulk-config run 42');
    expect(busy.textContent).toContain('2025-01-01 00:00:00 UTC');
  });

  it('runs a refresh and loads the running configuration on request', async () => {
    const { fetch } = await openDetail({
      'POST /api/devices/bs/actions/refresh': () => json(202, {}),
      'GET /api/devices/bs/running-config': () => json(200, { lines: RUNNING_LINES, config: RUNNING }),
    });
    fireEvent.click(screen.getByTestId('action-refresh'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    expect(await screen.findByTestId('action-result')).toBeTruthy();

    expect(fetch.calls.some((call) => call.key === 'GET /api/devices/bs/running-config')).toBe(false);
    fireEvent.click(screen.getByTestId('load-running-config'));
    await waitFor(() => expect(screen.getByTestId('running-config').textContent).toContain('channel 30'));
    // The charts are a lazy chunk: their request goes out once it has loaded.
    const telemetry = await waitFor(() => {
      const call = fetch.calls.find((c) => c.key === 'GET /api/devices/bs/telemetry');
      expect(call).toBeDefined();
      return call!;
    });
    expect(telemetry.url).toContain('metrics=snrDb%2CrssiDbm%2CnoiseFloorDbm%2CthroughputMbps%2CtxPowerDbm');
  });

  it('edits the tx power: shows the diff against the running config, applies as commit confirmed, then confirms', async () => {
    const change = (status: string) => ({
      id: 'c-1',
      deviceId: 'bs',
      actor: 'admin',
      mode: 'confirmed',
      status,
      requested: { txPowerDbm: 27.5 },
      before: RUNNING,
      after: { ...RUNNING, txPowerDbm: 27.5 },
      diff: [{ field: 'txPowerDbm', before: 30, after: 27.5 }],
      confirmDeadline: '2026-12-01T10:05:00.000Z',
      detail: null,
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
    });
    const { fetch } = await openDetail({
      'GET /api/devices/bs/running-config': () => json(200, { lines: RUNNING_LINES, config: RUNNING }),
      'POST /api/devices/bs/config': () => json(200, change('pending-confirm')),
      'POST /api/devices/bs/config/confirm': () => json(200, change('confirmed')),
    });
    fireEvent.click(await screen.findByTestId('config-edit-open'));
    const power = await screen.findByTestId('config-input-txPowerDbm');
    expect((power as HTMLInputElement).value).toBe('30');
    expect(screen.getByTestId('config-no-change')).toBeTruthy();

    fireEvent.change(power, { target: { value: '27.55' } });
    expect(screen.getByTestId('config-invalid').textContent).toContain('one decimal');
    expect(screen.getByTestId<HTMLButtonElement>('config-apply').disabled).toBe(true);

    fireEvent.change(power, { target: { value: '27.5' } });
    const rows = screen.getAllByTestId('config-diff-row');
    expect(rows.map((r) => r.dataset.field)).toEqual(['txPowerDbm']);
    expect(rows[0]!.textContent).toContain('30');
    expect(rows[0]!.textContent).toContain('27.5');
    fireEvent.click(screen.getByTestId('config-apply'));

    const result = await screen.findByTestId('config-result');
    expect(result.dataset.status).toBe('pending-confirm');
    const sent = fetch.calls.find((call) => call.key === 'POST /api/devices/bs/config');
    expect(sent?.body).toEqual({ set: { txPowerDbm: 27.5 }, mode: 'confirmed', confirmMinutes: 5 });
    fireEvent.click(screen.getByTestId('config-confirm'));
    await waitFor(() => expect(screen.getByTestId('config-result').dataset.status).toBe('confirmed'));
  });

  it('names the refused fields when the server refuses a change', async () => {
    await openDetail({
      'GET /api/devices/bs/running-config': () => json(200, { lines: RUNNING_LINES, config: RUNNING }),
      'POST /api/devices/bs/config': () =>
        json(400, {
          statusCode: 400,
          error: 'Bad Request',
          message: 'set.channel: bs-skye uses 8 MHz channels 21-60; 15 is not one of them',
          issues: [
            { path: 'set.channel', message: 'bs-skye uses 8 MHz channels 21-60; 15 is not one of them' },
          ],
        }),
    });
    fireEvent.click(await screen.findByTestId('config-edit-open'));
    fireEvent.change(await screen.findByTestId('config-input-channel'), { target: { value: '15' } });
    fireEvent.click(screen.getByTestId('config-apply'));
    expect((await screen.findByTestId('config-error')).textContent).toContain(
      'set.channel: bs-skye uses 8 MHz',
    );
    // The form stays open with the operator's values, to correct them.
    expect(screen.getByTestId<HTMLInputElement>('config-input-channel').value).toBe('15');
  });
});
