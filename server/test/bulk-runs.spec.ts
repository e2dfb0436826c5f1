// Bulk configuration runs against the field lab. Every claim is checked on the radios through the lab's
// control API: what they run, whether they reverted, and how many commits they took.
import {
  type BulkPreview,
  BulkPreviewSchema,
  type BulkRunDetail,
  BulkRunDetailSchema,
  BulkRunListSchema,
  ConfigVersionListSchema,
  ConfigVersionSchema,
  DeviceDriftSchema,
  type DeviceLive,
  type RadioState,
} from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceLockService, POLLER } from '@/modules/locks/device-lock.service.js';
import { type LabStack, startLabStack } from './lab-stack.js';
import { waitFor } from './wait-for.js';

const RADIOS = 200;

describe('bulk configuration runs', () => {
  let stack: LabStack;
  let devices: DeviceLive[];

  beforeAll(async () => {
    stack = await startLabStack(
      { radios: RADIOS, seed: 23, firstAddress: '127.43.0.1' },
      { DRIVER_COMMAND_TIMEOUT_MS: '3000', BULK_SWEEP_MS: '500' },
    );
    devices = await stack.devices();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const post = async (path: string, body?: unknown) =>
    stack.api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const run = async (id: string): Promise<BulkRunDetail> =>
    BulkRunDetailSchema.parse(await (await stack.api(`/bulk-runs/${id}`)).json());
  const truth = async (): Promise<Map<string, RadioState>> => {
    const states = await Promise.all(devices.map((d) => stack.radio(d.name)));
    return new Map(states.map((s) => [s.id, s]));
  };
  const untilRun = async (id: string, done: (r: BulkRunDetail) => boolean, what: string, ms = 60_000) => {
    let last: BulkRunDetail | undefined;
    try {
      await waitFor(
        async () => {
          last = await run(id);
          return done(last);
        },
        ms,
        what,
      );
    } catch (err) {
      // Say where the run stood: its state, counts and the first devices' fates.
      const items = last?.items.slice(0, 5).map((i) => `${i.name} ${i.status} ${i.detail ?? ''}`);
      throw new Error(
        `${(err as Error).message}; the run: ${JSON.stringify({ status: last?.status, pauseReason: last?.pauseReason, batch: last?.currentBatch, counts: last?.counts, items })}`,
        { cause: err },
      );
    }
    return last!;
  };
  const ids = (names: string[]) => names.map((n) => devices.find((d) => d.name === n)!.id);

  it('refuses invalid template values, and values a device cannot take, before any radio is touched', async () => {
    const before = await truth();
    const everyone = devices.map((d) => d.id);
    const badVariable = await post('/bulk-runs', {
      devices: everyone,
      template: 'ntp-snmp-baseline',
      variables: { snmpCommunity: 'has spaces', ntpServer: 'time.example.org' },
    });
    expect(badVariable.status).toBe(400);
    const body = (await badVariable.json()) as { code: string; issues: { path: string; message: string }[] };
    expect(body.code).toBe('provisioning.invalid-run');
    expect(body.issues).toEqual([
      { path: 'variables.snmpCommunity', message: expect.stringContaining('snmpCommunity') as string },
    ]);

    const tooHot = await post('/bulk-runs', {
      devices: everyone,
      template: 'tx-power-by-role',
      variables: { baseStationDbm: 30, cpeDbm: 48 },
    });
    expect(tooHot.status).toBe(400);
    expect(((await tooHot.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe(
      'variables.cpeDbm',
    );

    // Valid variables, but a CPE cannot take a channel of its own: the device is named.
    const cpe = devices.find((d) => d.role === 'cpe')!;
    const perDevice = await post('/bulk-runs', {
      devices: [devices.find((d) => d.role === 'base-station')!.id, cpe.id],
      template: 'custom',
      variables: { channel: 30 },
    });
    expect(perDevice.status).toBe(400);
    const issues = ((await perDevice.json()) as { issues: { path: string; message: string }[] }).issues;
    expect(issues).toEqual([
      { path: `${cpe.name}.set.channel`, message: expect.stringContaining('CPE') as string },
    ]);

    const unknownTemplate = await post('/bulk-runs', { devices: everyone, template: 'nope' });
    expect(unknownTemplate.status).toBe(400);
    expect(((await unknownTemplate.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe(
      'template',
    );

    const runs = BulkRunListSchema.parse(await (await stack.api('/bulk-runs')).json());
    expect(runs.items).toEqual([]);
    const after = await truth();
    for (const [id, state] of before) {
      expect(after.get(id)!.commits, id).toEqual(state.commits);
      expect(after.get(id)!.config, id).toEqual(state.config);
    }
  });

  it('previews the per-device diff from a live read, and sends nothing', async () => {
    const before = await truth();
    const three = devices.slice(0, 3);
    const response = await post('/bulk-runs/preview', {
      devices: three.map((d) => d.id),
      template: 'ntp-snmp-baseline',
      variables: { snmpCommunity: 'preview-only', ntpServer: before.get(three[0]!.name)!.config.ntpServer },
      overrides: { [three[2]!.id]: { ntpServer: 'override.example.org' } },
    });
    expect(response.status).toBe(200);
    const preview: BulkPreview = BulkPreviewSchema.parse(await response.json());
    expect(preview.invalid).toBe(0);
    const [first, , third] = preview.items;
    expect(first!.diff).toEqual([
      {
        field: 'snmpCommunity',
        before: before.get(three[0]!.name)!.config.snmpCommunity,
        after: 'preview-only',
      },
    ]);
    expect(third!.values).toMatchObject({ ntpServer: 'override.example.org' });
    expect(third!.diff.map((d) => d.field)).toEqual(['snmpCommunity', 'ntpServer']);
    const after = await truth();
    for (const d of three) {
      expect(after.get(d.name)!.commits).toEqual(before.get(d.name)!.commits);
    }
  });

  it('waits for a poll in progress to read a radio for the preview, and names what else holds one', async () => {
    const [polled, held] = devices.slice(3, 5);
    const locks = stack.server.app.get(DeviceLockService);
    let releasePoll!: () => void;
    let releaseOther!: () => void;
    const pollHolds = new Promise<void>((resolve) => (releasePoll = resolve));
    const otherHolds = new Promise<void>((resolve) => (releaseOther = resolve));
    let taken = 0;
    // Taken the way an operator takes a radio: a real poll in progress is waited for, not raced.
    const poll = locks.run(
      { id: polled!.id, name: polled!.name },
      POLLER,
      async () => {
        taken++;
        await pollHolds;
      },
      30_000,
    );
    const other = locks.run(
      { id: held!.id, name: held!.name },
      'someone (a long job)',
      async () => {
        taken++;
        await otherHolds;
      },
      30_000,
    );
    try {
      await waitFor(() => taken === 2, 15_000, 'both locks taken');
      const answer = post('/bulk-runs/preview', {
        devices: [polled!.id, held!.id],
        template: 'ntp-snmp-baseline',
        variables: { snmpCommunity: 'wait-for-poll', ntpServer: 'ntp.wait.example.org' },
      });
      // The poll ends while the preview waits for it.
      setTimeout(releasePoll, 300);
      const preview = BulkPreviewSchema.parse(await (await answer).json());
      const [first, second] = preview.items;
      expect(first!.readError).toBeNull();
      expect(first!.diff.map((d) => d.field)).toContain('snmpCommunity');
      expect(second!.readError).toMatch(/busy: someone \(a long job\)/);
    } finally {
      // Whatever failed, the radios are let go, so the tests after this one find them free.
      releasePoll();
      releaseOther();
      await Promise.allSettled([poll, other]);
    }
  });

  it('isolates 5% commit failures and 2% unreachable radios, pauses at the threshold, and rolls back every change', async () => {
    const before = await truth();
    const failing = (
      (await (
        await stack.control('/faults', 'POST', { kind: 'commit-failure', share: 0.05, seed: 5 })
      ).json()) as { affected: string[] }
    ).affected;
    const offline = (
      (await (await stack.control('/faults', 'POST', { kind: 'offline', share: 0.02, seed: 6 })).json()) as {
        affected: string[];
      }
    ).affected.filter((id) => !failing.includes(id));
    expect(failing).toHaveLength(10);
    try {
      const created = await post('/bulk-runs', {
        name: 'baseline with faults',
        devices: devices.map((d) => d.id),
        template: 'ntp-snmp-baseline',
        variables: { snmpCommunity: 'wsnoc-bulk', ntpServer: 'ntp.bulk.example.org' },
        rollout: { canarySize: 0, batchSize: 50, concurrency: 20, failureThresholdPercent: 3 },
      });
      expect(created.status).toBe(201);
      const { id } = BulkRunDetailSchema.parse(await created.json());
      const paused = await untilRun(id, (r) => r.status === 'paused', 'the threshold pauses the run');
      expect(paused.pauseReason).toMatch(/above the 3% threshold/);
      expect(paused.counts.pending).toBeGreaterThan(0);
      // Resume, accepting failures this time: the rest of the fleet is done.
      const resumed = await post(`/bulk-runs/${id}/resume`, { failureThresholdPercent: 100 });
      expect(resumed.status).toBe(200);
      const done = await untilRun(id, (r) => r.status === 'completed', 'the run completes');
      const failed = done.items.filter((i) => i.status === 'failed');
      expect(new Set(failed.map((i) => i.name))).toEqual(new Set([...failing, ...offline]));
      for (const item of failed) {
        expect(item.detail, item.name).toMatch(failing.includes(item.name) ? /Commit failed/ : /\S/);
      }
      expect(done.counts.succeeded).toBe(RADIOS - failing.length - offline.length);

      const changed = await truth();
      for (const item of done.items) {
        const radio = changed.get(item.name)!;
        if (item.status === 'succeeded') {
          expect(radio.config, item.name).toMatchObject({
            snmpCommunity: 'wsnoc-bulk',
            ntpServer: 'ntp.bulk.example.org',
          });
          expect(radio.pendingConfirm, item.name).toBeNull();
          expect(radio.commits.changed - before.get(item.name)!.commits.changed, item.name).toBe(1);
        } else {
          expect(radio.config, item.name).toEqual(before.get(item.name)!.config);
        }
      }
      const report = await stack.api(`/bulk-runs/${id}/report`);
      expect(report.headers.get('content-type')).toMatch(/text\/csv/);
      const rows = (await report.text()).trim().split('\r\n');
      expect(rows).toHaveLength(RADIOS + 1);
      expect(rows.filter((r) => r.includes(',failed,'))).toHaveLength(failed.length);

      // One click: everything the run changed goes back.
      await stack.control('/faults', 'DELETE');
      const rollback = await post(`/bulk-runs/${id}/rollback`);
      expect(rollback.status).toBe(201);
      const undo = BulkRunDetailSchema.parse(await rollback.json());
      expect(undo.kind).toBe('rollback');
      expect(undo.counts.total).toBe(done.counts.succeeded);
      await untilRun(undo.id, (r) => r.status === 'completed', 'the rollback completes');
      const restored = await truth();
      for (const [name, state] of before) {
        expect(restored.get(name)!.config, name).toEqual(state.config);
      }
      expect((await run(id)).rolledBackBy).toBe(undo.id);
      expect((await post(`/bulk-runs/${id}/rollback`)).status).toBe(409);
      // What a rollback puts back is what is wanted now: the rolled-back radios have not drifted.
      const rolledBack = done.items.find((i) => i.status === 'succeeded')!;
      const drift = DeviceDriftSchema.parse(
        await (await stack.api(`/devices/${rolledBack.deviceId}/config/drift`)).json(),
      );
      expect(drift.desired).toMatchObject({ ntpServer: before.get(rolledBack.name)!.config.ntpServer });
      expect(drift.drift).toEqual([]);
    } finally {
      await stack.control('/faults', 'DELETE');
    }
  }, 180_000);

  it('sees a management VLAN move to the wrong VLAN revert by itself on the canary, and stops there', async () => {
    const stations = devices.filter((d) => d.role === 'base-station').slice(0, 4);
    const before = await truth();
    const carried = before.get(stations[0]!.name)!.siteVlans;
    const wrong = [3001, 3002, 3003].find((v) => !carried.includes(v))!;
    const created = await post('/bulk-runs', {
      devices: stations.map((d) => d.id),
      template: 'management-vlan-move',
      variables: { managementVlan: wrong },
      rollout: { canarySize: 1, batchSize: 3, concurrency: 3, confirmMinutes: 0.05 },
    });
    expect(created.status).toBe(201);
    const { id } = BulkRunDetailSchema.parse(await created.json());
    const paused = await untilRun(id, (r) => r.status === 'paused', 'the canary pauses the run');
    expect(paused.pauseReason).toMatch(/canary failed on 1 of 1/);
    const [canary, ...rest] = paused.items;
    expect(canary!.status).toBe('reverted');
    expect(canary!.detail).toMatch(/goes back by itself/);
    expect(rest.every((i) => i.status === 'pending')).toBe(true);
    await waitFor(
      async () => {
        const radio = await stack.radio(canary!.name);
        return (
          radio.managementReachable &&
          radio.config.managementVlan === before.get(canary!.name)!.config.managementVlan
        );
      },
      20_000,
      'the canary reverts by itself',
    );
    expect((await stack.radio(canary!.name)).lastRevertAt).not.toBeNull();
    // The history's newest version is what the canary runs after its revert, not the abandoned change.
    const original = before.get(canary!.name)!.config.managementVlan;
    await waitFor(
      async () => {
        const [newest] = ConfigVersionListSchema.parse(
          await (await stack.api(`/devices/${canary!.deviceId}/config/versions`)).json(),
        ).items;
        if (!newest) {
          return false;
        }
        const version = ConfigVersionSchema.parse(
          await (await stack.api(`/devices/${canary!.deviceId}/config/versions/${newest.id}`)).json(),
        );
        return version.config.managementVlan === original;
      },
      20_000,
      'the history keeps what the canary runs after its revert',
    );
    for (const item of rest) {
      expect((await stack.radio(item.name)).commits).toEqual(before.get(item.name)!.commits);
    }
    expect((await post(`/bulk-runs/${id}/cancel`)).status).toBe(200);
    const cancelled = await run(id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.items.slice(1).every((i) => i.status === 'cancelled')).toBe(true);
  }, 60_000);

  it('keeps a version after every change, diffs and restores one, and flags drift', async () => {
    const [station] = ids([
      devices.find((d) => d.role === 'base-station' && d.name !== devices[0]!.name)!.name,
    ]);
    const name = devices.find((d) => d.id === station)!.name;
    const original = (await stack.radio(name)).config;
    const created = await post('/bulk-runs', {
      devices: [station],
      template: 'ntp-snmp-baseline',
      variables: { snmpCommunity: 'versioned', ntpServer: 'ntp.versions.example.org' },
      rollout: { canarySize: 0 },
    });
    const { id } = BulkRunDetailSchema.parse(await created.json());
    await untilRun(id, (r) => r.status === 'completed', 'the run completes', 20_000);
    const versions = ConfigVersionListSchema.parse(
      await (await stack.api(`/devices/${station}/config/versions`)).json(),
    ).items;
    const [latest] = versions;
    expect(latest!.source).toBe('change');
    const newest = ConfigVersionSchema.parse(
      await (await stack.api(`/devices/${station}/config/versions/${latest!.id}`)).json(),
    );
    expect(newest.config).toMatchObject({ snmpCommunity: 'versioned' });
    expect(newest.lines).toContain('set snmp community versioned');
    const older = versions.find((v) => v.hash !== latest!.hash)!;
    const oldVersion = ConfigVersionSchema.parse(
      await (await stack.api(`/devices/${station}/config/versions/${older.id}`)).json(),
    );
    expect(oldVersion.config.snmpCommunity).toBe(original.snmpCommunity);

    // A version taken on demand: no drift while the radio runs what the run set.
    const taken = await post(`/devices/${station}/config/versions`);
    expect(taken.status).toBe(201);
    expect(ConfigVersionSchema.parse(await taken.json()).source).toBe('on-demand');
    let drift = DeviceDriftSchema.parse(await (await stack.api(`/devices/${station}/config/drift`)).json());
    expect(drift.drift).toEqual([]);
    // The older version back on the radio: now it drifted from what the run set.
    expect((await post(`/devices/${station}/config/versions/${older.id}/restore`)).status).toBe(200);
    expect((await stack.radio(name)).config).toEqual(oldVersion.config);
    drift = DeviceDriftSchema.parse(await (await stack.api(`/devices/${station}/config/drift`)).json());
    expect(drift.drift.map((d) => d.field).sort()).toEqual(['ntpServer', 'snmpCommunity']);
    const fleet = (await (await stack.api('/config-drift')).json()) as { items: { deviceId: string }[] };
    expect(fleet.items.map((i) => i.deviceId)).toContain(station);
  }, 60_000);
});
