import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RadioLinkSchema, RadioStateSchema, RadioSummarySchema, type RadioSummary } from '@wsnoc/shared';
import { startLab, type LabHandle } from '../src/fleet/lab.js';
import { RawTelnetClient } from '../src/telnet/raw-telnet-client.js';

describe('control API: radios', () => {
  let lab: LabHandle;
  let radios: RadioSummary[];

  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${lab.controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };

  beforeAll(async () => {
    lab = await startLab({
      radios: 50,
      seed: 9,
      port: 0,
      firstAddress: '127.21.4.1',
      controlPort: 0,
      pawsPort: 0,
    });
    radios = z.array(RadioSummarySchema).parse((await call('GET', '/radios')).json);
  });

  afterAll(async () => {
    await lab.close();
  });

  it('lists every radio with how to reach and log in to it', async () => {
    expect(radios).toHaveLength(50);
    expect(radios[0]).toMatchObject({
      id: 'bs-0001',
      role: 'base-station',
      host: '127.21.4.1',
      port: lab.fleet.port,
    });
    const cpe = radios.find((r) => r.role === 'cpe')!;
    const c = await RawTelnetClient.connect({ host: cpe.host, port: cpe.port });
    expect(await c.login(cpe.username, cpe.password)).toBe(`${cpe.id}>`);
    c.destroy();
  });

  it('reads the truth of one radio and 404s an unknown one', async () => {
    const { status, json } = await call('GET', '/radios/bs-0001/state');
    expect(status).toBe(200);
    const state = RadioStateSchema.parse(json);
    expect(state).toMatchObject({ id: 'bs-0001', transmitting: true, up: true, faults: [] });
    const missing = await call('GET', '/radios/bs-9999/state');
    expect(missing.status).toBe(404);
  });

  it('reads every link', async () => {
    const links = z.array(RadioLinkSchema).parse((await call('GET', '/links')).json);
    expect(links).toHaveLength(radios.filter((r) => r.role === 'cpe').length);
  });

  it('injects and clears faults on one radio, and rejects bad bodies naming the field', async () => {
    const added = RadioStateSchema.parse(
      (await call('POST', '/radios/bs-0001/faults', { kind: 'slow', latencyMs: 50 })).json,
    );
    expect(added.faults).toEqual([{ kind: 'slow', latencyMs: 50 }]);
    const defaults = RadioStateSchema.parse(
      (await call('POST', '/radios/bs-0001/faults', { kind: 'gps-drift' })).json,
    );
    expect(defaults.faults).toContainEqual({ kind: 'gps-drift', metres: 500 });
    const bad = await call('POST', '/radios/bs-0001/faults', { kind: 'slow', latencyMs: 'lots' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('latencyMs');
    const unknownKind = await call('POST', '/radios/bs-0001/faults', { kind: 'meteor' });
    expect(unknownKind.status).toBe(400);
    expect(JSON.stringify(unknownKind.json)).toContain('kind');
    expect((await call('POST', '/radios/bs-0001/faults', '{nope')).status).toBe(400);
    expect((await call('POST', '/radios/nope/faults', { kind: 'offline' })).status).toBe(404);
    const cleared = RadioStateSchema.parse((await call('DELETE', '/radios/bs-0001/faults')).json);
    expect(cleared.faults).toEqual([]);
  });

  it('injects a fault on a random share of the fleet and clears them all', async () => {
    const { json } = await call('POST', '/faults', { kind: 'blackhole', share: 0.2, seed: 1 });
    const affected = z.object({ kind: z.string(), affected: z.array(z.string()) }).parse(json).affected;
    expect(affected).toHaveLength(10);
    const bad = await call('POST', '/faults', { kind: 'blackhole', share: 2 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('share');
    expect((await call('DELETE', '/faults')).json).toEqual({ cleared: 10 });
  });

  it('changes a radio directly and validates like the CLI', async () => {
    const emissions: number[] = [];
    lab.fleet.on('emission', (e) => emissions.push(e.channel));
    const ok = await call('POST', '/radios/bs-0001/set', { channel: 25, txPowerDbm: 20, temperatureC: 61 });
    expect(ok.status).toBe(200);
    expect(RadioStateSchema.parse(ok.json)).toMatchObject({ channel: 25, eirpDbm: 20, temperatureC: 61 });
    expect(emissions[0]).toBe(25);
    const bad = await call('POST', '/radios/bs-0001/set', { channel: 99 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('channel');
    const wrongType = await call('POST', '/radios/bs-0001/set', { enabled: 'yes' });
    expect(JSON.stringify(wrongType.json)).toContain('enabled');
    expect((await call('POST', '/radios/bs-0001/set', {})).status).toBe(400);
    const cpe = radios.find((r) => r.role === 'cpe')!;
    expect((await call('POST', `/radios/${cpe.id}/set`, { channel: 30 })).status).toBe(400);
  });
});

describe('the wsnoc-sim command', () => {
  const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  const run = (args: string[]): ReturnType<typeof spawn> =>
    spawn(process.execPath, ['--import', 'tsx', '--conditions=wsnoc-source', cli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const exitOf = (p: ReturnType<typeof spawn>): Promise<number | null> =>
    new Promise((resolve) => p.once('exit', (code) => resolve(code)));

  it('stops with one clear line and exit code 2 on a bad flag', async () => {
    const p = run(['--radios', 'many']);
    let stderr = '';
    p.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exitOf(p)).toBe(2);
    expect(stderr).toBe('wsnoc-sim: --radios: must be a whole number\n');
  });

  it('prints one ready line, serves the control API, and stops cleanly on SIGTERM', async () => {
    const p = run([
      '--radios',
      '30',
      '--seed',
      '4',
      '--region',
      'us-rural',
      '--port',
      '0',
      '--first-address',
      '127.21.6.1',
      '--control-port',
      '0',
      '--paws-port',
      '0',
    ]);
    const exited = exitOf(p);
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: p.stdout! }).once('line', resolve);
        p.once('exit', () => reject(new Error('exited before ready')));
      });
      const ready = z
        .object({
          ready: z.literal(true),
          ruleset: z.string(),
          controlUrl: z.string(),
          telnetPort: z.number(),
        })
        .parse(JSON.parse(line));
      expect(ready.ruleset).toBe('fcc');
      const res = await fetch(`${ready.controlUrl}/radios`);
      expect(((await res.json()) as unknown[]).length).toBe(30);
    } finally {
      p.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
