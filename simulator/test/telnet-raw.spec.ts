import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RadioEmission, RadioSummary } from '@wsnoc/shared';
import { Fleet } from '../src/fleet/fleet.js';
import { RawTelnetClient, expectRefused } from '../src/telnet/raw-telnet-client.js';
import { DO, DONT, IAC, OPT_ECHO, OPT_SGA, WILL, WONT } from '../src/telnet/telnet-options.js';

const NAWS = 31;
const TTYPE = 24;

describe('telnet over a raw socket', () => {
  let fleet: Fleet;
  let bs: RadioSummary;
  let cpe: RadioSummary;
  const clients: RawTelnetClient[] = [];

  const open = async (radio: RadioSummary, negotiate = true, eol = '\r\n'): Promise<RawTelnetClient> => {
    const c = await RawTelnetClient.connect({ host: radio.host, port: fleet.port, negotiate, eol });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    fleet = Fleet.create({ radios: 60, seed: 11, port: 0, firstAddress: '127.21.1.1', rebootMs: 150 });
    await fleet.start();
    const radios = fleet.radios();
    bs = radios.find((r) => r.role === 'base-station')!;
    cpe = radios.find((r) => r.baseStationId === bs.id)!;
  });

  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await fleet.stop();
  });

  it('opens with IAC WILL ECHO, IAC WILL SUPPRESS-GO-AHEAD and a login prompt', async () => {
    const c = await open(bs);
    await c.waitFor(/login: $/);
    expect(c.commands).toEqual([
      [WILL, OPT_ECHO],
      [WILL, OPT_SGA],
    ]);
  });

  it('refuses options it does not support, accepts agreement silently, and never loops', async () => {
    const c = await open(bs, false);
    await c.waitFor(/login: $/);
    // agree to ECHO and SGA (no reply expected), offer NAWS (expect DONT), ask for TTYPE (expect WONT)
    c.writeBytes([IAC, DO, OPT_ECHO, IAC, DO, OPT_SGA, IAC, WILL, NAWS, IAC, DO, TTYPE]);
    c.send(bs.username);
    await c.waitFor(/Password: $/);
    expect(c.commands.slice(2)).toEqual([
      [DONT, NAWS],
      [WONT, TTYPE],
    ]);
    // a DONT ECHO after agreeing turns echo off with one WONT, and a second DONT gets no answer
    c.writeBytes([IAC, DONT, OPT_ECHO, IAC, DONT, OPT_ECHO]);
    c.send(bs.password);
    await c.waitFor(/> $/);
    c.send('show radio');
    const out = await c.waitFor(/> $/);
    expect(c.commands.slice(4)).toEqual([[WONT, OPT_ECHO]]);
    expect(out.startsWith('role: base-station')).toBe(true);
  });

  it('echoes typed characters but never the password, once the client agreed to DO ECHO', async () => {
    const c = await open(bs);
    await c.waitFor(/login: $/);
    c.send(bs.username);
    expect(await c.waitFor(/Password: $/)).toBe(`${bs.username}\r\nPassword: `);
    c.send(bs.password);
    const afterPassword = await c.waitFor(/> $/);
    expect(afterPassword).not.toContain(bs.password);
    expect(afterPassword).toBe(`\r\n${bs.id}> `);
    const lines = await c.command('show system');
    expect(lines[0]).toBe(`hostname: ${bs.id}`);
  });

  it('works with a client that never negotiates, and accepts CR NUL and bare LF line endings', async () => {
    for (const eol of ['\r\0', '\n', '\r\n']) {
      const c = await open(bs, false, eol);
      await c.waitFor(/login: $/);
      c.send(bs.username);
      // no DO ECHO from this client, so no echo: the password prompt follows directly
      expect(await c.waitFor(/Password: $/)).toBe('Password: ');
      c.send(bs.password);
      expect(await c.waitFor(/> $/)).toBe(`${bs.id}> `);
      c.send('show gps');
      const out = await c.waitFor(/> $/);
      expect(out.split('\r\n')[0]).toBe('fix: 3d');
      expect(c.commands.filter(([v]) => v !== WILL)).toEqual([]);
      c.destroy();
    }
  });

  it('says % Login incorrect, prompts again, and closes after three failures', async () => {
    const c = await open(bs);
    for (let i = 0; i < 3; i++) {
      await c.waitFor(/login: $/);
      c.send(bs.username);
      await c.waitFor(/Password: $/);
      c.send('wrong');
      await c.waitFor(/% Login incorrect\r\n/);
    }
    await c.waitClosed();
    expect(c.text).toBe('');
  });

  it('answers every documented command on a base station', async () => {
    const c = await open(bs);
    await c.login(bs.username, bs.password);
    const system = await c.command('show system');
    expect(system.map((l) => l.split(':')[0])).toEqual([
      'hostname',
      'role',
      'model',
      'serial',
      'mac',
      'firmware',
      'uptime',
      'uptime-seconds',
      'temperature',
    ]);
    const radio = await c.command('show radio');
    expect(radio).toContain('state: transmitting');
    expect(radio).toContain('bandwidth: 8 MHz');
    const clients = await c.command('show clients');
    expect(clients[0]).toMatch(/^clients: \d+$/);
    expect(clients[1]?.split(/\s+/)).toEqual([
      'ID',
      'HOSTNAME',
      'MAC',
      'RSSI(dBm)',
      'SNR(dB)',
      'THROUGHPUT(Mbps)',
      'STATE',
    ]);
    expect(clients[2]?.split(/\s+/)[0]).toBe(cpe.id);
    expect(await c.command('show link')).toEqual(['% Not supported on a base station: show link']);
    const gps = await c.command('show gps');
    expect(gps[1]).toBe(`latitude: ${bs.lat.toFixed(6)}`);
    const config = await c.command('show running-config');
    expect(config.every((l) => l.startsWith('set '))).toBe(true);
    expect(await c.command('frobnicate now')).toEqual(['% Unknown command: frobnicate now']);
    expect(await c.command('')).toEqual([]);
    expect((await c.command('help')).length).toBeGreaterThan(5);
  });

  it('answers show link on a CPE and refuses show clients there', async () => {
    const c = await open(cpe);
    await c.login(cpe.username, cpe.password);
    const link = await c.command('show link');
    expect(link[0]).toBe(`base-station: ${bs.id}`);
    expect(link.map((l) => l.split(':')[0])).toEqual([
      'base-station',
      'state',
      'channel',
      'rssi',
      'snr',
      'noise-floor',
      'throughput',
      'distance',
      'modulation',
    ]);
    expect(await c.command('show clients')).toEqual(['% Not supported on a CPE: show clients']);
  });

  it('configures, compares, commits, discards and rolls back', async () => {
    const c = await open(bs);
    await c.login(bs.username, bs.password);
    const before = fleet.state(bs.id)!.config;
    const target = before.channel === 30 ? 31 : 30;
    expect(await c.command('configure')).toEqual([]);
    expect(c.text).toBe('');
    expect(await c.command('set radio channel 99')).toEqual(['% Invalid value for channel: 99']);
    expect(await c.command('set radio tx-power 50')).toEqual(['% Invalid value for tx-power: 50']);
    expect(await c.command('set radio enabled maybe')).toEqual(['% Invalid value for enabled: maybe']);
    expect(await c.command('set management vlan 5000')).toEqual(['% Invalid value for vlan: 5000']);
    expect(await c.command('set radio channel')).toEqual(['% Missing value for channel']);
    expect(await c.command(`set radio channel ${target}`)).toEqual([]);
    expect(await c.command('set system hostname mast-a')).toEqual([]);
    expect(await c.command('set snmp community s3cret')).toEqual([]);
    expect(await c.command('set ntp server ntp.example.net')).toEqual([]);
    // a VLAN the site does not carry would cut this session at the commit: management-vlan.spec.ts
    expect(await c.command('set radio tx-power 28.5')).toEqual([]);
    expect(await c.command('show | compare')).toContain(`+ set radio channel ${target}`);
    expect(await c.command('show candidate')).toContain('set system hostname mast-a');
    expect(fleet.state(bs.id)!.config.channel).toBe(before.channel);

    const emissions: RadioEmission[] = [];
    fleet.on('emission', (e) => emissions.push(e));
    expect(await c.command('commit')).toEqual(['Commit complete']);
    fleet.removeAllListeners('emission');
    expect(c.text).toBe('');
    const after = fleet.state(bs.id)!.config;
    expect(after).toMatchObject({
      channel: target,
      hostname: 'mast-a',
      snmpCommunity: 's3cret',
      txPowerDbm: 28.5,
    });
    expect(emissions.find((e) => e.radioId === bs.id)).toMatchObject({ channel: target, eirpDbm: 28.5 });
    expect(emissions.some((e) => e.radioId === cpe.id && e.channel === target)).toBe(true);

    expect(await c.command('set radio enabled false')).toEqual([]);
    expect(await c.command('discard')).toEqual(['Candidate discarded']);
    expect(await c.command('show | compare')).toEqual([]);

    expect(await c.command('rollback')).toEqual([
      'Candidate loaded from the previous commit; commit to apply',
    ]);
    await c.command('commit');
    expect(fleet.state(bs.id)!.config).toEqual(before);
    c.send('exit');
    await c.waitFor(new RegExp(`${before.hostname}> $`));
  });

  it('reverts a commit confirmed that is not confirmed in time, and keeps one that is', async () => {
    const c = await open(bs);
    await c.login(bs.username, bs.password);
    const original = fleet.state(bs.id)!.config.txPowerDbm;
    await c.command('configure');
    await c.command('set radio tx-power 20');
    const reverted = new Promise<string>((resolve) =>
      fleet.once('config-reverted', (e) => resolve(e.radioId)),
    );
    const [answer] = await c.command('commit confirmed 0.005');
    expect(answer).toMatch(/^Commit complete; rolls back at \d{4}-\d\d-\d\dT[\d:.]+Z unless confirmed$/);
    expect(fleet.state(bs.id)!.config.txPowerDbm).toBe(20);
    expect(fleet.state(bs.id)!.pendingConfirm?.revertTo.txPowerDbm).toBe(original);
    expect(await reverted).toBe(bs.id);
    expect(await c.command('show running-config')).toContain(`set radio tx-power ${original}`);
    expect(fleet.state(bs.id)!.lastRevertAt).not.toBeNull();

    await c.command('set radio tx-power 21');
    await c.command('commit confirmed 1');
    expect(await c.command('commit')).toEqual(['Commit complete']);
    expect(fleet.state(bs.id)!.pendingConfirm).toBeNull();
    expect(fleet.state(bs.id)!.config.txPowerDbm).toBe(21);
    expect(await c.command('commit confirmed abc')).toEqual(['% Invalid value for minutes: abc']);
    await c.command('set radio tx-power ' + String(original));
    await c.command('commit');
    await c.command('exit');
  });

  it('counts the commits it accepted and those that changed its configuration', async () => {
    const c = await open(bs);
    await c.login(bs.username, bs.password);
    const start = fleet.state(bs.id)!.commits;
    await c.command('configure');
    await c.command('set ntp server count.example.org');
    await c.command('commit confirmed 1');
    // The confirm and a commit of what already runs are accepted but change nothing.
    expect(await c.command('commit')).toEqual(['Commit complete']);
    expect(await c.command('commit')).toEqual(['Commit complete']);
    fleet.injectFault(bs.id, { kind: 'commit-failure', message: 'locked by test' });
    try {
      await c.command('set ntp server refused.example.org');
      expect((await c.command('commit'))[0]).toMatch(/^% Commit failed/);
    } finally {
      fleet.clearFaults(bs.id);
    }
    await c.command('exit');
    expect(fleet.state(bs.id)!.commits).toEqual({ accepted: start.accepted + 3, changed: start.changed + 1 });
  });

  it('locks configuration to one session and frees it on exit and on disconnect', async () => {
    const a = await open(bs);
    const b = await open(bs);
    await a.login(bs.username, bs.password);
    await b.login(bs.username, bs.password);
    await a.command('configure');
    expect(await b.command('configure')).toEqual(['% Configuration locked by another session']);
    expect(fleet.state(bs.id)!.configLocked).toBe(true);
    await a.command('exit');
    expect(await b.command('configure')).toEqual([]);
    expect(await a.command('configure')).toEqual(['% Configuration locked by another session']);
    b.destroy();
    const deadline = Date.now() + 2000;
    while (fleet.state(bs.id)!.configLocked && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await a.command('configure')).toEqual([]);
    await a.command('exit');
  });

  it('reboots: drops the session, refuses connections for a while, then comes back with fresh uptime', async () => {
    const c = await open(cpe);
    await c.login(cpe.username, cpe.password);
    c.send('reboot');
    await c.waitFor(/Rebooting\.\.\.\r\n/);
    await c.waitClosed();
    expect(fleet.state(cpe.id)!.up).toBe(false);
    await expectRefused(cpe.host, fleet.port);
    const deadline = Date.now() + 3000;
    while (!fleet.state(cpe.id)!.up && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const again = await open(cpe);
    await again.login(cpe.username, cpe.password);
    const uptime = (await again.command('show system')).find((l) => l.startsWith('uptime-seconds:'));
    expect(Number(uptime?.split(': ')[1])).toBeLessThan(5);
    again.send('exit');
    await again.waitClosed();
  });
});
