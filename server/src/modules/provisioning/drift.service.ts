// Drift: where a device's running configuration differs from its desired one (the values the bulk runs
// that changed it set). The running side is the newest configuration version (kept after every change,
// on demand and daily), with the newest poll's channel and transmit power, which polls read anyway.
import { Injectable } from '@nestjs/common';
import {
  CONFIG_FIELD_NAMES,
  type ConfigValues,
  type DeviceDrift,
  type DriftItem,
  type RadioConfig,
} from '@wsnoc/shared';
import { DeviceDirectory } from '@/modules/inventory/device-directory.service.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { BulkRunRepository } from './bulk-run.repository.js';
import { ConfigVersionRepository } from './config-version.repository.js';

@Injectable()
export class DriftService {
  constructor(
    private readonly runs: BulkRunRepository,
    private readonly versions: ConfigVersionRepository,
    private readonly directory: DeviceDirectory,
    private readonly live: LiveStateService,
  ) {}

  async forDevice(deviceId: string): Promise<DeviceDrift> {
    const device = await this.directory.require(deviceId);
    const [desired, latest] = await Promise.all([
      this.runs.findDesired(device.entity.id),
      this.versions.latest(device.entity.id),
    ]);
    return this.compare(
      device.entity.id,
      desired?.desired ?? null,
      latest ? { config: latest.config, at: latest.takenAt } : null,
    );
  }

  /** Every device that drifted. */
  async all(): Promise<DeviceDrift[]> {
    const desired = (await this.runs.allDesired()).filter((d) => this.directory.has(d.deviceId));
    const latest = await this.versions.latestOf(desired.map((d) => d.deviceId));
    return desired
      .map((d) => this.compare(d.deviceId, d.desired, latest.get(d.deviceId) ?? null))
      .filter((d) => d.drift.length > 0);
  }

  private compare(
    deviceId: string,
    desired: ConfigValues | null,
    known: { config: RadioConfig; at: Date } | null,
  ): DeviceDrift {
    const live = this.live.get(deviceId);
    const running: RadioConfig | null = known
      ? {
          ...known.config,
          ...(live?.txPowerDbm !== null && live?.txPowerDbm !== undefined
            ? { txPowerDbm: live.txPowerDbm }
            : {}),
          ...(live?.role === 'base-station' && live.channel !== null ? { channel: live.channel } : {}),
        }
      : null;
    const drift: DriftItem[] = [];
    if (desired && running) {
      for (const field of CONFIG_FIELD_NAMES) {
        const want = desired[field];
        if (want !== undefined && running[field] !== want) {
          drift.push({ field, desired: want, running: running[field] });
        }
      }
    }
    return {
      deviceId,
      desired: desired ?? null,
      running,
      runningAt: known?.at.toISOString() ?? null,
      drift,
    };
  }
}
