import { createServer, type Server } from 'node:http';
import {
  AvailSpectrumRespSchema,
  AvailabilityResponseDtoSchema,
  InitRespSchema,
  SpectrumSettingsResponseDtoSchema,
  WithdrawalResponseDtoSchema,
  type AvailSpectrumResp,
} from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlRouter } from '../src/control/router.js';
import { registerSpectrumRoutes } from '../src/control/spectrum.routes.js';
import { startPawsServer, type PawsHandle } from '../src/paws/index.js';

const T0 = Date.parse('2026-03-02T14:30:21Z');
const HOUR = 3_600_000;
const here = { lat: 58.02, lon: -4.4 };
const master = {
  serialNumber: 'BS-7',
  manufacturerId: 'Wsnoc',
  modelId: 'TVWS-BS',
  etsiEnDeviceType: 'A',
  etsiEnDeviceEmissionsClass: '1',
  etsiEnTechnologyId: 'IEEE 802.11af',
  etsiEnDeviceCategory: 'master',
};
const location = { point: { center: { latitude: here.lat, longitude: here.lon } } };

function channelsIn(
  spectra: AvailSpectrumResp['spectrumSpecs'][number]['spectrumSchedules'][number]['spectra'],
): number[] {
  const out = new Set<number>();
  for (const profile of spectra[0]!.profiles) {
    for (let k = 0; k + 1 < profile.length; k++) {
      for (let hz = profile[k]!.hz; hz < profile[k + 1]!.hz; hz += 8e6) {
        out.add(21 + Math.round((hz - 470e6) / 8e6));
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

describe('spectrum control API', () => {
  let now = T0;
  let paws: PawsHandle;
  let control: Server;
  let base = '';

  const api = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  const rpc = async (
    method: string,
    params: unknown,
  ): Promise<{ result?: unknown; error?: { code: number } }> => {
    const res = await fetch(paws.url, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 'c' }),
    });
    return (await res.json()) as never;
  };
  const getSpectrum = async () =>
    AvailSpectrumRespSchema.parse(
      (
        await rpc('spectrum.paws.getSpectrum', {
          type: 'AVAIL_SPECTRUM_REQ',
          version: '1.0',
          deviceDesc: master,
          location,
        })
      ).result,
    );

  beforeAll(async () => {
    paws = await startPawsServer({
      host: '127.0.0.1',
      port: 0,
      ruleset: 'etsi',
      region: 'highlands',
      seed: 3,
      clock: () => now,
    });
    const router = new ControlRouter();
    registerSpectrumRoutes(router, paws);
    control = createServer((req, res) => void router.handle(req, res));
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    const addr = control.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    await rpc('spectrum.paws.register', {
      type: 'REGISTRATION_REQ',
      version: '1.0',
      deviceDesc: master,
      location,
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => control.close(resolve));
    await paws.close();
  });

  it('tells the truth about a place: channels and max EIRP now', async () => {
    const { status, json } = await api('GET', `/spectrum/availability?lat=${here.lat}&lon=${here.lon}`);
    expect(status).toBe(200);
    const avail = AvailabilityResponseDtoSchema.parse(json);
    expect(avail.insideCoverage).toBe(true);
    expect(avail.channels.length).toBeGreaterThan(5);
    expect(avail.channels.every((c) => c.channel >= 21 && c.channel <= 60 && c.maxEirpDbm <= 36)).toBe(true);
    const bad = await api('GET', '/spectrum/availability?lat=95&lon=-4');
    expect(bad.status).toBe(400);
    expect((bad.json as { message: string }).message).toContain('lat');
  });

  it('withdraws a channel in an area from its start time, and the schedule shows it in advance', async () => {
    const before = AvailabilityResponseDtoSchema.parse(
      (await api('GET', `/spectrum/availability?lat=${here.lat}&lon=${here.lon}`)).json,
    );
    const channel = before.channels[0]!.channel;
    const from = new Date(now + 2 * HOUR).toISOString();
    const to = new Date(now + 3 * HOUR).toISOString();
    const created = await api('POST', '/spectrum/withdrawals', {
      area: { lat: here.lat, lon: here.lon, radiusM: 3000 },
      channels: [channel],
      from,
      to,
      label: 'Lairg show',
    });
    expect(created.status).toBe(200);
    const wd = WithdrawalResponseDtoSchema.parse(created.json);

    const resp = await getSpectrum();
    const schedules = resp.spectrumSpecs[0]!.spectrumSchedules;
    expect(schedules.map((s) => s.eventTime.startTime)).toEqual([
      '2026-03-02T14:30:21Z',
      '2026-03-02T16:30:21Z',
      '2026-03-02T17:30:21Z',
    ]);
    expect(channelsIn(schedules[0]!.spectra)).toContain(channel);
    expect(channelsIn(schedules[1]!.spectra)).not.toContain(channel);
    expect(channelsIn(schedules[2]!.spectra)).toContain(channel);

    now += 2 * HOUR;
    const during = AvailabilityResponseDtoSchema.parse(
      (await api('GET', `/spectrum/availability?lat=${here.lat}&lon=${here.lon}`)).json,
    );
    expect(during.channels.map((c) => c.channel)).not.toContain(channel);
    const outside = AvailabilityResponseDtoSchema.parse(
      (await api('GET', `/spectrum/availability?lat=${here.lat + 0.1}&lon=${here.lon}`)).json,
    );
    expect(outside.channels.map((c) => c.channel)).toContain(channel);

    const list = (await api('GET', '/spectrum/withdrawals')).json as { id: string; source: string }[];
    expect(list.map((w) => w.id)).toContain(wd.id);
    expect(list.some((w) => w.source === 'seed')).toBe(true);
    expect((await api('DELETE', `/spectrum/withdrawals/${wd.id}`)).status).toBe(200);
    expect((await api('DELETE', `/spectrum/withdrawals/${wd.id}`)).status).toBe(404);
    const after = AvailabilityResponseDtoSchema.parse(
      (await api('GET', `/spectrum/availability?lat=${here.lat}&lon=${here.lon}`)).json,
    );
    expect(after.channels.map((c) => c.channel)).toContain(channel);
    now = T0;
  });

  it('withdraws inside a polygon', async () => {
    const before = AvailabilityResponseDtoSchema.parse(
      (await api('GET', `/spectrum/availability?lat=${here.lat}&lon=${here.lon}`)).json,
    );
    const channel = before.channels[1]!.channel;
    const polygon = [
      { lat: here.lat - 0.01, lon: here.lon - 0.01 },
      { lat: here.lat - 0.01, lon: here.lon + 0.01 },
      { lat: here.lat + 0.01, lon: here.lon + 0.01 },
      { lat: here.lat + 0.01, lon: here.lon - 0.01 },
    ];
    const wd = WithdrawalResponseDtoSchema.parse(
      (
        await api('POST', '/spectrum/withdrawals', {
          area: { polygon },
          channels: [channel],
          from: new Date(now).toISOString(),
        })
      ).json,
    );
    const during = AvailabilityResponseDtoSchema.parse(
      (await api('GET', `/spectrum/availability?lat=${here.lat}&lon=${here.lon}`)).json,
    );
    expect(during.channels.map((c) => c.channel)).not.toContain(channel);
    await api('DELETE', `/spectrum/withdrawals/${wd.id}`);
  });

  it('shows the seeded event as a future schedule boundary at its venue', async () => {
    const inverness = { point: { center: { latitude: 57.472, longitude: -4.243 } } };
    const desc = { ...master, serialNumber: 'BS-INV' };
    await rpc('spectrum.paws.register', {
      type: 'REGISTRATION_REQ',
      version: '1.0',
      deviceDesc: desc,
      location: inverness,
    });
    const resp = AvailSpectrumRespSchema.parse(
      (
        await rpc('spectrum.paws.getSpectrum', {
          type: 'AVAIL_SPECTRUM_REQ',
          version: '1.0',
          deviceDesc: desc,
          location: inverness,
        })
      ).result,
    );
    const starts = resp.spectrumSpecs[0]!.spectrumSchedules.map((s) => s.eventTime.startTime);
    expect(starts).toEqual(['2026-03-02T14:30:21Z', '2026-03-02T20:30:21Z', '2026-03-03T04:30:21Z']);
  });

  it('rejects a bad withdrawal with a 400 naming the fields', async () => {
    const res = await api('POST', '/spectrum/withdrawals', {
      area: { lat: 58, lon: -4 },
      channels: [],
      from: 'soon',
    });
    expect(res.status).toBe(400);
    const paths = (res.json as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['channels', 'from']));
    expect(paths.some((p) => p.startsWith('area'))).toBe(true);
  });

  it('changes maxPollingSecs and maxLocationChange at run time, and INIT_RESP reports them', async () => {
    const res = await api('PUT', '/spectrum/settings', { maxPollingSecs: 60, maxLocationChange: 25 });
    expect(SpectrumSettingsResponseDtoSchema.parse(res.json)).toMatchObject({
      maxPollingSecs: 60,
      maxLocationChange: 25,
      graceSecs: 60,
    });
    const init = InitRespSchema.parse(
      (await rpc('spectrum.paws.init', { type: 'INIT_REQ', version: '1.0', deviceDesc: master, location }))
        .result,
    );
    expect(init.rulesetInfos[0]).toMatchObject({ maxPollingSecs: 60, maxLocationChange: 25 });
    const spec = (await getSpectrum()).spectrumSpecs[0]!;
    expect(spec.rulesetInfo).toMatchObject({ maxPollingSecs: 60, maxLocationChange: 25 });
    expect((await api('PUT', '/spectrum/settings', {})).status).toBe(400);
    expect((await api('PUT', '/spectrum/settings', { maxPollingSecs: 0 })).status).toBe(400);
    await api('PUT', '/spectrum/settings', { maxPollingSecs: 900, maxLocationChange: 50 });
  });
});
