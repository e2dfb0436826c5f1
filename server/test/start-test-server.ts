import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import 'reflect-metadata';
import { inject } from 'vitest';
import { type RunningServer, startServer } from '@/bootstrap.js';

export const ADMIN_PASSWORD = 'test-admin-password';

/**
 * Boots the real server (real Postgres, real Redis) on a free port, with a database of its own (dropped
 * on close) and a key space of its own, so no test file ever sees another's devices or sessions.
 */
export async function startTestServer(
  overrides: NodeJS.ProcessEnv = {},
  options: { databaseAddress?: { host: string; port: number } } = {},
): Promise<RunningServer> {
  const webDist = mkdtempSync(path.join(tmpdir(), 'wsnoc-web-'));
  writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>wsnoc test shell</title>');
  const database = await newDatabase();
  const url = new URL(database.url);
  if (options.databaseAddress) {
    // Through a proxy (an outage test): same database, another address.
    url.hostname = options.databaseAddress.host;
    url.port = String(options.databaseAddress.port);
  }
  let server: RunningServer;
  try {
    server = await start(url.toString(), webDist, overrides);
  } catch (err) {
    await database.drop();
    throw err;
  }
  const close = server.close;
  server.close = async () => {
    await close();
    await database.drop();
  };
  return server;
}

/** A database of this test run's own (its name has the run's prefix, so a crashed run's is swept too). */
export async function newDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(inject('databaseUrl'));
  const database = `${base.pathname.slice(1)}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${database}`);
  const url = new URL(base);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('databaseAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function start(databaseUrl: string, webDist: string, overrides: NodeJS.ProcessEnv): Promise<RunningServer> {
  return startServer({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: inject('redisUrl'),
    // Each server gets its own key space, so throttling or sessions in one file never leak into another.
    REDIS_KEY_PREFIX: `${inject('redisPrefix')}${randomBytes(3).toString('hex')}:`,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    WEB_DIST: webDist,
    ...overrides,
  });
}

export async function signIn(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
  }
  const cookie = response.headers.getSetCookie()[0];
  if (!cookie) {
    throw new Error('sign-in set no cookie');
  }
  return cookie.split(';')[0]!;
}
