// Process-wide infrastructure, resolved before Nest starts (see bootstrap.ts) and provided globally:
// config, logger, cache/locks/pub-sub, the secret box, metrics and the domain event bus. It imports no
// feature module: features depend on infra, never the other way round.
import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { CacheBundle } from './cache/cache.factory.js';
import { KeyValueStore, LockStore, PubSub } from './cache/cache.types.js';
import { AppConfig } from './config/config.js';
import { loadSecretKey, SecretBox } from './crypto/secret-box.js';
import { DomainEvents } from './events/domain-events.js';
import type { AppLogger } from './logger/logger.js';
import { LOGGER } from './logger/logger.token.js';
import { JobQueue } from './jobs/job-queue.js';
import { MetricsService } from './metrics/metrics.service.js';

export interface Infrastructure {
  config: AppConfig;
  logger: AppLogger;
  databaseUrl: string;
  cache: CacheBundle;
}

const EXPORTS = [
  AppConfig,
  LOGGER,
  KeyValueStore,
  LockStore,
  PubSub,
  SecretBox,
  MetricsService,
  DomainEvents,
  JobQueue,
];

@Global()
@Module({})
export class InfrastructureModule {
  static register(infra: Infrastructure): DynamicModule {
    const { env, dataDir } = infra.config;
    return {
      module: InfrastructureModule,
      providers: [
        { provide: AppConfig, useValue: infra.config },
        { provide: LOGGER, useValue: infra.logger },
        { provide: KeyValueStore, useValue: infra.cache.store },
        { provide: LockStore, useValue: infra.cache.locks },
        { provide: PubSub, useValue: infra.cache.pubsub },
        { provide: SecretBox, useValue: new SecretBox(loadSecretKey(env.WSNOC_SECRET_KEY, dataDir)) },
        MetricsService,
        DomainEvents,
        { provide: JobQueue, useValue: new JobQueue(infra.databaseUrl, infra.logger) },
      ],
      exports: EXPORTS,
    };
  }
}
