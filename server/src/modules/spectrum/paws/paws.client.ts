// The console's PAWS client (RFC 7545): the six methods, typed by the shared message schemas, over the
// transport's retries, and the database switching the RFC asks for. A plain class with no Nest in it, so
// the grant lifecycle, a benchmark and a test can each make one. It holds no device state: registration,
// re-query timers and muting belong to the lifecycle, which reads the typed errors this throws.
import {
  METHOD_MESSAGES,
  PAWS_VERSION,
  type DbUpdateSpec,
  type PawsMethod,
  type PawsRequestOf,
} from '@wsnoc/shared';
import { PawsError, redactUri, type PawsDatabase } from './paws.errors.js';
import {
  PawsTransport,
  defaultSleep,
  issuesOf,
  type Exchange,
  type FetchLike,
  type TransportOptions,
} from './paws.transport.js';

export interface PawsClientOptions {
  /** The database's PAWS endpoint (WSDB_URL). */
  url: string;
  /** How the database is named in errors, logs and the compliance record; the URL's host by default. */
  name?: string;
  /** Per try; 5 s by default. */
  timeoutMs?: number;
  /** Tries after the first for transport failures; 2 by default. */
  retries?: number;
  /** First backoff pause, doubled each retry up to backoffMaxMs; 250 ms and 4 s by default. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Share of each pause that is random, 0..1; 0.5 by default. */
  backoffJitter?: number;
  /** How many redirects (-104/-105 with alternates) one request may follow; 3 by default. */
  maxRedirects?: number;
  /** Called whenever the current database changes (also available through onDatabaseChange). */
  onDatabaseChange?: DatabaseChangeListener;
  // Seams for unit tests; boundary tests use the real ones against the lab's database.
  fetch?: FetchLike;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * redirect: the database answered -104 or -105 listing alternates, and one of them answered this request.
 * database-change: a response carried `databaseChange` (RFC 7545 section 4.5.2 and others): later
 * requests go to the databases it lists. failover: the current database did not answer and another in the
 * list (one we were told of earlier) did.
 */
export type DatabaseChangeReason = 'redirect' | 'database-change' | 'failover';

export interface DatabaseChange {
  previous: PawsDatabase;
  current: PawsDatabase;
  reason: DatabaseChangeReason;
  /** The method whose exchange caused the change. */
  method: PawsMethod;
  /** -104 or -105 for a redirect. */
  rpcCode?: number;
}

export type DatabaseChangeListener = (change: DatabaseChange) => void;

/** A request's own fields; the client adds `type` and `version`. */
export type PawsParams<M extends PawsMethod> = Omit<PawsRequestOf<M>, 'type' | 'version'>;

export interface PawsCallOptions {
  /** Gives up on the request (the abort reason is thrown as it is, never a PawsError). */
  signal?: AbortSignal;
}

export interface PawsReply<M extends PawsMethod> extends Exchange<M> {
  /** The database that answered. */
  database: PawsDatabase;
}

const MESSAGE_TYPE: { [M in PawsMethod]: PawsRequestOf<M>['type'] } = {
  'spectrum.paws.init': 'INIT_REQ',
  'spectrum.paws.register': 'REGISTRATION_REQ',
  'spectrum.paws.getSpectrum': 'AVAIL_SPECTRUM_REQ',
  'spectrum.paws.getSpectrumBatch': 'AVAIL_SPECTRUM_BATCH_REQ',
  'spectrum.paws.notifySpectrumUse': 'SPECTRUM_USE_NOTIFY',
  'spectrum.paws.verifyDevice': 'DEV_VALID_REQ',
};

const REDIRECT_CODES = new Set(['outside-coverage', 'database-change']);

export class PawsClient {
  private readonly transport: PawsTransport;
  private readonly maxRedirects: number;
  private readonly listeners = new Set<DatabaseChangeListener>();
  /** The databases to ask, current first: the configured one, or what the last database told us. */
  private list: PawsDatabase[];

  constructor(options: PawsClientOptions) {
    const transport: TransportOptions = {
      timeoutMs: options.timeoutMs ?? 5_000,
      retry: {
        retries: options.retries ?? 2,
        baseMs: options.backoffBaseMs ?? 250,
        maxMs: options.backoffMaxMs ?? 4_000,
        jitter: options.backoffJitter ?? 0.5,
      },
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      now: options.now ?? Date.now,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
    };
    this.transport = new PawsTransport(transport);
    this.maxRedirects = options.maxRedirects ?? 3;
    this.list = [{ name: options.name ?? hostOf(options.url), uri: options.url }];
    if (options.onDatabaseChange) {
      this.listeners.add(options.onDatabaseChange);
    }
  }

  /** The database requests go to now. */
  get database(): PawsDatabase {
    return this.list[0] as PawsDatabase;
  }

  /** Every database known, current first; the rest are tried when the current one does not answer. */
  get databases(): readonly PawsDatabase[] {
    return [...this.list];
  }

  /** Subscribes to switches of the current database; returns the unsubscribe. */
  onDatabaseChange(listener: DatabaseChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  init(params: PawsParams<'spectrum.paws.init'>, opts?: PawsCallOptions) {
    return this.call('spectrum.paws.init', params, opts);
  }

  register(params: PawsParams<'spectrum.paws.register'>, opts?: PawsCallOptions) {
    return this.call('spectrum.paws.register', params, opts);
  }

  getSpectrum(params: PawsParams<'spectrum.paws.getSpectrum'>, opts?: PawsCallOptions) {
    return this.call('spectrum.paws.getSpectrum', params, opts);
  }

  /** Many locations in one round trip; the database may answer for fewer (see spectrum-batch.ts). */
  getSpectrumBatch(params: PawsParams<'spectrum.paws.getSpectrumBatch'>, opts?: PawsCallOptions) {
    return this.call('spectrum.paws.getSpectrumBatch', params, opts);
  }

  notifySpectrumUse(params: PawsParams<'spectrum.paws.notifySpectrumUse'>, opts?: PawsCallOptions) {
    return this.call('spectrum.paws.notifySpectrumUse', params, opts);
  }

  verifyDevice(params: PawsParams<'spectrum.paws.verifyDevice'>, opts?: PawsCallOptions) {
    return this.call('spectrum.paws.verifyDevice', params, opts);
  }

  /**
   * One request: validated against its schema before anything is sent, then asked of the current
   * database, of the others in the list if it does not answer, and of the alternates a -104/-105 lists.
   */
  async call<M extends PawsMethod>(
    method: M,
    params: PawsParams<M>,
    opts: PawsCallOptions = {},
  ): Promise<PawsReply<M>> {
    const message = this.validate(method, params);
    let candidates = [...this.list];
    let redirects = 0;
    let redirectCode: number | undefined;
    const tried: string[] = [];
    for (;;) {
      let lastTransport: PawsError | undefined;
      let redirect: { error: PawsError; spec: DbUpdateSpec } | undefined;
      for (const db of candidates) {
        tried.push(db.name);
        try {
          const exchange = await this.transport.exchange(db, method, message, opts.signal);
          this.adopt(
            db,
            candidates,
            method,
            redirectCode !== undefined ? 'redirect' : 'failover',
            redirectCode,
          );
          this.followDatabaseChange(exchange.response.databaseChange, method);
          return { ...exchange, database: db };
        } catch (err) {
          if (!(err instanceof PawsError)) {
            throw err;
          }
          if (err.isTransport) {
            lastTransport = err;
            continue;
          }
          const spec = REDIRECT_CODES.has(err.code) ? alternatesOf(err) : undefined;
          if (spec && redirects < this.maxRedirects) {
            redirect = { error: err, spec };
            break;
          }
          // A definite answer: this database is alive and has spoken, whatever it said.
          this.adopt(
            db,
            candidates,
            method,
            redirectCode !== undefined ? 'redirect' : 'failover',
            redirectCode,
          );
          throw withTried(err, tried, redirects);
        }
      }
      if (!redirect) {
        // Nobody answered. The list stays as it was, so the next request starts from the same place.
        throw withTried(
          lastTransport ?? new PawsError('unreachable', `${method}: no database to ask`),
          tried,
          redirects,
        );
      }
      redirects += 1;
      redirectCode = redirect.error.details.rpcCode;
      candidates = redirect.spec.databases.map((d) => ({ name: d.name, uri: d.uri }));
    }
  }

  private validate<M extends PawsMethod>(method: M, params: PawsParams<M>): Record<string, unknown> {
    const request = { ...params, type: MESSAGE_TYPE[method], version: PAWS_VERSION };
    const parsed = METHOD_MESSAGES[method].request.safeParse(request);
    if (!parsed.success) {
      // Refused before the wire: the same fields the database would name with -202, without a round trip.
      const issues = issuesOf(parsed.error.issues);
      const parameters = issues.map((i) => i.path);
      throw new PawsError(
        'invalid-value',
        `${method}: invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        { method, parameters, issues },
      );
    }
    return parsed.data;
  }

  /** Makes `db` current, keeping the other candidates behind it as fallbacks. */
  private adopt(
    db: PawsDatabase,
    candidates: readonly PawsDatabase[],
    method: PawsMethod,
    reason: DatabaseChangeReason,
    rpcCode: number | undefined,
  ): void {
    const previous = this.database;
    if (previous.uri === db.uri) {
      return;
    }
    this.list = [db, ...candidates.filter((c) => c.uri !== db.uri)];
    this.emit({ previous, current: db, reason, method, ...(rpcCode ? { rpcCode } : {}) });
  }

  /** RFC 7545: a device replaces its entry for the responding database with the databases listed. */
  private followDatabaseChange(change: DbUpdateSpec | undefined, method: PawsMethod): void {
    const listed = change ? usable(change.databases) : [];
    const first = listed[0];
    if (!first) {
      return;
    }
    const previous = this.database;
    this.list = listed;
    if (first.uri !== previous.uri) {
      this.emit({ previous, current: first, reason: 'database-change', method });
    }
  }

  private emit(change: DatabaseChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // The switch has happened either way; a listener's bug must not fail the request that caused it.
      }
    }
  }
}

/** The alternates a -104/-105 lists, if any usable ones; the shape is DbUpdateSpec (RFC 7545 5.7). */
function alternatesOf(err: PawsError): DbUpdateSpec | undefined {
  const databases = usable(err.alternateDatabases);
  return databases.length > 0 ? { databases } : undefined;
}

/** Only absolute http(s) URIs can be asked. */
function usable(databases: readonly PawsDatabase[]): PawsDatabase[] {
  return databases.filter((d) => {
    try {
      const u = new URL(d.uri);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  });
}

function withTried(err: PawsError, tried: readonly string[], redirects: number): PawsError {
  return tried.length <= 1 && redirects === 0 ? err : err.withDetails({ tried: [...tried] });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return redactUri(url);
  }
}
