import { Module } from '@nestjs/common';
import { DocsController } from '@/modules/docs/docs.controller.js';
import { MetricsController } from '@/modules/metrics/metrics.controller.js';
import { HealthController } from './health.controller.js';
import { HealthRepository } from './health.repository.js';
import { HealthService } from './health.service.js';

/** What operators and their monitoring read: health, Prometheus metrics and the API document. */
@Module({
  controllers: [HealthController, MetricsController, DocsController],
  providers: [HealthRepository, HealthService],
})
export class OperationsModule {}
