import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow, NotificationChannel } from '@wsnoc/shared';
import { uuid } from '@/test/alerts-fixtures';
import { device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { ChannelsPanel } from './channels-panel';
import { MaintenancePanel } from './maintenance-panel';

const RADIO = '0b6a5c1e-7d3f-4a2b-9c8d-1e2f3a4b5c6d';
const OPERATOR = { ...ADMIN, username: 'olga', role: 'operator' } as const;

const window = (over: Partial<MaintenanceWindow> = {}): MaintenanceWindow => ({
  id: uuid(),
  name: 'Tower repaint',
  scope: { type: 'device', value: RADIO },
  startsAt: '2025-01-01T08:00:00.000Z',
  endsAt: '2025-01-01T12:00:00.000Z',
  reason: 'painting',
  createdBy: 'admin',
  createdAt: '2025-01-01T07:00:00.000Z',
  ...over,
});

const channel = (over: Partial<NotificationChannel> = {}): NotificationChannel => ({
  id: uuid(),
  name: 'NOC hook',
  type: 'webhook',
  target: 'https://hooks.example.net/wsnoc',
  enabled: true,
  minSeverity: 'major',
  rateLimitPerMin: 30,
  hasSecret: true,
  updatedAt: '2025-01-01T07:00:00.000Z',
  ...over,
});

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe(MaintenancePanel.name, () => {
  it('lists windows with the device by name, adds one for a radio typed by name, and removes one', async () => {
    let windows = [window()];
    const fetch = stubFetch({
      'GET /api/auth/me': () => json(200, ADMIN),
      'GET /api/maintenance-windows': () => json(200, { items: windows }),
      'POST /api/maintenance-windows': () => json(201, window({ name: 'Swap PSU' })),
      [`DELETE /api/maintenance-windows/${windows[0]!.id}`]: () => new Response(null, { status: 204 }),
    });
    const { socket } = renderApp('/alerts?tab=maintenance');
    await screen.findByTestId('window-row-Tower repaint', {}, { timeout: 15_000 });
    act(() => {
      socket.serverConnects();
      socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: RADIO, name: 'bs-skye' })]));
    });
    await waitFor(() =>
      expect(screen.getByTestId('window-row-Tower repaint').textContent).toContain('device bs-skye'),
    );
    expect(screen.getByTestId('window-row-Tower repaint').getAttribute('data-state')).toBe('ended');

    // Checked before sending: a name, a known device, an end after the start.
    type('window-scope-value', 'nowhere');
    fireEvent.click(screen.getByTestId('window-create'));
    expect(screen.getByTestId('window-error-scope.value').textContent).toContain('nowhere');
    type('window-scope-value', 'bs-skye');
    type('window-starts', '2025-03-01T10:00');
    type('window-ends', '2025-03-01T09:00');
    fireEvent.click(screen.getByTestId('window-create'));
    expect(screen.getByTestId('window-error-name').textContent).toBe('name must not be empty');
    expect(screen.getByTestId('window-error-endsAt').textContent).toBe('endsAt must be after startsAt');
    expect(fetch.calls.some((call) => call.key.startsWith('POST'))).toBe(false);

    type('window-name', 'Swap PSU');
    type('window-ends', '2025-03-01T11:30');
    fireEvent.click(screen.getByTestId('window-create'));
    expect((await screen.findByTestId('window-create-done')).textContent).toContain('Swap PSU');
    expect(fetch.calls.find((call) => call.key.startsWith('POST'))?.body).toEqual({
      name: 'Swap PSU',
      scope: { type: 'device', value: RADIO },
      startsAt: '2025-03-01T10:00:00.000Z',
      endsAt: '2025-03-01T11:30:00.000Z',
      reason: 'maintenance',
    });

    windows = [];
    fireEvent.click(screen.getByTestId('window-delete-Tower repaint'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await screen.findByTestId('windows-empty');
    expect(fetch.calls.some((call) => call.key.startsWith('DELETE'))).toBe(true);
  });

  it('shows an operator the windows but nothing to change them', async () => {
    stubFetch({
      'GET /api/auth/me': () => json(200, OPERATOR),
      'GET /api/maintenance-windows': () => json(200, { items: [window()] }),
    });
    renderApp('/alerts?tab=maintenance');
    await screen.findByTestId('window-row-Tower repaint', {}, { timeout: 15_000 });
    expect(screen.queryByTestId('window-create')).toBeNull();
    expect(screen.queryByTestId('window-delete-Tower repaint')).toBeNull();
  });
});

describe(ChannelsPanel.name, () => {
  it('adds a channel checked by field, disables one, and opens its delivery log', async () => {
    const hook = channel();
    let channels = [hook];
    const fetch = stubFetch({
      'GET /api/auth/me': () => json(200, ADMIN),
      'GET /api/notification-channels': () => json(200, { items: channels }),
      'POST /api/notification-channels': () => json(201, channel({ name: 'On call', type: 'email' })),
      [`PATCH /api/notification-channels/${hook.id}`]: () => json(200, { ...hook, enabled: false }),
      [`GET /api/notification-channels/${hook.id}/deliveries`]: () =>
        json(200, {
          items: [
            {
              id: 'd1',
              channelId: hook.id,
              incidentId: uuid(),
              event: 'opened',
              state: 'failed',
              attempts: 3,
              lastError: 'connect ECONNREFUSED',
              lastStatus: 503,
              createdAt: '2025-01-01T09:00:00.000Z',
              deliveredAt: null,
              nextAttemptAt: null,
            },
          ],
        }),
    });
    renderApp('/alerts?tab=channels');
    await screen.findByTestId('channel-row-NOC hook', {}, { timeout: 15_000 });

    fireEvent.change(screen.getByTestId('channel-type'), { target: { value: 'email' } });
    type('channel-name', 'On call');
    type('channel-target', 'not-an-address');
    fireEvent.click(screen.getByTestId('channel-create'));
    expect(screen.getByTestId('channel-error-target').textContent).toBe(
      'target of an email channel is an e-mail address',
    );
    type('channel-target', 'oncall@example.net');
    fireEvent.click(screen.getByTestId('channel-create'));
    expect((await screen.findByTestId('channel-create-done')).textContent).toContain('On call');
    expect(fetch.calls.find((call) => call.key.startsWith('POST'))?.body).toEqual({
      name: 'On call',
      type: 'email',
      target: 'oncall@example.net',
      enabled: true,
      minSeverity: 'warning',
      rateLimitPerMin: 30,
    });

    channels = [{ ...hook, enabled: false }];
    fireEvent.click(screen.getByTestId('channel-toggle-NOC hook'));
    await waitFor(() =>
      expect(screen.getByTestId('channel-row-NOC hook').getAttribute('data-enabled')).toBe('false'),
    );
    expect(fetch.calls.find((call) => call.key.startsWith('PATCH'))?.body).toEqual({ enabled: false });

    fireEvent.click(screen.getByTestId('channel-deliveries-NOC hook'));
    const log = await screen.findByTestId('delivery-log');
    const row = await within(log).findByTestId('delivery-row');
    expect(row.getAttribute('data-state')).toBe('failed');
    expect(row.textContent).toContain('connect ECONNREFUSED (HTTP 503)');
  });
});
