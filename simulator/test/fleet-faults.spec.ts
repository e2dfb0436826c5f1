import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RadioSummary } from '@wsnoc/shared';
import { Fleet } from '../src/fleet/fleet.js';
import { distanceKm } from '@wsnoc/shared';
import { RawTelnetClient, expectRefused } from '../src/telnet/raw-telnet-client.js';

describe('fault injection', () => {
  let fleet: Fleet;
  let radios: RadioSummary[];
  let bs: RadioSummary;
  const clients: RawTelnetClient[] = [];

  const open = async (radio: RadioSummary): Promise<RawTelnetClient> => {
    const c = await RawTelnetClient.connect({ host: radio.host, port: fleet.port, negotiate: true });
    clients.push(c);
    return c;
  };
  const loggedIn = async (radio: RadioSummary): Promise<RawTelnetClient> => {
    const c = await open(radio);
    await c.login(radio.username, radio.password);
    return c;
  };
  const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) {
        throw new Error('condition not met in time');
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    fleet = Fleet.create({ radios: 80, seed: 21, port: 0, firstAddress: '127.21.3.1' });
    await fleet.start();
    radios = fleet.radios();
    bs = radios[0]!;
  });

  afterEach(() => {
    fleet.clearAllFaults();
    clients.splice(0).forEach((c) => c.destroy());
  });

  afterAll(async () => {
    await fleet.stop();
  });

  it('refuses an address that belongs to no radio', async () => {
    await expectRefused('127.21.3.250', fleet.port);
  });

  it('offline: drops live sessions and refuses new connections until cleared', async () => {
    const live = await loggedIn(bs);
    fleet.injectFault(bs.id, { kind: 'offline' });
    await live.waitClosed();
    await expectRefused(bs.host, fleet.port);
    expect(fleet.state(bs.id)?.transmitting).toBe(true); // management is down, the radio still radiates
    fleet.clearFaults(bs.id);
    await loggedIn(bs);
  });

  it('blackhole: accepts the connection and never answers, not even telnet options', async () => {
    fleet.injectFault(bs.id, { kind: 'blackhole' });
    const c = await open(bs);
    c.send(bs.username);
    await expect(c.waitFor(/./, 300)).rejects.toThrow(/timeout/);
    expect(c.commands).toEqual([]);
    expect(c.closed).toBe(false);
  });

  it('slow: adds the given latency to every answer', async () => {
    const c = await loggedIn(bs);
    fleet.injectFault(bs.id, { kind: 'slow', latencyMs: 250 });
    const t0 = Date.now();
    const out = await c.command('show radio');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    expect(out[0]).toBe('role: base-station');
  });

  it('flaky: drops the connection partway through an answer, after running the command', async () => {
    const c = await loggedIn(bs);
    fleet.injectFault(bs.id, { kind: 'flaky', dropShare: 1 });
    c.send('show system');
    await c.waitClosed();
    expect(c.text).toContain('hostname: ');
    expect(c.text).not.toMatch(/> $/);
    fleet.injectFault(bs.id, { kind: 'flaky', dropShare: 0 });
    const d = await loggedIn(bs);
    expect((await d.command('show system'))[0]).toBe(`hostname: ${bs.id}`);
  });

  it('wrong-credentials: rejects the correct password', async () => {
    fleet.injectFault(bs.id, { kind: 'wrong-credentials' });
    const c = await open(bs);
    await c.waitFor(/login: $/);
    c.send(bs.username);
    await c.waitFor(/Password: $/);
    c.send(bs.password);
    await c.waitFor(/% Login incorrect\r\nlogin: $/);
  });

  it('reboot: drops the session, refuses for the delay, then comes back and clears itself', async () => {
    const cpe = radios.find((r) => r.role === 'cpe')!;
    const live = await loggedIn(cpe);
    fleet.injectFault(cpe.id, { kind: 'reboot', downMs: 200 });
    await live.waitClosed();
    expect(fleet.state(cpe.id)?.faults.map((f) => f.kind)).toEqual(['reboot']);
    expect(fleet.state(cpe.id)?.transmitting).toBe(false);
    await expectRefused(cpe.host, fleet.port);
    await until(() => fleet.state(cpe.id)?.up === true);
    expect(fleet.state(cpe.id)?.faults).toEqual([]);
    expect(fleet.state(cpe.id)?.uptimeSec).toBeLessThan(5);
    await loggedIn(cpe);
  });

  it('commit-failure: commit answers % Commit failed and nothing changes', async () => {
    fleet.injectFault(bs.id, { kind: 'commit-failure', message: 'flash write error' });
    const c = await loggedIn(bs);
    const before = fleet.state(bs.id)!.config;
    await c.command('configure');
    await c.command(`set radio tx-power ${before.txPowerDbm === 20 ? 21 : 20}`);
    expect(await c.command('commit')).toEqual(['% Commit failed: flash write error']);
    expect(fleet.state(bs.id)!.config).toEqual(before);
    expect(await c.command('show | compare')).toHaveLength(2);
    await c.command('exit');
  });

  it('gps-drift: the reported position wanders within N metres while the truth stays put', async () => {
    fleet.injectFault(bs.id, { kind: 'gps-drift', metres: 2000 });
    const c = await loggedIn(bs);
    const read = async (): Promise<{ lat: number; lon: number }> => {
      const gps = await c.command('show gps');
      return { lat: Number(gps[1]?.split(': ')[1]), lon: Number(gps[2]?.split(': ')[1]) };
    };
    const a = await read();
    const b = await read();
    expect(a).not.toEqual(b);
    for (const p of [a, b]) {
      expect(distanceKm(p.lat, p.lon, bs.lat, bs.lon)).toBeLessThanOrEqual(2.01);
    }
    expect(fleet.state(bs.id)).toMatchObject({ lat: bs.lat, lon: bs.lon });
  });

  it('hits a reproducible random share of the fleet, optionally of one role', () => {
    const a = fleet.injectFaultShare({ kind: 'slow', latencyMs: 10, share: 0.25, seed: 7 });
    expect(a).toHaveLength(20);
    fleet.clearAllFaults();
    const b = fleet.injectFaultShare({ kind: 'slow', latencyMs: 10, share: 0.25, seed: 7 });
    expect(b).toEqual(a);
    expect(fleet.clearAllFaults()).toBe(20);
    const stations = fleet.injectFaultShare({ kind: 'offline', share: 1, role: 'base-station' });
    expect(stations.every((id) => id.startsWith('bs-'))).toBe(true);
    expect(stations).toHaveLength(radios.filter((r) => r.role === 'base-station').length);
  });
});
