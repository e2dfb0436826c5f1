// The management-cutting change (docs/device-cli.md, "Management VLAN"): a radio whose running management
// VLAN is none of its site's drops off the management network until it reverts or is put back. Asserted
// through the real shared telnet listener and the control API, as a console would meet it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  RadioStateSchema,
  RadioSummarySchema,
  SimSiteSchema,
  type RadioEmission,
  type RadioState,
  type RadioSummary,
} from '@wsnoc/shared';
import { Fleet } from '../src/fleet/fleet.js';
import { startLab, type LabHandle } from '../src/fleet/lab.js';
import { RawTelnetClient, expectRefused } from '../src/telnet/raw-telnet-client.js';

const DEFAULT_VLANS = [10, 20, 100];

describe('management VLAN', () => {
  let lab: LabHandle;
  let radios: RadioSummary[];
  const clients: RawTelnetClient[] = [];

  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${lab.controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  const state = async (id: string): Promise<RadioState> =>
    RadioStateSchema.parse((await call('GET', `/radios/${id}/state`)).json);
  const open = async (radio: RadioSummary): Promise<RawTelnetClient> => {
    const c = await RawTelnetClient.connect({ host: radio.host, port: radio.port });
    clients.push(c);
    return c;
  };
  const loggedIn = async (radio: RadioSummary): Promise<RawTelnetClient> => {
    const c = await open(radio);
    expect(await c.login(radio.username, radio.password)).toBe(`${radio.id}>`);
    return c;
  };
  /** Polls a condition until a deadline: no fixed sleeps. */
  const until = async (what: string, cond: () => Promise<boolean>, ms = 5000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > deadline) {
        throw new Error(`${what}: not in ${ms} ms`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** A VLAN the radio's site does not carry. */
  const wrongVlan = (s: RadioState): number => (s.siteVlans.includes(3001) ? 3002 : 3001);
  // each test takes a cell of its own, so a radio one test leaves cut cannot fail another
  let nextCell = 0;
  const freshCell = (): { bs: RadioSummary; cpes: RadioSummary[] } => {
    const stations = radios.filter((r) => r.role === 'base-station');
    const bs = stations[nextCell++];
    if (!bs) {
      throw new Error('out of cells');
    }
    return { bs, cpes: radios.filter((r) => r.baseStationId === bs.id) };
  };

  beforeAll(async () => {
    lab = await startLab({
      radios: 120,
      seed: 13,
      port: 0,
      firstAddress: '127.21.12.1',
      controlPort: 0,
      pawsPort: 0,
      rebootMs: 100,
    });
    radios = z.array(RadioSummarySchema).parse((await call('GET', '/radios')).json);
  });

  afterEach(() => {
    lab.fleet.removeAllListeners('config-reverted');
    clients.splice(0).forEach((c) => c.destroy());
  });

  afterAll(async () => {
    await lab.close();
  });

  it('gives each site the VLAN its radios ship with, a CPE sharing its base station site, stable for a seed', async () => {
    const sites = z.array(SimSiteSchema).parse((await call('GET', '/sites')).json);
    expect(sites.map((s) => s.site)).toEqual([...new Set(radios.map((r) => r.site))]);
    expect(sites.flatMap((s) => s.radios.map((r) => r.id))).toEqual(radios.map((r) => r.id));
    for (const site of sites) {
      expect(site.managementVlans).toHaveLength(1);
      expect(DEFAULT_VLANS).toContain(site.managementVlans[0]);
      for (const r of site.radios) {
        expect(r).toMatchObject({ managementVlan: site.managementVlans[0], managementReachable: true });
      }
    }
    expect(new Set(sites.map((s) => s.managementVlans[0])).size).toBeGreaterThan(1);

    const { bs, cpes } = freshCell();
    const bsState = await state(bs.id);
    for (const cpe of cpes) {
      const s = await state(cpe.id);
      expect(s.siteVlans).toEqual(bsState.siteVlans);
      expect(s.config.managementVlan).toBe(bsState.config.managementVlan);
      expect(s.managementReachable).toBe(true);
    }

    const again = Fleet.create({ radios: 120, seed: 13 }).sites();
    expect(again).toEqual(sites);
    // the sites' VLANs come from the draws the fleet always made: the documented seed-1 fleet is unchanged
    expect(Fleet.create({ radios: 20, seed: 1 }).radios()[0]?.password).toBe('xtWMWQ8zgd');
  });

  it('a committed wrong VLAN answers the commit, drops every session and resets new connections; the mast puts it back', async () => {
    const { bs, cpes } = freshCell();
    const before = await state(bs.id);
    const vlan = wrongVlan(before);
    const bystander = await loggedIn(bs);
    const cpeSession = await loggedIn(cpes[0]!);
    const emissions: RadioEmission[] = [];
    const onEmission = (e: RadioEmission): void => void emissions.push(e);
    lab.fleet.on('emission', onEmission);

    const c = await loggedIn(bs);
    expect(await c.command('configure')).toEqual([]);
    expect(await c.command(`set management vlan ${vlan}`)).toEqual([]);
    // the committing session still reads the answer and its prompt, then the radio hangs up
    expect(await c.command('commit')).toEqual(['Commit complete']);
    await c.waitClosed();
    expect(c.text).toBe('');
    await bystander.waitClosed();
    expect(bystander.text).toBe('');
    await expectRefused(bs.host, bs.port);
    lab.fleet.off('emission', onEmission);

    const cut = await state(bs.id);
    expect(cut).toMatchObject({
      managementReachable: false,
      siteVlans: before.siteVlans,
      sessions: 0,
      configLocked: false,
      transmitting: true,
      channel: before.channel,
      eirpDbm: before.eirpDbm,
      up: true,
      pendingConfirm: null,
    });
    expect(cut.config.managementVlan).toBe(vlan);
    expect(emissions).toEqual([]); // management only: the radio radiates exactly as before
    // the base station's own management interface moved, not its CPEs'
    expect(cpeSession.closed).toBe(false);
    expect(await cpeSession.command('show system')).toContain(`hostname: ${cpes[0]!.id}`);
    expect((await state(cpes[0]!.id)).managementReachable).toBe(true);

    // a reboot does not help a committed change: the radio boots with the configuration it runs
    lab.fleet.injectFault(bs.id, { kind: 'reboot', downMs: 50 });
    await until('back from reboot', async () => (await state(bs.id)).up);
    expect((await state(bs.id)).managementReachable).toBe(false);
    await expectRefused(bs.host, bs.port);

    const bad = await call('POST', `/radios/${bs.id}/set`, { managementVlan: 4095 });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ issues: [{ path: 'managementVlan' }] });
    expect((await call('POST', `/radios/${bs.id}/set`, { managementVlan: 1.5 })).status).toBe(400);
    expect((await state(bs.id)).config.managementVlan).toBe(vlan);

    const put = await call('POST', `/radios/${bs.id}/set`, { managementVlan: before.config.managementVlan });
    expect(put.status).toBe(200);
    expect(RadioStateSchema.parse(put.json)).toMatchObject({
      managementReachable: true,
      config: before.config,
    });
    const back = await loggedIn(bs);
    expect(await back.command('show running-config')).toContain(
      `set management vlan ${before.config.managementVlan}`,
    );
  });

  it('commit confirmed to a wrong VLAN reverts by itself, with nobody logged in, and the radio answers again', async () => {
    const { bs } = freshCell();
    const before = await state(bs.id);
    const reverted = new Promise<string>((resolve) =>
      lab.fleet.on('config-reverted', (e) => {
        if (e.radioId === bs.id) {
          resolve(e.at);
        }
      }),
    );
    const c = await loggedIn(bs);
    await c.command('configure');
    await c.command(`set management vlan ${wrongVlan(before)}`);
    const [answer] = await c.command('commit confirmed 0.01');
    expect(answer).toMatch(/^Commit complete; rolls back at \d{4}-\d\d-\d\dT[\d:.]+Z unless confirmed$/);
    await c.waitClosed();
    const cut = await state(bs.id);
    expect(cut.managementReachable).toBe(false);
    expect(cut.pendingConfirm?.revertTo.managementVlan).toBe(before.config.managementVlan);
    await expectRefused(bs.host, bs.port);

    const at = await reverted;
    const after = await state(bs.id);
    expect(after).toMatchObject({
      managementReachable: true,
      pendingConfirm: null,
      lastRevertAt: at,
      config: before.config,
    });
    const back = await loggedIn(bs);
    expect(await back.command('show running-config')).toContain(
      `set management vlan ${before.config.managementVlan}`,
    );
  });

  it('a reboot during an unconfirmed wrong VLAN reverts it and the radio comes back reachable', async () => {
    const { bs } = freshCell();
    const before = await state(bs.id);
    const c = await loggedIn(bs);
    await c.command('configure');
    await c.command(`set management vlan ${wrongVlan(before)}`);
    await c.command('commit confirmed 10');
    await c.waitClosed();
    lab.fleet.injectFault(bs.id, { kind: 'reboot', downMs: 50 });
    await until('back from reboot', async () => (await state(bs.id)).up);
    expect(await state(bs.id)).toMatchObject({ managementReachable: true, config: before.config });
    await loggedIn(bs);
  });

  it('keeps the radio reachable through a change that leaves it on its site VLAN', async () => {
    const { bs } = freshCell();
    const before = await state(bs.id);
    const c = await loggedIn(bs);
    await c.command('configure');
    // a wrong VLAN typed and then corrected in the candidate never reaches the running configuration
    expect(await c.command(`set management vlan ${wrongVlan(before)}`)).toEqual([]);
    expect(await c.command(`set management vlan ${before.config.managementVlan}`)).toEqual([]);
    expect(await c.command('set system hostname still-here')).toEqual([]);
    expect(await c.command('commit')).toEqual(['Commit complete']);
    expect(await c.command('show system')).toContain('hostname: still-here');
    expect(c.closed).toBe(false);
    expect(await state(bs.id)).toMatchObject({ managementReachable: true, sessions: 1 });
    const other = await open(bs);
    expect(await other.login(bs.username, bs.password)).toBe('still-here>');
  });

  it('moves a site to a new VLAN: carried both ways during the move, the radios left behind drop off', async () => {
    const { bs, cpes } = freshCell();
    const before = await state(bs.id);
    const old = before.config.managementVlan;
    const site = encodeURIComponent(bs.site);

    // the switch first carries the new VLAN beside the old one, so moving one radio cuts nothing
    const both = await call('PUT', `/sites/${site}/vlans`, { managementVlans: [300, old] });
    expect(both.status).toBe(200);
    expect(SimSiteSchema.parse(both.json)).toMatchObject({
      site: bs.site,
      managementVlans: [old, 300].sort((a, b) => a - b),
    });
    const c = await loggedIn(bs);
    await c.command('configure');
    await c.command('set management vlan 300');
    expect(await c.command('commit')).toEqual(['Commit complete']);
    expect(await c.command('show running-config')).toContain('set management vlan 300');
    const cpeSession = await loggedIn(cpes[0]!);

    // then the switch drops the old VLAN: the base station stays, its CPEs still on the old one go
    const moved = SimSiteSchema.parse(
      (await call('PUT', `/sites/${site}/vlans`, { managementVlans: [300] })).json,
    );
    expect(moved.radios).toEqual([
      { id: bs.id, managementVlan: 300, managementReachable: true },
      ...cpes.map((r) => ({ id: r.id, managementVlan: old, managementReachable: false })),
    ]);
    await cpeSession.waitClosed();
    await expectRefused(cpes[0]!.host, cpes[0]!.port);
    expect(c.closed).toBe(false);
    expect(await c.command('show system')).toContain(`hostname: ${bs.id}`);
    expect((await state(cpes[0]!.id)).siteVlans).toEqual([300]);

    // someone at each mast fixes the CPEs
    for (const cpe of cpes) {
      expect((await call('POST', `/radios/${cpe.id}/set`, { managementVlan: 300 })).status).toBe(200);
    }
    await loggedIn(cpes[0]!);
    // a direct change to a VLAN the site does not carry cuts just the same
    const live = await loggedIn(cpes[1]!);
    expect((await call('POST', `/radios/${cpes[1]!.id}/set`, { managementVlan: old })).status).toBe(200);
    await live.waitClosed();
    await expectRefused(cpes[1]!.host, cpes[1]!.port);
  });

  it('rejects a bad site VLAN list naming the field, and 404s an unknown site', async () => {
    const { bs } = freshCell();
    const site = encodeURIComponent(bs.site);
    for (const body of [
      { managementVlans: [] },
      { managementVlans: [0] },
      { managementVlans: [4095] },
      { managementVlans: [20, 20] },
      { managementVlans: 20 },
      {},
    ]) {
      const res = await call('PUT', `/sites/${site}/vlans`, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.json)).toContain('managementVlans');
    }
    const missing = await call('PUT', '/sites/Atlantis/vlans', { managementVlans: [10] });
    expect(missing).toMatchObject({ status: 404, json: { message: 'No site Atlantis' } });
    expect((await state(bs.id)).managementReachable).toBe(true);
  });
});
