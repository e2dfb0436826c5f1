import { Module } from '@nestjs/common';
import { InventoryModule } from '@/modules/inventory/inventory.module.js';
import { LiveStateRepository } from './live-state.repository.js';
import { LiveStateService } from './live-state.service.js';

/** The fleet's latest state: a mirror per instance over one hash per device and the fleet index. */
@Module({
  imports: [InventoryModule],
  providers: [LiveStateRepository, LiveStateService],
  exports: [LiveStateService],
})
export class StateModule {}
