// History of polls: the batched writer, partitions and retention, rollups, and range queries.
// The pieces are plain classes (the bench drives them without Nest); this module wires them to the
// app's DataSource, metrics and logger, and runs their timers.
import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { PartitionManager } from './partition.manager.js';
import { RollupJob } from './rollup.job.js';
import { registerTelemetryMetrics, type TelemetryMetrics } from './telemetry.metrics.js';
import { TelemetryRepository } from './telemetry.repository.js';
import { TelemetryService } from './telemetry.service.js';
import { TELEMETRY_DEFAULTS, type TelemetryOptions } from './telemetry.types.js';
import { TelemetryWriter } from './telemetry.writer.js';

export const TELEMETRY_OPTIONS = Symbol('TELEMETRY_OPTIONS');
const TELEMETRY_METRICS_TOKEN = Symbol('TELEMETRY_METRICS');

@Module({})
export class TelemetryModule implements OnApplicationBootstrap, OnModuleDestroy {
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(TELEMETRY_OPTIONS) private readonly options: TelemetryOptions,
    @Inject(LOGGER) private readonly logger: AppLogger,
    @Inject(TELEMETRY_METRICS_TOKEN) private readonly metrics: TelemetryMetrics,
    private readonly writer: TelemetryWriter,
    private readonly partitions: PartitionManager,
    private readonly rollups: RollupJob,
  ) {}

  /** Options default to TELEMETRY_DEFAULTS; retention merges per level. */
  static register(options: Partial<TelemetryOptions> = {}): DynamicModule {
    const resolved: TelemetryOptions = {
      ...TELEMETRY_DEFAULTS,
      ...options,
      retentionDays: { ...TELEMETRY_DEFAULTS.retentionDays, ...options.retentionDays },
    };
    return {
      module: TelemetryModule,
      providers: [
        { provide: TELEMETRY_OPTIONS, useValue: resolved },
        {
          provide: TelemetryRepository,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => TelemetryRepository.fromDataSource(dataSource),
        },
        {
          provide: TELEMETRY_METRICS_TOKEN,
          inject: [MetricsService],
          // The writer does not exist yet here; the gauges read it lazily through this reference.
          useFactory: (metrics: MetricsService) => {
            const ref: { writer?: TelemetryWriter } = {};
            const registered = registerTelemetryMetrics(metrics.registry, () => ref.writer!.stats);
            return Object.assign(registered, { ref });
          },
        },
        {
          provide: TelemetryWriter,
          inject: [TelemetryRepository, TELEMETRY_OPTIONS, LOGGER, TELEMETRY_METRICS_TOKEN],
          useFactory: (
            repository: TelemetryRepository,
            opts: TelemetryOptions,
            logger: AppLogger,
            metrics: TelemetryMetrics & { ref: { writer?: TelemetryWriter } },
          ) => {
            const writer = new TelemetryWriter(repository, opts, logger, metrics.writer);
            metrics.ref.writer = writer;
            return writer;
          },
        },
        {
          provide: PartitionManager,
          inject: [TelemetryRepository, TELEMETRY_OPTIONS, LOGGER],
          useFactory: (repository: TelemetryRepository, opts: TelemetryOptions, logger: AppLogger) =>
            new PartitionManager(repository, opts, logger),
        },
        {
          provide: RollupJob,
          inject: [TelemetryRepository, TELEMETRY_OPTIONS, TelemetryWriter, LOGGER],
          useFactory: (
            repository: TelemetryRepository,
            opts: TelemetryOptions,
            writer: TelemetryWriter,
            logger: AppLogger,
          ) => new RollupJob(repository, opts, () => writer.takeOldestWrittenAt(), logger),
        },
        {
          provide: TelemetryService,
          inject: [TelemetryRepository],
          useFactory: (repository: TelemetryRepository) => new TelemetryService(repository),
        },
      ],
      exports: [TelemetryWriter, TelemetryService, PartitionManager, RollupJob],
    };
  }

  /** Partitions must exist before the first flush, so boot fails loudly if they cannot be made. */
  async onApplicationBootstrap(): Promise<void> {
    await this.partitions.maintain();
    this.writer.start();
    this.every(this.options.maintenanceIntervalMs, 'partitions', () => this.partitions.maintain());
    this.every(this.options.rollupIntervalMs, 'rollup', () => this.rollups.run());
  }

  async onModuleDestroy(): Promise<void> {
    for (const timer of this.timers.splice(0)) {
      clearInterval(timer);
    }
    await this.writer.close();
  }

  private every(ms: number, task: 'partitions' | 'rollup', run: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      // A slow run (a big rollup after an outage) must not overlap the next one.
      if (running) {
        return;
      }
      running = true;
      run()
        .catch((err: unknown) => {
          this.metrics.maintenanceFailed(task);
          this.logger.error({ err, task }, 'history maintenance failed');
        })
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
