import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Incident, IncidentDetail } from '@wsnoc/shared';
import { incident, incidentList, rule } from '@/test/alerts-fixtures';
import { device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { AlertsPage } from './alerts-page';

const RADIO = '0b6a5c1e-7d3f-4a2b-9c8d-1e2f3a4b5c6d';
const OPERATOR = { ...ADMIN, username: 'olga', role: 'operator' } as const;
const VIEWER = { ...ADMIN, username: 'vera', role: 'viewer' } as const;
const LATER = '2025-01-01T10:05:00.000Z';

const BS = incident({
  title: 'bs-skye is down',
  deviceId: RADIO,
  deviceName: 'bs-skye',
  scope: { type: 'device', deviceId: RADIO },
  affectedCount: 13,
  suppressedCount: 12,
});

interface Open {
  path?: string;
  user?: typeof ADMIN | typeof OPERATOR | typeof VIEWER;
  incidents?: () => Incident[];
  routes?: Record<string, () => Response | Promise<Response>>;
}

async function openAlerts({
  path = '/alerts',
  user = ADMIN,
  incidents = () => [BS],
  routes = {},
}: Open = {}) {
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, user),
    'GET /api/incidents': () => json(200, incidentList(incidents())),
    ...routes,
  });
  const app = renderApp(path);
  await screen.findByTestId('alerts-page', {}, { timeout: 15_000 });
  act(() => {
    app.socket.serverConnects();
    app.socket.serverEmits(
      'devices:snapshot',
      snapshot(1, [device({ id: RADIO, name: 'bs-skye', role: 'base-station', site: 'skye' })]),
    );
  });
  const queries = () =>
    fetch.calls
      .filter((call) => call.key === 'GET /api/incidents')
      .map((call) => Object.fromEntries(new URL(call.url, 'http://x').searchParams));
  return { ...app, fetch, queries };
}

const rows = () => screen.queryAllByTestId('incident-row');

describe(AlertsPage.name, () => {
  it('shows each open incident with severity, scope, devices affected and a ticking age', async () => {
    await openAlerts();
    const [row] = await screen.findAllByTestId('incident-row');
    expect(within(row!).getByTestId('incident-severity').textContent).toContain('critical');
    expect(within(row!).getByTestId('incident-scope').textContent).toBe('bs-skye');
    expect(within(row!).getByTestId('incident-scope').querySelector('a')?.getAttribute('href')).toBe(
      `/devices/${RADIO}`,
    );
    expect(within(row!).getByTestId('incident-affected').textContent).toContain('12 suppressed into it');
    // Opened in 2025: the age is in days, and it is the element's machine value too.
    expect(within(row!).getByTestId('incident-age').getAttribute('datetime')).toBe(BS.openedAt);
    expect(within(row!).getByTestId('incident-age').textContent).toMatch(/\d+ d/);
  });

  it('reads its filters from the URL, asks the API with them, and writes a change back', async () => {
    const { router, queries } = await openAlerts({
      path: `/alerts?state=open&severity=critical,major&site=skye&deviceId=${RADIO}`,
    });
    await screen.findByTestId('incident-row');
    expect(queries()[0]).toEqual({
      state: 'open',
      severity: 'critical,major',
      site: 'skye',
      deviceId: RADIO,
      limit: '200',
    });
    expect(screen.getByTestId<HTMLInputElement>('incident-filter-state-open').checked).toBe(true);
    expect(screen.getByTestId<HTMLInputElement>('incident-filter-state-acknowledged').checked).toBe(false);
    expect(screen.getByTestId<HTMLSelectElement>('incident-filter-site').value).toBe('skye');
    await waitFor(() =>
      expect(screen.getByTestId<HTMLInputElement>('incident-filter-device').value).toBe('bs-skye'),
    );

    fireEvent.click(screen.getByTestId('incident-filter-state-resolved'));
    fireEvent.click(screen.getByTestId('incident-filter-severity-major'));
    await waitFor(() =>
      expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({
        state: 'open,resolved',
        severity: 'critical',
        site: 'skye',
        deviceId: RADIO,
      }),
    );
    await waitFor(() => expect(queries().at(-1)?.state).toBe('open,resolved'));

    fireEvent.click(screen.getByTestId('incident-filter-clear'));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    await waitFor(() => expect(queries().at(-1)).toEqual({ state: 'open,acknowledged', limit: '200' }));
  });

  it('filters by a device typed by name, sent as its id, and names one it does not know', async () => {
    const { router } = await openAlerts();
    await screen.findByTestId('incident-row');
    fireEvent.change(screen.getByTestId('incident-filter-device'), { target: { value: 'nowhere' } });
    fireEvent.click(screen.getByTestId('incident-filter-apply'));
    expect(screen.getByTestId('incident-filter-problem').textContent).toContain('nowhere');
    expect(router.state.location.search).toBe('');
    fireEvent.change(screen.getByTestId('incident-filter-device'), { target: { value: 'bs-skye' } });
    fireEvent.click(screen.getByTestId('incident-filter-apply'));
    await waitFor(() => expect(router.state.location.search).toBe(`?deviceId=${RADIO}`));
  });

  it('offers a viewer no buttons, on the incidents or the rules', async () => {
    const { router } = await openAlerts({
      user: VIEWER,
      routes: { 'GET /api/alert-rules': () => json(200, { items: [rule()] }) },
    });
    await screen.findByTestId('incident-row');
    expect(screen.queryByTestId('incident-actions')).toBeNull();
    expect(screen.queryByTestId('incident-acknowledge')).toBeNull();
    await act(() => router.navigate('/alerts?tab=rules'));
    await screen.findByTestId('rule-row-Weak link');
    expect(screen.queryByTestId('rule-new')).toBeNull();
    expect(screen.queryByTestId('rule-edit-Weak link')).toBeNull();
    expect(screen.queryByTestId('rule-toggle-Weak link')).toBeNull();
  });

  it("lets an operator acknowledge: the answer shows at once, under the operator's name", async () => {
    const acked: Incident = { ...BS, state: 'acknowledged', acknowledgedBy: 'olga', updatedAt: LATER };
    const { fetch } = await openAlerts({
      user: OPERATOR,
      routes: { [`POST /api/incidents/${BS.id}/acknowledge`]: () => json(200, acked) },
    });
    const row = await screen.findByTestId('incident-row');
    fireEvent.click(within(row).getByTestId('incident-acknowledge'));
    await waitFor(() => expect(within(row).getByTestId('incident-state').textContent).toContain('olga'));
    expect(row.getAttribute('data-state')).toBe('acknowledged');
    expect(within(row).queryByTestId('incident-acknowledge')).toBeNull();
    expect(fetch.calls.filter((call) => call.key.startsWith('POST'))).toHaveLength(1);
  });

  it('assigns and resolves with a note, and shows a refusal next to the buttons', async () => {
    const { fetch } = await openAlerts({
      user: OPERATOR,
      routes: {
        [`POST /api/incidents/${BS.id}/assign`]: () =>
          json(200, { ...BS, assignee: 'ben', updatedAt: LATER }),
        [`POST /api/incidents/${BS.id}/resolve`]: () =>
          json(409, { statusCode: 409, error: 'Conflict', message: 'already resolved', code: 'x' }),
      },
    });
    const row = await screen.findByTestId('incident-row');
    fireEvent.click(within(row).getByTestId('incident-assign-open'));
    expect(within(row).getByTestId<HTMLInputElement>('incident-assignee').value).toBe('olga');
    fireEvent.change(within(row).getByTestId('incident-assignee'), { target: { value: 'ben' } });
    fireEvent.click(within(row).getByTestId('incident-assign'));
    await waitFor(() =>
      expect(within(row).getByTestId('incident-state').textContent).toContain('assigned to ben'),
    );
    expect(fetch.calls.find((call) => call.key.endsWith('/assign'))?.body).toEqual({ assignee: 'ben' });

    fireEvent.click(within(row).getByTestId('incident-resolve-open'));
    fireEvent.change(within(row).getByTestId('incident-resolve-note'), { target: { value: 'replaced PSU' } });
    fireEvent.click(within(row).getByTestId('incident-resolve'));
    expect((await within(row).findByTestId('incident-action-error')).textContent).toContain(
      'already resolved',
    );
    expect(fetch.calls.find((call) => call.key.endsWith('/resolve'))?.body).toEqual({ note: 'replaced PSU' });
  });

  it('applies incidents:changed live without asking the server, and reads the list again after a reconnect', async () => {
    let listed = [BS];
    const { socket, queries } = await openAlerts({ incidents: () => listed });
    await screen.findByTestId('incident-row');
    const asked = queries().length;
    const cpe = incident({
      title: 'cpe-9 flaps',
      severity: 'minor',
      openedAt: LATER,
      updatedAt: LATER,
      flapCount: 7,
    });
    act(() => socket.serverEmits('incidents:changed', { incidents: [cpe] }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]!.textContent).toContain('cpe-9 flaps');
    expect(rows()[0]!.textContent).toContain('7 flaps');
    act(() =>
      socket.serverEmits('incidents:changed', {
        incidents: [{ ...BS, state: 'resolved', resolvedAt: LATER, resolvedBy: 'itself', updatedAt: LATER }],
      }),
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(queries()).toHaveLength(asked);

    listed = [BS, cpe];
    act(() => socket.drop());
    act(() => socket.serverConnects());
    await waitFor(() => expect(queries()).toHaveLength(asked + 1));
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  describe('paging', () => {
    const resolved = (title: string, minute: number): Incident =>
      incident({
        title,
        state: 'resolved',
        openedAt: `2025-01-01T09:0${minute}:00.000Z`,
        resolvedAt: LATER,
        updatedAt: LATER,
      });
    const R = [resolved('r1', 3), resolved('r2', 2), resolved('r3', 1)];
    /** Page one, then (for cursor `p2`) page two: what the server answers for the last request's cursor. */
    const byCursor = (pages: Record<string, Incident[]>, cursors: Record<string, string>) => () => {
      const { calls } = globalThis.fetch as unknown as { calls: { url: string }[] };
      const cursor = new URL(calls.at(-1)!.url, 'http://x').searchParams.get('cursor') ?? '';
      return json(200, incidentList(pages[cursor] ?? [], cursors[cursor]));
    };
    const titles = () => rows().map((row) => within(row).getByTestId('incident-title').textContent);

    it('lists the history a page at a time: Load more reads the next one, the filters stay in the URL', async () => {
      const { router, queries } = await openAlerts({
        path: '/alerts?state=resolved&site=skye',
        routes: { 'GET /api/incidents': byCursor({ '': [R[0]!, R[1]!], p2: [R[2]!] }, { '': 'p2' }) },
      });
      await waitFor(() => expect(rows()).toHaveLength(2));
      expect(queries()).toHaveLength(1);
      fireEvent.click(screen.getByTestId('incident-load-more'));
      await waitFor(() => expect(rows()).toHaveLength(3));
      expect(titles()).toEqual(['r1', 'r2', 'r3']);
      expect(queries().at(-1)).toEqual({ state: 'resolved', site: 'skye', limit: '200', cursor: 'p2' });
      expect(screen.queryByTestId('incident-load-more')).toBeNull();
      expect(router.state.location.search).toBe('?state=resolved&site=skye');
    });

    it('lists the active incidents whole, every page without a click, and offers no Load more', async () => {
      const open = R.map((r) => ({ ...r, state: 'open' as const, resolvedAt: undefined }));
      const { queries } = await openAlerts({
        routes: {
          'GET /api/incidents': byCursor({ '': [open[0]!], p2: [open[1]!, open[2]!] }, { '': 'p2' }),
        },
      });
      await waitFor(() => expect(rows()).toHaveLength(3));
      expect(queries().map((query) => query.cursor)).toEqual([undefined, 'p2']);
      expect(screen.queryByTestId('incident-load-more')).toBeNull();
      expect(screen.queryByTestId('incident-more')).toBeNull();
    });
  });

  it('opens an incident with its timeline and devices, and reads them again when it changes', async () => {
    let detail: IncidentDetail = {
      incident: BS,
      timeline: [{ at: BS.openedAt, type: 'opened', detail: 'no good poll for 3 intervals' }],
      affected: [
        { id: RADIO, name: 'bs-skye', role: 'base-station', site: 'skye', relation: 'primary' },
        { id: 'cpe-1', name: 'cpe-1', role: 'cpe', site: 'skye', relation: 'suppressed' },
      ],
    };
    const { router, socket } = await openAlerts({
      routes: { [`GET /api/incidents/${BS.id}`]: () => json(200, detail) },
    });
    fireEvent.click(await screen.findByTestId('incident-title'));
    await waitFor(() => expect(router.state.location.search).toBe(`?incident=${BS.id}`));
    const panel = await screen.findByTestId('incident-detail');
    await waitFor(() => expect(within(panel).getAllByTestId('incident-event')).toHaveLength(1));
    expect(within(panel).getByTestId('incident-affected-devices').textContent).toContain(
      'suppressed into this incident',
    );

    const acked: Incident = { ...BS, state: 'acknowledged', acknowledgedBy: 'olga', updatedAt: LATER };
    detail = {
      ...detail,
      incident: acked,
      timeline: [...detail.timeline, { at: LATER, type: 'acknowledged', actor: 'olga', detail: '' }],
    };
    act(() => socket.serverEmits('incidents:changed', { incidents: [acked] }));
    await waitFor(() => expect(within(panel).getAllByTestId('incident-event')).toHaveLength(2));
    expect(within(panel).getByTestId('incident-detail-state').getAttribute('data-state')).toBe(
      'acknowledged',
    );

    fireEvent.click(within(panel).getByTestId('incident-detail-close'));
    await waitFor(() => expect(screen.queryByTestId('incident-detail')).toBeNull());
  });

  it('says why an incident sends no notifications: the maintenance window holding it', async () => {
    await openAlerts({
      incidents: () => [{ ...BS, silencedBy: { id: 'w1', name: 'Tower repaint' } }],
    });
    expect((await screen.findByTestId('incident-silenced')).textContent).toContain('Tower repaint');
  });

  it('shows a resolved incident as how long it lasted and how it ended, with nothing left to do', async () => {
    await openAlerts({
      path: '/alerts?state=resolved',
      user: OPERATOR,
      incidents: () => [
        {
          ...BS,
          state: 'resolved',
          resolvedAt: '2025-01-01T10:05:00.000Z',
          resolvedBy: 'auto',
          updatedAt: LATER,
        },
      ],
    });
    const row = await screen.findByTestId('incident-row');
    expect(within(row).getByTestId('incident-state').textContent).toBe('resolved by itself');
    expect(within(row).getByTestId('incident-age').textContent).toBe('lasted 5 min');
    expect(within(row).queryByTestId('incident-actions')).toBeNull();
    expect(screen.getByTestId('incident-count').textContent).toBe('1 incident');
  });
});
