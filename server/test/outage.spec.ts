// A dependency that is down is nobody's bad input: routes that need Postgres or Redis answer 503 with
// Retry-After while it is away (never 500), and work again when it is back. Real Postgres and Redis,
// behind TCP proxies that the test cuts and restores.
import { ApiErrorSchema } from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { ADMIN_PASSWORD, signIn, startTestServer } from './start-test-server.js';
import { TcpProxy } from './tcp-proxy.js';
import { waitFor } from './wait-for.js';

describe('dependency outages', () => {
  const postgres = new TcpProxy(new URL(inject('databaseAdminUrl')));
  const redis = new TcpProxy(new URL(inject('redisUrl')));
  let server: RunningServer;
  let cookie: string;

  beforeAll(async () => {
    await postgres.start();
    await redis.start();
    server = await startTestServer(
      { REDIS_URL: redis.url },
      { databaseAddress: { host: '127.0.0.1', port: postgres.port } },
    );
    cookie = await signIn(server.url);
  });

  afterAll(async () => {
    await server?.close();
    await postgres.stop();
    await redis.stop();
  });

  const login = () =>
    fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
  const expectUnavailable = async (response: Response, code: string) => {
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ApiErrorSchema.parse(await response.json()).code).toBe(code);
  };

  it('answers 503 with Retry-After while Postgres is down, and serves again once it is back', async () => {
    await postgres.stop();
    try {
      await expectUnavailable(await login(), 'database.unavailable');
      const created = await fetch(`${server.url}/api/devices`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x', role: 'cpe', host: '127.0.0.9', username: 'u', password: 'p' }),
      });
      await expectUnavailable(created, 'database.unavailable');
      // What needs no database still works: the live list comes from the live state.
      expect((await fetch(`${server.url}/api/devices`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await postgres.start();
    }
    await waitFor(async () => (await login()).status === 200, 20_000, 'sign-in works again');
  });

  it('answers 503 with Retry-After while Redis is down, and serves again once it is back', async () => {
    await redis.stop();
    try {
      await expectUnavailable(await login(), 'cache.unavailable');
      await expectUnavailable(
        await fetch(`${server.url}/api/auth/me`, { headers: { cookie } }),
        'cache.unavailable',
      );
    } finally {
      await redis.start();
    }
    await waitFor(
      async () => (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status === 200,
      20_000,
      'the session resolves again',
    );
  });

  it('answers 503, not 500, while Redis is connected but stops answering', async () => {
    redis.hang();
    try {
      // node-redis gives up on a command after 5 s (its TimeoutError): the caller did nothing wrong.
      await expectUnavailable(
        await fetch(`${server.url}/api/auth/me`, { headers: { cookie } }),
        'cache.unavailable',
      );
    } finally {
      redis.resume();
    }
    await waitFor(
      async () => (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status === 200,
      20_000,
      'the session resolves again',
    );
  }, 30_000);
});
