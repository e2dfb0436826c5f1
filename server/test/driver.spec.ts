// The driver against the real field lab: an in-process fleet on 127.31.0.x, reached over real telnet.
import type { RadioSummary } from '@wsnoc/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from '../../simulator/src/index.js';
import { DeviceDriver, DriverError, type DeviceTarget, type DriverOptions } from '@/modules/driver/index.js';
import { waitFor } from './wait-for.js';

let fleet: Fleet;
const drivers: DeviceDriver[] = [];

function newDriver(opts: DriverOptions = {}): DeviceDriver {
  const d = new DeviceDriver({ keepaliveIdleMs: 0, backoffBaseMs: 50, backoffMaxMs: 200, ...opts });
  drivers.push(d);
  return d;
}

function targetOf(r: RadioSummary): DeviceTarget {
  return { id: r.id, host: r.host, port: r.port, username: r.username, password: r.password, role: r.role };
}

function radios(role: 'base-station' | 'cpe'): DeviceTarget[] {
  return fleet
    .radios()
    .filter((r) => r.role === role)
    .map(targetOf);
}

/** Each test takes its own radios so faults and config changes never leak between tests. */
let nextBs = 0;
let nextCpe = 0;
const bs = (): DeviceTarget => radios('base-station')[nextBs++]!;
const cpe = (): DeviceTarget => radios('cpe')[nextCpe++]!;

async function failure(p: Promise<unknown>): Promise<DriverError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DriverError);
    return err as DriverError;
  }
  throw new Error('expected a DriverError');
}

beforeAll(async () => {
  fleet = Fleet.create({ radios: 120, seed: 31, firstAddress: '127.31.0.1', port: 0, rebootMs: 200 });
  await fleet.start();
});

afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
});

afterAll(async () => {
  await fleet.stop();
});

describe(DeviceDriver.name, () => {
  describe('poll', () => {
    it('reads a base station as the lab knows it, first output line included', async () => {
      const t = bs();
      const sample = await newDriver().poll(t);
      const truth = fleet.state(t.id)!;
      const radio = fleet.radio(t.id)!;
      // hostname is the first line of `show system`: a lost first line fails here
      expect(sample.system.hostname).toBe(truth.config.hostname);
      expect(sample.system).toMatchObject({ serial: radio.serial, model: radio.model, firmware: '3.4.2' });
      expect(Math.abs(sample.system.uptimeSec - truth.uptimeSec)).toBeLessThanOrEqual(2);
      expect(sample.system.temperatureC).toBeCloseTo(truth.temperatureC, 1);
      expect(sample.radio).toMatchObject({
        channel: truth.channel,
        txPowerDbm: truth.eirpDbm,
        enabled: truth.config.enabled,
        transmitting: truth.transmitting,
        frequencyMHz: fleet.plan.centreMHz(truth.channel!),
      });
      const links = fleet.links().filter((l) => l.baseStationId === t.id);
      expect(sample.links.map((l) => l.peer).sort()).toEqual(
        radio.cpes.map((c) => c.running.hostname).sort(),
      );
      for (const l of links) {
        const got = sample.links.find((s) => s.peer === fleet.radio(l.cpeId)!.running.hostname)!;
        expect(got.up).toBe(l.up);
        expect(got.snrDb).toBeCloseTo(l.snrDb!, 1);
        expect(got.rssiDbm).toBeCloseTo(l.rssiDbm!, 1);
      }
      expect(sample.deviceId).toBe(t.id);
      expect(sample.pollMs).toBeGreaterThan(0);
    });

    it('reads a CPE and its link to its base station', async () => {
      const t = cpe();
      const sample = await newDriver().poll(t);
      const truth = fleet.state(t.id)!;
      const link = fleet.links().find((l) => l.cpeId === t.id)!;
      expect(sample.system.hostname).toBe(t.id);
      expect(sample.radio.txPowerDbm).toBe(truth.config.txPowerDbm);
      expect(sample.links).toHaveLength(1);
      expect(sample.links[0]).toMatchObject({
        peer: truth.baseStationId,
        up: link.up,
        modulation: link.modulation,
      });
      expect(sample.links[0]!.snrDb).toBeCloseTo(link.snrDb!, 1);
      expect(sample.links[0]!.distanceKm).toBeCloseTo(link.distanceKm, 2);
    });

    it('logs in once and reuses the session for later polls', async () => {
      const t = bs();
      const driver = newDriver();
      for (let i = 0; i < 4; i++) {
        await driver.poll(t);
      }
      expect(driver.stats()).toMatchObject({ logins: 1, connectAttempts: 1, sessions: 1, commands: 12 });
      expect(fleet.state(t.id)!.sessions).toBe(1);
    });

    it('runs concurrent operations on one device one at a time on one session', async () => {
      const t = cpe();
      const driver = newDriver();
      const samples = await Promise.all([1, 2, 3, 4, 5].map(() => driver.poll(t)));
      expect(samples).toHaveLength(5);
      expect(driver.stats().logins).toBe(1);
      expect(fleet.state(t.id)!.sessions).toBe(1);
    });

    it('reads the same sample with the poll typed ahead and command by command', async () => {
      const t = bs();
      const typedAhead = await newDriver().poll(t);
      const oneByOne = await newDriver({ pipelinePolls: false }).poll(t);
      expect(oneByOne.system).toEqual({ ...typedAhead.system, uptimeSec: oneByOne.system.uptimeSec });
      expect(oneByOne.radio).toEqual(typedAhead.radio);
      expect(oneByOne.links.map((l) => l.peer)).toEqual(typedAhead.links.map((l) => l.peer));
    });

    it('refuses a command the role does not support, with the radio message', async () => {
      const t = { ...cpe(), role: 'base-station' as const };
      const err = await failure(newDriver().poll(t));
      expect(err.kind).toBe('command');
      expect(err.deviceMessage).toBe('% Not supported on a CPE: show clients');
    });
  });

  describe('failures', () => {
    it('reports an offline radio as connect and then backs off without dialling', async () => {
      const t = bs();
      fleet.injectFault(t.id, { kind: 'offline' });
      const driver = newDriver({ backoffBaseMs: 60_000, backoffMaxMs: 60_000 });
      const err = await failure(driver.poll(t));
      expect(err.kind).toBe('connect');
      expect(err.deviceId).toBe(t.id);
      const again = await failure(driver.poll(t));
      expect(again.kind).toBe('connect');
      expect(again.retryInMs).toBeGreaterThan(0);
      expect(driver.stats()).toMatchObject({ connectAttempts: 1, backoffRefusals: 1 });
      fleet.clearFaults(t.id);
      driver.resetBackoff(t.id);
      await expect(driver.poll(t)).resolves.toMatchObject({ deviceId: t.id });
    });

    it('reports refused credentials as credentials', async () => {
      const t = cpe();
      fleet.injectFault(t.id, { kind: 'wrong-credentials' });
      const err = await failure(newDriver().poll(t));
      expect(err).toMatchObject({ kind: 'credentials', step: 'credentials' });
      expect(err.message).toContain('% Login incorrect');
      fleet.clearFaults(t.id);
      const wrong = await failure(newDriver().poll({ ...t, password: 'not-the-password' }));
      expect(wrong.kind).toBe('credentials');
    });

    it('times out on a blackholed radio at the login prompt and leaves no socket behind', async () => {
      const t = bs();
      fleet.injectFault(t.id, { kind: 'blackhole' });
      const driver = newDriver({ loginTimeoutMs: 300 });
      const err = await failure(driver.poll(t));
      expect(err).toMatchObject({ kind: 'timeout', step: 'login-prompt' });
      await waitFor(() => fleet.state(t.id)!.sessions === 0, 2_000, 'the radio to see the socket go');
      expect(driver.stats().sessions).toBe(0);
      fleet.clearFaults(t.id);
    });

    it('destroys a session that hangs mid-command and logs in afresh next time', async () => {
      const t = cpe();
      const driver = newDriver({ commandTimeoutMs: 300 });
      await driver.poll(t);
      fleet.injectFault(t.id, { kind: 'blackhole' });
      const err = await failure(driver.poll(t));
      expect(err).toMatchObject({ kind: 'timeout', step: 'command' });
      expect(driver.stats()).toMatchObject({ sessions: 0, sessionsDropped: 1 });
      await waitFor(() => fleet.state(t.id)!.sessions === 0, 2_000, 'the hung session to close');
      fleet.clearFaults(t.id);
      await driver.poll(t);
      expect(driver.stats()).toMatchObject({ logins: 2, sessions: 1 });
    });

    it('still works against a slow radio within the deadline', async () => {
      const t = bs();
      fleet.injectFault(t.id, { kind: 'slow', latencyMs: 60 });
      const sample = await newDriver({ commandTimeoutMs: 1_000 }).poll(t);
      expect(sample.system.hostname).toBe(t.id);
      expect(sample.pollMs).toBeGreaterThanOrEqual(150);
      fleet.clearFaults(t.id);
    });

    it('reports a dropped connection as closed and recovers on the next poll', async () => {
      const t = cpe();
      const driver = newDriver();
      fleet.injectFault(t.id, { kind: 'flaky', dropShare: 1 });
      const err = await failure(driver.poll(t));
      expect(err).toMatchObject({ kind: 'closed', step: 'command' });
      fleet.clearFaults(t.id);
      await expect(driver.poll(t)).resolves.toMatchObject({ deviceId: t.id });
      expect(driver.stats()).toMatchObject({ logins: 2, sessions: 1 });
    });

    it('reports an unreachable port as connect', async () => {
      const t = { ...bs(), port: 1 };
      expect((await failure(newDriver().poll(t))).kind).toBe('connect');
    });
  });
});
