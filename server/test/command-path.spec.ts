// The command path against the field lab: every change goes under the radio's lock, is read back and
// verified, audited with before and after, and shows in the live state at once. The lab's control API
// (the radio's own running config, pending confirm, revert time and session count) is the judge.
import {
  ConfigVersionListSchema,
  ConfigVersionSchema,
  type AuditEntry,
  type ConfigChange,
  ConfigChangeListSchema,
  ConfigChangeSchema,
} from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabStack, startLabStack } from './lab-stack.js';
import { waitFor } from './wait-for.js';

describe('command path', () => {
  let stack: LabStack;

  beforeAll(async () => {
    // A generous command deadline: on a loaded machine a timed-out command would drop the pooled session,
    // and the tests that rely on it (the fresh-login one) would test something else.
    stack = await startLabStack(
      { radios: 90, seed: 11, firstAddress: '127.41.0.1' },
      { DRIVER_COMMAND_TIMEOUT_MS: '5000' },
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** Base stations and CPEs handed out one per test, so no test sees another's changes. */
  const taken = new Set<string>();
  const fresh = async (role: 'base-station' | 'cpe') => {
    const device = (await stack.devices()).find(
      (d) => d.role === role && !taken.has(d.id) && d.status !== 'unreachable',
    )!;
    taken.add(device.id);
    return device;
  };
  const configure = (id: string, body: unknown) =>
    stack.api(`/devices/${id}/config`, { method: 'POST', body: JSON.stringify(body) });
  const audit = async (id: string): Promise<AuditEntry[]> =>
    ((await (await stack.api(`/audit?deviceId=${id}&limit=200`)).json()) as { items: AuditEntry[] }).items;
  const changes = async (id: string): Promise<ConfigChange[]> =>
    ConfigChangeListSchema.parse(await (await stack.api(`/devices/${id}/config/changes`)).json()).items;
  const otherChannel = (channel: number) => (channel < 60 ? channel + 1 : channel - 1);

  it('changes a base station channel: running on the radio, audited with before and after, live at once', async () => {
    const bs = await fresh('base-station');
    const before = (await stack.radio(bs.name)).config.channel!;
    const channel = otherChannel(before);
    const response = await configure(bs.id, { set: { channel } });
    expect(response.status).toBe(200);
    const change = ConfigChangeSchema.parse(await response.json());
    expect(change).toMatchObject({ status: 'applied', mode: 'commit', actor: 'admin' });
    expect(change.diff).toEqual([{ field: 'channel', before, after: channel }]);
    expect((await stack.radio(bs.name)).config.channel).toBe(channel);
    // The live row shows it at once: the command path polled the radio before it answered.
    expect((await stack.byName(bs.name))!.channel).toBe(channel);
    const entry = (await audit(bs.id)).find((e) => e.action === 'device.config')!;
    expect(entry).toMatchObject({
      actor: 'admin',
      outcome: 'ok',
      before: { channel: before },
      after: { channel },
    });
    expect(entry.durationMs).toBeGreaterThan(0);
  });

  it('refuses a value the radio would refuse with 400 naming it, before any session is touched', async () => {
    const bs = await fresh('base-station');
    const cpe = await fresh('cpe');
    // With the radios offline, anything that reached a session would fail with 503, not 400.
    for (const device of [bs, cpe]) {
      expect((await stack.control(`/radios/${device.name}/faults`, 'POST', { kind: 'offline' })).status).toBe(
        200,
      );
    }
    try {
      const cases: [string, unknown, string][] = [
        [bs.id, { set: { channel: 15 } }, 'set.channel'], // an FCC channel on an ETSI radio
        [bs.id, { set: { channel: 61 } }, 'set.channel'],
        [bs.id, { set: { txPowerDbm: 36.5 } }, 'set.txPowerDbm'],
        [bs.id, { set: { txPowerDbm: 20.25 } }, 'set.txPowerDbm'],
        [bs.id, { set: { hostname: 'bad name' } }, 'set.hostname'],
        [bs.id, { set: { snmpCommunity: 'a\nb' } }, 'set.snmpCommunity'],
        [bs.id, { set: { managementVlan: 4095 } }, 'set.managementVlan'],
        [bs.id, { set: {} }, 'set'],
        [bs.id, { set: { txPowerDbm: 20 }, mode: 'confirmed' }, 'confirmMinutes'],
        [bs.id, { set: { txPowerDbm: 20 }, mode: 'confirmed', confirmMinutes: 2000 }, 'confirmMinutes'],
        [cpe.id, { set: { channel: 30 } }, 'set.channel'], // a CPE follows its base station
      ];
      for (const [id, body, path] of cases) {
        const response = await configure(id, body);
        const answer = (await response.json()) as { issues?: { path: string }[] };
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(
          answer.issues?.map((i) => i.path),
          JSON.stringify(body),
        ).toContain(path);
      }
      expect((await audit(bs.id)).filter((e) => e.action.startsWith('device.config'))).toEqual([]);
      expect(await changes(bs.id)).toEqual([]);
    } finally {
      for (const device of [bs, cpe]) {
        await stack.control(`/radios/${device.name}/faults`, 'DELETE');
      }
    }
  });

  it('lets an unconfirmed commit confirmed revert on the radio by itself, and reports the revert', async () => {
    const bs = await fresh('base-station');
    const before = (await stack.radio(bs.name)).config.txPowerDbm;
    const txPowerDbm = before === 20 ? 21 : 20;
    const response = await configure(bs.id, { set: { txPowerDbm }, mode: 'confirmed', confirmMinutes: 0.04 });
    expect(response.status).toBe(200);
    const change = ConfigChangeSchema.parse(await response.json());
    expect(change.status).toBe('pending-confirm');
    expect(Date.parse(change.confirmDeadline!)).toBeGreaterThan(Date.now() - 1_000);
    const pending = await stack.radio(bs.name);
    expect(pending.config.txPowerDbm).toBe(txPowerDbm);
    expect(pending.pendingConfirm).not.toBeNull();

    await waitFor(
      async () => (await stack.radio(bs.name)).lastRevertAt !== null,
      15_000,
      'the radio reverts',
    );
    expect((await stack.radio(bs.name)).config.txPowerDbm).toBe(before);
    await waitFor(
      async () => (await changes(bs.id))[0]?.status === 'reverted',
      20_000,
      'the console reports it',
    );
    // the change's status is saved before its audit entry is written: wait for the entry too
    await waitFor(
      async () => (await audit(bs.id)).some((e) => e.action === 'device.config.reverted'),
      10_000,
      'the revert audited',
    );
    const reverted = (await audit(bs.id)).find((e) => e.action === 'device.config.reverted')!;
    expect(reverted).toMatchObject({ actor: 'system', outcome: 'ok', after: { txPowerDbm: before } });
    expect((await stack.byName(bs.name))!.txPowerDbm).toBe(before);
    // Nothing is left to confirm.
    const late = await stack.api(`/devices/${bs.id}/config/confirm`, { method: 'POST' });
    expect(late.status).toBe(409);
  });

  it('keeps a commit confirmed that is confirmed in time', async () => {
    const bs = await fresh('base-station');
    const before = (await stack.radio(bs.name)).config.txPowerDbm;
    const txPowerDbm = before === 22 ? 23 : 22;
    expect(
      (await configure(bs.id, { set: { txPowerDbm }, mode: 'confirmed', confirmMinutes: 5 })).status,
    ).toBe(200);
    const confirm = await stack.api(`/devices/${bs.id}/config/confirm`, { method: 'POST' });
    expect(confirm.status).toBe(200);
    expect(ConfigChangeSchema.parse(await confirm.json()).status).toBe('confirmed');
    const truth = await stack.radio(bs.name);
    expect(truth.pendingConfirm).toBeNull();
    expect(truth.config.txPowerDbm).toBe(txPowerDbm);
    expect((await stack.api(`/devices/${bs.id}/config/confirm`, { method: 'POST' })).status).toBe(409);
  });

  it('follows the radio when a plain commit comes while a confirm is pending: both are kept', async () => {
    const bs = await fresh('base-station');
    const before = await stack.radio(bs.name);
    const first = { txPowerDbm: before.config.txPowerDbm === 16 ? 17 : 16 };
    expect((await configure(bs.id, { set: first, mode: 'confirmed', confirmMinutes: 0.08 })).status).toBe(
      200,
    );
    expect((await configure(bs.id, { set: { ntpServer: 'ntp2.example.org' } })).status).toBe(200);
    // The radio's plain commit confirmed the pending change: nothing is pending and nothing reverts.
    expect((await stack.radio(bs.name)).pendingConfirm).toBeNull();
    const [latest, earlier] = await changes(bs.id);
    expect(latest!.status).toBe('applied');
    expect(earlier!.status).toBe('confirmed');
    expect((await stack.radio(bs.name)).config).toMatchObject({ ...first, ntpServer: 'ntp2.example.org' });
  });

  it('rolls back the newest change to its before values, verified on the radio', async () => {
    const bs = await fresh('base-station');
    const before = await stack.radio(bs.name);
    const set = { txPowerDbm: before.config.txPowerDbm === 18 ? 19 : 18, ntpServer: 'ntp.example.org' };
    expect((await configure(bs.id, { set })).status).toBe(200);
    expect((await stack.radio(bs.name)).config).toMatchObject(set);
    const rollback = await stack.api(`/devices/${bs.id}/config/rollback`, { method: 'POST' });
    expect(rollback.status).toBe(200);
    expect(ConfigChangeSchema.parse(await rollback.json()).status).toBe('rolled-back');
    expect((await stack.radio(bs.name)).config).toEqual(before.config);
    // The history's newest version is what the radio runs after the rollback.
    const [newest] = ConfigVersionListSchema.parse(
      await (await stack.api(`/devices/${bs.id}/config/versions`)).json(),
    ).items;
    const version = ConfigVersionSchema.parse(
      await (await stack.api(`/devices/${bs.id}/config/versions/${newest!.id}`)).json(),
    );
    expect(version.config).toMatchObject({
      txPowerDbm: before.config.txPowerDbm,
      ntpServer: before.config.ntpServer,
    });
    expect((await stack.api(`/devices/${bs.id}/config/rollback`, { method: 'POST' })).status).toBe(409);
  });

  it('leaves a change that breaks a fresh login unconfirmed, so the radio undoes it by itself', async () => {
    const bs = await fresh('base-station');
    const before = (await stack.radio(bs.name)).config.managementVlan;
    const managementVlan = before === 200 ? 201 : 200;
    // the site carries the new VLAN too: only the fault below breaks the fresh login
    const site = encodeURIComponent(stack.lab.fleet.radio(bs.name)!.site);
    await stack.control(`/sites/${site}/vlans`, 'PUT', { managementVlans: [before, managementVlan] });
    // The pooled session stays logged in; only a new login is refused, as after a change that cut
    // the management path for everyone but the session that made it.
    await stack.control(`/radios/${bs.name}/faults`, 'POST', { kind: 'wrong-credentials' });
    try {
      const response = await configure(bs.id, {
        set: { managementVlan },
        mode: 'confirmed',
        confirmMinutes: 0.04,
      });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { code: string }).code).toBe('commands.management-lost');
    } finally {
      await stack.control(`/radios/${bs.name}/faults`, 'DELETE');
    }
    await waitFor(
      async () => (await stack.radio(bs.name)).config.managementVlan === before,
      15_000,
      'revert',
    );
    await waitFor(async () => (await changes(bs.id))[0]?.status === 'reverted', 20_000, 'reported');
  });

  it('reports a change that cuts management (a VLAN the site does not carry) and records the revert', async () => {
    const bs = await fresh('base-station');
    const before = (await stack.radio(bs.name)).config.managementVlan;
    const site = stack.lab.fleet.radio(bs.name)!.site;
    const carried = (await stack.radio(bs.name)).siteVlans;
    const managementVlan = [300, 301, 302].find((v) => !carried.includes(v))!;
    const response = await configure(bs.id, {
      set: { managementVlan },
      mode: 'confirmed',
      confirmMinutes: 0.05,
    });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('commands.management-lost');
    expect(body.message).toContain(bs.name);
    // The radio really is cut off, and the console knows a change of its is waiting on the radio.
    expect((await stack.radio(bs.name)).managementReachable).toBe(false);
    const [pending] = await changes(bs.id);
    expect(pending).toMatchObject({ status: 'pending-confirm', requested: { managementVlan } });
    await waitFor(
      async () => (await stack.radio(bs.name)).config.managementVlan === before,
      15_000,
      `${bs.name} back on VLAN ${before} of ${site}`,
    );
    expect((await stack.radio(bs.name)).managementReachable).toBe(true);
    await waitFor(
      async () => (await changes(bs.id))[0]?.status === 'reverted',
      30_000,
      'the revert recorded',
    );
  });

  it('runs exactly one of 50 concurrent changes to one radio and never two sessions in configuration at once', async () => {
    const bs = await fresh('base-station');
    // A slow radio keeps the winner inside the lock while every other request arrives.
    await stack.control(`/radios/${bs.name}/faults`, 'POST', { kind: 'slow', latencyMs: 150 });
    let maxSessions = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxSessions = Math.max(maxSessions, (await stack.radio(bs.name)).sessions);
      }
    })();
    let answers: Response[];
    try {
      answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => configure(bs.id, { set: { txPowerDbm: 10 + i / 10 } })),
      );
    } finally {
      sampling = false;
      await sampler;
      await stack.control(`/radios/${bs.name}/faults`, 'DELETE');
    }
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = ConfigChangeSchema.parse(await answers[statuses.indexOf(200)]!.json());
    expect((await stack.radio(bs.name)).config.txPowerDbm).toBe(winner.requested.txPowerDbm);
    const refused = (await answers[statuses.indexOf(409)]!.json()) as { holder: { owner: string } };
    expect(refused.holder.owner).toBe('admin (configure)');
    // The pooled session plus, briefly, the fresh-login probe: never a second configuring session.
    expect(maxSessions).toBeLessThanOrEqual(2);
    const entries = (await audit(bs.id)).filter((e) => e.action === 'device.config');
    expect(entries.filter((e) => e.outcome === 'ok')).toHaveLength(1);
    expect(entries.filter((e) => e.outcome === 'refused')).toHaveLength(49);
  });
});
