import { Module } from '@nestjs/common';
import { AnalyticsStreamModule } from '@/modules/analytics/analytics.module.js';
import { DriverModule } from '@/modules/driver/driver.module.js';
import { InventoryModule } from '@/modules/inventory/inventory.module.js';
import { LocksModule } from '@/modules/locks/locks.module.js';
import { StateModule } from '@/modules/state/state.module.js';
import { TelemetryModule } from '@/modules/telemetry/telemetry.module.js';
import { DevicePoller } from './device-poller.js';
import { PollingService } from './polling.service.js';

/**
 * Continuous polling of the shards this instance holds, and the one "poll this device now" step
 * (DevicePoller) that scheduled polls and operators' refreshes share.
 */
@Module({
  imports: [
    AnalyticsStreamModule,
    InventoryModule,
    DriverModule,
    LocksModule,
    StateModule,
    TelemetryModule.register(),
  ],
  providers: [DevicePoller, PollingService],
  exports: [DevicePoller, TelemetryModule, AnalyticsStreamModule],
})
export class PollingModule {}
