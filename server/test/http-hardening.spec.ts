// Defect 5 of issue 8: a page of another site must not change anything with the user's cookie, bodies are
// read only in the types a route takes, a large body only once the sender is signed in, and every answer
// carries the usual security headers. Against the real server over HTTP.
import http from 'node:http';
import { ApiErrorSchema, DeviceResponseSchema } from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { ADMIN_PASSWORD, signIn, startTestServer } from './start-test-server.js';

const EVIL = 'http://evil.example';
const ALLOWED = 'https://noc.example.net';

describe('HTTP edge: cross-site requests, bodies and headers', () => {
  let server: RunningServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startTestServer({ POLLING_ENABLED: 'false', ALLOWED_ORIGINS: ALLOWED });
    cookie = await signIn(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api${path}`, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...init.headers },
    });

  let devices = 0;
  const createDevice = async () => {
    devices++;
    const response = await api('/devices', {
      method: 'POST',
      body: JSON.stringify({
        name: `edge-${devices}`,
        role: 'cpe',
        host: `127.77.0.${devices}`,
        username: 'admin',
        password: 'secret',
        site: 'south',
      }),
    });
    expect(response.status).toBe(201);
    return DeviceResponseSchema.parse(await response.json());
  };
  const siteOf = async (id: string) =>
    DeviceResponseSchema.parse(await (await api(`/devices/${id}`)).json()).site;

  it("refuses a state-changing request from another site's page and changes nothing", async () => {
    const device = await createDevice();
    const patch = await api(`/devices/${device.id}`, {
      method: 'PATCH',
      headers: { origin: EVIL },
      body: JSON.stringify({ site: 'north' }),
    });
    expect(patch.status).toBe(403);
    const body = ApiErrorSchema.parse(await patch.json());
    expect(body.code).toBe('auth.cross-site');
    expect(body.message).toContain(EVIL);
    // A browser that sends no Origin still says where the request came from.
    const fetchSite = await api(`/devices/${device.id}`, {
      method: 'PATCH',
      headers: { 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ site: 'north' }),
    });
    expect(fetchSite.status).toBe(403);
    expect((await api(`/devices/${device.id}`, { method: 'DELETE', headers: { origin: EVIL } })).status).toBe(
      403,
    );
    expect(await siteOf(device.id)).toBe('south');
    expect((await api(`/devices/${device.id}`)).status).toBe(200);
  });

  it('accepts the console’s own origin and the origins in ALLOWED_ORIGINS', async () => {
    const device = await createDevice();
    for (const [origin, site] of [
      [server.url, 'north'],
      [ALLOWED, 'east'],
    ] as const) {
      const response = await api(`/devices/${device.id}`, {
        method: 'PATCH',
        headers: { origin, 'sec-fetch-site': origin === server.url ? 'same-origin' : 'cross-site' },
        body: JSON.stringify({ site }),
      });
      expect(response.status, origin).toBe(200);
      expect(await siteOf(device.id)).toBe(site);
    }
  });

  it('refuses a sign-in posted from another site', async () => {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: EVIL },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('reads JSON bodies only, and CSV only on the import', async () => {
    // A form post is what a page of another site can send without asking: it must never sign anyone in.
    const form = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'admin', password: ADMIN_PASSWORD }).toString(),
    });
    expect(form.status).toBe(415);
    expect(form.headers.getSetCookie()).toEqual([]);
    const device = await createDevice();
    const text = await api(`/devices/${device.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ site: 'north' }),
    });
    expect(text.status).toBe(415);
    expect(ApiErrorSchema.parse(await text.json()).message).toMatch(/application\/json/);
    expect(await siteOf(device.id)).toBe('south');
    const csv = await api('/devices/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'name,role,host,port,username,password\ncsv-1,cpe,127.78.0.1,2323,admin,pw',
    });
    expect(csv.status).toBe(201);
  });

  it('answers an oversized JSON body with 413 in the API’s error shape', async () => {
    const response = await api('/devices', {
      method: 'POST',
      body: JSON.stringify({ name: 'big', notes: 'x'.repeat(200_000) }),
    });
    expect(response.status).toBe(413);
    expect(ApiErrorSchema.parse(await response.json()).statusCode).toBe(413);
  });

  it('refuses a 20 MB anonymous import without reading it', async () => {
    // Headers that announce 20 MB and one first chunk: a server that reads the body before asking who
    // sends it waits for the rest and never answers.
    const { port } = new URL(server.url);
    const answer = await new Promise<number | 'no answer'>((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        path: '/api/devices/import',
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'content-length': String(20 * 1024 * 1024) },
      });
      const deadline = setTimeout(() => {
        request.destroy();
        resolve('no answer');
      }, 5_000);
      request.on('response', (response) => {
        clearTimeout(deadline);
        response.resume();
        request.destroy();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', (err) => {
        clearTimeout(deadline);
        reject(err);
      });
      request.write(Buffer.alloc(64 * 1024, 'a'));
    });
    expect(answer).toBe(401);
  });

  it('sends the usual security headers on the API and the web app', async () => {
    for (const path of ['/api/health', '/']) {
      const response = await fetch(`${server.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'self'");
      expect(csp, path).toContain('worker-src');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(response.headers.get('x-powered-by'), path).toBeNull();
    }
  });
});
