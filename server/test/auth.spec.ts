import { API_ROUTES, ApiErrorSchema, UserResponseSchema } from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { ADMIN_PASSWORD, signIn, startTestServer } from './start-test-server.js';

describe('sign-in and access control', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_SECONDS: '60' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });

  it('answers 401 to every non-public route without a session', async () => {
    for (const route of API_ROUTES.filter((r) => r.access !== 'public')) {
      const path = route.path.replace(/:(\w+)/g, 'x');
      const response = await fetch(`${server.url}/api${path}`, { method: route.method });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
      expect(ApiErrorSchema.parse(await response.json()).message).toBe('Sign in first');
    }
  });

  it('signs in the first admin with ADMIN_PASSWORD and sets a strict httpOnly cookie', async () => {
    const response = await post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(response.status).toBe(200);
    expect(UserResponseSchema.parse(await response.json())).toMatchObject({
      username: 'admin',
      role: 'admin',
    });
    const cookie = response.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^wsnoc_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('resolves the session with /me and ends it with logout', async () => {
    const cookie = await signIn(server.url);
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe('admin');
    expect((await post('/api/auth/logout', {}, cookie)).status).toBe(204);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a forged session cookie', async () => {
    const forged = `wsnoc_session=${'A'.repeat(43)}`;
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: forged } })).status).toBe(401);
  });

  it('names the missing field on a malformed login body', async () => {
    const response = await post('/api/auth/login', { username: 'admin' });
    expect(response.status).toBe(400);
    const body = ApiErrorSchema.parse(await response.json());
    expect(body.issues?.map((i) => i.path)).toEqual(['password']);
  });

  it('answers 401 to a wrong password, then throttles with 429 and Retry-After', async () => {
    const wrong = { username: 'throttled', password: 'wrong-password' };
    for (let i = 0; i < 3; i++) {
      expect((await post('/api/auth/login', wrong)).status).toBe(401);
    }
    const blocked = await post('/api/auth/login', wrong);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ApiErrorSchema.parse(await blocked.json()).message).toMatch(/Too many failed sign-ins/);
  });

  it('keeps refusing a throttled account even with the right password', async () => {
    const wrong = { username: 'admin', password: 'wrong-password' };
    for (let i = 0; i < 3; i++) {
      await post('/api/auth/login', wrong);
    }
    expect((await post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(429);
  });
});
