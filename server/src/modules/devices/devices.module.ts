import { Module } from '@nestjs/common';
import { CommandsModule } from '@/modules/commands/commands.module.js';
import { InventoryModule } from '@/modules/inventory/inventory.module.js';
import { LocksModule } from '@/modules/locks/locks.module.js';
import { PollingModule } from '@/modules/polling/polling.module.js';
import { StateModule } from '@/modules/state/state.module.js';
import { DeviceController } from './device.controller.js';

/** The devices REST API: inventory, live list, history, and actions and configuration on one radio. */
@Module({
  imports: [InventoryModule, CommandsModule, PollingModule, StateModule, LocksModule],
  controllers: [DeviceController],
})
export class DevicesModule {}
