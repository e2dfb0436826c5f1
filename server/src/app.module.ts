// The root module: infrastructure resolved before Nest starts (see bootstrap.ts), the database, and one
// module per capability.
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions } from './infra/database/database.options.js';
import { type Infrastructure, InfrastructureModule } from './infra/infrastructure.module.js';
import { AlertsController } from './modules/alerts/alerts.controller.js';
import { AlertsModule } from './modules/alerts/alerts.module.js';
import { AuditController } from './modules/audit/audit.controller.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthController } from './modules/auth/auth.controller.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { UsersController } from './modules/auth/users.controller.js';
import { DeviceController } from './modules/devices/device.controller.js';
import { DevicesModule } from './modules/devices/devices.module.js';
import { DocsController } from './modules/docs/docs.controller.js';
import { HealthController } from './modules/health/health.controller.js';
import { OperationsModule } from './modules/health/operations.module.js';
import { MetricsController } from './modules/metrics/metrics.controller.js';
import { BulkRunController } from './modules/provisioning/bulk-run.controller.js';
import { ConfigHistoryController } from './modules/provisioning/config-history.controller.js';
import { ProvisioningModule } from './modules/provisioning/provisioning.module.js';
import { RealtimeModule } from './modules/realtime/realtime.module.js';
import { SpectrumController } from './modules/spectrum/spectrum.controller.js';
import { SpectrumModule } from './modules/spectrum/spectrum.module.js';
import { WallController } from './modules/wall/wall.controller.js';
import { WallModule } from './modules/wall/wall.module.js';

export type { Infrastructure } from './infra/infrastructure.module.js';

/** Every HTTP controller. The route-table test checks each against the shared API_ROUTES. */
export const CONTROLLERS = [
  AuthController,
  UsersController,
  HealthController,
  MetricsController,
  DocsController,
  DeviceController,
  AuditController,
  SpectrumController,
  ConfigHistoryController,
  BulkRunController,
  WallController,
  AlertsController,
];

@Module({})
export class AppModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(infra),
        TypeOrmModule.forRoot({
          ...databaseOptions(infra.databaseUrl),
          autoLoadEntities: true,
          retryAttempts: 0,
        }),
        AuthModule,
        AuditModule,
        OperationsModule,
        DevicesModule,
        SpectrumModule,
        ProvisioningModule,
        RealtimeModule,
        WallModule,
        AlertsModule,
      ],
    };
  }
}
