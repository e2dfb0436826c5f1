import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { DriverModule } from '@/modules/driver/driver.module.js';
import { InventoryModule } from '@/modules/inventory/inventory.module.js';
import { LocksModule } from '@/modules/locks/locks.module.js';
import { PollingModule } from '@/modules/polling/polling.module.js';
import { StateModule } from '@/modules/state/state.module.js';
import { CommandService } from './command.service.js';
import { ConfigChangeEntity } from './config-change.entity.js';
import { ConfigChangeRepository } from './config-change.repository.js';

/** The command path: every change to a radio, under its lock, verified, audited and recorded. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ConfigChangeEntity]),
    AuditModule,
    DriverModule,
    InventoryModule,
    LocksModule,
    PollingModule,
    StateModule,
  ],
  providers: [ConfigChangeRepository, CommandService],
  exports: [CommandService],
})
export class CommandsModule {}
