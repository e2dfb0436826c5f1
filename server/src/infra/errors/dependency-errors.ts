// The one place that recognises failures of the services wsnoc depends on: Postgres error codes and
// connection failures, and Redis connection failures. The HTTP edge turns `unavailable` into 503 with
// Retry-After (the caller did nothing wrong; try again shortly), and services branch on the Postgres
// codes (a unique violation is a name already taken) without each knowing SQLSTATE by heart.
import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from 'redis';
import { RedisTimeoutError } from '@/infra/cache/redis.cache.js';

export type Dependency = 'database' | 'cache';

/**
 * unavailable: cannot reach or talk to the service now. unique-violation / foreign-key-violation: the
 * data conflicts with what is stored. invalid-value: a value the column cannot hold (SQLSTATE class 22:
 * out of range, bad encoding, malformed uuid). other: anything else the database refused.
 */
export type DatabaseFailure =
  'unavailable' | 'unique-violation' | 'foreign-key-violation' | 'invalid-value' | 'other';

/** Node's own words for a connection that could not be made or went away. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg's words when its pool or connection gives up (it has no code for these). */
const PG_CONNECTION_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:is )?(?:closed|ended)/i,
  /Client has encountered a connection error/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
];

const REDIS_UNAVAILABLE = [
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
  // Connected but not answering (our own deadline on every command): as unavailable as a closed socket.
  RedisTimeoutError,
];

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** TypeORM wraps the driver's error; look through the wrappers to the one that carries a code. */
function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    chain.push(current);
    const next = (current as { driverError?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
    current = next === current ? undefined : next;
  }
  return chain;
}

/** The Postgres SQLSTATE of a failed query, if the error came from Postgres. */
export function sqlState(err: unknown): string | undefined {
  for (const e of causes(err)) {
    const code = codeOf(e);
    if (code && /^[0-9A-Z]{5}$/.test(code)) {
      return code;
    }
  }
  return undefined;
}

/** What kind of database failure `err` is, or undefined when it did not come from the database. */
export function classifyDatabaseError(err: unknown): DatabaseFailure | undefined {
  const state = sqlState(err);
  if (state) {
    // 08: connection exception. 53: insufficient resources (too many connections). 57P0x: the server is
    // shutting down, crashed or not yet accepting connections.
    if (state.startsWith('08') || state.startsWith('53') || /^57P0[1-4]$/.test(state)) {
      return 'unavailable';
    }
    if (state === '23505') {
      return 'unique-violation';
    }
    if (state === '23503') {
      return 'foreign-key-violation';
    }
    if (state.startsWith('22')) {
      return 'invalid-value';
    }
    return 'other';
  }
  for (const e of causes(err)) {
    const code = codeOf(e);
    if (code && SOCKET_CODES.has(code)) {
      return 'unavailable';
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && PG_CONNECTION_MESSAGES.some((re) => re.test(message))) {
      return 'unavailable';
    }
  }
  return undefined;
}

export function isCacheUnavailable(err: unknown): boolean {
  return causes(err).some((e) => REDIS_UNAVAILABLE.some((type) => e instanceof type));
}

/** Which dependency is down, if that is why `err` happened. */
export function unavailableDependency(err: unknown): Dependency | undefined {
  if (isCacheUnavailable(err)) {
    return 'cache';
  }
  return classifyDatabaseError(err) === 'unavailable' ? 'database' : undefined;
}
