import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { incident } from '@/test/alerts-fixtures';
import { delta, device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { OverviewPage } from './overview-page';

describe(OverviewPage.name, () => {
  it('shows counts, worst links and status changes, each linking to the filtered view', async () => {
    stubFetch({
      'GET /api/auth/me': () => json(200, ADMIN),
      'GET /api/incidents': () => json(200, { incidents: [] }),
    });
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

  it("shows the fleet's open incidents worst first, live, each linking to its detail on the Alerts page", async () => {
    const minor = incident({ title: 'cpe-9 flaps', severity: 'minor', openedAt: '2025-01-01T11:00:00.000Z' });
    stubFetch({
      'GET /api/auth/me': () => json(200, ADMIN),
      'GET /api/incidents': () => json(200, { incidents: [minor] }),
    });
    const { socket } = renderApp('/overview');
    const panel = await screen.findByTestId('open-incidents', {}, { timeout: 15_000 });
    act(() => socket.serverConnects());
    await waitFor(() => expect(within(panel).getAllByTestId('open-incident')).toHaveLength(1));
    const critical = incident({ title: 'bs-1 is down', affectedCount: 13, suppressedCount: 12 });
    act(() => socket.serverEmits('incidents:changed', { incidents: [critical] }));
    await waitFor(() => expect(within(panel).getAllByTestId('open-incident')).toHaveLength(2));
    const [first] = within(panel).getAllByTestId('open-incident');
    expect(first!.textContent).toContain('bs-1 is down');
    expect(first!.textContent).toContain('13 devices');
    expect(first!.querySelector('a')?.getAttribute('href')).toBe(`/alerts?incident=${critical.id}`);
    expect(within(panel).getByTestId('open-incidents-all').getAttribute('href')).toBe('/alerts');
    expect(panel.getAttribute('data-count')).toBe('2');
  });
});
