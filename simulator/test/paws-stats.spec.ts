import { createServer, type Server } from 'node:http';
import { PawsStatsResponseDtoSchema } from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlRouter } from '../src/control/router.js';
import { registerSpectrumRoutes } from '../src/control/spectrum.routes.js';
import { startPawsServer, type PawsHandle } from '../src/paws/index.js';

const T0 = Date.parse('2026-03-02T14:30:21Z');
const mode2 = { serialNumber: 'P-1', fccId: 'WSNOC-P', fccTvbdDeviceType: 'MODE_2' };
const fixed = { serialNumber: 'FX-9', fccId: 'WSNOC-FX', fccTvbdDeviceType: 'FIXED' };
const slave = { serialNumber: 'S-1', fccId: 'WSNOC-S', fccTvbdDeviceType: 'MODE_1' };
const at = (latitude: number, longitude: number) => ({ point: { center: { latitude, longitude } } });

describe('PAWS request counts (GET /paws/stats)', () => {
  let paws: PawsHandle;
  let control: Server;
  let base = '';
  const post = async (body: string): Promise<{ error?: { code: number } }> =>
    (await (await fetch(paws.url, { method: 'POST', body })).json()) as never;
  const call = (method: string, params: unknown) =>
    post(JSON.stringify({ jsonrpc: '2.0', method, params, id: 's' }));
  const stats = async () =>
    PawsStatsResponseDtoSchema.parse(await (await fetch(`${base}/paws/stats`)).json());

  beforeAll(async () => {
    paws = await startPawsServer({
      host: '127.0.0.1',
      port: 0,
      ruleset: 'fcc',
      region: 'us-rural',
      seed: 1,
      clock: () => T0,
    });
    const router = new ControlRouter();
    registerSpectrumRoutes(router, paws);
    control = createServer((req, res) => void router.handle(req, res));
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    const addr = control.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => control.close(resolve));
    await paws.close();
  });

  it('starts at zero', async () => {
    expect(await stats()).toEqual({
      requests: 0,
      byMethod: {},
      errors: 0,
      batchRequests: 0,
      slaveBatchRequests: 0,
      devicesInBatches: 0,
      devicesInSlaveBatches: 0,
      since: new Date(T0).toISOString(),
    });
  });

  it('counts every answered exchange by method, its errors, and the locations of each batch', async () => {
    const init = await call('spectrum.paws.init', {
      type: 'INIT_REQ',
      version: '1.0',
      deviceDesc: mode2,
      location: at(37.5, -100.5),
    });
    expect(init.error).toBeUndefined();
    // a master's batch of three locations (answered: a MODE_2 device need not register)
    const master = await call('spectrum.paws.getSpectrumBatch', {
      type: 'AVAIL_SPECTRUM_BATCH_REQ',
      version: '1.0',
      deviceDesc: mode2,
      locations: [at(37.5, -100.5), at(37.6, -100.4), at(37.7, -100.3)],
    });
    expect(master.error).toBeUndefined();
    // a batch for two slaves on behalf of a fixed master that never registered: refused, still counted
    const slaves = await call('spectrum.paws.getSpectrumBatch', {
      type: 'AVAIL_SPECTRUM_BATCH_REQ',
      version: '1.0',
      deviceDesc: slave,
      masterDeviceDesc: fixed,
      locations: [at(37.5, -100.5), at(37.51, -100.5)],
    });
    expect(slaves.error?.code).toBe(-302);
    // not JSON, and an unknown method
    expect((await post('{not json')).error?.code).toBe(-32700);
    expect((await call('spectrum.paws.nothing', {})).error?.code).toBe(-32601);

    expect(await stats()).toMatchObject({
      requests: 5,
      byMethod: {
        'spectrum.paws.init': 1,
        'spectrum.paws.getSpectrumBatch': 2,
        'spectrum.paws.nothing': 1,
      },
      errors: 3,
      batchRequests: 2,
      slaveBatchRequests: 1,
      devicesInBatches: 5,
      devicesInSlaveBatches: 2,
    });
  });

  it('counts nothing while the database is unreachable: no exchange is answered', async () => {
    const before = await stats();
    await fetch(`${base}/spectrum/fault`, { method: 'POST', body: JSON.stringify({ mode: 'unreachable' }) });
    await expect(call('spectrum.paws.init', { type: 'INIT_REQ', version: '1.0' })).rejects.toThrow();
    await fetch(`${base}/spectrum/fault`, { method: 'POST', body: JSON.stringify({ mode: 'none' }) });
    expect((await stats()).requests).toBe(before.requests);
  });
});
