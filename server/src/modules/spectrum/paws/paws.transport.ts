// One PAWS exchange with one database: JSON-RPC 2.0 over HTTP POST (RFC 7545 section 6), a deadline per
// try, and retries with capped, jittered exponential backoff for the failures that say nothing about the
// request (refused, reset, timed out, HTTP 5xx, a body that is not JSON-RPC). An answer from the database,
// success or PAWS error, is definite and never retried here. Which database to ask is the client's call.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  JsonRpcResponseSchema,
  METHOD_MESSAGES,
  type JsonRpcResponse,
  type PawsMethod,
  type PawsResponseOf,
} from '@wsnoc/shared';
import type { FieldIssue } from '@/infra/errors/app-error.js';
import { PawsError, pawsErrorFromRpc, type PawsDatabase } from './paws.errors.js';

/** The subset of global fetch the transport uses; tests may wrap the real one to count round trips. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Tries after the first, for transport failures only. */
  retries: number;
  /** The first pause; each later one doubles, up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** 0..1: the share of each pause that is random (0.5: between half of it and all of it). */
  jitter: number;
}

export interface TransportOptions {
  /** Per try, covering connect, the database's work and the whole body. */
  timeoutMs: number;
  retry: RetryPolicy;
  fetch: FetchLike;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export interface Exchange<M extends PawsMethod> {
  response: PawsResponseOf<M>;
  /** When the try that got the answer was sent and its answer read, on `now()`'s clock. */
  sentAtMs: number;
  receivedAtMs: number;
  attempts: number;
}

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  sleepFor(ms, undefined, signal ? { signal } : undefined);

/** The pause before retry number `retry` (0 for the first retry): doubling, capped, then jittered down. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const full = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  return Math.round(full * (1 - policy.jitter * random()));
}

/** `spectrumSpecs[0].rulesetInfo`: the dotted form PAWS itself uses for parameter names. */
export function dottedPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  }
  return out || '(body)';
}

export function issuesOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: PropertyKey[] = [],
): FieldIssue[] {
  return issues.map((i) => ({ path: dottedPath([...prefix, ...i.path]), message: i.message }));
}

type TryOutcome =
  | { ok: true; envelope: JsonRpcResponse; sentAtMs: number; receivedAtMs: number }
  | { ok: false; error: PawsError };

export class PawsTransport {
  // Ids are strings (RFC 7545 section 6); a per-process prefix keeps two consoles' logs apart.
  private readonly idPrefix = randomUUID().slice(0, 8);
  private sequence = 0;

  constructor(private readonly opts: TransportOptions) {}

  async exchange<M extends PawsMethod>(
    db: PawsDatabase,
    method: M,
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<Exchange<M>> {
    const id = `${this.idPrefix}-${++this.sequence}`;
    const body = JSON.stringify({ jsonrpc: '2.0', method, params, id });
    const tries = this.opts.retry.retries + 1;
    let last: PawsError | undefined;
    for (let attempt = 1; attempt <= tries; attempt++) {
      if (attempt > 1) {
        await this.opts.sleep(backoffMs(this.opts.retry, attempt - 2, this.opts.random), signal);
      }
      const outcome = await this.tryOnce(db, method, id, body, signal);
      if (outcome.ok) {
        return {
          response: this.resultOf(outcome.envelope, db, method),
          sentAtMs: outcome.sentAtMs,
          receivedAtMs: outcome.receivedAtMs,
          attempts: attempt,
        };
      }
      last = outcome.error;
    }
    const final = last ?? new PawsError('unreachable', `${method} at ${db.name}: no try was made`);
    throw final.withDetails({ attempts: tries }, `${final.message} (${tries} tries)`);
  }

  /** One POST. Failures worth another try come back as outcomes; a definite answer is thrown. */
  private async tryOnce(
    db: PawsDatabase,
    method: string,
    id: string,
    body: string,
    signal?: AbortSignal,
  ): Promise<TryOutcome> {
    const where = { method, database: db.name };
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    const sentAtMs = this.opts.now();
    let status: number;
    let text: string;
    try {
      const res = await this.opts.fetch(db.uri, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      if (signal?.aborted) {
        throw signal.reason; // the caller gave up: not the database's failure
      }
      if (timeout.aborted) {
        const message = `${method} at ${db.name}: no answer within ${this.opts.timeoutMs} ms`;
        return { ok: false, error: new PawsError('timeout', message, where, { cause: err }) };
      }
      const cause = socketCause(err);
      return {
        ok: false,
        error: new PawsError(
          'unreachable',
          `${method} at ${db.name}: ${cause}`,
          { ...where, cause },
          { cause: err },
        ),
      };
    }
    const receivedAtMs = this.opts.now();
    if (status >= 500) {
      const message = `${method} at ${db.name}: HTTP ${status}`;
      return { ok: false, error: new PawsError('unreachable', message, { ...where, status }) };
    }
    const envelope = parseEnvelope(text, id);
    if (!envelope.ok) {
      const message = `${method} at ${db.name}: HTTP ${status}, not a JSON-RPC answer: ${envelope.problem}`;
      const error = new PawsError('protocol', message, { ...where, status, issues: envelope.issues });
      // A proxy's error page or a truncated body may be gone on the next try; a 4xx on a body that is
      // not JSON-RPC is the URL being wrong, which no retry mends.
      if (status >= 200 && status < 300) {
        return { ok: false, error };
      }
      throw error;
    }
    return { ok: true, envelope: envelope.value, sentAtMs, receivedAtMs };
  }

  private resultOf<M extends PawsMethod>(
    envelope: JsonRpcResponse,
    db: PawsDatabase,
    method: M,
  ): PawsResponseOf<M> {
    if ('error' in envelope) {
      throw pawsErrorFromRpc(envelope.error, method, db.name);
    }
    const parsed = METHOD_MESSAGES[method].response.safeParse(envelope.result);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error.issues, ['result']);
      const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      throw new PawsError(
        'protocol',
        `${method} at ${db.name}: the answer is not a valid PAWS response: ${list}`,
        {
          method,
          database: db.name,
          issues,
        },
      );
    }
    // METHOD_MESSAGES indexed by a generic method loses the link to M; the schema parsed is M's own.
    return parsed.data as PawsResponseOf<M>;
  }
}

type EnvelopeParse =
  { ok: true; value: JsonRpcResponse } | { ok: false; problem: string; issues: FieldIssue[] };

function parseEnvelope(text: string, id: string): EnvelopeParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the body is not JSON', issues: [{ path: '(body)', message: 'not JSON' }] };
  }
  const parsed = JsonRpcResponseSchema.safeParse(json);
  if (!parsed.success) {
    // The union's own issue names no field; the branch the body claims to be does.
    const [success, failure] = JsonRpcResponseSchema.options;
    const claimed = json !== null && typeof json === 'object' && 'error' in json ? failure : success;
    const branch = claimed.safeParse(json);
    const issues = branch.success ? issuesOf(parsed.error.issues) : issuesOf(branch.error.issues);
    return { ok: false, problem: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
  }
  const value = parsed.data;
  // An error may carry a null id when the database could not read ours (-32700, -32600).
  if (value.id !== id && !('error' in value && value.id === null)) {
    return {
      ok: false,
      problem: `id ${JSON.stringify(value.id)} answers no request of ours (sent ${id})`,
      issues: [{ path: 'id', message: `expected ${id}` }],
    };
  }
  return { ok: true, value };
}

/** Node's word for why a connection failed (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET), else the message. */
function socketCause(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause !== null && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  return err instanceof Error ? err.message : String(err);
}
