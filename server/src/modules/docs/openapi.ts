// Builds the OpenAPI 3.1 document from the shared route table and its zod schemas.
import { API_ROUTES, ApiErrorSchema, type ApiRoute } from '@wsnoc/shared';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' });

/** A route's query string, one parameter per key, as a client writes it (before defaults and transforms). */
function queryParameters(route: ApiRoute): JsonSchema[] {
  if (!route.query) {
    return [];
  }
  const schema = z.toJSONSchema(route.query, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    io: 'input',
  });
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(schema.required ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

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
  const parameters: JsonSchema[] = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  parameters.push(...queryParameters(route));
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
