// Spectrum management's settings, from the validated environment. Unset WSDB_URL turns it off: the
// console then manages no spectrum, and says so on the Spectrum page.
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@/infra/config/config.js';

@Injectable()
export class SpectrumConfig {
  readonly enabled: boolean;
  readonly wsdbUrl: string | null;
  /** Stations asked for in one check cycle (split further into the database's batch requests). */
  readonly batchSize: number;
  /** Changes to radios under way at once (retunes, mutes, turn-downs). */
  readonly actionConcurrency: number;

  constructor(config: AppConfig) {
    this.wsdbUrl = config.env.WSDB_URL ?? null;
    this.enabled = this.wsdbUrl !== null;
    this.batchSize = config.env.SPECTRUM_BATCH_SIZE;
    this.actionConcurrency = config.env.SPECTRUM_ACTION_CONCURRENCY;
  }
}
