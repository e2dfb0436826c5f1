// Bulk runs' settings, from the validated environment.
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@/infra/config/config.js';

@Injectable()
export class BulkSettings {
  readonly workers: number;
  readonly itemExpireSeconds: number;
  readonly sweepMs: number;

  constructor(config: AppConfig) {
    this.workers = config.env.BULK_WORKERS;
    this.itemExpireSeconds = config.env.BULK_ITEM_EXPIRE_SECONDS;
    this.sweepMs = config.env.BULK_SWEEP_MS;
  }
}
