// Each radio's configuration history. A version is kept after every verified change (and the snapshot
// just before it, when the history did not have it yet), on demand, and by a daily backup that stores a
// version only when the radio's configuration changed. Any version can be restored through the command
// path's safe apply (commit confirmed, verified, a fresh login, confirmed).
import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  CONFIG_FIELD_NAMES,
  type ConfigChange,
  type ConfigValues,
  type ConfigVersion,
  type ConfigVersionSource,
  type ConfigVersionSummary,
  type RadioConfig,
} from '@wsnoc/shared';
import { JobQueue } from '@/infra/jobs/job-queue.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { type Actor, CommandService, type VerifiedChange } from '@/modules/commands/command.service.js';
import { DriverService } from '@/modules/driver/driver.service.js';
import { DeviceDirectory } from '@/modules/inventory/device-directory.service.js';
import { DeviceLockService } from '@/modules/locks/device-lock.service.js';
import type { ConfigVersionEntity } from './config-version.entity.js';
import { ConfigVersionRepository } from './config-version.repository.js';
import { ProvisioningError } from './provisioning.errors.js';

const BACKUP_QUEUE = 'config-backup';
/** Every day at 03:00 UTC, when a rural network is quietest. */
const BACKUP_HOUR_UTC = 3;
const BACKUP_CONCURRENCY = 8;
const BACKUP_ACTOR = 'backup';
/** A restore reverts by itself unless it verifies and a fresh login works within this window. */
const RESTORE_CONFIRM_MINUTES = 5;

export function configHash(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

@Injectable()
export class ConfigHistoryService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly commands: CommandService,
    private readonly versions: ConfigVersionRepository,
    private readonly directory: DeviceDirectory,
    private readonly driver: DriverService,
    private readonly locks: DeviceLockService,
    private readonly jobs: JobQueue,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  onModuleInit(): void {
    this.commands.addObserver((change) => this.recordChange(change));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.daily(BACKUP_QUEUE, BACKUP_HOUR_UTC, () => this.backupAll().then(() => undefined));
  }

  async list(deviceId: string, limit = 100): Promise<ConfigVersionSummary[]> {
    const device = await this.directory.require(deviceId);
    return (await this.versions.list(device.entity.id, limit)).map(mapSummary);
  }

  async get(deviceId: string, versionId: string): Promise<ConfigVersion> {
    const device = await this.directory.require(deviceId);
    const version = await this.versions.find(device.entity.id, versionId);
    if (!version) {
      throw new ProvisioningError('version-not-found', `${device.entity.name} has no version ${versionId}`);
    }
    return { ...mapSummary(version), lines: version.lines, config: version.config };
  }

  /** Reads the running configuration now (through the command path) and keeps it as a version. */
  async takeNow(deviceId: string, actor: Actor): Promise<ConfigVersion> {
    const { lines, config } = await this.commands.runningConfig(deviceId, actor);
    const version = await this.store(deviceId, 'on-demand', actor.username, null, { lines, config });
    return { ...mapSummary(version), lines: version.lines, config: version.config };
  }

  /** Puts a version back on the radio with the safe apply; the answer is the change. */
  async restore(deviceId: string, versionId: string, actor: Actor): Promise<ConfigChange> {
    const version = await this.get(deviceId, versionId);
    return this.commands.applyConfig(
      deviceId,
      { set: valuesOf(version.config), mode: 'confirmed', confirmMinutes: RESTORE_CONFIRM_MINUTES },
      actor,
      { confirmAfterVerify: true },
    );
  }

  /** The daily backup: every radio's running configuration, kept when it differs from its last version. */
  async backupAll(): Promise<{ stored: number; unchanged: number; failed: number }> {
    const devices = [...this.directory.all()];
    const counts = { stored: 0, unchanged: 0, failed: 0 };
    let next = 0;
    const worker = async () => {
      for (let device = devices[next++]; device; device = devices[next++]) {
        try {
          // Like a poll: it takes the lock only if free, and skips a radio someone is working on.
          const read = await this.locks.tryRun(
            device.entity.id,
            BACKUP_ACTOR,
            () => this.driver.readRunningConfig(device.target),
            30_000,
          );
          if (!read) {
            counts.failed++;
            continue;
          }
          const latest = await this.versions.latest(device.entity.id);
          if (latest?.hash === configHash(read.lines)) {
            counts.unchanged++;
          } else {
            await this.store(device.entity.id, 'daily', BACKUP_ACTOR, null, read);
            counts.stored++;
          }
        } catch {
          counts.failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: BACKUP_CONCURRENCY }, worker));
    this.logger.info(counts, 'daily configuration backup');
    return counts;
  }

  /**
   * A version of what the radio runs after a change (and the snapshot before it, when not kept yet), and
   * after a rollback or a revert, when that differs from the newest version.
   */
  private async recordChange(change: VerifiedChange): Promise<void> {
    const latest = await this.versions.latest(change.deviceId);
    let newest = latest?.hash;
    if (change.before && newest !== configHash(change.before.lines)) {
      await this.store(change.deviceId, 'snapshot', change.actor, null, change.before);
      newest = configHash(change.before.lines);
    }
    const undone = change.status === 'reverted' || change.status === 'rolled-back';
    if (!undone || newest !== configHash(change.after.lines)) {
      await this.store(change.deviceId, 'change', change.actor, change.changeId, change.after);
    }
  }

  private store(
    deviceId: string,
    source: ConfigVersionSource,
    actor: string,
    changeId: string | null,
    read: { lines: string[]; config: RadioConfig },
  ): Promise<ConfigVersionEntity> {
    return this.versions.insert({
      deviceId,
      source,
      actor,
      changeId,
      hash: configHash(read.lines),
      lines: read.lines,
      config: read.config,
    });
  }
}

/** Every value of a configuration, as a change would set them (a CPE has no channel of its own). */
export function valuesOf(config: RadioConfig): ConfigValues {
  const values: ConfigValues = {};
  for (const field of CONFIG_FIELD_NAMES) {
    const value = config[field];
    if (value !== null) {
      Object.assign(values, { [field]: value });
    }
  }
  return values;
}

function mapSummary(version: ConfigVersionEntity): ConfigVersionSummary {
  return {
    id: version.id,
    deviceId: version.deviceId,
    takenAt: version.takenAt.toISOString(),
    source: version.source,
    actor: version.actor,
    changeId: version.changeId,
    hash: version.hash,
  };
}
