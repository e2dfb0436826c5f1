import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { delta, device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { spectrumRecord, spectrumStation, stationDetail, stationList } from '@/test/spectrum-fixtures';
import { SpectrumPage } from './spectrum-page';

const BS1 = spectrumStation({ deviceId: 'bs1', name: 'bs-0001', site: 'Acharacle' });
const BS2 = spectrumStation({
  deviceId: 'bs2',
  name: 'bs-0002',
  grant: { channel: 48, eirpDbm: 27, grantedAt: BS1.registeredAt!, validUntil: BS1.grant!.validUntil },
});
const BS10 = spectrumStation({
  deviceId: 'bs10',
  name: 'bs-0010',
  site: 'Lairg',
  phase: 'fatal',
  grant: null,
  muteAt: null,
  permittedNow: [],
  alarm: 'the database refused this device (-102 UNSUPPORTED)',
  alarmAt: BS1.registeredAt,
});
const VIEWER = { ...ADMIN, username: 'watcher', role: 'viewer' } as const;

interface Open {
  path?: string;
  stations?: ReturnType<typeof stationList>;
  routes?: Record<string, () => Response>;
  user?: typeof ADMIN | typeof VIEWER;
}

async function openSpectrum({ path = '/spectrum', stations, routes = {}, user = ADMIN }: Open = {}) {
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, user),
    'GET /api/spectrum/stations': () => json(200, stations ?? stationList([BS1, BS2, BS10])),
    'GET /api/spectrum/records': () => json(200, { items: [] }),
    ...routes,
  });
  const app = renderApp(path);
  // The route loads lazily; a cold transform under a full parallel run can take over a second.
  await screen.findByTestId('spectrum-page', {}, { timeout: 15_000 });
  act(() => {
    app.socket.serverConnects();
    app.socket.serverEmits(
      'devices:snapshot',
      snapshot(1, [
        device({ id: 'bs1', name: 'bs-0001', role: 'base-station', channel: 30, txPowerDbm: 30 }),
        device({ id: 'bs2', name: 'bs-0002', role: 'base-station', channel: 48, txPowerDbm: 27 }),
        device({ id: 'bs10', name: 'bs-0010', role: 'base-station', channel: 41, transmitting: false }),
      ]),
    );
  });
  await waitFor(() => expect(screen.getByTestId('spectrum-page').getAttribute('data-status')).toBe('ready'));
  return { ...app, fetch };
}

const rowNames = () =>
  within(screen.getByTestId('spectrum-table'))
    .queryAllByRole('row')
    .flatMap((row) => {
      const id = row.getAttribute('data-testid');
      return id ? [id.replace('spectrum-row-', '')] : [];
    });

describe(SpectrumPage.name, () => {
  it('lists every managed station with its phase, channel against its grant and its alarm', async () => {
    await openSpectrum();
    expect(rowNames()).toEqual(['bs-0001', 'bs-0002', 'bs-0010']);
    const row = screen.getByTestId('spectrum-row-bs-0002');
    expect(row.getAttribute('data-phase')).toBe('granted');
    expect(row.getAttribute('data-channel')).toBe('48');
    // The live power arrives with the feed's snapshot, which may land after the page says it is ready.
    expect(await within(row).findByText('27 / 27 dBm')).toBeTruthy();
    // Phase by word and glyph, not by colour alone.
    expect(screen.getByTestId('spectrum-phase-bs-0010').textContent).toBe('✕fatal');
    expect(screen.getByTestId('spectrum-row-bs-0010').textContent).toContain('-102 UNSUPPORTED');
    expect(screen.getByTestId('summary-granted').getAttribute('data-count')).toBe('2');
    expect(screen.getByTestId('summary-alarms').getAttribute('data-count')).toBe('1');
    expect(screen.getByTestId('alarm-bs-0010')).toBeTruthy();
    expect(screen.getByTestId('spectrum-database').textContent).toContain('127.0.0.1:9100/paws');
    expect(screen.getByTestId('replan-panel').getAttribute('data-state')).toBe('idle');
  });

  it('follows the feed: a station retuned by the console and the radio running the new channel', async () => {
    const { socket } = await openSpectrum();
    const untouched = screen.getByTestId('spectrum-row-bs-0002');
    act(() =>
      socket.serverEmits('spectrum:stations', {
        stations: [
          {
            ...BS1,
            grant: { ...BS1.grant!, channel: 31 },
            permittedNow: [{ channel: 31, maxEirpDbm: 30 }],
          },
        ],
      }),
    );
    const row = screen.getByTestId('spectrum-row-bs-0001');
    expect(row.getAttribute('data-grant-channel')).toBe('31');
    // The radio still runs 30 until its live row says otherwise: the cell says it is off its grant.
    expect(screen.getByTestId('spectrum-channel-bs-0001').textContent).toContain('grant 31');
    act(() => socket.serverEmits('devices:delta', delta(2, [{ id: 'bs1', channel: 31 }])));
    expect(row.getAttribute('data-channel')).toBe('31');
    expect(screen.getByTestId('spectrum-channel-bs-0001').textContent).not.toContain('grant');
    expect(screen.getByTestId('spectrum-row-bs-0002')).toBe(untouched);
  });

  it('ignores a feed row that breaks the contract and keeps the others of the event', async () => {
    const { socket } = await openSpectrum();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    act(() =>
      socket.serverEmits('spectrum:stations', {
        stations: [
          { deviceId: 'bs1', phase: 'exploded' },
          { ...BS2, phase: 'muted', mutedBySpectrum: true },
        ],
      }),
    );
    expect(screen.getByTestId('spectrum-row-bs-0001').getAttribute('data-phase')).toBe('granted');
    expect(screen.getByTestId('spectrum-row-bs-0002').getAttribute('data-phase')).toBe('muted');
    expect(screen.getByTestId('spectrum-deadline-bs-0002').textContent).toContain('muted');
    expect(warn).toHaveBeenCalledWith('spectrum:stations row did not match the contract', expect.any(Array));
  });

  it('filters and sorts from the URL, and writes new filters back into it', async () => {
    const { router } = await openSpectrum({ path: '/spectrum?phase=granted,fatal&sort=site&order=desc' });
    expect(rowNames()).toEqual(['bs-0010', 'bs-0002', 'bs-0001']);
    expect(screen.getByTestId<HTMLInputElement>('spectrum-filter-phase-fatal').checked).toBe(true);

    fireEvent.click(screen.getByTestId('spectrum-filter-alarm'));
    await waitFor(() => expect(rowNames()).toEqual(['bs-0010']));
    expect(new URLSearchParams(router.state.location.search).get('alarm')).toBe('1');

    fireEvent.click(screen.getByTestId('spectrum-filter-clear'));
    fireEvent.change(screen.getByTestId('spectrum-filter-site'), { target: { value: 'Glencoe' } });
    await waitFor(() => expect(rowNames()).toEqual(['bs-0002']));
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get('site')).toBe('Glencoe');
    expect(params.get('phase')).toBeNull();

    fireEvent.click(screen.getByTestId('spectrum-sort-name'));
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('sort')).toBeNull());
  });

  it('says plainly when no white-space database is configured', async () => {
    await openSpectrum({ stations: stationList([], false) });
    expect(screen.getByTestId('spectrum-disabled').textContent).toContain('WSDB_URL');
    expect(screen.queryByTestId('spectrum-table')).toBeNull();
    expect(screen.getByTestId('compliance-record')).toBeTruthy();
  });

  it('opens a station: its grant, its timeline, its record, and a check whose answer comes from the feed', async () => {
    const now = Date.now();
    const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
    const { socket, fetch } = await openSpectrum({
      routes: {
        'GET /api/spectrum/stations/bs1': () =>
          json(
            200,
            stationDetail(BS1, [
              {
                from: iso(-60_000),
                to: iso(3_600_000),
                channels: [
                  { channel: 30, maxEirpDbm: 30 },
                  { channel: 31, maxEirpDbm: 30 },
                ],
              },
              { from: iso(3_600_000), to: iso(86_400_000), channels: [{ channel: 31, maxEirpDbm: 30 }] },
            ]),
          ),
        'POST /api/spectrum/stations/bs1/check': () => json(202, { accepted: true }),
      },
    });
    fetch.calls.length = 0;
    fireEvent.click(screen.getByTestId('station-open-bs-0001'));
    const panel = await screen.findByTestId('station-panel');
    expect(panel.getAttribute('data-station')).toBe('bs-0001');
    const granted = await screen.findByTestId('timeline-row-30');
    expect(granted.getAttribute('data-granted')).toBe('true');
    expect(screen.getByTestId('timeline-threat').getAttribute('data-kind')).toBe('withdrawn');
    expect(screen.getByTestId('timeline-threat').textContent).toContain('Channel 30 is withdrawn at');
    expect(fetch.calls.some((call) => call.url.includes('/api/spectrum/records?deviceId=bs1'))).toBe(true);

    fireEvent.click(screen.getByTestId('station-check'));
    await waitFor(() =>
      expect(screen.getByTestId('check-result').getAttribute('data-state')).toBe('waiting'),
    );
    act(() =>
      socket.serverEmits('spectrum:stations', {
        stations: [{ ...BS1, lastCheckAt: iso(0), maxPollingSecs: 20 }],
      }),
    );
    expect(screen.getByTestId('check-result').getAttribute('data-state')).toBe('checked');
    expect(screen.getByTestId('check-result').textContent).toContain('re-checked within 20 s');
    expect(screen.getByTestId('station-interval').textContent).toBe('20 s');

    fireEvent.click(screen.getByTestId('station-close'));
    await waitFor(() => expect(screen.queryByTestId('station-panel')).toBeNull());
  });

  it('re-reads an open station’s record when the feed names it, and lists the page’s record with a CSV link', async () => {
    let entries = [
      spectrumRecord({ id: '1', kind: 'checked', deviceId: 'bs1', deviceName: 'bs-0001', channel: 30 }),
    ];
    const { socket } = await openSpectrum({
      path: '/spectrum?station=bs1&record-kind=configured,checked&record-range=7d',
      routes: {
        'GET /api/spectrum/stations/bs1': () => json(200, stationDetail(BS1)),
        'GET /api/spectrum/records': () => json(200, { items: entries }),
      },
    });
    await waitFor(() => expect(screen.getAllByTestId('record-entry').length).toBe(2));
    entries = [
      spectrumRecord({
        id: '2',
        kind: 'configured',
        deviceId: 'bs1',
        deviceName: 'bs-0001',
        channel: 31,
        detail: { from: { channel: 30, eirpDbm: 30 }, grant: { channel: 31, eirpDbm: 30 } },
      }),
      ...entries,
    ];
    act(() => socket.serverEmits('spectrum:stations', { stations: [BS1] }));
    const newest = () => within(screen.getByTestId('station-records')).getAllByTestId('record-entry')[0]!;
    await waitFor(() => expect(newest().getAttribute('data-kind')).toBe('configured'));
    expect(newest().textContent).toContain('Radio set to ch 31 at 30 dBm (was ch 30 at 30 dBm)');

    const csv = new URL(screen.getByTestId('record-csv').getAttribute('href')!, 'http://x');
    expect(csv.pathname).toBe('/api/spectrum/records');
    expect(csv.searchParams.get('format')).toBe('csv');
    expect(csv.searchParams.get('kind')).toBe('checked,configured');
    expect(Date.now() - Date.parse(csv.searchParams.get('from')!)).toBeGreaterThan(6.9 * 86_400_000);
  });

  it('hides "Check now" from viewers', async () => {
    await openSpectrum({
      path: '/spectrum?station=bs2',
      user: VIEWER,
      routes: { 'GET /api/spectrum/stations/bs2': () => json(200, stationDetail(BS2)) },
    });
    await screen.findByTestId('station-panel');
    expect(screen.getByTestId('station-grant-channel').textContent).toBe('ch 48 up to 27 dBm');
    expect(screen.queryByTestId('station-check')).toBeNull();
  });
});
