import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@wsnoc/shared';
import { device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { AuditPage } from './audit-page';

const RADIO = '0b6a5c1e-7d3f-4a2b-9c8d-1e2f3a4b5c6d';

const entry = (id: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: String(id),
  at: '2025-01-01T10:00:00.000Z',
  actor: 'bob',
  action: 'device.reboot',
  deviceId: RADIO,
  target: null,
  address: '10.0.0.7',
  outcome: 'ok',
  detail: null,
  before: null,
  after: null,
  durationMs: 1200,
  ...over,
});

/** Answers GET /api/audit with `page(query)`, recording the queries asked. */
async function openAudit(path: string, page: (query: URLSearchParams) => AuditEntry[]) {
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, ADMIN),
    'GET /api/audit': () => {
      const last = fetch.calls.filter((call) => call.key === 'GET /api/audit').at(-1)!;
      return json(200, { items: page(new URL(last.url, 'http://x').searchParams) });
    },
  });
  const app = renderApp(path);
  await screen.findByTestId('audit-page', {}, { timeout: 15_000 });
  const queries = () =>
    fetch.calls
      .filter((call) => call.key === 'GET /api/audit')
      .map((call) => new URL(call.url, 'http://x').searchParams);
  return { ...app, fetch, queries };
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe(AuditPage.name, () => {
  it('shows each entry, links a device by its name, and opens its before and after', async () => {
    const { socket } = await openAudit('/audit', () => [
      entry(2, {
        action: 'device.config',
        before: { channel: 30 },
        after: { channel: 31 },
        detail: 'verified',
      }),
      entry(1, { deviceId: null, target: 'user:alice', action: 'user.create', durationMs: null }),
    ]);
    act(() => {
      socket.serverConnects();
      socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: RADIO, name: 'bs-skye' })]));
    });
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(2);
    const link = await within(rows[0]!).findByText('bs-skye');
    expect(link.getAttribute('href')).toBe(`/devices/${RADIO}`);
    expect(rows[0]!.textContent).toContain('10.0.0.7');
    expect(rows[0]!.textContent).toContain('1.2 s');
    expect(within(rows[1]!).getByTestId('audit-target').textContent).toBe('user:alice');
    expect(within(rows[1]!).queryByTestId('audit-expand')).toBeNull();

    fireEvent.click(within(rows[0]!).getByTestId('audit-expand'));
    expect(JSON.parse(screen.getByTestId('audit-before').textContent ?? '')).toEqual({ channel: 30 });
    expect(JSON.parse(screen.getByTestId('audit-after').textContent ?? '')).toEqual({ channel: 31 });
  });

  it('reads its filters from the URL, asks the API with them, and fills the form', async () => {
    const { queries } = await openAudit(
      '/audit?actor=bob&action=device.&outcome=failed&from=2025-01-01T00:00:00.000Z',
      () => [entry(1, { outcome: 'failed' })],
    );
    await screen.findByTestId('audit-row');
    const asked = queries()[0]!;
    expect(Object.fromEntries(asked)).toEqual({
      actor: 'bob',
      action: 'device.',
      outcome: 'failed',
      from: '2025-01-01T00:00:00.000Z',
      limit: '100',
    });
    expect(screen.getByTestId<HTMLInputElement>('audit-filter-actor').value).toBe('bob');
    expect(screen.getByTestId<HTMLSelectElement>('audit-filter-outcome').value).toBe('failed');
    expect(screen.getByTestId<HTMLInputElement>('audit-filter-from').value).toBe('2025-01-01T00:00');
  });

  it('writes applied filters to the URL, a device by its id, and the CSV link follows', async () => {
    const { router, socket, queries } = await openAudit('/audit', () => [entry(1)]);
    act(() => {
      socket.serverConnects();
      socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: RADIO, name: 'bs-skye' })]));
    });
    await screen.findByTestId('audit-row');
    expect(screen.getByTestId('audit-csv').getAttribute('href')).toBe('/api/audit?format=csv');

    type('audit-filter-actor', ' olga ');
    type('audit-filter-device', 'bs-skye');
    fireEvent.change(screen.getByTestId('audit-filter-outcome'), { target: { value: 'refused' } });
    type('audit-filter-to', '2025-01-02T03:04');
    fireEvent.click(screen.getByTestId('audit-filter-apply'));

    await waitFor(() =>
      expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({
        actor: 'olga',
        deviceId: RADIO,
        outcome: 'refused',
        to: '2025-01-02T03:04:00.000Z',
      }),
    );
    await waitFor(() => expect(queries().at(-1)?.get('actor')).toBe('olga'));
    expect(queries().at(-1)?.get('deviceId')).toBe(RADIO);
    expect(screen.getByTestId('audit-csv').getAttribute('href')).toBe(
      `/api/audit?actor=olga&deviceId=${RADIO}&outcome=refused&to=2025-01-02T03%3A04%3A00.000Z&format=csv`,
    );

    fireEvent.click(screen.getByTestId('audit-filter-clear'));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(screen.getByTestId<HTMLInputElement>('audit-filter-actor').value).toBe('');
  });

  it('names a device it does not know instead of asking', async () => {
    const { router, queries } = await openAudit('/audit', () => []);
    await screen.findByTestId('audit-empty');
    type('audit-filter-device', 'nowhere');
    fireEvent.click(screen.getByTestId('audit-filter-apply'));
    expect(screen.getByTestId('audit-filter-problem').textContent).toContain('nowhere');
    expect(router.state.location.search).toBe('');
    expect(queries()).toHaveLength(1);
  });

  it('pages to older entries with the before cursor, keeping the filters, and back to the newest', async () => {
    const full = Array.from({ length: 100 }, (_, i) => entry(500 - i));
    const { router, queries } = await openAudit('/audit?actor=bob', (query) =>
      query.get('before') === '401' ? [entry(400), entry(399)] : full,
    );
    expect(await screen.findAllByTestId('audit-row')).toHaveLength(100);
    fireEvent.click(screen.getByTestId('audit-older'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2));
    expect(router.state.location.search).toBe('?actor=bob&before=401');
    expect(queries().at(-1)?.get('actor')).toBe('bob');
    // A short page is the last one.
    expect(screen.queryByTestId('audit-older')).toBeNull();
    // The export is the question, not the page: it starts from the newest entry.
    expect(screen.getByTestId('audit-csv').getAttribute('href')).not.toContain('before');

    fireEvent.click(screen.getByTestId('audit-newest'));
    await waitFor(() => expect(router.state.location.search).toBe('?actor=bob'));
    expect(await screen.findAllByTestId('audit-row')).toHaveLength(100);
  });

  it('says so when the trail cannot be read', async () => {
    stubFetch({
      'GET /api/auth/me': () => json(200, ADMIN),
      'GET /api/audit': () =>
        json(400, {
          statusCode: 400,
          error: 'Bad Request',
          message: 'limit: too big',
          issues: [{ path: 'limit', message: 'too big' }],
        }),
    });
    renderApp('/audit');
    expect((await screen.findByTestId('audit-error', {}, { timeout: 15_000 })).textContent).toContain(
      'limit: too big',
    );
  });
});
