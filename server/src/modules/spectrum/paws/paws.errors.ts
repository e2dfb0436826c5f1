// The PAWS client's failures: one code per way a white-space database (RFC 7545) can fail us, so the grant
// lifecycle branches on a code instead of a number, and src/error-answers.ts gives each an HTTP status.
import { PAWS_ERROR, type JsonRpcError } from '@wsnoc/shared';
import { AppError, type FieldIssue } from '@/infra/errors/app-error.js';

/**
 * version (-101) and unsupported (-102): the database cannot serve this device at all; fatal for it
 * (`fatal: true`), retrying changes nothing, an operator must act. unimplemented (-103): the database
 * lacks the method. outside-coverage (-104) and database-change (-105): the database will not serve this
 * request; reaching the caller, it means no alternate database was listed or none answered. missing
 * (-201) and invalid-value (-202): our configuration is at fault; `parameters` holds the dotted names
 * the database gave. unauthorized (-301) and not-registered (-302): register and ask again
 * (`needsRegistration: true`). protocol: the answer is not PAWS (a JSON-RPC error code, a body that is
 * not JSON-RPC, a result that fails its schema: `issues` names the fields). unreachable: no answer at
 * all (refused, reset, HTTP 5xx) after every retry. timeout: no answer within the deadline after every
 * retry.
 */
export const PAWS_ERROR_CODES = [
  'version',
  'unsupported',
  'unimplemented',
  'outside-coverage',
  'database-change',
  'missing',
  'invalid-value',
  'unauthorized',
  'not-registered',
  'protocol',
  'unreachable',
  'timeout',
] as const;
/** The client's codes; not to be confused with shared's numeric PAWS codes (PAWS_ERROR). */
export type PawsErrorCode = (typeof PAWS_ERROR_CODES)[number];

/** A database as RFC 7545 section 5.7 names one (DatabaseSpec). */
export interface PawsDatabase {
  name: string;
  uri: string;
}

/** A type alias, not an interface, so that it is assignable to AppError's details record. */
export type PawsErrorDetails = {
  /** The JSON-RPC method, e.g. spectrum.paws.getSpectrum. */
  method?: string;
  /** The database's name (never its URI, which may carry a key). */
  database?: string;
  /** The numeric code the database answered with, when it answered with one. */
  rpcCode?: number;
  /** version, unsupported: this device cannot be served by this database; raise an alarm. */
  fatal?: boolean;
  /** missing, invalid-value: the dotted names the database listed (`deviceDesc.serialNumber`). */
  parameters?: string[];
  /** unauthorized, not-registered: spectrum.paws.register first. */
  needsRegistration?: boolean;
  /** outside-coverage, database-change: the alternates the database listed (URIs without query). */
  alternates?: PawsDatabase[];
  /** unreachable, timeout: how many tries were made (the first one and the retries). */
  attempts?: number;
  /** unreachable: the HTTP status, or the socket's error code (ECONNREFUSED, ECONNRESET, ...). */
  status?: number;
  cause?: string;
  /** protocol: the fields of the answer that are not what PAWS says. */
  issues?: FieldIssue[];
  /** The databases tried for this request, in order, when the client switched or failed over. */
  tried?: string[];
};

export class PawsError extends AppError<PawsErrorCode> {
  readonly feature = 'paws';

  declare readonly details: Readonly<PawsErrorDetails>;

  /**
   * The alternates a -104/-105 listed, with their full URIs: the client switches to them. Kept out of
   * `details`, which reach REST answers and logs, because a URI may carry a key.
   */
  readonly alternateDatabases: readonly PawsDatabase[];

  constructor(
    code: PawsErrorCode,
    message: string,
    details: PawsErrorDetails = {},
    options?: ErrorOptions & { alternateDatabases?: readonly PawsDatabase[] },
  ) {
    super(code, message, details, options);
    this.alternateDatabases = options?.alternateDatabases ?? [];
  }

  /** The same failure with more details (the databases tried, the number of tries). */
  withDetails(extra: PawsErrorDetails, message = this.message): PawsError {
    return new PawsError(
      this.code,
      message,
      { ...this.details, ...extra },
      {
        cause: this,
        alternateDatabases: this.alternateDatabases,
      },
    );
  }

  /** A failure that says nothing about the request: the database (or the way to it) is down. */
  get isTransport(): boolean {
    return this.code === 'unreachable' || this.code === 'timeout';
  }
}

const CODE_BY_RPC: ReadonlyMap<number, PawsErrorCode> = new Map([
  [PAWS_ERROR.VERSION, 'version'],
  [PAWS_ERROR.UNSUPPORTED, 'unsupported'],
  [PAWS_ERROR.UNIMPLEMENTED, 'unimplemented'],
  [PAWS_ERROR.OUTSIDE_COVERAGE, 'outside-coverage'],
  [PAWS_ERROR.DATABASE_CHANGE, 'database-change'],
  [PAWS_ERROR.MISSING, 'missing'],
  [PAWS_ERROR.INVALID_VALUE, 'invalid-value'],
  [PAWS_ERROR.UNAUTHORIZED, 'unauthorized'],
  [PAWS_ERROR.NOT_REGISTERED, 'not-registered'],
]);

const RPC_NAME: ReadonlyMap<number, string> = new Map(
  Object.entries(PAWS_ERROR).map(([name, code]) => [code, name]),
);

/** Drops the query, fragment and credentials of a URI: what may be shown and logged of a database. */
export function redactUri(uri: string): string {
  try {
    const u = new URL(uri);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URI)';
  }
}

/**
 * The typed error for a JSON-RPC error member. Codes outside RFC 7545 table 1, the JSON-RPC ones among
 * them (-32700..-32603), are protocol errors: the request never reached PAWS processing, or the database
 * speaks something else.
 */
export function pawsErrorFromRpc(error: JsonRpcError, method: string, database: string): PawsError {
  const code = CODE_BY_RPC.get(error.code) ?? 'protocol';
  const name = RPC_NAME.get(error.code) ?? 'unknown code';
  const details: PawsErrorDetails = { method, database, rpcCode: error.code };
  if (error.data?.parameters) {
    details.parameters = error.data.parameters; // any code may name fields (the lab's -102 does)
  }
  let alternateDatabases: PawsDatabase[] = [];
  switch (code) {
    case 'version':
    case 'unsupported':
      details.fatal = true;
      break;
    case 'missing':
    case 'invalid-value':
      details.parameters = error.data?.parameters ?? [];
      break;
    case 'unauthorized':
    case 'not-registered':
      details.needsRegistration = true;
      break;
    case 'outside-coverage':
    case 'database-change':
      alternateDatabases = (error.data?.spec?.databases ?? []).map((d) => ({ name: d.name, uri: d.uri }));
      details.alternates = alternateDatabases.map((d) => ({ name: d.name, uri: redactUri(d.uri) }));
      break;
    case 'unimplemented':
    case 'protocol':
    case 'unreachable':
    case 'timeout':
      break;
  }
  const named = details.parameters?.length ? ` [${details.parameters.join(', ')}]` : '';
  return new PawsError(
    code,
    `${method} at ${database}: ${error.code} ${name}: ${error.message}${named}`,
    details,
    { alternateDatabases },
  );
}
