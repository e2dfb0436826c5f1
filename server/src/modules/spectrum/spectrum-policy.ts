// The spectrum module's rule over the command path: no change made by anyone else may put a radio
// outside its grant. A base station may only go to a channel the database permits at its site now, at a
// power within that channel's limit, and may not be unmuted while the watchdog holds it muted; a CPE may
// not go above its slave limit. Checked before the lock is taken, so a refused change touches no radio.
import { Injectable } from '@nestjs/common';
import type { ConfigValues } from '@wsnoc/shared';
import type { FieldIssue } from '@/infra/errors/app-error.js';
import type { Actor, ConfigPolicy } from '@/modules/commands/command.service.js';
import type { KnownDevice } from '@/modules/inventory/device-directory.service.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { permittedAt } from './channel-selection.js';
import { GrantLifecycleService, SPECTRUM_ACTOR } from './grant-lifecycle.service.js';
import { SpectrumConfig } from './spectrum.config.js';

const TOLERANCE_DB = 0.05;

@Injectable()
export class SpectrumPolicy implements ConfigPolicy {
  constructor(
    private readonly config: SpectrumConfig,
    private readonly lifecycle: GrantLifecycleService,
    private readonly live: LiveStateService,
  ) {}

  async check(device: KnownDevice, values: ConfigValues, actor: Actor): Promise<FieldIssue[]> {
    if (!this.config.enabled || actor.username === SPECTRUM_ACTOR.username) {
      return [];
    }
    const name = device.entity.name;
    if (device.entity.role === 'cpe') {
      const limit = this.lifecycle.cpeLimit(device.entity.id);
      return values.txPowerDbm !== undefined && limit !== null && values.txPowerDbm > limit + TOLERANCE_DB
        ? [
            {
              path: 'set.txPowerDbm',
              message: `${name} may radiate at most ${limit} dBm as a slave of its base station's grant`,
            },
          ]
        : [];
    }
    const station = await this.lifecycle.station(device.entity.id);
    if (!station || station.phase === 'checking') {
      return [];
    }
    const issues: FieldIssue[] = [];
    if (values.enabled === true && (!station.grant || station.mutedBySpectrum)) {
      issues.push({
        path: 'set.enabled',
        message: `${name} is muted by spectrum management (${station.muteReason ?? 'no valid grant'}); it goes back on air by itself after a fresh grant`,
      });
    }
    const touchesRf = values.channel !== undefined || values.txPowerDbm !== undefined;
    if (!touchesRf || !station.grant) {
      return issues;
    }
    // What the whole cell may use (the base station and every CPE where it stands), when known.
    const permitted = permittedAt(
      station.cellSchedule.length ? station.cellSchedule : station.schedule,
      new Date(),
    );
    const channel = values.channel ?? station.grant.channel;
    const permit = permitted.find((p) => p.channel === channel);
    if (!permit) {
      issues.push({
        path: 'set.channel',
        message: `channel ${channel} is not permitted at ${name}'s site now (permitted: ${permitted.map((p) => p.channel).join(', ') || 'none'})`,
      });
      return issues;
    }
    const power = values.txPowerDbm ?? this.live.get(device.entity.id)?.txPowerDbm ?? station.grant.eirpDbm;
    if (power > permit.maxEirpDbm + TOLERANCE_DB) {
      issues.push({
        path: values.txPowerDbm !== undefined ? 'set.txPowerDbm' : 'set.channel',
        message: `${name} may radiate at most ${permit.maxEirpDbm} dBm on channel ${channel} (asked ${power} dBm)`,
      });
    }
    return issues;
  }
}
