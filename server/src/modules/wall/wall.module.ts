import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertsModule } from '@/modules/alerts/alerts.module.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { SpectrumModule } from '@/modules/spectrum/spectrum.module.js';
import { StateModule } from '@/modules/state/state.module.js';
import { WallController } from './wall.controller.js';
import { WallDisplayEntity } from './wall-display.entity.js';
import { WallDisplayRepository } from './wall-display.repository.js';
import { WallDisplayService } from './wall-display.service.js';
import { WallFeedService } from './wall-feed.service.js';
import { WallPanelsService } from './wall-panels.service.js';
import { WallGateway } from './wall.gateway.js';

/** Wall displays: feed tokens managed by admins, and the read-only, scoped /wall namespace. */
@Module({
  imports: [
    TypeOrmModule.forFeature([WallDisplayEntity]),
    AlertsModule,
    AuditModule,
    SpectrumModule,
    StateModule,
  ],
  controllers: [WallController],
  providers: [WallDisplayRepository, WallDisplayService, WallFeedService, WallPanelsService, WallGateway],
})
export class WallModule {}
