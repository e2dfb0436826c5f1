import { Injectable } from '@nestjs/common';
import type { HealthResponse } from '@wsnoc/shared';
import { KeyValueStore } from '@/infra/cache/cache.types.js';
import { AppConfig } from '@/infra/config/config.js';
import { HealthRepository } from './health.repository.js';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what} did not answer in ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly database: HealthRepository,
    private readonly cache: KeyValueStore,
    private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthResponse> {
    const [database, cache] = await Promise.all([this.checkDatabase(), this.checkCache()]);
    return {
      status: database.status === 'up' && cache.status === 'up' ? 'ok' : 'degraded',
      version: this.config.version,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      checks: { database, cache },
    };
  }

  private async checkDatabase(): Promise<HealthResponse['checks']['database']> {
    const kind = this.config.env.DATABASE_URL ? 'postgres' : 'embedded-postgres';
    const started = performance.now();
    try {
      await withTimeout(this.database.ping(), 'database');
      return { status: 'up', kind, latencyMs: round(performance.now() - started) };
    } catch (err) {
      return { status: 'down', kind, error: (err as Error).message };
    }
  }

  private async checkCache(): Promise<HealthResponse['checks']['cache']> {
    try {
      const { kind, latencyMs } = await withTimeout(this.cache.ping(), 'cache');
      return { status: 'up', kind, latencyMs: round(latencyMs) };
    } catch (err) {
      return { status: 'down', kind: this.cache.kind, error: (err as Error).message };
    }
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
