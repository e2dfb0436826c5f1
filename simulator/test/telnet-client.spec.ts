import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Telnet } from 'telnet-client';
import type { RadioSummary } from '@wsnoc/shared';
import { Fleet } from '../src/fleet/fleet.js';

const PROMPT = /[\w-]+(?:\(config\))?[>#] $/;

describe('the fleet through the telnet-client library', () => {
  let fleet: Fleet;
  let bs: RadioSummary;
  let cpe: RadioSummary;
  const sessions: Telnet[] = [];

  const open = async (radio: RadioSummary): Promise<Telnet> => {
    const t = new Telnet();
    sessions.push(t);
    await t.connect({
      host: radio.host,
      port: fleet.port,
      username: radio.username,
      password: radio.password,
      loginPrompt: /login: $/,
      passwordPrompt: /Password: $/,
      failedLoginMatch: /% Login incorrect/,
      shellPrompt: PROMPT,
      // the radio offers WILL ECHO at once; the library must see and answer it before the prompt
      negotiationMandatory: true,
      // the server echoes each command line, so one echoed line precedes every answer
      echoLines: 1,
      irs: '\r\n',
      ors: '\r\n',
      timeout: 3000,
      execTimeout: 3000,
    });
    return t;
  };

  const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

  beforeAll(async () => {
    fleet = Fleet.create({ radios: 40, seed: 5, port: 0, firstAddress: '127.21.2.1', region: 'us-rural' });
    await fleet.start();
    bs = fleet.radios().find((r) => r.role === 'base-station')!;
    cpe = fleet.radios().find((r) => r.baseStationId === bs.id)!;
  });

  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.destroy()));
    await fleet.stop();
  });

  it('logs in and answers every show command without losing the first line', async () => {
    const t = await open(bs);
    const system = lines(await t.exec('show system'));
    expect(system[0]).toBe(`hostname: ${bs.id}`);
    expect(system).toHaveLength(9);
    const radio = lines(await t.exec('show radio'));
    expect(radio[0]).toBe('role: base-station');
    expect(radio).toContain('ruleset: fcc');
    expect(radio).toContain('bandwidth: 6 MHz');
    const clients = lines(await t.exec('show clients'));
    expect(clients[0]).toMatch(/^clients: \d+$/);
    expect(clients.length).toBe(Number(clients[0]?.split(': ')[1]) + 2);
    expect(lines(await t.exec('show gps'))[0]).toBe('fix: 3d');
    expect(lines(await t.exec('show running-config'))[0]).toBe(`set system hostname ${bs.id}`);
    expect(lines(await t.exec('show link'))).toEqual(['% Not supported on a base station: show link']);
    expect(lines(await t.exec('bogus'))).toEqual(['% Unknown command: bogus']);
  });

  it('answers show link on a CPE', async () => {
    const t = await open(cpe);
    const link = lines(await t.exec('show link'));
    expect(link[0]).toBe(`base-station: ${bs.id}`);
    expect(link[1]).toMatch(/^state: (up|down)$/);
  });

  it('configures and commits, and the running config and truth follow', async () => {
    const t = await open(bs);
    expect(lines(await t.exec('configure'))).toEqual([]);
    expect(lines(await t.exec('set radio channel 99'))).toEqual(['% Invalid value for channel: 99']);
    expect(lines(await t.exec('set radio channel 20'))).toEqual([]);
    expect(lines(await t.exec('commit'))).toEqual(['Commit complete']);
    expect(lines(await t.exec('show running-config'))).toContain('set radio channel 20');
    expect(fleet.state(bs.id)?.channel).toBe(20);
    expect(lines(await t.exec('exit'))).toEqual([]);
  });

  it('reverts a commit confirmed automatically', async () => {
    const t = await open(bs);
    await t.exec('configure');
    await t.exec('set radio channel 21');
    const reverted = new Promise<void>((resolve) => fleet.once('config-reverted', () => resolve()));
    expect(lines(await t.exec('commit confirmed 0.005'))[0]).toMatch(/^Commit complete; rolls back at /);
    expect(fleet.state(bs.id)?.channel).toBe(21);
    await reverted;
    expect(lines(await t.exec('show running-config'))).toContain('set radio channel 20');
    await t.exec('exit');
  });

  it('covers the rest of configuration mode: every set, show candidate, compare, rollback, discard, help', async () => {
    const t = await open(cpe);
    expect(lines(await t.exec('help')).length).toBeGreaterThan(3);
    await t.exec('configure');
    expect(lines(await t.exec('set radio channel 20'))).toEqual([
      '% Not supported on a CPE: radio channel (a CPE follows its base station)',
    ]);
    for (const cmd of [
      'set radio tx-power 18.5',
      'set radio enabled true',
      'set management vlan 42',
      'set snmp community lab-ro',
      'set ntp server 10.0.0.1',
      'set system hostname cpe-lab',
    ]) {
      expect(lines(await t.exec(cmd))).toEqual([]);
    }
    expect(lines(await t.exec('set management vlan 5000'))).toEqual(['% Invalid value for vlan: 5000']);
    expect(lines(await t.exec('show candidate'))).toContain('set management vlan 42');
    const diff = lines(await t.exec('show | compare'));
    expect(diff).toContain('+ set snmp community lab-ro');
    expect(diff).toContain('- set snmp community wsnoc-ro');
    expect(lines(await t.exec('discard'))).toEqual(['Candidate discarded']);
    expect(lines(await t.exec('show | compare'))).toEqual([]);
    await t.exec('set ntp server 10.0.0.1');
    expect(lines(await t.exec('commit'))).toEqual(['Commit complete']);
    expect(lines(await t.exec('rollback'))).toEqual([
      'Candidate loaded from the previous commit; commit to apply',
    ]);
    expect(lines(await t.exec('show candidate'))).toContain('set ntp server pool.ntp.org');
    expect(lines(await t.exec('commit'))).toEqual(['Commit complete']);
    expect(fleet.state(cpe.id)?.config.ntpServer).toBe('pool.ntp.org');
    expect(lines(await t.exec('exit'))).toEqual([]);
  });

  it('reboots from the CLI: the session ends and the radio refuses connections while down', async () => {
    const t = await open(cpe);
    const closed = new Promise<void>((resolve) => t.once('close', () => resolve()));
    t.send('reboot').catch(() => undefined);
    await closed;
    expect(fleet.state(cpe.id)?.up).toBe(false);
  });

  it('holds the configuration lock for one session at a time', async () => {
    const a = await open(bs);
    const b = await open(bs);
    await a.exec('configure');
    expect(lines(await b.exec('configure'))).toEqual(['% Configuration locked by another session']);
    await a.exec('exit');
    expect(lines(await b.exec('configure'))).toEqual([]);
    await b.exec('exit');
  });
});
