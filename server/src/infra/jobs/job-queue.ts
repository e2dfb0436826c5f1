// Durable jobs in Postgres through pg-boss: scheduled work (the daily configuration backup) and the
// items of bulk configuration runs, which survive a restart and move to a surviving instance. pg-boss
// keeps its own tables in the `pgboss` schema and upgrades them itself when it starts.
import PgBoss from 'pg-boss';
import type { AppLogger } from '../logger/logger.js';

export type JobHandler<T> = (job: { id: string; data: T }) => Promise<void>;

export interface QueueSettings {
  /** How long a job may run before it counts as lost (its instance died) and is retried. */
  expireInSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
}

export class JobQueue {
  private readonly boss: PgBoss;
  private started: Promise<void> | undefined;
  private stopped = false;

  constructor(
    connectionString: string,
    private readonly logger: AppLogger,
  ) {
    this.boss = new PgBoss({
      connectionString,
      max: 4,
      // Lost jobs (an instance killed mid-job) are found and retried within seconds, not minutes.
      maintenanceIntervalSeconds: 10,
      monitorStateIntervalSeconds: 60,
    });
    this.boss.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'job queue error'));
  }

  /** Starts pg-boss once, on first use. */
  start(): Promise<void> {
    this.started ??= this.boss.start().then(() => undefined);
    return this.started;
  }

  /** Nest calls this at shutdown: pg-boss stops taking jobs and lets the running ones finish. */
  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    if (this.started && !this.stopped) {
      this.stopped = true;
      await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 }).catch(() => undefined);
    }
  }

  async queue(name: string, settings: QueueSettings): Promise<void> {
    await this.start();
    await this.boss.createQueue(name, {
      name,
      expireInSeconds: settings.expireInSeconds,
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
    });
  }

  async send<T extends object>(
    name: string,
    data: T,
    options: { singletonKey?: string; startAfter?: Date } = {},
  ): Promise<string | null> {
    await this.start();
    return this.boss.send(name, data, options);
  }

  /** Runs `handler` for each job of the queue, up to `concurrency` at once on this instance. */
  async work<T extends object>(name: string, concurrency: number, handler: JobHandler<T>): Promise<void> {
    await this.start();
    for (let i = 0; i < concurrency; i++) {
      await this.boss.work<T>(name, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
        if (job) {
          await handler({ id: job.id, data: job.data });
        }
      });
    }
  }

  /** A job sent on a cron schedule (UTC); one per schedule name whatever the number of instances. */
  async schedule(name: string, cron: string): Promise<void> {
    await this.start();
    await this.boss.schedule(name, cron, {}, { tz: 'UTC' });
  }
}
