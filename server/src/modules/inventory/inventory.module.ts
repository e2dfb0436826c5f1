import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { DeviceDirectory } from './device-directory.service.js';
import { DeviceImportService } from './device-import.service.js';
import { DeviceEntity, SiteEntity } from './device.entity.js';
import { DeviceRepository } from './device.repository.js';
import { DeviceService } from './device.service.js';
import { EnrolmentService } from './enrolment.service.js';

/**
 * Devices, sites and tags in Postgres, with sealed credentials, CSV import and lab enrolment; and the
 * directory, the one owner of which devices exist and of their driver targets.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SiteEntity, DeviceEntity]), AuditModule],
  providers: [DeviceRepository, DeviceService, DeviceImportService, EnrolmentService, DeviceDirectory],
  exports: [DeviceService, DeviceImportService, DeviceDirectory],
})
export class InventoryModule {}
