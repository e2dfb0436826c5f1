import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { CommandsModule } from '@/modules/commands/commands.module.js';
import { DriverModule } from '@/modules/driver/driver.module.js';
import { InventoryModule } from '@/modules/inventory/inventory.module.js';
import { LocksModule } from '@/modules/locks/locks.module.js';
import { RealtimeModule } from '@/modules/realtime/realtime.module.js';
import { StateModule } from '@/modules/state/state.module.js';
import { BulkFeedService } from './bulk-feed.service.js';
import { BulkPlanner } from './bulk-planner.js';
import { BulkItemEntity, BulkRunEntity, DesiredConfigEntity } from './bulk-run.entity.js';
import { BulkRunController } from './bulk-run.controller.js';
import { BulkRunEngine } from './bulk-run.engine.js';
import { BulkRunRepository } from './bulk-run.repository.js';
import { BulkRunService } from './bulk-run.service.js';
import { BulkSettings } from './bulk.settings.js';
import { ConfigHistoryController } from './config-history.controller.js';
import { ConfigHistoryService } from './config-history.service.js';
import { ConfigVersionEntity } from './config-version.entity.js';
import { ConfigVersionRepository } from './config-version.repository.js';
import { DriftService } from './drift.service.js';

/**
 * Provisioning: configuration history (versions after every change, on demand and daily; restore),
 * templates, bulk runs through the command path's safe apply, rollback, and drift.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ConfigVersionEntity, BulkRunEntity, BulkItemEntity, DesiredConfigEntity]),
    AuditModule,
    CommandsModule,
    DriverModule,
    InventoryModule,
    LocksModule,
    RealtimeModule,
    StateModule,
  ],
  controllers: [ConfigHistoryController, BulkRunController],
  providers: [
    BulkSettings,
    ConfigVersionRepository,
    ConfigHistoryService,
    BulkRunRepository,
    BulkPlanner,
    BulkRunEngine,
    BulkRunService,
    BulkFeedService,
    DriftService,
  ],
})
export class ProvisioningModule {}
