// The REST contract in one table: every route, who may call it, and the zod schemas of its bodies.
// The server's OpenAPI document is generated from this table, and a server test fails when a controller
// route is missing here or a listed route has no controller, so the two cannot drift apart.
import { type z } from 'zod';
import { LoginRequestSchema, UserResponseSchema, type UserRole } from '../auth/auth.schema.js';
import { HealthResponseSchema } from '../health/health.schema.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRoute {
  method: HttpMethod;
  /** Express-style path under /api, e.g. /devices/:id */
  path: string;
  summary: string;
  tag: string;
  access: 'public' | UserRole[];
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** Content type of a non-JSON success body. */
  produces?: string;
  status?: number;
}

export const API_ROUTES: ApiRoute[] = [
  {
    method: 'GET',
    path: '/health',
    summary: 'Status of the database and the cache, version and uptime; 503 when a dependency is down',
    tag: 'operations',
    access: 'public',
    response: HealthResponseSchema,
  },
  {
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tag: 'operations',
    access: 'public',
    produces: 'text/plain',
  },
  {
    method: 'POST',
    path: '/auth/login',
    summary: 'Sign in; sets an httpOnly session cookie. 401 on wrong credentials, 429 when throttled',
    tag: 'auth',
    access: 'public',
    body: LoginRequestSchema,
    response: UserResponseSchema,
  },
  {
    method: 'POST',
    path: '/auth/logout',
    summary: 'Sign out and clear the session cookie',
    tag: 'auth',
    access: ['viewer', 'operator'],
    status: 204,
  },
  {
    method: 'GET',
    path: '/auth/me',
    summary: 'The signed-in user',
    tag: 'auth',
    access: ['viewer', 'operator'],
    response: UserResponseSchema,
  },
  {
    method: 'GET',
    path: '/docs',
    summary: 'This API, in Swagger UI',
    tag: 'operations',
    access: ['viewer', 'operator'],
    produces: 'text/html',
  },
  {
    method: 'GET',
    path: '/docs/init.js',
    summary: 'Swagger UI start-up script',
    tag: 'operations',
    access: ['viewer', 'operator'],
    produces: 'text/javascript',
  },
  {
    method: 'GET',
    path: '/docs-json',
    summary: 'This OpenAPI document',
    tag: 'operations',
    access: ['viewer', 'operator'],
  },
];
