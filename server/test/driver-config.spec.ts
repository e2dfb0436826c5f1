// Configuration, reboot, keepalive, throttling and shutdown through the driver, against the real lab.
import type { RadioSummary } from '@wsnoc/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Fleet, RawTelnetClient } from '../../simulator/src/index.js';
import {
  DeviceDriver,
  DriverError,
  type ConfigSet,
  type DeviceTarget,
  type DriverOptions,
} from '@/modules/driver/index.js';
import { waitFor } from './wait-for.js';

let fleet: Fleet;
const drivers: DeviceDriver[] = [];
const clients: RawTelnetClient[] = [];

function newDriver(opts: DriverOptions = {}): DeviceDriver {
  const d = new DeviceDriver({ keepaliveIdleMs: 0, backoffBaseMs: 20, backoffMaxMs: 50, ...opts });
  drivers.push(d);
  return d;
}

function targetOf(r: RadioSummary): DeviceTarget {
  return { id: r.id, host: r.host, port: r.port, username: r.username, password: r.password, role: r.role };
}

let nextBs = 0;
let nextCpe = 0;
const bs = (): DeviceTarget =>
  fleet
    .radios()
    .filter((r) => r.role === 'base-station')
    .map(targetOf)[nextBs++]!;
const cpe = (): DeviceTarget =>
  fleet
    .radios()
    .filter((r) => r.role === 'cpe')
    .map(targetOf)[nextCpe++]!;

async function failure(p: Promise<unknown>): Promise<DriverError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DriverError);
    return err as DriverError;
  }
  throw new Error('expected a DriverError');
}

function otherChannel(current: number): number {
  return fleet.plan.isValidChannel(current + 1) ? current + 1 : current - 1;
}

beforeAll(async () => {
  fleet = Fleet.create({ radios: 120, seed: 32, firstAddress: '127.31.1.1', port: 0, rebootMs: 150 });
  await fleet.start();
});

afterEach(async () => {
  for (const c of clients.splice(0)) {
    c.destroy();
  }
  await Promise.all(drivers.splice(0).map((d) => d.close()));
});

afterAll(async () => {
  await fleet.stop();
});

describe(DeviceDriver.name, () => {
  describe('applyConfig', () => {
    it('changes the channel and a read-back shows it', async () => {
      const t = bs();
      const driver = newDriver();
      const before = fleet.state(t.id)!.config.channel!;
      const channel = otherChannel(before);
      const result = await driver.applyConfig(t, [{ kind: 'channel', channel }]);
      expect(result.sent).toEqual(['configure', `set radio channel ${channel}`, 'commit', 'exit']);
      expect(result.output).toContain('Commit complete');
      expect((await driver.poll(t)).radio.channel).toBe(channel);
      expect(await driver.runningConfig(t)).toContain(`set radio channel ${channel}`);
      expect(fleet.state(t.id)).toMatchObject({ channel, configLocked: false });
    });

    it('applies several items at once, including a hostname that changes the prompt', async () => {
      const t = bs();
      const driver = newDriver();
      // the site's switch carries VLAN 42 too, so moving the radio to it keeps management
      fleet.setSiteVlans(fleet.radio(t.id)!.site, [fleet.state(t.id)!.config.managementVlan, 42]);
      await driver.applyConfig(t, [
        { kind: 'hostname', hostname: 'mast-7' },
        { kind: 'tx-power', dbm: 20.5 },
        { kind: 'management-vlan', vlan: 42 },
        { kind: 'snmp-community', community: 'ops!ro' },
        { kind: 'ntp-server', server: 'ntp.example.net' },
        { kind: 'enabled', enabled: false },
      ]);
      const sample = await driver.poll(t);
      expect(sample.system.hostname).toBe('mast-7');
      expect(sample.radio).toMatchObject({ txPowerDbm: 20.5, enabled: false, transmitting: false });
      expect(fleet.state(t.id)!.config).toMatchObject({
        hostname: 'mast-7',
        managementVlan: 42,
        snmpCommunity: 'ops!ro',
        ntpServer: 'ntp.example.net',
      });
      expect(driver.stats().logins).toBe(1);
    });

    it('rejects invalid input before anything is sent', async () => {
      const t = bs();
      const driver = newDriver();
      await driver.poll(t);
      const config = fleet.state(t.id)!.config;
      const commands = driver.stats().commands;
      const bad: ConfigSet[][] = [
        [{ kind: 'hostname', hostname: 'evil\r\nreboot' }],
        [
          { kind: 'channel', channel: 21 },
          { kind: 'snmp-community', community: 'two words' },
        ],
        [{ kind: 'channel', channel: 21.5 }],
        [{ kind: 'tx-power', dbm: Number.NaN }],
        [{ kind: 'ntp-server', server: 'pool.ntp.org\u0007' }],
        [{ kind: 'management-vlan', vlan: 4095 }],
        [{ kind: 'enabled', enabled: 'yes' as unknown as boolean }],
        [{ kind: 'bogus' } as unknown as ConfigSet],
        [],
      ];
      for (const sets of bad) {
        const err = await failure(driver.applyConfig(t, sets));
        expect(err.kind).toBe('invalid-input');
      }
      expect(
        (await failure(driver.applyConfig(t, [{ kind: 'enabled', enabled: true }], { confirmedMinutes: -1 })))
          .kind,
      ).toBe('invalid-input');
      const poisoned = await failure(newDriver().poll({ ...t, password: 'x\nshow system' }));
      expect(poisoned.kind).toBe('invalid-input');
      expect(poisoned.message).not.toContain('show system');
      expect(driver.stats().commands).toBe(commands);
      expect(fleet.state(t.id)!.config).toEqual(config);
    });

    it('surfaces a value the radio refuses and leaves configuration mode', async () => {
      const t = bs();
      const driver = newDriver();
      const config = fleet.state(t.id)!.config;
      const err = await failure(driver.applyConfig(t, [{ kind: 'channel', channel: 999 }]));
      expect(err).toMatchObject({ kind: 'command', deviceMessage: '% Invalid value for channel: 999' });
      expect(fleet.state(t.id)).toMatchObject({ config, configLocked: false });
      await expect(driver.poll(t)).resolves.toMatchObject({ deviceId: t.id });
    });

    it('surfaces a commit failure with the radio message and changes nothing', async () => {
      const t = bs();
      fleet.injectFault(t.id, { kind: 'commit-failure', message: 'flash is full' });
      const driver = newDriver();
      const config = fleet.state(t.id)!.config;
      const err = await failure(
        driver.applyConfig(t, [{ kind: 'channel', channel: otherChannel(config.channel!) }]),
      );
      expect(err).toMatchObject({ kind: 'command', deviceMessage: '% Commit failed: flash is full' });
      expect(err.message).toContain('flash is full');
      expect(fleet.state(t.id)).toMatchObject({ config, configLocked: false });
      fleet.clearFaults(t.id);
    });

    it('reports the configuration lock held by another session as locked', async () => {
      const t = cpe();
      const other = await RawTelnetClient.connect({ host: t.host, port: t.port });
      clients.push(other);
      await other.login(t.username, t.password);
      await other.command('configure');
      const err = await failure(newDriver().applyConfig(t, [{ kind: 'tx-power', dbm: 10 }]));
      expect(err).toMatchObject({
        kind: 'locked',
        deviceMessage: '% Configuration locked by another session',
      });
    });

    it('commits confirmed, then confirms', async () => {
      const t = bs();
      const driver = newDriver();
      const channel = otherChannel(fleet.state(t.id)!.config.channel!);
      const applied = await driver.applyConfig(t, [{ kind: 'channel', channel }], { confirmedMinutes: 5 });
      expect(applied.sent).toContain('commit confirmed 5');
      expect(fleet.state(t.id)!.pendingConfirm).not.toBeNull();
      await driver.confirmCommit(t);
      expect(fleet.state(t.id)).toMatchObject({ pendingConfirm: null, channel });
    });
  });

  describe('reboot', () => {
    it('reboots, drops the session, and polls again once the radio is back', async () => {
      const t = cpe();
      const driver = newDriver();
      await driver.poll(t);
      await driver.reboot(t);
      expect(fleet.state(t.id)!.up).toBe(false);
      expect(driver.stats().sessions).toBe(0);
      await waitFor(() => fleet.state(t.id)!.up, 3_000, 'the radio to come back');
      driver.resetBackoff(t.id);
      const sample = await driver.poll(t);
      expect(sample.system.uptimeSec).toBeLessThan(5);
    });
  });

  describe('pool', () => {
    it('keeps an idle session alive with keepalives, without logging in again', async () => {
      const t = cpe();
      const driver = newDriver({ keepaliveIdleMs: 100 });
      await driver.poll(t);
      await waitFor(() => driver.stats().keepalives >= 2, 3_000, 'two keepalives');
      expect(driver.stats()).toMatchObject({ logins: 1, sessions: 1 });
    });

    it('detects a dead idle session by its keepalive and drops it', async () => {
      const t = cpe();
      const driver = newDriver({ keepaliveIdleMs: 100, commandTimeoutMs: 200 });
      await driver.poll(t);
      fleet.injectFault(t.id, { kind: 'blackhole' });
      await waitFor(() => driver.stats().sessionsDropped === 1, 3_000, 'the keepalive to drop the session');
      expect(driver.stats().sessions).toBe(0);
      fleet.clearFaults(t.id);
    });

    it('throttles simultaneous logins to the configured limit', async () => {
      const targets = Array.from({ length: 8 }, () => cpe());
      for (const t of targets) {
        fleet.injectFault(t.id, { kind: 'slow', latencyMs: 30 });
      }
      const driver = newDriver({ maxConcurrentLogins: 2 });
      let peak = 0;
      let done = false;
      const all = Promise.all(targets.map((t) => driver.poll(t))).finally(() => {
        done = true;
      });
      await waitFor(
        () => {
          peak = Math.max(peak, driver.stats().opening);
          return done;
        },
        10_000,
        'all polls',
      );
      await all;
      expect(peak).toBe(2);
      expect(driver.stats()).toMatchObject({ logins: 8, sessions: 8 });
      for (const t of targets) {
        fleet.clearFaults(t.id);
      }
    });

    it('close destroys every session and refuses later work', async () => {
      const driver = newDriver();
      const targets = [bs(), cpe(), cpe()];
      await Promise.all(targets.map((t) => driver.poll(t)));
      expect(targets.every((t) => fleet.state(t.id)!.sessions === 1)).toBe(true);
      await driver.close();
      await waitFor(
        () => targets.every((t) => fleet.state(t.id)!.sessions === 0),
        2_000,
        'the radios to see the sockets go',
      );
      expect(driver.stats().sessions).toBe(0);
      expect((await failure(driver.poll(targets[0]!))).kind).toBe('closed');
    });
  });
});
