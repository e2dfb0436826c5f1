import {
  AvailSpectrumBatchRespSchema,
  AvailSpectrumRespSchema,
  DevValidRespSchema,
  InitRespSchema,
  JsonRpcResponseSchema,
  RegistrationRespSchema,
  SpectrumUseRespSchema,
  type AvailSpectrumResp,
} from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPawsServer, type PawsHandle } from '../src/paws/index.js';

const T0 = Date.parse('2026-03-02T14:30:21Z');

async function rpc(
  url: string,
  body: unknown,
): Promise<{
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: { parameters?: string[] } };
  id: unknown;
}> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json: unknown = await res.json();
  JsonRpcResponseSchema.parse(json);
  return json as never;
}

const call = (url: string, method: string, params: unknown, id = 'xxxxxx') =>
  rpc(url, { jsonrpc: '2.0', method, params, id });

// RFC 7545 section 6 examples, verbatim but for fccTvbdDeviceType, which section 9.1.2.1 requires.
const RFC_INIT_REQ = {
  jsonrpc: '2.0',
  method: 'spectrum.paws.init',
  params: {
    type: 'INIT_REQ',
    version: '1.0',
    deviceDesc: {
      serialNumber: 'XXX',
      fccId: 'YYY',
      fccTvbdDeviceType: 'MODE_2',
      rulesetIds: ['FccTvBandWhiteSpace-2010'],
    },
    location: { point: { center: { latitude: 37.0, longitude: -101.3 } } },
  },
  id: 'idString',
};
const RFC_AVAIL_REQ_PARAMS = {
  type: 'AVAIL_SPECTRUM_REQ',
  version: '1.0',
  deviceDesc: { serialNumber: 'XXX', fccId: 'YYY', rulesetIds: ['FccTvBandWhiteSpace-2010'] },
  location: { point: { center: { latitude: 37.0, longitude: -101.3 } } },
  antenna: { height: 10.2, heightType: 'AGL' },
};

/** Schedules must be disjoint, sorted, start at the response timestamp and carry real times. */
function expectWellFormedSchedules(resp: AvailSpectrumResp): void {
  const schedules = resp.spectrumSpecs[0]!.spectrumSchedules;
  expect(schedules.length).toBeGreaterThan(0);
  expect(schedules[0]!.eventTime.startTime).toBe(resp.timestamp);
  for (let i = 0; i < schedules.length; i++) {
    const { startTime, stopTime } = schedules[i]!.eventTime;
    expect(Date.parse(stopTime)).toBeGreaterThan(Date.parse(startTime));
    if (i > 0) {
      expect(startTime).toBe(schedules[i - 1]!.eventTime.stopTime);
    }
  }
}

describe('PAWS server, FCC ruleset (us-rural)', () => {
  let paws: PawsHandle;
  beforeAll(async () => {
    paws = await startPawsServer({
      host: '127.0.0.1',
      port: 0,
      ruleset: 'fcc',
      region: 'us-rural',
      seed: 7,
      clock: () => T0,
    });
  });
  afterAll(() => paws.close());

  it('answers the RFC section 6.1 INIT_REQ with an INIT_RESP of the RFC shape', async () => {
    const res = await rpc(paws.url, RFC_INIT_REQ);
    expect(res.id).toBe('idString');
    const init = InitRespSchema.parse(res.result);
    expect(init.rulesetInfos[0]).toEqual({
      authority: 'US',
      rulesetId: 'FccTvBandWhiteSpace-2010',
      maxLocationChange: 100,
      maxPollingSecs: 3600,
    });
  });

  it('refuses the RFC AVAIL_SPECTRUM_REQ example as printed: section 9.1.2.1 requires fccTvbdDeviceType', async () => {
    const res = await call(paws.url, 'spectrum.paws.getSpectrum', RFC_AVAIL_REQ_PARAMS);
    expect(res.error?.code).toBe(-201);
    expect(res.error?.data?.parameters).toEqual(['deviceDesc.fccTvbdDeviceType']);
  });

  it('answers the RFC AVAIL_SPECTRUM_REQ (with fccTvbdDeviceType MODE_2) with an AVAIL_SPECTRUM_RESP of the RFC shape', async () => {
    const params = {
      ...RFC_AVAIL_REQ_PARAMS,
      deviceDesc: { ...RFC_AVAIL_REQ_PARAMS.deviceDesc, fccTvbdDeviceType: 'MODE_2' },
    };
    const res = await call(paws.url, 'spectrum.paws.getSpectrum', params);
    expect(res.id).toBe('xxxxxx');
    const resp = AvailSpectrumRespSchema.parse(res.result);
    expect(resp.timestamp).toBe('2026-03-02T14:30:21Z');
    expect(resp.deviceDesc).toEqual(params.deviceDesc);
    expect(resp.spectrumSpecs).toHaveLength(1);
    const spec = resp.spectrumSpecs[0]!;
    expect(spec.rulesetInfo).toMatchObject({ authority: 'US', rulesetId: 'FccTvBandWhiteSpace-2010' });
    expectWellFormedSchedules(resp);
    const spectra = spec.spectrumSchedules[0]!.spectra;
    expect(spectra.map((s) => s.resolutionBwHz)).toEqual([6e6, 1e5]);
    const points = spectra[0]!.profiles.flat();
    expect(points.length).toBeGreaterThan(0);
    // Personal/portable: 20 dBm at most; every point inside the 470-698 MHz band of the 2010 rules.
    expect(Math.max(...points.map((p) => p.dbm))).toBeLessThanOrEqual(20);
    expect(points.every((p) => p.hz >= 470e6 && p.hz <= 698e6)).toBe(true);
  });

  it('makes a fixed device register (with owner and operator) before it gets spectrum, and again after moving', async () => {
    const deviceDesc = {
      serialNumber: 'FX-1',
      fccId: 'WSNOC-FX',
      fccTvbdDeviceType: 'FIXED',
      rulesetIds: ['FccTvBandWhiteSpace-2010'],
    };
    const location = { point: { center: { latitude: 38.2, longitude: -99.9 } } };
    const before = await call(paws.url, 'spectrum.paws.getSpectrum', {
      type: 'AVAIL_SPECTRUM_REQ',
      version: '1.0',
      deviceDesc,
      location,
    });
    expect(before.error?.code).toBe(-302);

    const noOwner = await call(paws.url, 'spectrum.paws.register', {
      type: 'REGISTRATION_REQ',
      version: '1.0',
      deviceDesc,
      location,
    });
    expect(noOwner.error?.code).toBe(-201);
    expect(noOwner.error?.data?.parameters).toEqual(['deviceOwner.owner', 'deviceOwner.operator']);

    const owner = {
      owner: ['vcard', [['fn', {}, 'text', 'Prairie Wireless']]],
      operator: ['vcard', [['fn', {}, 'text', 'NOC']]],
    };
    const reg = await call(paws.url, 'spectrum.paws.register', {
      type: 'REGISTRATION_REQ',
      version: '1.0',
      deviceDesc,
      location,
      deviceOwner: owner,
    });
    expect(RegistrationRespSchema.parse(reg.result).rulesetInfos[0]?.authority).toBe('US');

    const after = await call(paws.url, 'spectrum.paws.getSpectrum', {
      type: 'AVAIL_SPECTRUM_REQ',
      version: '1.0',
      deviceDesc,
      location,
    });
    const resp = AvailSpectrumRespSchema.parse(after.result);
    const dbm = resp.spectrumSpecs[0]!.spectrumSchedules[0]!.spectra[0]!.profiles.flat().map((p) => p.dbm);
    expect(Math.max(...dbm)).toBe(36);

    const moved = { point: { center: { latitude: 38.21, longitude: -99.9 } } }; // about 1.1 km north
    const away = await call(paws.url, 'spectrum.paws.getSpectrum', {
      type: 'AVAIL_SPECTRUM_REQ',
      version: '1.0',
      deviceDesc,
      location: moved,
    });
    expect(away.error?.code).toBe(-302);
  });

  it('answers a batch for the locations inside its coverage only', async () => {
    const deviceDesc = { serialNumber: 'P-1', fccId: 'WSNOC-P', fccTvbdDeviceType: 'MODE_2' };
    const locations = [
      { point: { center: { latitude: 37.5, longitude: -100.5 } } },
      { point: { center: { latitude: 51.5, longitude: -0.1 } } },
      { point: { center: { latitude: 39.0, longitude: -100.0 } } },
    ];
    const res = await call(paws.url, 'spectrum.paws.getSpectrumBatch', {
      type: 'AVAIL_SPECTRUM_BATCH_REQ',
      version: '1.0',
      deviceDesc,
      locations,
    });
    const batch = AvailSpectrumBatchRespSchema.parse(res.result);
    expect(batch.geoSpectrumSpecs.map((g) => g.location.point?.center.latitude)).toEqual([37.5, 39.0]);
    expect(batch.geoSpectrumSpecs.every((g) => g.spectrumSpecs[0]!.spectrumSchedules.length > 0)).toBe(true);
  });

  it('verifies slave devices one by one, with a reason for each invalid one', async () => {
    const res = await call(paws.url, 'spectrum.paws.verifyDevice', {
      type: 'DEV_VALID_REQ',
      version: '1.0',
      deviceDescs: [
        { serialNumber: 'C-1', fccId: 'WSNOC-C', fccTvbdDeviceType: 'MODE_1' },
        { serialNumber: 'C-2' },
      ],
    });
    const resp = DevValidRespSchema.parse(res.result);
    expect(resp.deviceValidities.map((v) => v.isValid)).toEqual([true, false]);
    expect(resp.deviceValidities[1]!.reason).toContain('deviceDescs[1].fccId');
  });
});

describe('PAWS server, ETSI ruleset (highlands)', () => {
  let paws: PawsHandle;
  const master = {
    serialNumber: 'BS-0001',
    manufacturerId: 'Wsnoc',
    modelId: 'TVWS-BS',
    rulesetIds: ['ETSI-EN-301-598-1.1.1'],
    etsiEnDeviceType: 'A',
    etsiEnDeviceEmissionsClass: '3',
    etsiEnTechnologyId: 'IEEE 802.11af',
    etsiEnDeviceCategory: 'master',
  };
  const lairg = { point: { center: { latitude: 58.02, longitude: -4.4 } } };
  beforeAll(async () => {
    paws = await startPawsServer({
      host: '127.0.0.1',
      port: 0,
      ruleset: 'etsi',
      region: 'highlands',
      seed: 7,
      clock: () => T0,
    });
  });
  afterAll(() => paws.close());

  it('reports authority GB and the ETSI ruleset at init', async () => {
    const res = await call(paws.url, 'spectrum.paws.init', {
      type: 'INIT_REQ',
      version: '1.0',
      deviceDesc: master,
      location: lairg,
    });
    expect(InitRespSchema.parse(res.result).rulesetInfos).toEqual([
      { authority: 'GB', rulesetId: 'ETSI-EN-301-598-1.1.1', maxLocationChange: 50, maxPollingSecs: 900 },
    ]);
  });

  it('answers -302 to an unregistered master, then channels 21-60 per 8 MHz and per 100 kHz once registered', async () => {
    const ask = () =>
      call(paws.url, 'spectrum.paws.getSpectrum', {
        type: 'AVAIL_SPECTRUM_REQ',
        version: '1.0',
        deviceDesc: master,
        location: lairg,
      });
    expect((await ask()).error?.code).toBe(-302);
    await call(paws.url, 'spectrum.paws.register', {
      type: 'REGISTRATION_REQ',
      version: '1.0',
      deviceDesc: master,
      location: lairg,
    });
    const resp = AvailSpectrumRespSchema.parse((await ask()).result);
    const spec = resp.spectrumSpecs[0]!;
    expect(spec.needsSpectrumReport).toBe(true);
    const [per8M, per100k] = spec.spectrumSchedules[0]!.spectra;
    expect([per8M!.resolutionBwHz, per100k!.resolutionBwHz]).toEqual([8e6, 1e5]);
    const p8 = per8M!.profiles.flat();
    expect(p8.every((p) => p.hz >= 470e6 && p.hz <= 790e6 && (p.hz - 470e6) % 8e6 === 0)).toBe(true);
    const p100 = per100k!.profiles.flat();
    // A flat 8 MHz limit spreads over 80 slices of 100 kHz: 19.0 dB lower.
    expect(p100[0]!.dbm).toBeCloseTo(p8[0]!.dbm - 19.0, 1);
  });

  it('cuts power near a protected contour and withholds channels inside it', () => {
    const near = paws.model.permissions(57.633, -4.1, T0, paws.model.params.defaultClass); // Rosemarkie itself
    expect(near.map((p) => p.channel)).not.toContain(39);
    const far = paws.model.permittedEirp(58.3, -5.0, 22, T0, paws.model.params.defaultClass);
    const closer = paws.model.permittedEirp(58.3, -4.6, 22, T0, paws.model.params.defaultClass); // towards Rumster Forest (ch 22)
    expect(far).toBe(36);
    expect(closer).not.toBeNull();
    expect(closer!).toBeLessThan(far!);
  });

  it('serves an ETSI slave only through its master', async () => {
    const slave = { ...master, serialNumber: 'CPE-1', etsiEnDeviceType: 'B', etsiEnDeviceCategory: 'slave' };
    const alone = await call(paws.url, 'spectrum.paws.getSpectrum', {
      type: 'AVAIL_SPECTRUM_REQ',
      version: '1.0',
      deviceDesc: slave,
      location: lairg,
    });
    expect(alone.error?.code).toBe(-201);
    expect(alone.error?.data?.parameters).toEqual(['masterDeviceDesc']);
    const viaMaster = await call(paws.url, 'spectrum.paws.getSpectrum', {
      type: 'AVAIL_SPECTRUM_REQ',
      version: '1.0',
      deviceDesc: slave,
      masterDeviceDesc: master,
      location: lairg,
    });
    expect(AvailSpectrumRespSchema.parse(viaMaster.result).deviceDesc.serialNumber).toBe('CPE-1');
  });

  it('accepts a region (closed polygon) and answers for its most constrained vertex', async () => {
    const exterior = [
      { latitude: 58.0, longitude: -4.45 },
      { latitude: 58.0, longitude: -4.35 },
      { latitude: 58.05, longitude: -4.35 },
      { latitude: 58.0, longitude: -4.45 },
    ];
    const regDesc = { ...master, serialNumber: 'BS-REGION' };
    await call(paws.url, 'spectrum.paws.register', {
      type: 'REGISTRATION_REQ',
      version: '1.0',
      deviceDesc: regDesc,
      location: { region: { exterior } },
    });
    const res = await call(paws.url, 'spectrum.paws.getSpectrum', {
      type: 'AVAIL_SPECTRUM_REQ',
      version: '1.0',
      deviceDesc: regDesc,
      location: { region: { exterior } },
    });
    expect(
      AvailSpectrumRespSchema.parse(res.result).spectrumSpecs[0]!.spectrumSchedules.length,
    ).toBeGreaterThan(0);
  });

  it('acknowledges a spectrum use report within the limits and refuses one beyond them', async () => {
    const allowed = paws.model.permissions(58.02, -4.4, T0, {
      ruleset: 'etsi',
      type: 'A',
      emissionsClass: 3,
      slave: false,
    })[0]!;
    const spectra = (dbm: number) => [
      {
        resolutionBwHz: 8e6,
        profiles: [
          [
            { hz: allowed.startHz, dbm },
            { hz: allowed.stopHz, dbm },
          ],
        ],
      },
    ];
    const ok = await call(paws.url, 'spectrum.paws.notifySpectrumUse', {
      type: 'SPECTRUM_USE_NOTIFY',
      version: '1.0',
      deviceDesc: master,
      location: lairg,
      spectra: spectra(allowed.maxEirpDbm),
    });
    expect(SpectrumUseRespSchema.parse(ok.result).type).toBe('SPECTRUM_USE_RESP');
    const tooHot = await call(paws.url, 'spectrum.paws.notifySpectrumUse', {
      type: 'SPECTRUM_USE_NOTIFY',
      version: '1.0',
      deviceDesc: master,
      location: lairg,
      spectra: spectra(allowed.maxEirpDbm + 3),
    });
    expect(tooHot.error?.code).toBe(-202);
    expect(tooHot.error?.data?.parameters).toEqual(['spectra[0].profiles[0][0]']);
    const slave = { ...master, serialNumber: 'CPE-2', etsiEnDeviceType: 'B', etsiEnDeviceCategory: 'slave' };
    const fromSlave = await call(paws.url, 'spectrum.paws.notifySpectrumUse', {
      type: 'SPECTRUM_USE_NOTIFY',
      version: '1.0',
      deviceDesc: slave,
      location: lairg,
      spectra: spectra(20),
    });
    expect(fromSlave.result).toMatchObject({ type: 'SPECTRUM_USE_RESP' });
    expect(paws.service.notifications.map((n) => n.serialNumber)).toEqual(['BS-0001', 'CPE-2']);
  });
});
