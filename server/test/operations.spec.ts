import {
  HealthResponseSchema,
  INCIDENT_LIST_DEFAULT,
  INCIDENT_LIST_MAX,
  OPS_NAMESPACE,
  type ServerToClientEvents,
} from '@wsnoc/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { signIn, startTestServer } from './start-test-server.js';

describe('operations endpoints', () => {
  let server: RunningServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startTestServer();
    cookie = await signIn(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports the database and Redis as up', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    const health = HealthResponseSchema.parse(await response.json());
    expect(health.status).toBe('ok');
    expect(health.checks.database).toMatchObject({ status: 'up', kind: 'postgres' });
    expect(health.checks.cache).toMatchObject({ status: 'up', kind: 'redis' });
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('serves Prometheus metrics, counting requests by route', async () => {
    await fetch(`${server.url}/api/health`);
    const text = await (await fetch(`${server.url}/api/metrics`)).text();
    expect(text).toMatch(/# TYPE wsnoc_http_requests_total counter/);
    expect(text).toMatch(/wsnoc_http_requests_total\{method="GET",route="\/api\/health",status="200"\} \d+/);
    expect(text).toMatch(/wsnoc_process_resident_memory_bytes/);
  });

  it('publishes an OpenAPI document generated from the shared schemas', async () => {
    const doc = (await (await fetch(`${server.url}/api/docs-json`, { headers: { cookie } })).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const login = doc.paths['/api/auth/login']?.post;
    expect(login?.requestBody?.content['application/json']?.schema.required).toEqual([
      'username',
      'password',
    ]);
    // A route's query is documented too: the incident list's paging, with its default and its bounds.
    const incidents = (
      doc.paths['/api/incidents']?.get as unknown as {
        parameters: { name: string; in: string; schema: { default?: number; maximum?: number } }[];
      }
    ).parameters;
    expect(incidents.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining(['state', 'limit', 'cursor']),
    );
    expect(incidents.find((p) => p.name === 'limit')?.schema).toMatchObject({
      default: INCIDENT_LIST_DEFAULT,
      maximum: INCIDENT_LIST_MAX,
    });
    const page = await fetch(`${server.url}/api/docs`, { headers: { cookie } });
    expect(await page.text()).toMatch(/swagger-ui-bundle\.js/);
    expect((await fetch(`${server.url}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('serves the web app at / with a fallback for client routes', async () => {
    for (const path of ['/', '/devices/abc']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/wsnoc test shell/);
    }
  });

  it('refuses the live feed without a session', async () => {
    const socket = io(`${server.url}${OPS_NAMESPACE}`, { transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(error.message).toMatch(/unauthorized/);
  });

  it('greets a signed-in live feed client', async () => {
    const socket: Socket<ServerToClientEvents> = io(`${server.url}${OPS_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie },
    });
    const hello = await new Promise<Parameters<ServerToClientEvents['hello']>[0]>((resolve, reject) => {
      socket.once('hello', resolve);
      socket.once('connect_error', reject);
    });
    socket.close();
    expect(hello.user).toEqual({ username: 'admin', role: 'admin' });
  });
});
