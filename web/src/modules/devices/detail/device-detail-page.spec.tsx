import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { delta, device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { DeviceDetailPage } from './device-detail-page';

const notFound = () => json(404, { statusCode: 404, error: 'Not Found', message: 'Cannot GET' });

async function openDetail(routes: Record<string, () => Response> = {}) {
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, ADMIN),
    'GET /api/devices/bs': notFound,
    'GET /api/devices/bs/telemetry': () =>
      json(500, { statusCode: 500, error: 'x', message: 'no history yet' }),
    'GET /api/audit': notFound,
    ...routes,
  });
  const app = renderApp('/devices/bs');
  await screen.findByTestId('device-detail', {}, { timeout: 5_000 });
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
  return { ...app, fetch };
}

describe(DeviceDetailPage.name, () => {
  it('shows live values that follow the feed, and the CPEs of a base station', async () => {
    const { socket } = await openDetail();
    expect(screen.getByTestId('device-name').textContent).toContain('bs-skye');
    expect(screen.getByTestId('live-snrDb').textContent).toBe('25.0');
    act(() => socket.serverEmits('devices:delta', delta(2, [{ id: 'bs', snrDb: 11.5 }])));
    expect(screen.getByTestId('live-snrDb').textContent).toBe('11.5');
    expect(screen.getByTestId('cpe-row-cpe-1').textContent).toContain('18.0');
    expect(await screen.findByText(/does not keep an audit log yet/, {}, { timeout: 5_000 })).toBeTruthy();
    // The charts panel is a lazy chunk (uPlot).
    expect((await screen.findByTestId('telemetry-error', {}, { timeout: 5_000 })).textContent).toContain(
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
      'GET /api/devices/bs/running-config': () => json(200, { lines: ['hostname bs-skye', 'channel 30'] }),
    });
    fireEvent.click(screen.getByTestId('action-refresh'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    expect(await screen.findByTestId('action-result')).toBeTruthy();

    expect(fetch.calls.some((call) => call.key === 'GET /api/devices/bs/running-config')).toBe(false);
    fireEvent.click(screen.getByTestId('load-running-config'));
    await waitFor(() => expect(screen.getByTestId('running-config').textContent).toContain('channel 30'));
    const telemetry = fetch.calls.find((call) => call.key === 'GET /api/devices/bs/telemetry');
    expect(telemetry?.url).toContain('metrics=snrDb%2CrssiDbm%2CnoiseFloorDbm%2CthroughputMbps%2CtxPowerDbm');
  });
});
