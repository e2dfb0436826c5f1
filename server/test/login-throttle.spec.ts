// Defect 3 of issue 8: parallel wrong passwords must not slip past the throttle, an address must not try
// username after username, and anonymous requests must not queue unbounded password hashing. Against the
// real server and Redis; each test signs in from an address of its own (X-Forwarded-For, trusted from
// loopback), so their counters never meet.
import { ApiErrorSchema } from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { readMetric } from './read-metric.js';
import { ADMIN_PASSWORD, startTestServer } from './start-test-server.js';

const MAX_FAILURES = 5;
const MAX_FAILURES_PER_ADDRESS = 8;
const HASH_CONCURRENCY = 2;
const HASH_QUEUE = 4;

describe('sign-in throttle and hash budget', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({
      LOGIN_MAX_FAILURES: String(MAX_FAILURES),
      LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_FAILURES_PER_ADDRESS),
      LOGIN_LOCKOUT_SECONDS: '60',
      LOGIN_HASH_CONCURRENCY: String(HASH_CONCURRENCY),
      LOGIN_HASH_QUEUE: String(HASH_QUEUE),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const login = (address: string, username: string, password: string) =>
    fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username, password }),
    });

  const tally = (statuses: number[]) =>
    statuses.reduce<Record<number, number>>((counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }), {});

  const metric = (name: string) => readMetric(server.url, name);

  it('lets at most LOGIN_MAX_FAILURES of 100 parallel wrong passwords be checked', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => login('10.8.0.1', 'admin', 'wrong-password')),
    );
    const counts = tally(responses.map((r) => r.status));
    expect(counts[401] ?? 0, JSON.stringify(counts)).toBeLessThanOrEqual(MAX_FAILURES);
    expect((counts[429] ?? 0) + (counts[503] ?? 0), JSON.stringify(counts)).toBe(100 - (counts[401] ?? 0));
    for (const refused of responses.filter((r) => r.status === 429)) {
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Locked: the right password is refused from this address too, but not from another one.
    expect((await login('10.8.0.1', 'admin', ADMIN_PASSWORD)).status).toBe(429);
    expect((await login('10.8.0.2', 'admin', ADMIN_PASSWORD)).status).toBe(200);
  });

  it('limits one address across many usernames', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS + 4; i++) {
      statuses.push((await login('10.8.1.1', `guess-${i}`, 'wrong-password')).status);
    }
    expect(statuses).toEqual([
      ...Array<number>(MAX_FAILURES_PER_ADDRESS).fill(401),
      ...Array<number>(4).fill(429),
    ]);
    const blocked = await login('10.8.1.1', 'admin', ADMIN_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(ApiErrorSchema.parse(await blocked.json()).code).toBe('auth.throttled');
  });

  it('clears the username counter on a successful sign-in and refunds the address', async () => {
    for (let i = 0; i < MAX_FAILURES - 1; i++) {
      expect((await login('10.8.2.1', 'admin', 'wrong-password')).status).toBe(401);
    }
    expect((await login('10.8.2.1', 'admin', ADMIN_PASSWORD)).status).toBe(200);
    expect((await login('10.8.2.1', 'admin', 'wrong-password')).status).toBe(401);
    // Sign-ins that succeed never use up the address's budget, however many there are.
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS + 2; i++) {
      expect((await login('10.8.3.1', 'admin', ADMIN_PASSWORD)).status).toBe(200);
    }
  });

  it('runs at most LOGIN_HASH_CONCURRENCY hashes at once and refuses beyond the queue at once', async () => {
    // Every request from its own address and for its own username, so no counter refuses any of them:
    // only the hash budget stands between 40 anonymous requests and 40 scrypt runs.
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(`10.9.0.${i + 1}`, `nobody-${i}`, 'wrong-password')),
    );
    const counts = tally(responses.map((r) => r.status));
    expect(Object.keys(counts).sort(), JSON.stringify(counts)).toEqual(['401', '503']);
    // Only the hashes that ran or waited got an answer about the password.
    expect(counts[401], JSON.stringify(counts)).toBeLessThan(40);
    const overloaded = responses.find((r) => r.status === 503)!;
    expect(Number(overloaded.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ApiErrorSchema.parse(await overloaded.json()).code).toBe('auth.overloaded');
    expect(await metric('wsnoc_login_hashes_running_max')).toBe(HASH_CONCURRENCY);
    expect(await metric('wsnoc_login_hashes_running')).toBe(0);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('answers 400 naming username to a control character instead of reaching Postgres', async () => {
    for (const username of ['admin\u0000', 'ad\u0007min']) {
      const response = await login('10.8.4.1', username, 'whatever');
      expect(response.status).toBe(400);
      expect(ApiErrorSchema.parse(await response.json()).issues?.map((i) => i.path)).toEqual(['username']);
    }
  });
});
