import { Module } from '@nestjs/common';
import { AnalyticsStreamModule } from '@/modules/analytics/analytics.module.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { InventoryModule } from '@/modules/inventory/inventory.module.js';
import { RealtimeModule } from '@/modules/realtime/realtime.module.js';
import { StateModule } from '@/modules/state/state.module.js';
import { AlertConfigService } from './alert-config.service.js';
import { AlertEngine } from './alert-engine.service.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { IncidentService } from './incident.service.js';
import { NotifierService } from './notifier.service.js';

/**
 * Alerts: stream agents over the poll samples (AlertEngine), incidents with suppression, maintenance
 * windows and a timeline (IncidentService), and notifications from a durable outbox (NotifierService).
 */
@Module({
  imports: [AnalyticsStreamModule, AuditModule, InventoryModule, RealtimeModule, StateModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertConfigService, IncidentService, AlertEngine, NotifierService],
  exports: [IncidentService, AlertEngine],
})
export class AlertsModule {}
