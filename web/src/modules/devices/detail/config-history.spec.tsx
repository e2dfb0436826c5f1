import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ConfigVersion, DeviceDrift } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { delta, device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { ConfigHistory } from './config-history';

const CONFIG = {
  hostname: 'bs-skye',
  channel: 30,
  txPowerDbm: 30,
  enabled: true,
  managementVlan: 100,
  snmpCommunity: 'wsnoc-ro',
  ntpServer: 'pool.ntp.org',
};
const linesOf = (power: number) => [
  'set system hostname bs-skye',
  'set radio channel 30',
  `set radio tx-power ${power}`,
  'set radio enabled true',
];

function version(
  id: string,
  power: number,
  takenAt: string,
  extra: Partial<ConfigVersion> = {},
): ConfigVersion {
  return {
    id,
    deviceId: 'bs',
    takenAt,
    source: 'change',
    actor: 'admin',
    changeId: null,
    hash: `hash-${power}`,
    lines: linesOf(power),
    config: { ...CONFIG, txPowerDbm: power },
    ...extra,
  };
}

const V1 = version('11111111-1111-4111-8111-111111111111', 30, '2026-12-01T09:00:00.000Z', {
  source: 'daily',
  actor: 'backup',
});
const V2 = version('22222222-2222-4222-8222-222222222222', 30, '2026-12-01T10:00:00.000Z', {
  source: 'snapshot',
});
const V3 = version('33333333-3333-4333-8333-333333333333', 27.5, '2026-12-01T10:00:01.000Z', {
  changeId: 'c0ffee00-0000-4000-8000-000000000000',
});
const summary = ({ lines: _l, config: _c, ...rest }: ConfigVersion) => rest;

const NO_DRIFT: DeviceDrift = { deviceId: 'bs', desired: null, running: null, runningAt: null, drift: [] };
const notFound = () => json(404, { statusCode: 404, error: 'Not Found', message: 'Cannot GET' });

const restoreAnswer = {
  id: 'c-2',
  deviceId: 'bs',
  actor: 'admin',
  mode: 'confirmed',
  status: 'confirmed',
  requested: CONFIG,
  before: { ...CONFIG, txPowerDbm: 27.5 },
  after: CONFIG,
  diff: [{ field: 'txPowerDbm', before: 27.5, after: 30 }],
  confirmDeadline: null,
  detail: null,
  createdAt: '2026-12-01T10:05:00.000Z',
  updatedAt: '2026-12-01T10:05:00.000Z',
};

async function openHistory(
  state: { versions: ConfigVersion[]; drift?: DeviceDrift },
  routes: Record<string, () => Response> = {},
  user: { id: string; username: string; role: string } = ADMIN,
) {
  const byId = (id: string) => () => {
    const found = state.versions.find((v) => v.id === id);
    return found ? json(200, found) : notFound();
  };
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, user),
    'GET /api/devices/bs': notFound,
    'GET /api/devices/bs/telemetry': () => json(500, { statusCode: 500, error: 'x', message: 'none' }),
    'GET /api/audit': notFound,
    'GET /api/devices/bs/config/changes': () => json(200, { items: [] }),
    'GET /api/devices/bs/config/versions': () => json(200, { items: state.versions.map(summary) }),
    'GET /api/devices/bs/config/drift': () => json(200, state.drift ?? NO_DRIFT),
    ...Object.fromEntries(
      [V1, V2, V3].map((v) => [`GET /api/devices/bs/config/versions/${v.id}`, byId(v.id)]),
    ),
    ...routes,
  });
  const app = renderApp('/devices/bs');
  await screen.findByTestId('device-detail', {}, { timeout: 15_000 });
  act(() => {
    app.socket.serverConnects();
    app.socket.serverEmits(
      'devices:snapshot',
      snapshot(1, [device({ id: 'bs', name: 'bs-skye', role: 'base-station', txPowerDbm: 27.5 })]),
    );
  });
  await waitFor(() => expect(screen.getByTestId('device-name').textContent).toContain('bs-skye'));
  return { ...app, fetch };
}

const rows = () => screen.queryAllByTestId('config-version-row');
const diffLines = (change: string) =>
  within(screen.getByTestId('config-version-diff'))
    .queryAllByTestId('config-diff-line')
    .filter((cell) => cell.dataset.change === change)
    .map(
      (cell) =>
        `${cell.dataset.side}:${cell.textContent?.replace(/^[−+ ]/, '').replace(/^(added|removed): /, '')}`,
    );
const calls = (fetch: { calls: { key: string }[] }, key: string) =>
  fetch.calls.filter((call) => call.key === key).length;

describe(ConfigHistory.name, () => {
  it('lists the versions and shows the newest against the one before it, side by side', async () => {
    await openHistory({ versions: [V3, V2, V1] });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows().map((row) => row.dataset.versionId)).toEqual([V3.id, V2.id, V1.id]);
    expect(rows()[0]!.textContent).toContain('after a change');
    expect(rows()[0]!.textContent).toContain('c0ffee00');
    expect(rows()[2]!.textContent).toContain('daily backup');
    expect(rows()[2]!.textContent).toContain('backup');

    const diff = await screen.findByTestId('config-version-diff');
    expect(diff.dataset.old).toBe(V2.id);
    expect(diff.dataset.new).toBe(V3.id);
    expect(diffLines('removed')).toEqual(['old:set radio tx-power 30']);
    expect(diffLines('added')).toEqual(['new:set radio tx-power 27.5']);
    // Both sides carry every unchanged line.
    expect(diffLines('same')).toHaveLength(6);
    expect(screen.getByTestId('config-field-change').dataset.field).toBe('txPowerDbm');

    // Two identical versions say so.
    fireEvent.click(within(rows()[1]!).getByTestId('config-version-newer'));
    fireEvent.click(within(rows()[2]!).getByTestId('config-version-older'));
    await waitFor(() => expect(screen.getByTestId('config-version-diff').dataset.new).toBe(V2.id));
    expect(screen.getByTestId('config-version-diff').dataset.old).toBe(V1.id);
    expect(screen.getByTestId('config-diff-identical')).toBeTruthy();
    expect(diffLines('added')).toEqual([]);
  });

  it('lets a viewer read and compare, without pull or restore', async () => {
    await openHistory({ versions: [V3, V2] }, {}, { ...ADMIN, username: 'vera', role: 'viewer' });
    expect(await screen.findByTestId('config-version-diff')).toBeTruthy();
    expect(screen.queryByTestId('config-pull-now')).toBeNull();
    expect(screen.queryByTestId('config-restore')).toBeNull();
  });

  it('says when there is nothing to compare yet', async () => {
    await openHistory({ versions: [] });
    expect(await screen.findByTestId('config-history-empty')).toBeTruthy();
    expect(screen.queryByTestId('config-version-diff')).toBeNull();
  });

  it('asks before a restore, restores through the safe apply, shows the outcome and reads the list again', async () => {
    const state = { versions: [V3, V2, V1] };
    const restored = version('44444444-4444-4444-8444-444444444444', 30, '2026-12-01T10:05:00.000Z');
    const { fetch } = await openHistory(state, {
      [`POST /api/devices/bs/config/versions/${V2.id}/restore`]: () => {
        state.versions = [restored, ...state.versions];
        return json(200, restoreAnswer);
      },
      [`GET /api/devices/bs/config/versions/${restored.id}`]: () => json(200, restored),
    });
    fireEvent.click(await screen.findByTestId('config-restore'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('2026-12-01 10:00:00 UTC');
    expect(dialog.textContent).toContain('Tx power (dBm EIRP) 27.5 → 30');
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(fetch.calls.some((call) => call.key.startsWith('POST'))).toBe(false);

    const listed = calls(fetch, 'GET /api/devices/bs/config/versions');
    fireEvent.click(screen.getByTestId('config-restore'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    const result = await screen.findByTestId('config-restore-result');
    expect(result.dataset.status).toBe('confirmed');
    expect(result.textContent).toContain('Confirmed: the radio keeps the change.');
    expect(result.textContent).toContain('27.5 → 30');
    expect(calls(fetch, `POST /api/devices/bs/config/versions/${V2.id}/restore`)).toBe(1);
    // The list and the drift read again, and the diff moves to the newest pair.
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(calls(fetch, 'GET /api/devices/bs/config/versions')).toBe(listed + 1);
    await waitFor(() => expect(screen.getByTestId('config-version-diff').dataset.new).toBe(restored.id));
  });

  it('explains a busy radio when a restore is refused', async () => {
    await openHistory(
      { versions: [V3, V2] },
      {
        [`POST /api/devices/bs/config/versions/${V2.id}/restore`]: () =>
          json(409, {
            statusCode: 409,
            error: 'Conflict',
            message: 'Another operation holds the radio',
            holder: { owner: 'bulk-config run 42', since: '2026-12-01T10:00:00.000Z' },
          }),
      },
    );
    fireEvent.click(await screen.findByTestId('config-restore'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    expect((await screen.findByTestId('config-restore-error')).textContent).toContain('bulk-config run 42');
  });

  it('pulls a version on request and lists it', async () => {
    const state = { versions: [V2] };
    const pulled = version('55555555-5555-4555-8555-555555555555', 27.5, '2026-12-01T11:00:00.000Z', {
      source: 'on-demand',
    });
    await openHistory(state, {
      'POST /api/devices/bs/config/versions': () => {
        state.versions = [pulled, ...state.versions];
        return json(201, pulled);
      },
      [`GET /api/devices/bs/config/versions/${pulled.id}`]: () => json(200, pulled),
    });
    expect(await screen.findByTestId('config-history-single')).toBeTruthy();
    fireEvent.click(screen.getByTestId('config-pull-now'));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]!.dataset.source).toBe('on-demand');
    expect((await screen.findByTestId('config-version-diff')).dataset.new).toBe(pulled.id);
  });

  it('reads the history again when the feed shows the radio changed elsewhere, and not for other frames', async () => {
    const state = { versions: [V2, V1] };
    const { fetch, socket } = await openHistory(state);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const listed = calls(fetch, 'GET /api/devices/bs/config/versions');
    act(() => socket.serverEmits('devices:delta', delta(2, [{ id: 'bs', snrDb: 12 }])));
    act(() => socket.serverEmits('devices:delta', delta(3, [{ id: 'other', txPowerDbm: 12 }])));
    state.versions = [V3, V2, V1];
    act(() => socket.serverEmits('devices:delta', delta(4, [{ id: 'bs', txPowerDbm: 27.5 }])));
    await waitFor(() => expect(rows()).toHaveLength(3));
    // One read for the one change: the frames that touched nothing of this radio's configuration asked none.
    expect(calls(fetch, 'GET /api/devices/bs/config/versions')).toBe(listed + 1);
  });

  it('shows a drift badge and each drifted field, desired against running', async () => {
    await openHistory({
      versions: [V3],
      drift: {
        deviceId: 'bs',
        desired: { txPowerDbm: 30, managementVlan: 100 },
        running: { ...CONFIG, txPowerDbm: 27.5 },
        runningAt: '2026-12-01T10:00:01.000Z',
        drift: [{ field: 'txPowerDbm', desired: 30, running: 27.5 }],
      },
    });
    const badge = await screen.findByTestId('drift-badge');
    expect(badge.textContent).toContain('1 setting');
    const field = screen.getByTestId('drift-field');
    expect(field.dataset.field).toBe('txPowerDbm');
    expect(field.textContent).toContain('30');
    expect(field.textContent).toContain('27.5');
  });

  it('shows no drift badge for a radio in sync', async () => {
    await openHistory({
      versions: [V2],
      drift: {
        deviceId: 'bs',
        desired: { txPowerDbm: 30 },
        running: CONFIG,
        runningAt: '2026-12-01T10:00:00.000Z',
        drift: [],
      },
    });
    expect(await screen.findByTestId('drift-in-sync')).toBeTruthy();
    expect(screen.queryByTestId('drift-badge')).toBeNull();
  });
});
