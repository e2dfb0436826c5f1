import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { delta, device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { stubLayout } from '@/test/stub-layout';
import { DevicesPage } from './devices-page';

const driftOf = (deviceId: string) => ({
  deviceId,
  desired: { managementVlan: 200 },
  running: null,
  runningAt: null,
  drift: [{ field: 'managementVlan', desired: 200, running: 100 }],
});

async function openTable(
  path: string,
  drifted: { ids: string[] } = { ids: [] },
  user: { id: string; username: string; role: string } = ADMIN,
) {
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, user),
    'GET /api/config-drift': () => json(200, { items: drifted.ids.map(driftOf) }),
  });
  const app = renderApp(path);
  // The route loads lazily; a cold transform under a full parallel run can take over a second.
  await screen.findByTestId('device-table', {}, { timeout: 15_000 });
  act(() => {
    app.socket.serverConnects();
    app.socket.serverEmits(
      'devices:snapshot',
      snapshot(1, [
        device({ id: 'a', name: 'cpe-a', site: 'skye', snrDb: 20 }),
        device({ id: 'b', name: 'cpe-b', site: 'mull', status: 'unreachable', snrDb: null }),
        device({ id: 'c', name: 'bs-c', role: 'base-station', site: 'skye', snrDb: 15 }),
      ]),
    );
  });
  // The virtualiser measures its scroller in a layout effect; under load that can land a tick later.
  await waitFor(() => expect(screen.queryAllByRole('row').length).toBeGreaterThan(1));
  return { ...app, fetch };
}

const rowNames = () =>
  screen.queryAllByRole('row').flatMap((row) => {
    const id = row.getAttribute('data-testid');
    return id ? [id.replace('device-row-', '')] : [];
  });

describe(DevicesPage.name, () => {
  stubLayout();

  it('lets a viewer select and show on the map, but offers no bulk configuration', async () => {
    await openTable('/devices', { ids: [] }, { ...ADMIN, username: 'vera', role: 'viewer' });
    fireEvent.click(screen.getByTestId('select-all-shown'));
    await waitFor(() => expect(screen.getByTestId('selection-count').getAttribute('data-count')).toBe('3'));
    expect(screen.getByText('Show on map')).toBeTruthy();
    expect(screen.queryByTestId('selection-configure')).toBeNull();
    expect(screen.queryByTestId('nav-users')).toBeNull();
  });

  it('offers an operator "Configure selected"', async () => {
    await openTable('/devices', { ids: [] }, { ...ADMIN, username: 'olga', role: 'operator' });
    fireEvent.click(screen.getByTestId('select-all-shown'));
    expect(await screen.findByTestId('selection-configure')).toBeTruthy();
  });

  it('shows the live fleet, filtered and sorted from the URL', async () => {
    await openTable('/devices?site=skye&sort=snrDb&order=asc');
    expect(rowNames()).toEqual(['bs-c', 'cpe-a']);
    expect(screen.getByTestId('device-count').getAttribute('data-shown')).toBe('2');
  });

  it('writes filters into the URL so the view can be shared', async () => {
    const { router } = await openTable('/devices');
    fireEvent.change(screen.getByTestId('filter-q'), { target: { value: 'mull' } });
    fireEvent.click(screen.getByTestId('filter-status-unreachable'));

    await waitFor(() => expect(rowNames()).toEqual(['cpe-b']));
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get('q')).toBe('mull');
    expect(params.get('status')).toBe('unreachable');
  });

  it('sorts on a header click and hides a column from the chooser', async () => {
    const { router } = await openTable('/devices');
    fireEvent.click(screen.getByTestId('sort-name'));
    expect(rowNames()).toEqual(['cpe-b', 'cpe-a', 'bs-c']);
    fireEvent.click(screen.getByTestId('column-chooser'));
    fireEvent.click(screen.getByTestId('column-toggle-site'));
    await waitFor(() => expect(router.state.location.search).toContain('cols='));
    expect(router.state.location.search).not.toContain('site%2C');
  });

  it('re-renders a changed row with a flash, and keeps the others', async () => {
    const { socket } = await openTable('/devices');
    const before = screen.getByTestId('device-row-cpe-b');
    act(() => socket.serverEmits('devices:delta', delta(2, [{ id: 'a', status: 'degraded' }])));
    expect(screen.getByTestId('cell-status-cpe-a').textContent).toContain('degraded');
    expect(screen.getByTestId('device-row-cpe-a').querySelector('[aria-hidden="true"]')).toBeTruthy();
    expect(screen.getByTestId('device-row-cpe-b')).toBe(before);
  });

  it('moves with the arrow keys, selects with space and shift-click, opens with Enter', async () => {
    const { router, stores } = await openTable('/devices');
    const grid = screen.getByTestId('device-table');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: ' ' });
    expect([...stores.selection.getState().ids]).toEqual(['c']);
    fireEvent.click(screen.getByTestId('device-row-cpe-b'), { shiftKey: true });
    expect([...stores.selection.getState().ids].sort()).toEqual(['a', 'b', 'c']);
    expect(screen.getByTestId('selection-count').textContent).toBe('3 selected');

    fireEvent.keyDown(grid, { key: 'Enter' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/devices/b'));
  });

  it('flags drifted devices, filters to them, and reads the drift again after a bulk run settles', async () => {
    const drifted = { ids: ['b'] };
    const { router, socket, fetch } = await openTable('/devices', drifted);
    await screen.findByTestId('device-drift-flag-cpe-b');
    expect(screen.queryByTestId('device-drift-flag-cpe-a')).toBeNull();
    expect(screen.getByTestId('filter-drifted').parentElement?.textContent).toContain('drifted (1)');

    fireEvent.click(screen.getByTestId('filter-drifted'));
    await waitFor(() => expect(rowNames()).toEqual(['cpe-b']));
    expect(new URLSearchParams(router.state.location.search).get('drift')).toBe('1');

    // cpe-a's power moved (a change made elsewhere): one read of the drift for the frame, and a new flag.
    const reads = fetch.calls.filter((call) => call.key === 'GET /api/config-drift').length;
    drifted.ids = ['a', 'b'];
    act(() =>
      socket.serverEmits(
        'devices:delta',
        delta(2, [
          { id: 'a', txPowerDbm: 12 },
          { id: 'c', txPowerDbm: 9 },
        ]),
      ),
    );
    await waitFor(() => expect(rowNames()).toEqual(['cpe-a', 'cpe-b']), { timeout: 10_000 });
    expect(screen.getByTestId('device-drift-flag-cpe-a')).toBeTruthy();
    expect(fetch.calls.filter((call) => call.key === 'GET /api/config-drift').length).toBe(reads + 1);

    fireEvent.click(screen.getByTestId('filter-clear'));
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(router.state.location.search).not.toContain('drift');
  });
});
