// The driver module: the only provider in the server that speaks to radios.
import { Module } from '@nestjs/common';
import { AppConfig } from '@/infra/config/config.js';
import { DRIVER_OPTIONS, DriverService } from './driver.service.js';
import type { DriverOptions } from './driver.types.js';

@Module({
  providers: [
    {
      provide: DRIVER_OPTIONS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): DriverOptions => ({
        commandTimeoutMs: config.env.DRIVER_COMMAND_TIMEOUT_MS,
        pipelinePolls: config.env.DRIVER_PIPELINE_POLLS,
      }),
    },
    DriverService,
  ],
  exports: [DriverService],
})
export class DriverModule {}
