// Run-time settings of the simulated database: the timers a regulator sets (polling interval, location
// change) and the judge's grace, all changeable through the control API while devices are connected.
import type { RulesetInfo, SpectrumSettingsDto, SpectrumSettingsResponseDto } from '@wsnoc/shared';
import type { RulesetParams } from './ruleset.config.js';

export class PawsSettings {
  maxPollingSecs: number;
  maxLocationChange: number;
  /** null: the grace follows maxPollingSecs, since a device only learns of a withdrawal at its next check. */
  graceSecsOverride: number | null = null;

  constructor(readonly params: RulesetParams) {
    this.maxPollingSecs = params.maxPollingSecs;
    this.maxLocationChange = params.maxLocationChange;
  }

  get graceSecs(): number {
    return this.graceSecsOverride ?? this.maxPollingSecs;
  }

  /** Slaves hear from their master, so they get the master's grace plus the slave cease time. */
  graceMs(slave: boolean): number {
    return (this.graceSecs + (slave ? this.params.slaveGraceSecs : 0)) * 1000;
  }

  update(dto: SpectrumSettingsDto): void {
    if (dto.maxPollingSecs !== undefined) {
      this.maxPollingSecs = dto.maxPollingSecs;
    }
    if (dto.maxLocationChange !== undefined) {
      this.maxLocationChange = dto.maxLocationChange;
    }
    if (dto.graceSecs !== undefined) {
      this.graceSecsOverride = dto.graceSecs;
    }
  }

  rulesetInfo(): RulesetInfo {
    return {
      authority: this.params.authority,
      rulesetId: this.params.rulesetId,
      maxLocationChange: this.maxLocationChange,
      maxPollingSecs: this.maxPollingSecs,
    };
  }

  toDto(): SpectrumSettingsResponseDto {
    return {
      ruleset: this.params.ruleset,
      rulesetId: this.params.rulesetId,
      authority: this.params.authority,
      maxPollingSecs: this.maxPollingSecs,
      maxLocationChange: this.maxLocationChange,
      graceSecs: this.graceSecs,
      slaveGraceSecs: this.params.slaveGraceSecs,
    };
  }
}
