import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { delta, device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { OverviewPage } from './overview-page';

describe(OverviewPage.name, () => {
  it('shows counts, worst links and status changes, each linking to the filtered view', async () => {
    stubFetch({ 'GET /api/auth/me': () => json(200, ADMIN) });
    const { socket } = renderApp('/overview');
    await screen.findByRole('heading', { name: 'Overview' }, { timeout: 15_000 });
    act(() => {
      socket.serverConnects();
      socket.serverEmits(
        'devices:snapshot',
        snapshot(1, [
          device({ id: 'bs', name: 'bs-1', role: 'base-station' }),
          device({ id: 'a', name: 'cpe-a', parentId: 'bs', snrDb: 3 }),
          device({ id: 'b', name: 'cpe-b', parentId: 'bs' }),
        ]),
      );
      socket.serverEmits('devices:delta', delta(2, [{ id: 'b', status: 'unreachable', snrDb: null }]));
    });

    await waitFor(() => expect(screen.getByTestId('overview-count-unreachable').textContent).toContain('1'));
    expect(screen.getByTestId('overview-count-up').textContent).toContain('2');
    const upLink = screen.getByTestId('overview-count-up').querySelector('a');
    expect(upLink?.getAttribute('href')).toBe('/devices?status=up');
    expect(screen.getByTestId('worst-link-cpe-a').textContent).toContain('3.0 dB');
    expect(screen.getByTestId('station-bs-1').textContent).toContain('1 of 2 down');
    expect(screen.getByTestId('transition-cpe-b').textContent).toMatch(/up.*unreachable/);
  });
});
