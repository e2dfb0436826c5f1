// The root module. Infrastructure (config, logger, database URL, cache) is resolved before Nest starts
// (see bootstrap.ts), so that a bad environment fails with one clear line instead of a DI stack trace.
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { CacheBundle } from './infra/cache/cache.factory.js';
import { KeyValueStore, LockStore, PubSub } from './infra/cache/cache.types.js';
import { AppConfig } from './infra/config/config.js';
import { databaseOptions } from './infra/database/database.options.js';
import type { AppLogger } from './infra/logger/logger.js';
import { LOGGER } from './infra/logger/logger.token.js';
import { AuthController } from './modules/auth/auth.controller.js';
import { AuthGuard } from './modules/auth/auth.guard.js';
import { AuthService } from './modules/auth/auth.service.js';
import { LoginThrottleRepository } from './modules/auth/login-throttle.repository.js';
import { SessionRepository } from './modules/auth/session.repository.js';
import { UserEntity } from './modules/auth/user.entity.js';
import { UserRepository } from './modules/auth/user.repository.js';
import { AuditController } from './modules/audit/audit.controller.js';
import { AuditEntity } from './modules/audit/audit.entity.js';
import { AuditRepository } from './modules/audit/audit.repository.js';
import { AuditService } from './modules/audit/audit.service.js';
import { DeviceActionsService } from './modules/devices/device-actions.service.js';
import { DeviceImportService } from './modules/devices/device-import.service.js';
import { DeviceController } from './modules/devices/device.controller.js';
import { DeviceEntity, SiteEntity } from './modules/devices/device.entity.js';
import { DeviceRepository } from './modules/devices/device.repository.js';
import { DeviceService } from './modules/devices/device.service.js';
import { EnrolmentService } from './modules/devices/enrolment.service.js';
import { DocsController } from './modules/docs/docs.controller.js';
import { DRIVER_OPTIONS } from './modules/driver/driver.service.js';
import { DriverModule } from './modules/driver/driver.module.js';
import { DeviceLockService } from './modules/locks/device-lock.service.js';
import { PollingService } from './modules/polling/polling.service.js';
import { FeedService } from './modules/realtime/feed.service.js';
import { LiveStateRepository } from './modules/state/live-state.repository.js';
import { LiveStateService } from './modules/state/live-state.service.js';
import { TelemetryModule } from './modules/telemetry/telemetry.module.js';
import { DomainEvents } from './infra/events/domain-events.js';
import { loadSecretKey, SecretBox } from './infra/crypto/secret-box.js';
import { HealthController } from './modules/health/health.controller.js';
import { HealthService } from './modules/health/health.service.js';
import { MetricsController } from './modules/metrics/metrics.controller.js';
import { MetricsService } from './modules/metrics/metrics.service.js';
import { OpsGateway } from './modules/realtime/ops.gateway.js';

export interface Infrastructure {
  config: AppConfig;
  logger: AppLogger;
  databaseUrl: string;
  cache: CacheBundle;
}

@Global()
@Module({})
class InfrastructureModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: AppConfig, useValue: infra.config },
        { provide: LOGGER, useValue: infra.logger },
        { provide: KeyValueStore, useValue: infra.cache.store },
        { provide: LockStore, useValue: infra.cache.locks },
        { provide: PubSub, useValue: infra.cache.pubsub },
        {
          provide: SecretBox,
          useValue: new SecretBox(loadSecretKey(infra.config.env.WSNOC_SECRET_KEY, infra.config.dataDir)),
        },
        {
          provide: DRIVER_OPTIONS,
          useValue: { commandTimeoutMs: infra.config.env.DRIVER_COMMAND_TIMEOUT_MS },
        },
        MetricsService,
        DomainEvents,
      ],
      exports: [
        AppConfig,
        LOGGER,
        KeyValueStore,
        LockStore,
        PubSub,
        SecretBox,
        DRIVER_OPTIONS,
        MetricsService,
        DomainEvents,
      ],
    };
  }
}

/** Every HTTP controller. The route-table test checks each against the shared API_ROUTES. */
export const CONTROLLERS = [
  AuthController,
  HealthController,
  MetricsController,
  DocsController,
  DeviceController,
  AuditController,
];

@Module({})
export class AppModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(infra),
        TypeOrmModule.forRoot({ ...databaseOptions(infra.databaseUrl), retryAttempts: 0 }),
        TypeOrmModule.forFeature([UserEntity, SiteEntity, DeviceEntity, AuditEntity]),
        DriverModule,
        TelemetryModule.register(),
      ],
      controllers: CONTROLLERS,
      providers: [
        UserRepository,
        SessionRepository,
        LoginThrottleRepository,
        AuthService,
        HealthService,
        AuditRepository,
        AuditService,
        DeviceRepository,
        DeviceService,
        DeviceImportService,
        DeviceActionsService,
        EnrolmentService,
        DeviceLockService,
        LiveStateRepository,
        LiveStateService,
        PollingService,
        FeedService,
        OpsGateway,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
