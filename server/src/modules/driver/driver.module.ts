// The driver module: the only provider in the server that speaks to radios.
import { Module } from '@nestjs/common';
import { DriverService } from './driver.service.js';

@Module({
  providers: [DriverService],
  exports: [DriverService],
})
export class DriverModule {}
