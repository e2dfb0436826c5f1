// Nest face of the driver: a thin wrapper so modules can inject it, with the sessions closed on shutdown.
// The logic lives in DeviceDriver, which needs no Nest.
import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import type { DeviceSample, RadioConfig } from '@wsnoc/shared';
import type { GpsFix } from './cli-parsers.js';
import { DeviceDriver } from './device-driver.js';
import type {
  ApplyConfigOptions,
  ApplyConfigResult,
  ConfigSet,
  DeviceTarget,
  DriverOptions,
  PoolStats,
} from './driver.types.js';

/** Optional provider token for driver timeouts and throttles; defaults apply without it. */
export const DRIVER_OPTIONS = Symbol('DRIVER_OPTIONS');

@Injectable()
export class DriverService implements OnModuleDestroy {
  readonly driver: DeviceDriver;

  constructor(@Optional() @Inject(DRIVER_OPTIONS) options?: DriverOptions) {
    this.driver = new DeviceDriver(options ?? {});
  }

  poll(target: DeviceTarget): Promise<DeviceSample> {
    return this.driver.poll(target);
  }

  readGps(target: DeviceTarget): Promise<GpsFix> {
    return this.driver.readGps(target);
  }

  runningConfig(target: DeviceTarget): Promise<string[]> {
    return this.driver.runningConfig(target);
  }

  applyConfig(
    target: DeviceTarget,
    sets: readonly ConfigSet[],
    opts?: ApplyConfigOptions,
  ): Promise<ApplyConfigResult> {
    return this.driver.applyConfig(target, sets, opts);
  }

  confirmCommit(target: DeviceTarget, opts?: Pick<ApplyConfigOptions, 'guard'>): Promise<ApplyConfigResult> {
    return this.driver.confirmCommit(target, opts);
  }

  readConfig(target: DeviceTarget): Promise<RadioConfig> {
    return this.driver.readConfig(target);
  }

  readRunningConfig(target: DeviceTarget): Promise<{ lines: string[]; config: RadioConfig }> {
    return this.driver.readRunningConfig(target);
  }

  probeFreshLogin(target: DeviceTarget): Promise<void> {
    return this.driver.probeFreshLogin(target);
  }

  reboot(target: DeviceTarget): Promise<void> {
    return this.driver.reboot(target);
  }

  stats(): PoolStats {
    return this.driver.stats();
  }

  forget(deviceId: string): void {
    this.driver.forget(deviceId);
  }

  release(deviceId: string): void {
    this.driver.release(deviceId);
  }

  resetBackoff(deviceId: string): void {
    this.driver.resetBackoff(deviceId);
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  onModuleDestroy(): Promise<void> {
    return this.driver.close();
  }
}
