// Turns a PAWS request that fails its zod schema into the RFC 7545 error a device can act on: -201 MISSING
// with the dotted names of absent parameters, -202 INVALID_VALUE with the names of bad ones. A required
// field that is absent while an unknown field with a near-identical name is present (`lattitude`) is
// reported as -202 on the misspelt field: the device sent the value, just under the wrong name, and
// naming what it actually sent is the more useful answer.
import { PAWS_ERROR, PAWS_VERSION, type JsonRpcError } from '@wsnoc/shared';
import type { z } from 'zod';

export class PawsError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: JsonRpcError['data'],
  ) {
    super(message);
  }

  toJson(): JsonRpcError {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** Every field name the PAWS messages define; anything else in a request is unknown and ignored. */
const KNOWN_FIELDS = new Set([
  'type',
  'version',
  'deviceDesc',
  'location',
  'deviceOwner',
  'owner',
  'operator',
  'antenna',
  'masterDeviceDesc',
  'masterDeviceLocation',
  'capabilities',
  'requestType',
  'locations',
  'spectra',
  'deviceDescs',
  'point',
  'region',
  'confidence',
  'center',
  'semiMajorAxis',
  'semiMinorAxis',
  'orientation',
  'exterior',
  'latitude',
  'longitude',
  'serialNumber',
  'manufacturerId',
  'modelId',
  'rulesetIds',
  'fccId',
  'fccTvbdDeviceType',
  'etsiEnDeviceType',
  'etsiEnDeviceEmissionsClass',
  'etsiEnTechnologyId',
  'etsiEnDeviceCategory',
  'height',
  'heightType',
  'heightUncertainty',
  'frequencyRanges',
  'startHz',
  'stopHz',
  'resolutionBwHz',
  'profiles',
  'hz',
  'dbm',
]);

export function dotted(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') {
      return undefined;
    }
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] ?? 0;
      prev[j] = Math.min(tmp + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] ?? 0;
}

/** An unknown sibling key that is probably the missing field misspelt. */
function nearMiss(parent: unknown, missing: string): string | undefined {
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) {
    return undefined;
  }
  return Object.keys(parent).find(
    (k) =>
      k !== missing &&
      !KNOWN_FIELDS.has(k) &&
      (k.toLowerCase() === missing.toLowerCase() || (missing.length >= 4 && editDistance(k, missing) <= 2)),
  );
}

/** Maps zod issues against the raw request to a PawsError; `prefix` places a sub-object in the request. */
export function issuesToPawsError(
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  prefix: PropertyKey[] = [],
): PawsError {
  const missing = new Set<string>();
  const invalid = new Map<string, string>();
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (valueAt(raw, path) !== undefined) {
      invalid.set(dotted(path), issue.message);
      continue;
    }
    const last = path[path.length - 1];
    const parentPath = path.slice(0, -1);
    const typo = typeof last === 'string' ? nearMiss(valueAt(raw, parentPath), last) : undefined;
    if (typo) {
      invalid.set(dotted([...parentPath, typo]), `unknown parameter; did you mean ${String(last)}?`);
    } else {
      missing.add(dotted(path));
    }
  }
  if (missing.size > 0) {
    const parameters = [...missing];
    return new PawsError(PAWS_ERROR.MISSING, `Missing required parameter(s): ${parameters.join(', ')}`, {
      parameters,
    });
  }
  const parameters = [...invalid.keys()];
  const detail = [...invalid].map(([p, m]) => `${p}: ${m}`).join('; ');
  return new PawsError(PAWS_ERROR.INVALID_VALUE, `Invalid value: ${detail}`, { parameters });
}

/** Checks type and version first (they select the error code), then the message schema. */
export function parseParams<S extends z.ZodType>(
  schema: S,
  expectedType: string,
  params: unknown,
): z.infer<S> {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new PawsError(PAWS_ERROR.INVALID_PARAMS, 'params must be an object');
  }
  const p = params as Record<string, unknown>;
  const absent = ['type', 'version'].filter((k) => p[k] === undefined);
  if (absent.length > 0) {
    throw new PawsError(PAWS_ERROR.MISSING, `Missing required parameter(s): ${absent.join(', ')}`, {
      parameters: absent,
    });
  }
  if (p.version !== PAWS_VERSION) {
    throw new PawsError(
      PAWS_ERROR.VERSION,
      `Unsupported PAWS version ${JSON.stringify(p.version)}; this database speaks ${PAWS_VERSION}`,
    );
  }
  if (p.type !== expectedType) {
    throw new PawsError(PAWS_ERROR.INVALID_VALUE, `type must be ${expectedType} for this method`, {
      parameters: ['type'],
    });
  }
  const result = schema.safeParse(params);
  if (!result.success) {
    throw issuesToPawsError(result.error.issues, params);
  }
  return result.data;
}
