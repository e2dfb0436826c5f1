// The one place web code talks HTTP to the wsnoc server. It turns every failure into an ApiRequestError
// with a kind the UI can switch on, so screens never parse status codes or raw bodies themselves.
import { ApiErrorSchema, type ApiError } from '@wsnoc/shared';
import type { z } from 'zod';

export type ApiFailureKind =
  | 'unauthorized'
  | 'forbidden'
  | 'invalid'
  | 'not-found'
  | 'conflict'
  | 'throttled'
  | 'unreachable'
  | 'server'
  | 'unexpected';

export class ApiRequestError extends Error {
  constructor(
    readonly kind: ApiFailureKind,
    message: string,
    readonly status: number | null,
    readonly body: ApiError | null = null,
    /** Seconds the server asked us to wait (429 Retry-After), when it said. */
    readonly retryAfterSeconds: number | null = null,
    /** The whole error body as sent, for endpoints that add fields (a 409's lock holder). */
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export interface ApiRequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Parses the success body; inbound data is validated at the edge like everything else. */
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
}

/** Gateways answer 502-504 when the console server behind them is down: that is "unreachable" to a user. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

export async function apiRequest<T = void>(path: string, options: ApiRequestOptions<T> = {}): Promise<T> {
  const { method = 'GET', body, schema, signal } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiRequestError('unreachable', 'Cannot reach the wsnoc server.', null);
  }

  if (response.ok) {
    if (!schema || response.status === 204) {
      return undefined as T;
    }
    const parsed = schema.safeParse(await readJson(response));
    if (!parsed.success) {
      throw new ApiRequestError(
        'unexpected',
        `The server sent an answer this console does not understand (${path}).`,
        response.status,
      );
    }
    return parsed.data;
  }

  throw await toApiRequestError(response);
}

async function toApiRequestError(response: Response): Promise<ApiRequestError> {
  const raw = await readJson(response);
  const parsed = ApiErrorSchema.safeParse(raw);
  const body = parsed.success ? parsed.data : null;
  const status = response.status;
  const message = body?.message ?? `The server answered ${status} ${response.statusText}`.trim();
  if (status === 401) {
    return new ApiRequestError('unauthorized', message, status, body);
  }
  if (status === 403) {
    return new ApiRequestError('forbidden', message, status, body);
  }
  if (status === 400 || status === 422) {
    return new ApiRequestError('invalid', message, status, body);
  }
  if (status === 429) {
    return new ApiRequestError(
      'throttled',
      message,
      status,
      body,
      parseRetryAfter(response.headers.get('Retry-After')),
    );
  }
  if (GATEWAY_STATUSES.has(status) && body === null) {
    return new ApiRequestError('unreachable', 'The wsnoc server is not answering.', status);
  }
  if (status === 404) {
    return new ApiRequestError('not-found', message, status, body, null, raw);
  }
  if (status === 409) {
    return new ApiRequestError('conflict', message, status, body, null, raw);
  }
  return new ApiRequestError(status >= 500 ? 'server' : 'unexpected', message, status, body, null, raw);
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') {
    return null;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds));
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
