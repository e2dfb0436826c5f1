import { createServer, type Server } from 'node:http';
import { PawsFaultStateSchema } from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlRouter } from '../src/control/router.js';
import { registerSpectrumRoutes } from '../src/control/spectrum.routes.js';
import { startPawsServer, type PawsHandle } from '../src/paws/index.js';

const T0 = Date.parse('2026-03-02T14:30:21Z');
const init = {
  jsonrpc: '2.0',
  method: 'spectrum.paws.init',
  params: {
    type: 'INIT_REQ',
    version: '1.0',
    deviceDesc: { serialNumber: 'X', fccId: 'Y', fccTvbdDeviceType: 'MODE_2' },
    location: { point: { center: { latitude: 37.5, longitude: -100.5 } } },
  },
  id: 'f1',
};

describe('PAWS database faults', () => {
  let paws: PawsHandle;
  let control: Server;
  let base = '';
  const setFault = async (body: unknown) => {
    const res = await fetch(`${base}/spectrum/fault`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };
  const callInit = async () => {
    const res = await fetch(paws.url, { method: 'POST', body: JSON.stringify(init) });
    return (await res.json()) as { result?: unknown; error?: { code: number }; id: string };
  };

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

  it('unreachable: connections die without an answer, until the fault is cleared', async () => {
    expect((await callInit()).result).toBeDefined(); // leaves a kept-alive connection behind
    const state = PawsFaultStateSchema.parse((await setFault({ mode: 'unreachable' })).json);
    expect(state).toMatchObject({ mode: 'unreachable', since: new Date(T0).toISOString() });
    await expect(callInit()).rejects.toThrow();
    await expect(callInit()).rejects.toThrow();
    await setFault({ mode: 'none' });
    expect((await callInit()).result).toBeDefined();
  });

  it('slow: every answer waits the set latency', async () => {
    await setFault({ mode: 'slow', latencyMs: 250 });
    const started = performance.now();
    expect((await callInit()).result).toBeDefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    await setFault({ mode: 'none' });
  });

  it('error: every method answers the chosen code, keeping the request id', async () => {
    await setFault({ mode: 'error', errorCode: -105 });
    const res = await callInit();
    expect(res.error?.code).toBe(-105);
    expect(res.id).toBe('f1');
    await setFault({ mode: 'none' });
    expect((await callInit()).result).toBeDefined();
  });

  it('refuses an incomplete fault with a 400 naming the field', async () => {
    const slow = await setFault({ mode: 'slow' });
    expect(slow.status).toBe(400);
    expect(JSON.stringify(slow.json)).toContain('latencyMs');
    expect((await setFault({ mode: 'error' })).status).toBe(400);
    expect((await setFault({ mode: 'flaky' })).status).toBe(400);
  });
});
