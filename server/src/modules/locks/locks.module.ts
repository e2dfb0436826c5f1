import { Module } from '@nestjs/common';
import { DeviceLockService } from './device-lock.service.js';

/** One operation at a time per radio, across instances. */
@Module({ providers: [DeviceLockService], exports: [DeviceLockService] })
export class LocksModule {}
