// One database and one Redis key prefix per test run, so concurrent runs never see each other's data.
// Both are removed when the run ends.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createClient } from 'redis';
import type { TestProject } from 'vitest/node';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseAdminUrl: string;
    redisUrl: string;
    redisPrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `wsnoc_test_${runId}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect().catch((err: Error) => {
    throw new Error(`tests need PostgreSQL at ${ADMIN_URL} (set TEST_DATABASE_ADMIN_URL): ${err.message}`);
  });
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();

  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  project.provide('databaseUrl', url.toString());
  project.provide('databaseAdminUrl', ADMIN_URL);
  project.provide('redisUrl', REDIS_URL);
  project.provide('redisPrefix', `wsnoc-test-${runId}:`);

  return async () => {
    const cleanup = new pg.Client({ connectionString: ADMIN_URL });
    await cleanup.connect();
    // Per-server databases (start-test-server.ts) share this run's name as a prefix.
    const leftovers = await cleanup.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${database}%`],
    );
    for (const { datname } of leftovers.rows) {
      await cleanup.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await cleanup.end();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: `wsnoc-test-${runId}:*`, COUNT: 500 })) {
      if (keys.length) {
        await redis.del(keys);
      }
    }
    redis.destroy();
  };
}
