import type { DeviceSample, RadioConfig } from '@wsnoc/shared';
import { describe, expect, it, vi } from 'vitest';
import type { AppLogger } from '@/infra/logger/logger.js';
import type { AuditRecord, AuditService } from '@/modules/audit/audit.service.js';
import { DriverError } from '@/modules/driver/driver.errors.js';
import type { DriverService } from '@/modules/driver/driver.service.js';
import type { DeviceDirectory, KnownDevice } from '@/modules/inventory/device-directory.service.js';
import type { DeviceEntity } from '@/modules/inventory/device.entity.js';
import type { DeviceLockService, HeldLock } from '@/modules/locks/device-lock.service.js';
import { LockLostError } from '@/modules/locks/lock.errors.js';
import type { DevicePoller } from '@/modules/polling/device-poller.js';
import type { LiveStateService } from '@/modules/state/live-state.service.js';
import { strictMock } from '../../../test/strict-mock.js';
import { CommandError } from './command.errors.js';
import type { ConfigChangeRepository, NewConfigChange } from './config-change.repository.js';
import { CommandService } from './command.service.js';

const RUNNING: RadioConfig = {
  hostname: 'bs-0001',
  channel: 30,
  txPowerDbm: 30,
  enabled: true,
  managementVlan: 100,
  snmpCommunity: 'wsnoc-ro',
  ntpServer: 'pool.ntp.org',
};

function known(role: 'base-station' | 'cpe'): KnownDevice {
  const entity = { id: 'd1', name: role === 'cpe' ? 'cpe-0001-01' : 'bs-0001', role } as DeviceEntity;
  return {
    entity,
    target: { id: 'd1', host: '127.0.0.1', port: 2323, username: 'admin', password: 'pw', role },
  };
}

const sample = { radio: { bandwidthMHz: 8 } } as DeviceSample;

/** The service with strict mocks; each test provides the driver calls it expects. */
function setup(role: 'base-station' | 'cpe', driver: Partial<DriverService>, held?: Partial<HeldLock>) {
  const device = known(role);
  const audits: AuditRecord[] = [];
  const inserted: NewConfigChange[] = [];
  const lock = { check: vi.fn(() => Promise.resolve()), ...held } as unknown as HeldLock;
  const locks = strictMock<DeviceLockService>('locks', {
    run: vi.fn((_device, _owner, fn: (lock: HeldLock) => Promise<unknown>) => fn(lock)) as never,
  });
  const service = new CommandService(
    strictMock<DeviceDirectory>('directory', {
      require: () => Promise.resolve(device),
      get: () => device,
    }),
    locks,
    strictMock<DriverService>('driver', {
      ...driver,
      // The command path reads lines and config together; the tests give the config alone.
      ...(driver.readConfig
        ? {
            readRunningConfig: async (target: Parameters<DriverService['readConfig']>[0]) => ({
              lines: [],
              config: await driver.readConfig!(target),
            }),
          }
        : {}),
    }),
    strictMock<DevicePoller>('poller', { pollNow: () => Promise.resolve({} as never) }),
    strictMock<LiveStateService>('live', { readSample: () => Promise.resolve(sample) }),
    strictMock<ConfigChangeRepository>('changes', {
      pendingFor: () => Promise.resolve([]),
      insert: (change: NewConfigChange) => {
        inserted.push(change);
        const now = new Date();
        return Promise.resolve({
          ...change,
          id: `c${inserted.length}`,
          createdAt: now,
          updatedAt: now,
        });
      },
    }),
    strictMock<AuditService>('audit', {
      record: (entry: AuditRecord) => {
        audits.push(entry);
        return Promise.resolve();
      },
    }),
    strictMock<AppLogger>('logger'),
  );
  return { service, audits, inserted, locks, lock };
}

const admin = { username: 'alice' };

describe(CommandService.name, () => {
  describe('applyConfig', () => {
    it('refuses a channel on a CPE and one outside the band plan before taking the lock', async () => {
      const cpe = setup('cpe', {});
      await expect(
        cpe.service.applyConfig('d1', { set: { channel: 30 }, mode: 'commit' }, admin),
      ).rejects.toMatchObject({
        code: 'invalid-config',
        details: { issues: [{ path: 'set.channel' }] },
      });
      expect(cpe.locks.run).not.toHaveBeenCalled();
      const bs = setup('base-station', {});
      await expect(
        bs.service.applyConfig('d1', { set: { channel: 15 }, mode: 'commit' }, admin),
      ).rejects.toThrow(/8 MHz channels 21-60; 15/);
      expect(bs.locks.run).not.toHaveBeenCalled();
    });

    it('reads the before, applies under the fencing guard, verifies, probes, records and audits', async () => {
      const applyConfig = vi.fn(() => Promise.resolve({ sent: [], output: ['Commit complete'] }));
      const readConfig = vi
        .fn<() => Promise<RadioConfig>>()
        .mockResolvedValueOnce(RUNNING)
        .mockResolvedValueOnce({ ...RUNNING, txPowerDbm: 27.5 });
      const probeFreshLogin = vi.fn(() => Promise.resolve());
      const { service, audits, inserted, lock } = setup('base-station', {
        applyConfig,
        readConfig,
        probeFreshLogin,
      });
      const change = await service.applyConfig('d1', { set: { txPowerDbm: 27.5 }, mode: 'commit' }, admin);
      expect(change).toMatchObject({
        status: 'applied',
        diff: [{ field: 'txPowerDbm', before: 30, after: 27.5 }],
      });
      expect(applyConfig).toHaveBeenCalledOnce();
      expect((applyConfig.mock.calls[0] as unknown[])[1]).toEqual([{ kind: 'tx-power', dbm: 27.5 }]);
      // The guard handed to the driver is the lock's own fencing check.
      const [, , opts] = applyConfig.mock.calls[0] as unknown as [
        unknown,
        unknown,
        { guard: () => Promise<void> },
      ];
      await opts.guard();
      expect(lock.check).toHaveBeenCalled();
      expect(probeFreshLogin).toHaveBeenCalledOnce();
      expect(inserted).toHaveLength(1);
      expect(audits).toEqual([
        expect.objectContaining({
          actor: { username: 'alice' },
          action: 'device.config',
          outcome: 'ok',
          before: { txPowerDbm: 30 },
          after: { txPowerDbm: 27.5 },
        }),
      ]);
    });

    it('tells a refused line with the device name, audits the failure and records no change', async () => {
      const refused = new DriverError(
        'command',
        'd1',
        '`set radio tx-power 27.5` refused: % Commit failed: busy',
      );
      const { service, audits, inserted } = setup('base-station', {
        readConfig: () => Promise.resolve(RUNNING),
        applyConfig: () => Promise.reject(refused),
      });
      const error = await service
        .applyConfig('d1', { set: { txPowerDbm: 27.5 }, mode: 'commit' }, admin)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DriverError);
      expect((error as DriverError).message).toMatch(/^bs-0001: /);
      expect(inserted).toEqual([]);
      expect(audits[0]?.outcome).toBe('failed');
      expect(audits[0]?.detail).toContain('Commit failed');
    });

    it('reads back after a dropped connection and goes on when the commit landed', async () => {
      const readConfig = vi
        .fn<() => Promise<RadioConfig>>()
        .mockResolvedValueOnce(RUNNING)
        .mockResolvedValue({ ...RUNNING, managementVlan: 200 });
      const { service } = setup('base-station', {
        readConfig,
        applyConfig: () => Promise.reject(new DriverError('closed', 'd1', 'connection dropped mid-command')),
        probeFreshLogin: () => Promise.resolve(),
      });
      const change = await service.applyConfig('d1', { set: { managementVlan: 200 }, mode: 'commit' }, admin);
      expect(change.status).toBe('applied');
    });

    it('records a change the read-back does not show as failed and answers verify-failed', async () => {
      const { service, inserted } = setup('base-station', {
        readConfig: () => Promise.resolve(RUNNING),
        applyConfig: () => Promise.resolve({ sent: [], output: [] }),
      });
      await expect(
        service.applyConfig('d1', { set: { txPowerDbm: 20 }, mode: 'commit' }, admin),
      ).rejects.toBeInstanceOf(CommandError);
      expect(inserted[0]?.status).toBe('failed');
      expect(inserted[0]?.detail).toContain('txPowerDbm=30');
    });

    it('stops before the change when the lock was lost, and sends nothing', async () => {
      const applyConfig = vi.fn();
      const { service, audits } = setup(
        'base-station',
        { applyConfig },
        { check: () => Promise.reject(new LockLostError('another operation holds the radio now')) },
      );
      await expect(
        service.applyConfig('d1', { set: { txPowerDbm: 20 }, mode: 'commit' }, admin),
      ).rejects.toBeInstanceOf(LockLostError);
      expect(applyConfig).not.toHaveBeenCalled();
      expect(audits[0]).toMatchObject({ outcome: 'failed' });
    });
  });
});
