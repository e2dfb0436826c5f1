// Durable jobs in Postgres through pg-boss: scheduled work (the daily configuration backup) and the
// items of bulk configuration runs, which survive a restart and move to a surviving instance. pg-boss
// keeps its own tables in the `pgboss` schema and upgrades them itself when it starts.
import PgBoss from 'pg-boss';
import type { AppLogger } from '../logger/logger.js';

/** Postgres: deadlock detected. */
const DEADLOCK = '40P01';
const QUEUE_ATTEMPTS = 5;

export type JobHandler<T> = (job: { id: string; data: T }) => Promise<void>;

/** A job handed to a consumer: its id is the same on every retry of it. */
export interface ConsumedJob<T> {
  id: string;
  data: T;
  retryCount: number;
}

export interface QueueSettings {
  /** How long a job may run before it counts as lost (its instance died) and is retried. */
  expireInSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
  /**
   * standard: any number of jobs per key. stately: at most one waiting and one active job per
   * singletonKey, so a job sent again for the same work does not pile up.
   */
  policy?: 'standard' | 'stately';
}

/** The longest an idle consumer waits between two looks at its queue. */
const IDLE_LOOK_MAX_MS = 30_000;

export class JobQueue {
  private readonly boss: PgBoss;
  private started: Promise<void> | undefined;
  private stopped = false;
  private readonly wakers = new Map<string, () => void>();
  private creating: Promise<void> = Promise.resolve();

  constructor(
    connectionString: string,
    private readonly logger: AppLogger,
  ) {
    // pg-boss hands these options to its pg.Pool whole, so a pool option its types lack still applies
    const options: PgBoss.ConstructorOptions & { idleTimeoutMillis: number } = {
      connectionString,
      max: 4,
      // its maintenance runs every 10 s: a connection kept a minute is not reopened for each run
      idleTimeoutMillis: 60_000,
      // Lost jobs (an instance killed mid-job) are found and retried within seconds, not minutes.
      maintenanceIntervalSeconds: 10,
      monitorStateIntervalSeconds: 60,
      // No cron timekeeper (see daily()): it parsed every schedule every 30 s and polled a queue every 5 s.
      schedule: false,
    };
    this.boss = new PgBoss(options);
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
      for (const name of [...this.wakers.keys()]) {
        this.wake(name);
      }
      await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 }).catch(() => undefined);
    }
  }

  /**
   * Creates the queue, or brings its settings up to date. pg-boss attaches a table per queue to its job
   * table, and two of those at once deadlock in Postgres: this instance creates one queue at a time,
   * and a deadlock with another instance starting at the same moment is tried again.
   */
  queue(name: string, settings: QueueSettings): Promise<void> {
    const options = {
      name,
      expireInSeconds: settings.expireInSeconds,
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      policy: settings.policy ?? 'standard',
    };
    const create = async () => {
      await this.start();
      for (let attempt = 1; ; attempt++) {
        try {
          if (await this.boss.getQueue(name)) {
            await this.boss.updateQueue(name, options);
          } else {
            await this.boss.createQueue(name, options);
          }
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== DEADLOCK || attempt >= QUEUE_ATTEMPTS) {
            throw err;
          }
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
        }
      }
    };
    const created = this.creating.then(create, create);
    this.creating = created.catch(() => undefined);
    return created;
  }

  async send<T extends object>(
    name: string,
    data: T,
    options: { singletonKey?: string; startAfter?: Date } = {},
  ): Promise<string | null> {
    await this.start();
    const id = await this.boss.send(name, data, options);
    this.wake(name);
    return id;
  }

  /**
   * Runs `handler` for each job of the queue, up to `concurrency` at once on this instance, looking for
   * jobs every `pollingIntervalSeconds` (each look is a query, also on an idle console).
   */
  async work<T extends object>(
    name: string,
    concurrency: number,
    handler: JobHandler<T>,
    pollingIntervalSeconds = 1,
  ): Promise<void> {
    await this.start();
    for (let i = 0; i < concurrency; i++) {
      await this.boss.work<T>(name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
        if (job) {
          await handler({ id: job.id, data: job.data });
        }
      });
    }
  }

  /**
   * Takes jobs of the queue as capacity frees up, up to `concurrency` at once on this instance, each
   * completed on its own when its handler ends (failed, so retried, when it throws). A sent job wakes
   * the consumer at once; otherwise it looks every second while there is work, backing off to every
   * 30 s while the queue stays empty. Runs until stop().
   */
  async consume<T extends object>(
    name: string,
    concurrency: number,
    handler: (job: ConsumedJob<T>) => Promise<void>,
  ): Promise<void> {
    await this.start();
    let active = 0;
    let idleLooks = 0;
    const loop = async () => {
      while (!this.stopped) {
        const free = concurrency - active;
        const jobs =
          free > 0
            ? await this.boss
                .fetch<T>(name, { batchSize: free, includeMetadata: true })
                .catch((err: Error) => {
                  this.logger.warn({ err: err.message, queue: name }, 'job fetch failed');
                  return [];
                })
            : [];
        for (const job of jobs) {
          active++;
          void handler({ id: job.id, data: job.data, retryCount: job.retryCount })
            .then(
              () => this.boss.complete(name, job.id),
              (err: Error) => {
                this.logger.warn({ err: err.message, queue: name, job: job.id }, 'job failed; retried');
                return this.boss.fail(name, job.id, { message: err.message });
              },
            )
            .catch((err: Error) => this.logger.warn({ err: err.message, queue: name }, 'job settle failed'))
            .finally(() => {
              active--;
              this.wake(name);
            });
        }
        // An idle queue is looked at less and less often (1 s doubling up to 30 s): a sent job wakes
        // its consumer here at once, and other instances' runs wake it through their change messages.
        idleLooks = jobs.length ? 0 : idleLooks + 1;
        if (!jobs.length || active >= concurrency) {
          const waitMs = Math.min(IDLE_LOOK_MAX_MS, 1_000 * 2 ** Math.max(0, idleLooks - 2));
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, jobs.length ? 1_000 : waitMs);
            this.wakers.set(name, () => {
              clearTimeout(timer);
              idleLooks = 0;
              resolve();
            });
          });
        }
      }
    };
    void loop();
  }

  /** Makes the queue's consumer on this instance look for jobs now. */
  wake(name: string): void {
    const waker = this.wakers.get(name);
    this.wakers.delete(name);
    waker?.();
  }

  /**
   * Runs `handler` once a day at `hourUtc`:00 UTC, once whatever the number of instances. The queue is
   * stately, so it holds at most one waiting run: every instance sends one at start (a second is refused),
   * and each run sends the next before it starts. Not pg-boss's cron, whose timekeeper parsed every
   * schedule every 30 s and looked at a queue every 5 s: most of what an idle console did.
   */
  async daily(name: string, hourUtc: number, handler: () => Promise<void>): Promise<void> {
    await this.queue(name, {
      expireInSeconds: 3_600,
      retryLimit: 1,
      retryDelaySeconds: 300,
      policy: 'stately',
    });
    // a cron schedule of this queue from before: without the timekeeper it would only sit there
    await this.boss.unschedule(name);
    const sendNext = () => this.send(name, {}, { singletonKey: name, startAfter: nextDailyAt(hourUtc) });
    await sendNext();
    // A daily job: looked for once a minute, not every second (a query a second on an idle console).
    await this.work(
      name,
      1,
      async () => {
        await sendNext();
        await handler();
      },
      60,
    );
  }
}

/** The next `hourUtc`:00:00 UTC strictly after `now`. */
export function nextDailyAt(hourUtc: number, now = new Date()): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (at.getTime() <= now.getTime()) {
    at.setUTCDate(at.getUTCDate() + 1);
  }
  return at;
}
