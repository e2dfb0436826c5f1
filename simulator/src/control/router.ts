// A tiny JSON router for the simulator's control API (node:http, no framework: the lab must start fast
// and stay light beside 10,000 radios). Feature files register routes; bodies are parsed with zod by them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export type RouteHandler = (ctx: RouteContext) => unknown;

export class ControlHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** Parses a body with a schema, turning zod's issues into a 400 that names each bad field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.join('.') || '(body)',
      message: i.message,
    }));
    throw new ControlHttpError(400, issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  return result.data;
}

interface Route {
  method: string;
  parts: string[];
  handler: RouteHandler;
}

export class ControlRouter {
  private readonly routes: Route[] = [];

  add(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: RouteHandler): this {
    this.routes.push({ method, parts: path.split('/').filter(Boolean), handler });
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://control');
    const parts = url.pathname.split('/').filter(Boolean);
    try {
      const match = this.match(req.method ?? 'GET', parts);
      if (!match) {
        throw new ControlHttpError(404, `No route ${req.method} ${url.pathname}`);
      }
      const body = await readJson(req);
      const result = await match.route.handler({ params: match.params, query: url.searchParams, body });
      send(res, 200, result ?? { ok: true });
    } catch (err) {
      if (err instanceof ControlHttpError) {
        send(res, err.status, {
          statusCode: err.status,
          error: 'ControlError',
          message: err.message,
          issues: err.issues,
        });
      } else {
        send(res, 500, { statusCode: 500, error: 'InternalError', message: (err as Error).message });
      }
    }
  }

  private match(
    method: string,
    parts: string[],
  ): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method || route.parts.length !== parts.length) {
        continue;
      }
      const params: Record<string, string> = {};
      const ok = route.parts.every((p, i) => {
        const actual = parts[i] ?? '';
        if (p.startsWith(':')) {
          params[p.slice(1)] = decodeURIComponent(actual);
          return true;
        }
        return p === actual;
      });
      if (ok) {
        return { route, params };
      }
    }
    return undefined;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'DELETE') {
    return undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlHttpError(400, 'Body is not valid JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
