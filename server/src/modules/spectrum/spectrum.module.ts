import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { CommandService } from '@/modules/commands/command.service.js';
import { CommandsModule } from '@/modules/commands/commands.module.js';
import { DriverModule } from '@/modules/driver/driver.module.js';
import { InventoryModule } from '@/modules/inventory/inventory.module.js';
import { RealtimeModule } from '@/modules/realtime/realtime.module.js';
import { StateModule } from '@/modules/state/state.module.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';
import { PawsSpectrumDatabase } from './paws-database.adapter.js';
import { PawsClient } from './paws/index.js';
import { SpectrumRecordEntity } from './spectrum-record.entity.js';
import { SPECTRUM_DATABASE } from './spectrum-database.port.js';
import { SpectrumFeedService } from './spectrum-feed.service.js';
import { SpectrumLeader } from './spectrum-leader.js';
import { SpectrumPlanService } from './spectrum-plan.service.js';
import { SpectrumPolicy } from './spectrum-policy.js';
import { SpectrumConfig } from './spectrum.config.js';
import { SpectrumController } from './spectrum.controller.js';
import { SpectrumRepository } from './spectrum.repository.js';
import { SpectrumService } from './spectrum.service.js';
import { StationEntity } from './station.entity.js';

/**
 * Spectrum management: each base station's grant from the white-space database (WSDB_URL), kept by a
 * reconciliation loop with a watchdog, changes made through the command path, and the compliance record.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([StationEntity, SpectrumRecordEntity]),
    InventoryModule,
    StateModule,
    DriverModule,
    CommandsModule,
    RealtimeModule,
  ],
  controllers: [SpectrumController],
  providers: [
    SpectrumConfig,
    SpectrumRepository,
    SpectrumLeader,
    GrantLifecycleService,
    SpectrumService,
    SpectrumPolicy,
    SpectrumFeedService,
    SpectrumPlanService,
    {
      provide: SPECTRUM_DATABASE,
      inject: [SpectrumConfig, MetricsService],
      useFactory: (config: SpectrumConfig, metrics: MetricsService) => {
        const requests = new Counter({
          name: 'wsnoc_paws_requests_total',
          help: 'Requests to the white-space database by PAWS method and outcome',
          labelNames: ['method', 'outcome'],
          registers: [metrics.registry],
        });
        return new PawsSpectrumDatabase(
          // Unset WSDB_URL: the lifecycle never runs, so this client is never asked anything.
          new PawsClient({ url: config.wsdbUrl ?? 'http://127.0.0.1:9100/paws' }),
          config.batchSize,
          (method, outcome) => requests.inc({ method, outcome }),
        );
      },
    },
  ],
  exports: [SpectrumService, GrantLifecycleService, SpectrumFeedService],
})
export class SpectrumModule implements OnModuleInit {
  constructor(
    private readonly commands: CommandService,
    private readonly policy: SpectrumPolicy,
  ) {}

  onModuleInit(): void {
    this.commands.addPolicy(this.policy);
  }
}
