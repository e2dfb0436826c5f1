import { Module } from '@nestjs/common';
import { InventoryModule } from '@/modules/devices/inventory.module.js';
import { DriverModule } from '@/modules/driver/driver.module.js';
import { LocksModule } from '@/modules/locks/locks.module.js';
import { StateModule } from '@/modules/state/state.module.js';
import { TelemetryModule } from '@/modules/telemetry/telemetry.module.js';
import { PollingService } from './polling.service.js';

/** Continuous polling of the shards this instance holds, into the live state and the history. */
@Module({
  imports: [InventoryModule, DriverModule, LocksModule, StateModule, TelemetryModule.register()],
  providers: [PollingService],
  exports: [PollingService, TelemetryModule, DriverModule, LocksModule, StateModule],
})
export class PollingModule {}
