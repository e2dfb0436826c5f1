// Builds the OpenAPI 3.1 document from the shared route table and its zod schemas.
import { API_ROUTES, ApiErrorSchema, type ApiRoute } from '@wsnoc/shared';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' });

function operation(route: ApiRoute): JsonSchema {
  const status = String(route.status ?? 200);
  const success = route.produces
    ? { description: 'OK', content: { [route.produces]: { schema: { type: 'string' } } } }
    : route.response
      ? { description: 'OK', content: { 'application/json': { schema: toSchema(route.response) } } }
      : { description: 'OK' };
  const error = {
    description: 'Error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
  };
  const responses: Record<string, unknown> = { [status]: success, '400': error };
  if (route.access !== 'public') {
    responses['401'] = error;
    responses['403'] = error;
  }
  const parameters = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  return {
    summary: route.summary,
    tags: [route.tag],
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body) } } } }
      : {}),
    ...(route.access === 'public' ? { security: [] } : { 'x-roles': route.access }),
    responses,
  };
}

export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const path = '/api' + route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'wsnoc', version, description: 'Operations console for TV white-space radio fleets' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'wsnoc_session' } },
      schemas: { ApiError: toSchema(ApiErrorSchema) },
    },
    security: [{ session: [] }],
    paths,
  };
}
