// Operator actions on one radio: each through the device lock and the driver, each audited with its
// outcome (ok, failed, or refused because another operation held the radio).
import { BadGatewayException, GatewayTimeoutException, Injectable, NotFoundException } from '@nestjs/common';
import type { ActionAccepted, DeviceLive, RunningConfigResponse } from '@wsnoc/shared';
import { AuditService } from '@/modules/audit/audit.service.js';
import { isDriverError } from '@/modules/driver/driver.errors.js';
import { DriverService } from '@/modules/driver/driver.service.js';
import { DeviceBusyException, DeviceLockService } from '@/modules/locks/device-lock.service.js';
import { PollingService } from '@/modules/polling/polling.service.js';
import { DeviceService } from './device.service.js';

export interface Actor {
  username: string;
}

@Injectable()
export class DeviceActionsService {
  constructor(
    private readonly devices: DeviceService,
    private readonly locks: DeviceLockService,
    private readonly driver: DriverService,
    private readonly polling: PollingService,
    private readonly audit: AuditService,
  ) {}

  refresh(deviceId: string, actor: Actor): Promise<DeviceLive> {
    return this.act(deviceId, actor, 'device.refresh', () => this.polling.refresh(deviceId));
  }

  async reboot(deviceId: string, actor: Actor): Promise<ActionAccepted> {
    await this.act(deviceId, actor, 'device.reboot', async () => {
      await this.driver.reboot(this.target(deviceId));
      return null;
    });
    return { accepted: true };
  }

  async runningConfig(deviceId: string, actor: Actor): Promise<RunningConfigResponse> {
    const lines = await this.act(
      deviceId,
      actor,
      'device.read-config',
      () => this.driver.runningConfig(this.target(deviceId)),
      false,
    );
    return { lines };
  }

  private target(deviceId: string) {
    const target = this.polling.target(deviceId);
    if (!target) {
      throw new NotFoundException(`No device with id ${deviceId}`);
    }
    return target;
  }

  private async act<T>(
    deviceId: string,
    actor: Actor,
    action: string,
    fn: () => Promise<T>,
    auditResult = true,
  ): Promise<T> {
    const device = await this.devices.require(deviceId);
    try {
      const result = await this.locks.run(device, `${actor.username} (${action.replace('device.', '')})`, fn);
      await this.audit.record({
        actor: actor.username,
        action,
        deviceId,
        outcome: 'ok',
        after: auditResult ? result : null,
      });
      return result;
    } catch (err) {
      const refused = err instanceof DeviceBusyException;
      await this.audit.record({
        actor: actor.username,
        action,
        deviceId,
        outcome: refused ? 'refused' : 'failed',
        detail: (err as Error).message,
      });
      if (isDriverError(err)) {
        throw err.kind === 'timeout'
          ? new GatewayTimeoutException(`${device.name}: ${err.message}`)
          : new BadGatewayException(`${device.name} (${err.kind}): ${err.message}`);
      }
      throw err;
    }
  }
}
