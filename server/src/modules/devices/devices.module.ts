import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { PollingModule } from '@/modules/polling/polling.module.js';
import { DeviceActionsService } from './device-actions.service.js';
import { DeviceController } from './device.controller.js';
import { InventoryModule } from './inventory.module.js';

/** The devices REST API: inventory, live list, history, and actions on one radio. */
@Module({
  imports: [InventoryModule, PollingModule, AuditModule],
  controllers: [DeviceController],
  providers: [DeviceActionsService],
})
export class DevicesModule {}
