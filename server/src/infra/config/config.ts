import type { Env } from './config.schema.js';

/** The validated environment, injectable. Built once in main.ts before Nest starts. */
export abstract class AppConfig {
  abstract readonly env: Env;
  abstract readonly version: string;
  /** Absolute path of the data directory (embedded Postgres, generated key files). */
  abstract readonly dataDir: string;
}
