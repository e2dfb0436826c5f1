import { createServer, type Server } from 'node:http';
import { ComplianceLogResponseDtoSchema, type RadioEmission } from '@wsnoc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlRouter } from '../src/control/router.js';
import { registerSpectrumRoutes } from '../src/control/spectrum.routes.js';
import { ComplianceJudge, startPawsServer, type PawsHandle } from '../src/paws/index.js';

const T0 = Date.parse('2026-03-02T14:30:00Z');
const SEC = 1000;
const here = { lat: 58.02, lon: -4.4 };

describe(ComplianceJudge.name, () => {
  let now = T0;
  let paws: PawsHandle;
  let control: Server;
  let base = '';
  const emit = (
    radioId: string,
    channel: number,
    transmitting = true,
    eirpDbm = 30,
    at = here,
  ): RadioEmission => ({
    radioId,
    at: new Date(now).toISOString(),
    lat: at.lat,
    lon: at.lon,
    transmitting,
    channel,
    eirpDbm,
  });
  const freeChannel = (i = 0): number =>
    paws.model
      .permissions(here.lat, here.lon, now, paws.model.params.defaultClass)
      .filter((p) => p.maxEirpDbm >= 36)[i]!.channel;
  const withdraw = async (channel: number, fromMs: number, toMs?: number) => {
    const body = {
      area: { ...here, radiusM: 2000 },
      channels: [channel],
      from: new Date(fromMs).toISOString(),
      to: toMs === undefined ? undefined : new Date(toMs).toISOString(),
    };
    const res = await fetch(`${base}/spectrum/withdrawals`, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  };

  beforeEach(async () => {
    now = T0;
    paws = await startPawsServer({
      host: '127.0.0.1',
      port: 0,
      ruleset: 'etsi',
      region: 'highlands',
      seed: 11,
      clock: () => now,
    });
    const router = new ControlRouter();
    registerSpectrumRoutes(router, paws);
    control = createServer((req, res) => void router.handle(req, res));
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    const addr = control.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => control.close(resolve));
    await paws.close();
  });

  it('logs nothing while a radio uses a permitted channel within its power limit', () => {
    paws.judge.record(emit('r1', freeChannel(), true, 30));
    now += 3600 * SEC;
    expect(paws.judge.violations()).toEqual([]);
  });

  it('opens a violation when a radio keeps transmitting on a withdrawn channel beyond the grace, and closes it when it mutes', async () => {
    const ch = freeChannel();
    paws.judge.record(emit('r1', ch));
    now += 10 * SEC;
    await withdraw(ch, now);
    const lapsedAt = now;
    now += 899 * SEC; // ETSI grace follows TUpdate (maxPollingSecs 900)
    expect(paws.judge.violations()).toEqual([]);
    now += 2 * SEC;
    const [v] = paws.judge.violations();
    expect(v).toMatchObject({
      radioId: 'r1',
      reason: 'channel-not-permitted',
      cause: 'database-change',
      channel: ch,
      graceSecs: 900,
      lapsedAt: new Date(lapsedAt).toISOString(),
      from: new Date(lapsedAt + 900 * SEC).toISOString(),
      to: null,
    });
    now += 30 * SEC;
    paws.judge.record(emit('r1', ch, false));
    const [closed] = paws.judge.violations();
    expect(closed!.to).toBe(new Date(now).toISOString());
  });

  it('judges a radio that mutes within the grace compliant', async () => {
    const ch = freeChannel();
    paws.judge.record(emit('r1', ch));
    await withdraw(ch, now);
    now += 600 * SEC;
    paws.judge.record(emit('r1', ch, false));
    now += 3600 * SEC;
    expect(paws.judge.violations()).toEqual([]);
  });

  it('re-evaluates when a scheduled reservation starts under a radio that never emits again', async () => {
    const ch = freeChannel(1);
    paws.judge.record(emit('r2', ch));
    const start = now + 3600 * SEC;
    await withdraw(ch, start, start + 7200 * SEC);
    now = start + 900 * SEC + 5 * SEC; // one jump, as a stalled timer would see it
    paws.judge.tick(now);
    const [v] = paws.judge.violations();
    expect(v).toMatchObject({
      radioId: 'r2',
      lapsedAt: new Date(start).toISOString(),
      from: new Date(start + 900 * SEC).toISOString(),
      to: null,
    });
    now = start + 7200 * SEC + 60 * SEC; // the reservation ends: the channel is permitted again
    const [after] = paws.judge.violations();
    expect(after!.to).toBe(new Date(start + 7200 * SEC).toISOString());
  });

  it('gives no grace to a radio that starts on a channel the database does not permit', () => {
    // Rosemarkie carries channel 39: inside its contour the channel is never available.
    paws.judge.record(emit('r3', 39, true, 20, { lat: 57.6, lon: -4.2 }));
    const [v] = paws.judge.violations();
    expect(v).toMatchObject({
      radioId: 'r3',
      cause: 'radio',
      graceSecs: 0,
      from: new Date(T0).toISOString(),
      permittedEirpDbm: null,
    });
  });

  it('logs EIRP above the limit at the radio location, and a new interval when it retunes to another bad channel', () => {
    const ch = freeChannel();
    paws.judge.record(emit('r4', ch, true, 40));
    const [hot] = paws.judge.violations();
    expect(hot).toMatchObject({ reason: 'eirp-above-limit', eirpDbm: 40, permittedEirpDbm: 36 });
    now += 5 * SEC;
    paws.judge.record(emit('r4', 39, true, 20, { lat: 57.6, lon: -4.2 }));
    const log = paws.judge.violations();
    expect(log).toHaveLength(2);
    expect(log[0]!.to).toBe(new Date(now).toISOString());
    expect(log[1]).toMatchObject({ reason: 'channel-not-permitted', channel: 39, to: null });
  });

  it('gives slaves the master grace plus the ETSI 5 s slave cease time, and honours a grace override', async () => {
    paws.judge.classify = () => ({ ruleset: 'etsi', type: 'B', emissionsClass: 1, slave: true });
    const ch = freeChannel();
    paws.judge.record(emit('cpe1', ch, true, 20));
    await fetch(`${base}/spectrum/settings`, { method: 'PUT', body: JSON.stringify({ graceSecs: 60 }) });
    await withdraw(ch, now);
    now += 64 * SEC;
    expect(paws.judge.violations()).toEqual([]);
    now += 2 * SEC;
    expect(paws.judge.violations()[0]).toMatchObject({ radioId: 'cpe1', graceSecs: 65 });
  });

  it('logs radios still transmitting once the database has been unreachable longer than the grace', async () => {
    paws.judge.record(emit('r7', freeChannel(), true, 30));
    const setFault = (body: unknown) =>
      fetch(`${base}/spectrum/fault`, { method: 'POST', body: JSON.stringify(body) });
    now += 5 * SEC;
    await setFault({ mode: 'unreachable' });
    const since = now;
    now += 899 * SEC;
    expect(paws.judge.violations()).toEqual([]);
    now += 2 * SEC;
    expect(paws.judge.violations()[0]).toMatchObject({
      radioId: 'r7',
      reason: 'database-unreachable',
      lapsedAt: new Date(since).toISOString(),
      from: new Date(since + 900 * SEC).toISOString(),
      to: null,
    });
    now += 10 * SEC;
    await setFault({ mode: 'none' });
    expect(paws.judge.violations()[0]!.to).toBe(new Date(now).toISOString());
  });

  it('serves the log at GET /compliance, with open and radio filters', async () => {
    paws.judge.record(emit('r5', 39, true, 20, { lat: 57.6, lon: -4.2 }));
    paws.judge.record(emit('r6', 39, true, 20, { lat: 57.6, lon: -4.2 }));
    now += SEC;
    paws.judge.record(emit('r6', 39, false, 20, { lat: 57.6, lon: -4.2 }));
    const all = ComplianceLogResponseDtoSchema.parse(await (await fetch(`${base}/compliance`)).json());
    expect(all).toMatchObject({ open: 1, total: 2 });
    const open = ComplianceLogResponseDtoSchema.parse(
      await (await fetch(`${base}/compliance?open=true`)).json(),
    );
    expect(open.violations.map((v) => v.radioId)).toEqual(['r5']);
    const r6 = ComplianceLogResponseDtoSchema.parse(
      await (await fetch(`${base}/compliance?radioId=r6`)).json(),
    );
    expect(r6.violations).toHaveLength(1);
  });

  it('keeps up with 10,000 transmitting radios', async () => {
    const ch = freeChannel();
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) {
      paws.judge.record(
        emit(`bulk-${i}`, ch, true, 30, {
          lat: here.lat + (i % 100) * 0.001,
          lon: here.lon + Math.floor(i / 100) * 0.001,
        }),
      );
    }
    await withdraw(ch, now);
    for (let s = 0; s < 10; s++) {
      now += SEC;
      paws.judge.tick(now);
    }
    const elapsed = performance.now() - started;
    expect(paws.judge.violations()).toEqual([]);
    expect(elapsed).toBeLessThan(3000);
  });
});
