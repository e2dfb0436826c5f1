import { JsonRpcResponseSchema, PAWS_ERROR } from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPawsServer, type PawsHandle } from '../src/paws/index.js';

const T0 = Date.parse('2026-03-02T14:30:21Z');

type RpcError = { code: number; message: string; data?: { parameters?: string[] } };

async function post(url: string, body: string): Promise<{ error?: RpcError; result?: unknown; id: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(200);
  const json: unknown = await res.json();
  JsonRpcResponseSchema.parse(json);
  return json as never;
}

const deviceDesc = {
  serialNumber: 'P-1',
  fccId: 'WSNOC-P',
  fccTvbdDeviceType: 'MODE_2',
  rulesetIds: ['FccTvBandWhiteSpace-2010'],
};
const center = { latitude: 37.5, longitude: -100.5 };
const avail = (over: Record<string, unknown> = {}) => ({
  type: 'AVAIL_SPECTRUM_REQ',
  version: '1.0',
  deviceDesc,
  location: { point: { center } },
  ...over,
});

describe('PAWS errors (RFC 7545 table 1 and JSON-RPC 2.0)', () => {
  let paws: PawsHandle;
  const getSpectrum = (params: unknown) =>
    post(paws.url, JSON.stringify({ jsonrpc: '2.0', method: 'spectrum.paws.getSpectrum', params, id: 'e1' }));

  beforeAll(async () => {
    paws = await startPawsServer({
      host: '127.0.0.1',
      port: 0,
      ruleset: 'fcc',
      region: 'us-rural',
      seed: 1,
      clock: () => T0,
    });
  });
  afterAll(() => paws.close());

  it('-32700 for a body that is not JSON, with a null id', async () => {
    const res = await post(paws.url, '{"jsonrpc": "2.0", "method": ');
    expect(res.error?.code).toBe(PAWS_ERROR.PARSE_ERROR);
    expect(res.id).toBeNull();
  });

  it('-32600 for a numeric id, a wrong jsonrpc version or a missing method', async () => {
    for (const env of [
      { jsonrpc: '2.0', method: 'spectrum.paws.init', params: {}, id: 1 },
      { jsonrpc: '1.0', method: 'spectrum.paws.init', params: {}, id: 'a' },
      { jsonrpc: '2.0', params: {}, id: 'b' },
      [{ jsonrpc: '2.0', method: 'spectrum.paws.init', id: 'c' }],
    ]) {
      const res = await post(paws.url, JSON.stringify(env));
      expect(res.error?.code).toBe(PAWS_ERROR.INVALID_REQUEST);
    }
  });

  it('-32601 for an unknown method, echoing the id', async () => {
    const res = await post(
      paws.url,
      JSON.stringify({ jsonrpc: '2.0', method: 'spectrum.paws.getSpectra', params: {}, id: 'm1' }),
    );
    expect(res.error?.code).toBe(PAWS_ERROR.METHOD_NOT_FOUND);
    expect(res.id).toBe('m1');
  });

  it('-101 for a PAWS version other than 1.0', async () => {
    expect((await getSpectrum(avail({ version: '2.0' }))).error?.code).toBe(PAWS_ERROR.VERSION);
  });

  it('-102 for a device that asks only for a ruleset this database does not run', async () => {
    const res = await getSpectrum(
      avail({ deviceDesc: { ...deviceDesc, rulesetIds: ['ETSI-EN-301-598-1.1.1'] } }),
    );
    expect(res.error?.code).toBe(PAWS_ERROR.UNSUPPORTED);
  });

  it('-201 naming every missing parameter with dotted names', async () => {
    const { serialNumber: _s, ...noSerial } = deviceDesc;
    const res = await getSpectrum({ type: 'AVAIL_SPECTRUM_REQ', version: '1.0', deviceDesc: noSerial });
    expect(res.error?.code).toBe(PAWS_ERROR.MISSING);
    expect(res.error?.data?.parameters).toEqual(['location']);
    const res2 = await getSpectrum(avail({ deviceDesc: noSerial }));
    expect(res2.error?.code).toBe(PAWS_ERROR.MISSING);
    expect(res2.error?.data?.parameters).toEqual(['deviceDesc.serialNumber']);
    const res3 = await getSpectrum(avail({ location: { point: { center: { longitude: -100.5 } } } }));
    expect(res3.error?.data?.parameters).toEqual(['location.point.center.latitude']);
  });

  it('-202 for a misspelt required field (lattitude), naming the field that was sent', async () => {
    const res = await getSpectrum(
      avail({ location: { point: { center: { lattitude: 37.5, longitude: -100.5 } } } }),
    );
    expect(res.error?.code).toBe(PAWS_ERROR.INVALID_VALUE);
    expect(res.error?.data?.parameters).toEqual(['location.point.center.lattitude']);
    expect(res.error?.message).toContain('did you mean latitude');
  });

  it('-202 for a latitude of 91', async () => {
    const res = await getSpectrum(
      avail({ location: { point: { center: { latitude: 91, longitude: -100.5 } } } }),
    );
    expect(res.error?.code).toBe(PAWS_ERROR.INVALID_VALUE);
    expect(res.error?.data?.parameters).toEqual(['location.point.center.latitude']);
  });

  it('-202 for a region polygon that is not closed, or has too few points', async () => {
    const open = [
      { latitude: 37.5, longitude: -100.5 },
      { latitude: 37.5, longitude: -100.4 },
      { latitude: 37.6, longitude: -100.4 },
      { latitude: 37.6, longitude: -100.5 },
    ];
    const res = await getSpectrum(avail({ location: { region: { exterior: open } } }));
    expect(res.error?.code).toBe(PAWS_ERROR.INVALID_VALUE);
    expect(res.error?.data?.parameters).toEqual(['location.region.exterior']);
    const tiny = await getSpectrum(avail({ location: { region: { exterior: open.slice(0, 2) } } }));
    expect(tiny.error?.code).toBe(PAWS_ERROR.INVALID_VALUE);
  });

  it('-202 for a location with both point and region, and for a bad enum value', async () => {
    const both = await getSpectrum(avail({ location: { point: { center }, region: { exterior: [] } } }));
    expect(both.error?.code).toBe(PAWS_ERROR.INVALID_VALUE);
    const badType = await getSpectrum(avail({ deviceDesc: { ...deviceDesc, fccTvbdDeviceType: 'MODE_3' } }));
    expect(badType.error?.code).toBe(PAWS_ERROR.INVALID_VALUE);
    expect(badType.error?.data?.parameters).toEqual(['deviceDesc.fccTvbdDeviceType']);
  });

  it('ignores unknown fields that are not near-misses of a required one', async () => {
    const res = await getSpectrum(
      avail({ vendorExtension: { x: 1 }, deviceDesc: { ...deviceDesc, colour: 'green' } }),
    );
    expect(res.error).toBeUndefined();
    expect((res.result as { deviceDesc: Record<string, unknown> }).deviceDesc.colour).toBe('green');
  });

  it('-104 for a location outside the coverage area', async () => {
    const res = await getSpectrum(
      avail({ location: { point: { center: { latitude: 51.5, longitude: -0.12 } } } }),
    );
    expect(res.error?.code).toBe(PAWS_ERROR.OUTSIDE_COVERAGE);
  });

  it('-302 for a fixed device that has not registered', async () => {
    const res = await getSpectrum(
      avail({ deviceDesc: { ...deviceDesc, serialNumber: 'FX-9', fccTvbdDeviceType: 'FIXED' } }),
    );
    expect(res.error?.code).toBe(PAWS_ERROR.NOT_REGISTERED);
  });

  it('-202 when the message type does not match the method', async () => {
    const res = await getSpectrum(avail({ type: 'INIT_REQ' }));
    expect(res.error?.code).toBe(PAWS_ERROR.INVALID_VALUE);
    expect(res.error?.data?.parameters).toEqual(['type']);
  });

  it('answers 404 off /paws and 405 for GET', async () => {
    expect((await fetch(paws.url.replace('/paws', '/other'), { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
    expect((await fetch(paws.url)).status).toBe(405);
  });
});
