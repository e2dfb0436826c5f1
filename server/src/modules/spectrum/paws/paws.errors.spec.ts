import { PAWS_ERROR, type JsonRpcError } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { answerFor } from '@/error-answers.js';
import { PAWS_ERROR_CODES, PawsError, pawsErrorFromRpc, redactUri } from './paws.errors.js';

const rpc = (code: number, data?: JsonRpcError['data']) =>
  pawsErrorFromRpc({ code, message: 'm', ...(data ? { data } : {}) }, 'spectrum.paws.getSpectrum', 'lab');

describe(PawsError.name, () => {
  describe('pawsErrorFromRpc', () => {
    it.each([
      [PAWS_ERROR.VERSION, 'version'],
      [PAWS_ERROR.UNSUPPORTED, 'unsupported'],
      [PAWS_ERROR.UNIMPLEMENTED, 'unimplemented'],
      [PAWS_ERROR.OUTSIDE_COVERAGE, 'outside-coverage'],
      [PAWS_ERROR.DATABASE_CHANGE, 'database-change'],
      [PAWS_ERROR.MISSING, 'missing'],
      [PAWS_ERROR.INVALID_VALUE, 'invalid-value'],
      [PAWS_ERROR.UNAUTHORIZED, 'unauthorized'],
      [PAWS_ERROR.NOT_REGISTERED, 'not-registered'],
      [PAWS_ERROR.PARSE_ERROR, 'protocol'],
      [PAWS_ERROR.INVALID_REQUEST, 'protocol'],
      [PAWS_ERROR.METHOD_NOT_FOUND, 'protocol'],
      [PAWS_ERROR.INVALID_PARAMS, 'protocol'],
      [PAWS_ERROR.INTERNAL_ERROR, 'protocol'],
      [-999, 'protocol'],
    ])('maps %i to %s', (code, expected) => {
      expect(rpc(code).code).toBe(expected);
      expect(rpc(code).details.rpcCode).toBe(code);
    });

    it('marks version and unsupported fatal, and -301/-302 as needing registration', () => {
      expect(rpc(PAWS_ERROR.VERSION).details.fatal).toBe(true);
      expect(rpc(PAWS_ERROR.UNSUPPORTED).details.fatal).toBe(true);
      expect(rpc(PAWS_ERROR.MISSING).details.fatal).toBeUndefined();
      expect(rpc(PAWS_ERROR.UNAUTHORIZED).details.needsRegistration).toBe(true);
      expect(rpc(PAWS_ERROR.NOT_REGISTERED).details.needsRegistration).toBe(true);
    });

    it('carries the parameters of -201/-202, an empty list when the database gave none', () => {
      expect(rpc(PAWS_ERROR.MISSING, { parameters: ['deviceDesc.serialNumber'] }).details.parameters).toEqual(
        ['deviceDesc.serialNumber'],
      );
      expect(rpc(PAWS_ERROR.INVALID_VALUE).details.parameters).toEqual([]);
    });

    it('keeps alternates whole for switching but shows them without query or credentials', () => {
      const err = rpc(PAWS_ERROR.DATABASE_CHANGE, {
        spec: { databases: [{ name: 'b', uri: 'https://user:pw@wsdb.example/paws?key=secret' }] },
      });
      expect(err.alternateDatabases).toEqual([
        { name: 'b', uri: 'https://user:pw@wsdb.example/paws?key=secret' },
      ]);
      expect(err.details.alternates).toEqual([{ name: 'b', uri: 'https://wsdb.example/paws' }]);
      expect(JSON.stringify(answerFor(err))).not.toContain('secret');
      expect(err.withDetails({ tried: ['a'] }).alternateDatabases).toHaveLength(1);
    });
  });

  describe('answerFor', () => {
    it('gives every code a status, with the feature in the code', () => {
      const statuses = Object.fromEntries(
        PAWS_ERROR_CODES.map((code) => [code, answerFor(new PawsError(code, 'x'))?.status]),
      );
      expect(statuses).toEqual({
        version: 502,
        unsupported: 502,
        unimplemented: 502,
        'outside-coverage': 422,
        'database-change': 503,
        missing: 422,
        'invalid-value': 422,
        unauthorized: 502,
        'not-registered': 409,
        protocol: 502,
        unreachable: 503,
        timeout: 504,
      });
      expect(answerFor(new PawsError('timeout', 'x'))?.code).toBe('paws.timeout');
    });
  });

  it('redacts a URI to scheme, host and path', () => {
    expect(redactUri('http://127.0.0.1:9100/paws?k=1#f')).toBe('http://127.0.0.1:9100/paws');
    expect(redactUri('not a uri')).toBe('(not a URI)');
  });
});
