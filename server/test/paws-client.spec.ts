// The PAWS client against the field lab's white-space database: both rulesets end to end, a fleet
// re-check in two round trips, every error code path, retries, timeouts and database switching. The
// only stand-in is test/paws-stub.ts, for answers the lab never gives (alternates, non-PAWS bodies).
import {
  AvailabilityResponseDtoSchema,
  BAND_PLANS,
  PAWS_ERROR,
  RULESET_ID_FCC,
  RadioSummarySchema,
  type DeviceDescriptor,
  type GeoLocation,
  type RadioSummary,
} from '@wsnoc/shared';
import { startLab, startPawsServer, type LabHandle } from '@wsnoc/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answerFor } from '@/error-answers.js';
import {
  DATABASE_RASTERS,
  PawsClient,
  PawsError,
  channelsAt,
  checkFleetSpectrum,
  etsiDeviceDesc,
  fccDeviceDesc,
  fccDeviceOwner,
  pointLocation,
  spectraByLocation,
  spectrumUse,
  timeBaseOf,
  type DatabaseChange,
  type FetchLike,
  type PawsClientOptions,
  type SpectrumSite,
} from '@/modules/spectrum/paws/index.js';
import { rpcError, startPawsStub, type PawsStub } from './paws-stub.js';

const OWNER = { name: 'Highland Broadband Ltd', organization: 'Highland Broadband' };
const OPERATOR = {
  name: 'Network Operations',
  email: 'noc@example.net',
  phone: '+1 620 555 0100',
  address: { street: '1 Main St', locality: 'Dodge City', region: 'KS', postalCode: '67801', country: 'US' },
};
const LONDON = pointLocation(51.5, -0.12); // outside both coverage areas
const METRES_PER_DEGREE_LAT = 111_320;

/** Counts HTTP requests (round trips, retries included) made through the real fetch. */
function countingFetch(): { fetch: FetchLike; count: () => number } {
  let n = 0;
  return {
    fetch: (url, init) => {
      n += 1;
      return fetch(url, init);
    },
    count: () => n,
  };
}

async function thrown(promise: Promise<unknown>): Promise<PawsError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof PawsError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a PawsError');
}

interface LabView {
  lab: LabHandle;
  client(opts?: Partial<PawsClientOptions>): PawsClient;
  control(path: string, method?: string, body?: unknown): Promise<unknown>;
  fault(body: Record<string, unknown>): Promise<void>;
  baseStations: RadioSummary[];
}

async function labView(lab: LabHandle): Promise<LabView> {
  const control = async (path: string, method = 'GET', body?: unknown): Promise<unknown> => {
    const res = await fetch(`${lab.controlUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.json();
  };
  const radios = z.array(RadioSummarySchema).parse(await control('/radios'));
  return {
    lab,
    // Short pauses keep the retry tests quick; the policy itself is what is under test.
    client: (opts = {}) =>
      new PawsClient({ url: lab.pawsUrl, name: 'lab', retries: 0, backoffBaseMs: 20, ...opts }),
    control,
    fault: async (body) => {
      await control('/spectrum/fault', 'POST', body);
    },
    baseStations: radios.filter((r) => r.role === 'base-station'),
  };
}

/** What the lab's truth endpoint says a device of this class may do at a point, now. */
async function truth(view: LabView, lat: number, lon: number, query: string) {
  const body = await view.control(`/spectrum/availability?lat=${lat}&lon=${lon}&${query}`);
  return AvailabilityResponseDtoSchema.parse(body).channels.map((c) => ({
    channel: c.channel,
    maxEirpDbm: c.maxEirpDbm,
  }));
}

let etsi: LabView;
let fcc: LabView;
const stubs: PawsStub[] = [];

async function stub(...args: Parameters<typeof startPawsStub>): Promise<PawsStub> {
  const s = await startPawsStub(...args);
  stubs.push(s);
  return s;
}

beforeAll(async () => {
  const common = { radios: 20, seed: 5, port: 0, controlPort: 0, pawsPort: 0 } as const;
  etsi = await labView(await startLab({ ...common, firstAddress: '127.21.90.1' }));
  fcc = await labView(
    await startLab({ ...common, ruleset: 'fcc', region: 'us-rural', firstAddress: '127.21.91.1' }),
  );
});

afterEach(async () => {
  for (const view of [etsi, fcc]) {
    await view.fault({ mode: 'none' });
    await view.control('/spectrum/settings', 'PUT', { maxLocationChange: view === etsi ? 50 : 100 });
  }
  for (const s of stubs.splice(0)) {
    await s.close();
  }
});

afterAll(async () => {
  await etsi?.lab.close();
  await fcc?.lab.close();
});

/** A base station of the lab as the client describes it, with its real position. */
function etsiMaster(bs: RadioSummary, emissionClass = 4): { desc: DeviceDescriptor; location: GeoLocation } {
  return {
    desc: etsiDeviceDesc({ serialNumber: `SN-${bs.id}`, role: 'base-station', emissionClass }),
    location: pointLocation(bs.lat, bs.lon),
  };
}

describe(PawsClient.name, () => {
  describe('ETSI, end to end', () => {
    it('inits, registers, gets spectrum, notifies a permitted channel at its limit and verifies a slave', async () => {
      const client = etsi.client();
      const bs = etsi.baseStations[0]!;
      const { desc, location } = etsiMaster(bs);

      const init = await client.init({ deviceDesc: desc, location });
      expect(init.response.rulesetInfos[0]).toMatchObject({
        authority: 'GB',
        rulesetId: 'ETSI-EN-301-598-1.1.1',
        maxLocationChange: 50,
        maxPollingSecs: 900,
      });
      expect(init.database).toEqual({ name: 'lab', uri: etsi.lab.pawsUrl });
      await client.register({ deviceDesc: desc, location });

      const reply = await client.getSpectrum({ deviceDesc: desc, location });
      const spec = reply.response.spectrumSpecs[0]!;
      expect(spec.needsSpectrumReport).toBe(true);
      expect(reply.response.deviceDesc).toEqual(desc); // echoed back, unknown fields and all
      const tb = timeBaseOf(reply.response.timestamp, reply.sentAtMs, reply.receivedAtMs);
      const now = channelsAt(spec, BAND_PLANS.etsi, Date.now(), tb);
      expect(now.map((c) => ({ channel: c.channel, maxEirpDbm: c.maxEirpDbm }))).toEqual(
        await truth(etsi, bs.lat, bs.lon, 'deviceType=A&emissionsClass=4'),
      );
      const use = now[0]!;

      const atLimit = spectrumUse(
        BAND_PLANS.etsi,
        [{ channel: use.channel, eirpDbm: use.maxEirpDbm, eirpDbmPer100kHz: use.maxEirpDbmPer100kHz }],
        { per100kHz: true },
      );
      const notified = await client.notifySpectrumUse({ deviceDesc: desc, location, spectra: atLimit });
      expect(notified.response.type).toBe('SPECTRUM_USE_RESP');
      const log = z
        .array(z.object({ serialNumber: z.string(), channels: z.array(z.number()) }))
        .parse(await etsi.control('/spectrum/notifications'));
      expect(log).toContainEqual(
        expect.objectContaining({ serialNumber: desc.serialNumber, channels: [use.channel] }),
      );

      // A CPE of this base station: valid, served through its master; a malformed one is named.
      const slave = etsiDeviceDesc({ serialNumber: 'SN-cpe-1', role: 'cpe', emissionClass: 2 });
      const { etsiEnDeviceEmissionsClass: _dropped, ...broken } = slave;
      const verified = await client.verifyDevice({ deviceDescs: [slave, broken] });
      expect(verified.response.deviceValidities.map((v) => v.isValid)).toEqual([true, false]);
      expect(verified.response.deviceValidities[1]?.reason).toContain(
        'deviceDescs[1].etsiEnDeviceEmissionsClass',
      );
      const forSlave = await client.getSpectrum({ deviceDesc: slave, location, masterDeviceDesc: desc });
      expect(forSlave.response.spectrumSpecs).toHaveLength(1);
    });

    it('agrees with the truth endpoint at several real sites, channel by channel', async () => {
      const client = etsi.client();
      const seen = new Set<string>();
      for (const bs of etsi.baseStations.slice(0, 4)) {
        const { desc, location } = etsiMaster(bs, 1);
        await client.register({ deviceDesc: desc, location });
        const reply = await client.getSpectrum({ deviceDesc: desc, location });
        const tb = timeBaseOf(reply.response.timestamp, reply.sentAtMs, reply.receivedAtMs);
        const mine = channelsAt(reply.response.spectrumSpecs[0]!, BAND_PLANS.etsi, Date.now(), tb).map(
          (c) => ({
            channel: c.channel,
            maxEirpDbm: c.maxEirpDbm,
          }),
        );
        expect(mine).toEqual(await truth(etsi, bs.lat, bs.lon, 'deviceType=A&emissionsClass=1'));
        seen.add(JSON.stringify(mine));
      }
      expect(seen.size).toBeGreaterThan(1); // the sites differ, so agreement means something
    });
  });

  describe('FCC, end to end', () => {
    it('registers a FIXED base station with its owner, gets spectrum, notifies, and serves a MODE_1 CPE', async () => {
      const client = fcc.client();
      const bs = fcc.baseStations[0]!;
      const desc = fccDeviceDesc({ serialNumber: `SN-${bs.id}`, role: 'base-station' });
      const location = pointLocation(bs.lat, bs.lon);

      const init = await client.init({ deviceDesc: desc, location });
      expect(init.response.rulesetInfos[0]).toMatchObject({ authority: 'US', rulesetId: RULESET_ID_FCC });
      await client.register({ deviceDesc: desc, location, deviceOwner: fccDeviceOwner(OWNER, OPERATOR) });
      const reply = await client.getSpectrum({ deviceDesc: desc, location });
      const spec = reply.response.spectrumSpecs[0]!;
      expect(spec.needsSpectrumReport).toBe(false);
      const tb = timeBaseOf(reply.response.timestamp, reply.sentAtMs, reply.receivedAtMs);
      // The database's raster (14-51 but 37) agrees with its truth; the radios' plan is the part they tune.
      const all = channelsAt(spec, DATABASE_RASTERS.fcc, Date.now(), tb);
      expect(all.map((c) => ({ channel: c.channel, maxEirpDbm: c.maxEirpDbm }))).toEqual(
        await truth(fcc, bs.lat, bs.lon, 'deviceType=FIXED'),
      );
      const usable = channelsAt(spec, BAND_PLANS.fcc, Date.now(), tb);
      expect(usable).toEqual(all.filter((c) => c.channel <= 36));
      const use = usable[0]!;

      const spectra = spectrumUse(BAND_PLANS.fcc, [{ channel: use.channel, eirpDbm: use.maxEirpDbm }], {
        per100kHz: false,
      });
      await client.notifySpectrumUse({ deviceDesc: desc, location, spectra });

      const cpe = fccDeviceDesc({ serialNumber: 'SN-cpe-fcc-1', role: 'cpe' });
      const verified = await client.verifyDevice({ deviceDescs: [cpe] });
      expect(verified.response.deviceValidities[0]?.isValid).toBe(true);
      const forCpe = await client.getSpectrum({ deviceDesc: cpe, location, masterDeviceDesc: desc });
      const cpeLimits = channelsAt(forCpe.response.spectrumSpecs[0]!, DATABASE_RASTERS.fcc, Date.now());
      expect(Math.max(...cpeLimits.map((c) => c.maxEirpDbm))).toBeLessThanOrEqual(20); // MODE_1
    });
  });

  describe('getSpectrumBatch', () => {
    /** n points on a grid inside the Highlands coverage box (56.4-58.7 N, 7.6-3.4 W). */
    const grid = (n: number): GeoLocation[] =>
      Array.from({ length: n }, (_, i) =>
        pointLocation(56.5 + 2.1 * ((i % 40) / 40), -7.5 + 4.0 * (Math.floor(i / 40) / Math.ceil(n / 40))),
      );

    it('answers 1,000 locations in one round trip, each answer with its own location', async () => {
      const counter = countingFetch();
      const client = etsi.client({ fetch: counter.fetch });
      const bs = etsi.baseStations[1]!;
      const { desc, location } = etsiMaster(bs, 1);
      await client.register({ deviceDesc: desc, location });
      const locations = [location, ...grid(999), LONDON];
      const before = counter.count();

      const reply = await client.getSpectrumBatch({ deviceDesc: desc, locations });
      expect(counter.count() - before).toBe(1);
      expect(reply.response.geoSpectrumSpecs).toHaveLength(1000); // London is left out
      const matched = spectraByLocation(locations, reply.response);
      expect(matched.at(-1)).toBeUndefined();

      // The association holds: distinct answers at distinct places, each the truth of its own place.
      const tb = timeBaseOf(reply.response.timestamp, reply.sentAtMs, reply.receivedAtMs);
      const byAnswer = new Map<string, number>();
      matched.forEach((specs, i) => {
        if (specs) {
          byAnswer.set(JSON.stringify(channelsAt(specs[0]!, BAND_PLANS.etsi, Date.now(), tb)), i);
        }
      });
      expect(byAnswer.size).toBeGreaterThan(3);
      for (const i of [...byAnswer.values()].slice(0, 4)) {
        const c = locations[i]!.point!.center;
        const mine = channelsAt(matched[i]![0]!, BAND_PLANS.etsi, Date.now(), tb).map((l) => ({
          channel: l.channel,
          maxEirpDbm: l.maxEirpDbm,
        }));
        expect(mine).toEqual(await truth(etsi, c.latitude, c.longitude, 'deviceType=A&emissionsClass=1'));
      }
    });

    it('re-checks 1,200 registered base stations in two round trips', async () => {
      const client = etsi.client();
      const sites: SpectrumSite[] = grid(1200).map((location, i) => ({
        id: `site-${i}`,
        deviceDesc: etsiDeviceDesc({ serialNumber: `SN-grid-${i}`, role: 'base-station', emissionClass: 1 }),
        location,
      }));
      // Every base station is a master and registers (the lifecycle's job; here, done up front).
      for (let i = 0; i < sites.length; i += 50) {
        await Promise.all(
          sites
            .slice(i, i + 50)
            .map((s) => client.register({ deviceDesc: s.deviceDesc, location: s.location })),
        );
      }
      const counter = countingFetch();
      const checker = etsi.client({ fetch: counter.fetch });

      const check = await checkFleetSpectrum(checker, sites, { batchSize: 600 });
      expect(counter.count()).toBe(2);
      expect(check.batches).toBe(2);
      expect(check.failed).toEqual([]);
      expect(check.unanswered).toEqual([]);
      expect(check.spectra.size).toBe(1200);
      expect(check.spectra.get('site-1199')?.location).toEqual(sites[1199]!.location);
    });

    it('counts a batch none of whose locations is covered as unanswered, not failed', async () => {
      const client = etsi.client();
      const { desc } = etsiMaster(etsi.baseStations[0]!);
      const check = await checkFleetSpectrum(client, [{ id: 'london', deviceDesc: desc, location: LONDON }]);
      expect(check).toMatchObject({ unanswered: ['london'], failed: [], batches: 1 });
    });

    it('is refused as a whole (-32700, not retried) when the request outgrows the database, so batch sizes matter', async () => {
      // A database of its own: the lab answers an oversized body early and leaves that kept-alive
      // connection hanging, which would cost the next test on the shared lab a timeout.
      const own = await startPawsServer({
        host: '127.0.0.1',
        port: 0,
        ruleset: 'etsi',
        region: 'highlands',
        seed: 5,
      });
      try {
        const counter = countingFetch();
        const client = new PawsClient({ url: own.url, fetch: counter.fetch, retries: 2 });
        const { desc } = etsiMaster(etsi.baseStations[0]!);
        const err = await thrown(client.getSpectrumBatch({ deviceDesc: desc, locations: grid(20_000) }));
        expect(err.code).toBe('protocol');
        expect(err.details.rpcCode).toBe(PAWS_ERROR.PARSE_ERROR);
        expect(counter.count()).toBe(1);
      } finally {
        await own.close();
      }
    });
  });

  describe('errors from the database', () => {
    const ask = (view: LabView, client = view.client()) => {
      const { desc, location } = etsiMaster(view.baseStations[0]!);
      return client.init({ deviceDesc: desc, location });
    };

    it.each([
      [PAWS_ERROR.VERSION, 'version', { fatal: true }],
      [PAWS_ERROR.UNIMPLEMENTED, 'unimplemented', {}],
      [PAWS_ERROR.DATABASE_CHANGE, 'database-change', { alternates: [] }],
      [PAWS_ERROR.UNAUTHORIZED, 'unauthorized', { needsRegistration: true }],
      [PAWS_ERROR.METHOD_NOT_FOUND, 'protocol', {}],
      [PAWS_ERROR.INTERNAL_ERROR, 'protocol', {}],
    ] as const)('maps %i from the error fault to %s, without a retry', async (rpcCode, code, details) => {
      await etsi.fault({ mode: 'error', errorCode: rpcCode });
      const counter = countingFetch();
      const err = await thrown(ask(etsi, etsi.client({ fetch: counter.fetch, retries: 3 })));
      expect(err.code).toBe(code);
      expect(err.details).toMatchObject({
        ...details,
        rpcCode,
        method: 'spectrum.paws.init',
        database: 'lab',
      });
      expect(counter.count()).toBe(1); // a definite answer is never retried
    });

    it('-102: a device whose rulesetIds leave out the running ruleset is fatal', async () => {
      const { desc, location } = etsiMaster(etsi.baseStations[0]!);
      const err = await thrown(
        etsi.client().init({ deviceDesc: { ...desc, rulesetIds: [RULESET_ID_FCC] }, location }),
      );
      expect(err.code).toBe('unsupported');
      expect(err.details).toMatchObject({ fatal: true, parameters: ['deviceDesc.rulesetIds'] });
      expect(answerFor(err)).toMatchObject({ status: 502, code: 'paws.unsupported' });
    });

    it('-104: a location outside coverage, with no alternates, is an error', async () => {
      const { desc } = etsiMaster(etsi.baseStations[0]!);
      const err = await thrown(etsi.client().init({ deviceDesc: desc, location: LONDON }));
      expect(err.code).toBe('outside-coverage');
      expect(err.details.alternates).toEqual([]);
      expect(answerFor(err)?.status).toBe(422);
    });

    it('-201: a slave without masterDeviceDesc, naming it', async () => {
      const { location } = etsiMaster(etsi.baseStations[0]!);
      const slave = etsiDeviceDesc({ serialNumber: 'SN-lonely-cpe', role: 'cpe', emissionClass: 3 });
      const err = await thrown(etsi.client().getSpectrum({ deviceDesc: slave, location }));
      expect(err.code).toBe('missing');
      expect(err.details.parameters).toEqual(['masterDeviceDesc']);
      expect(err.message).toContain('[masterDeviceDesc]');
    });

    it('-201: an FCC FIXED registration without its owner and operator', async () => {
      const bs = fcc.baseStations[0]!;
      const desc = fccDeviceDesc({ serialNumber: 'SN-ownerless', role: 'base-station' });
      const err = await thrown(
        fcc.client().register({ deviceDesc: desc, location: pointLocation(bs.lat, bs.lon) }),
      );
      expect(err.code).toBe('missing');
      expect(err.details.parameters).toEqual(['deviceOwner.owner', 'deviceOwner.operator']);
      expect(answerFor(err)).toMatchObject({
        status: 422,
        details: { parameters: ['deviceOwner.owner', 'deviceOwner.operator'] },
      });
    });

    it('-202: a spectrum use above the limit, naming each offending point', async () => {
      const client = etsi.client();
      const bs = etsi.baseStations[2]!;
      const { desc, location } = etsiMaster(bs);
      await client.register({ deviceDesc: desc, location });
      const reply = await client.getSpectrum({ deviceDesc: desc, location });
      const use = channelsAt(reply.response.spectrumSpecs[0]!, BAND_PLANS.etsi, Date.now())[0]!;
      const above = spectrumUse(BAND_PLANS.etsi, [{ channel: use.channel, eirpDbm: use.maxEirpDbm + 1 }], {
        per100kHz: true,
      });
      const err = await thrown(client.notifySpectrumUse({ deviceDesc: desc, location, spectra: above }));
      expect(err.code).toBe('invalid-value');
      expect(err.details.parameters).toEqual(['spectra[0].profiles[0][0]', 'spectra[1].profiles[0][0]']);
    });

    it('-302: spectrum before registering, and again after moving further than maxLocationChange', async () => {
      const client = etsi.client();
      const bs = etsi.baseStations[2]!;
      const location = pointLocation(bs.lat, bs.lon);
      const desc = etsiDeviceDesc({
        serialNumber: 'SN-never-registered',
        role: 'base-station',
        emissionClass: 2,
      });
      const before = await thrown(client.getSpectrum({ deviceDesc: desc, location }));
      expect(before.code).toBe('not-registered');
      expect(before.details.needsRegistration).toBe(true);
      expect(answerFor(before)?.status).toBe(409);

      await client.register({ deviceDesc: desc, location });
      await client.getSpectrum({ deviceDesc: desc, location });
      const moved = pointLocation(bs.lat + 80 / METRES_PER_DEGREE_LAT, bs.lon); // 80 m north, limit 50 m
      const after = await thrown(client.getSpectrum({ deviceDesc: desc, location: moved }));
      expect(after.code).toBe('not-registered');
      // Registering where it now stands mends it.
      await client.register({ deviceDesc: desc, location: moved });
      await client.getSpectrum({ deviceDesc: desc, location: moved });
    });

    it('refuses a malformed request before the wire, naming the field', async () => {
      const counter = countingFetch();
      const { desc } = etsiMaster(etsi.baseStations[0]!);
      const err = await thrown(
        etsi.client({ fetch: counter.fetch }).init({ deviceDesc: desc, location: pointLocation(91, 0) }),
      );
      expect(err.code).toBe('invalid-value');
      expect(err.details.parameters).toEqual(['location.point.center.latitude']);
      expect(counter.count()).toBe(0);
    });
  });

  describe('transport failures', () => {
    const ask = (client: PawsClient) => {
      const { desc, location } = etsiMaster(etsi.baseStations[0]!);
      return client.init({ deviceDesc: desc, location });
    };

    it('retries an unreachable database with growing, jittered, capped pauses, then fails', async () => {
      await etsi.fault({ mode: 'unreachable' });
      const counter = countingFetch();
      const pauses: number[] = [];
      const client = etsi.client({
        fetch: counter.fetch,
        retries: 3,
        backoffBaseMs: 100,
        backoffMaxMs: 300,
        backoffJitter: 0.5,
        sleep: (ms) => {
          pauses.push(ms);
          return Promise.resolve();
        },
      });
      const err = await thrown(ask(client));
      expect(err.code).toBe('unreachable');
      expect(err.details.attempts).toBe(4);
      expect(err.details.cause).toMatch(/ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed/);
      expect(counter.count()).toBe(4);
      // 100, 200, then 400 capped to 300; each cut by up to half at random.
      const bounds = [100, 200, 300];
      pauses.forEach((p, i) => {
        expect(p).toBeGreaterThanOrEqual(bounds[i]! / 2);
        expect(p).toBeLessThanOrEqual(bounds[i]!);
      });
      expect(pauses).toHaveLength(3);
      expect(answerFor(err)).toMatchObject({ status: 503, code: 'paws.unreachable' });
    });

    it('recovers within its retries when the database comes back during a pause', async () => {
      await etsi.fault({ mode: 'unreachable' });
      const client = etsi.client({
        retries: 2,
        sleep: async () => {
          await etsi.fault({ mode: 'none' });
        },
      });
      const reply = await ask(client);
      expect(reply.attempts).toBe(2);
    });

    it('serves again after the fault is lifted', async () => {
      const client = etsi.client({ retries: 1 });
      await etsi.fault({ mode: 'unreachable' });
      expect((await thrown(ask(client))).code).toBe('unreachable');
      await etsi.fault({ mode: 'none' });
      const reply = await ask(client);
      expect(reply.response.type).toBe('INIT_RESP');
    });

    it('gives up on a slow database at the deadline of each try', async () => {
      await etsi.fault({ mode: 'slow', latencyMs: 5_000 });
      const counter = countingFetch();
      const client = etsi.client({ fetch: counter.fetch, timeoutMs: 150, retries: 1 });
      const started = Date.now();
      const err = await thrown(ask(client));
      expect(err.code).toBe('timeout');
      expect(err.details.attempts).toBe(2);
      expect(counter.count()).toBe(2);
      expect(Date.now() - started).toBeLessThan(2_500); // two deadlines and a pause, not the 5 s latency
      expect(answerFor(err)?.status).toBe(504);
    });

    it('calls a refused connection unreachable', async () => {
      const closed = await stub(() => ({ body: {} }));
      const url = closed.url;
      await closed.close();
      const err = await thrown(ask(new PawsClient({ url, retries: 1, backoffBaseMs: 1 })));
      expect(err.code).toBe('unreachable');
      expect(err.details.cause).toBe('ECONNREFUSED');
    });

    it('retries an HTTP 503 and a body that is not JSON-RPC, and names what was wrong', async () => {
      const busy = await stub(() => ({ status: 503, body: 'busy' }));
      const e503 = await thrown(ask(new PawsClient({ url: busy.url, retries: 2, backoffBaseMs: 1 })));
      expect(e503.code).toBe('unreachable');
      expect(e503.details.status).toBe(503);
      expect(busy.requests).toBe(3);

      const html = await stub(() => ({ body: '<html>proxy error</html>' }));
      const eHtml = await thrown(ask(new PawsClient({ url: html.url, retries: 1, backoffBaseMs: 1 })));
      expect(eHtml.code).toBe('protocol');
      expect(eHtml.details.issues).toEqual([{ path: '(body)', message: 'not JSON' }]);
      expect(html.requests).toBe(2);

      const wrongId = await stub((req) => ({
        body: {
          jsonrpc: '2.0',
          result: { type: 'INIT_RESP', version: '1.0', rulesetInfos: [{ authority: 'GB', rulesetId: 'x' }] },
          id: `${req.id}-x`,
        },
      }));
      const eId = await thrown(ask(new PawsClient({ url: wrongId.url, retries: 0 })));
      expect(eId.code).toBe('protocol');
      expect(eId.details.issues?.[0]?.path).toBe('id');
    });

    it('calls a result that fails its schema a protocol error naming the field, without a retry', async () => {
      const bad = await stub((req) => ({
        body: {
          jsonrpc: '2.0',
          result: { type: 'INIT_RESP', version: '1.0', rulesetInfos: [{ authority: 5, rulesetId: 'x' }] },
          id: req.id,
        },
      }));
      const err = await thrown(ask(new PawsClient({ url: bad.url, retries: 2 })));
      expect(err.code).toBe('protocol');
      expect(err.details.issues?.map((i) => i.path)).toEqual(['result.rulesetInfos[0].authority']);
      expect(err.message).toContain('result.rulesetInfos[0].authority');
      expect(bad.requests).toBe(1);
    });
  });

  describe('database switching', () => {
    // The lab's error fault lists no alternates, so these stubs answer -104/-105 with a DbUpdateSpec
    // (RFC 7545 section 5.17, `data.spec.databases`) that points at the real lab database.
    const redirecting = (code: number, databases: { name: string; uri: string }[]) =>
      stub((req) => rpcError(req, code, 'moved', { spec: { databases } }));

    const ask = (client: PawsClient) => {
      const { desc, location } = etsiMaster(etsi.baseStations[0]!);
      return client.init({ deviceDesc: desc, location });
    };

    it('-105 with alternates: switches to the listed database, retries there, and stays', async () => {
      const old = await redirecting(PAWS_ERROR.DATABASE_CHANGE, [{ name: 'lab', uri: etsi.lab.pawsUrl }]);
      const changes: DatabaseChange[] = [];
      const client = new PawsClient({ url: old.url, name: 'old', onDatabaseChange: (c) => changes.push(c) });

      const reply = await ask(client);
      expect(reply.response.type).toBe('INIT_RESP');
      expect(reply.database).toEqual({ name: 'lab', uri: etsi.lab.pawsUrl });
      expect(client.database).toEqual({ name: 'lab', uri: etsi.lab.pawsUrl });
      expect(changes).toEqual([
        {
          previous: { name: 'old', uri: old.url },
          current: { name: 'lab', uri: etsi.lab.pawsUrl },
          reason: 'redirect',
          method: 'spectrum.paws.init',
          rpcCode: PAWS_ERROR.DATABASE_CHANGE,
        },
      ]);
      await ask(client);
      expect(old.requests).toBe(1); // the next request went straight to the new database
    });

    it('-104 with alternates: tries them in order, past one that does not answer', async () => {
      const dead = await stub(() => ({ body: {} }));
      await dead.close();
      const old = await redirecting(PAWS_ERROR.OUTSIDE_COVERAGE, [
        { name: 'dead', uri: dead.url },
        { name: 'lab', uri: etsi.lab.pawsUrl },
      ]);
      const client = new PawsClient({ url: old.url, name: 'old', retries: 0 });
      const seen: string[] = [];
      client.onDatabaseChange((c) => seen.push(`${c.previous.name}->${c.current.name}`));
      await ask(client);
      expect(client.database.name).toBe('lab');
      expect(seen).toEqual(['old->lab']);
      // The dead alternate stays in the list behind the one that answered.
      expect(client.databases.map((d) => d.name)).toEqual(['lab', 'dead']);
    });

    it('follows databaseChange in a successful answer for the next request', async () => {
      const proxy = await stub(async (req) => {
        const res = await fetch(etsi.lab.pawsUrl, { method: 'POST', body: req.text });
        const body = z.looseObject({ result: z.looseObject({}) }).parse(await res.json());
        return {
          body: {
            ...body,
            result: {
              ...body.result,
              databaseChange: { databases: [{ name: 'lab', uri: etsi.lab.pawsUrl }] },
            },
          },
        };
      });
      const changes: DatabaseChange[] = [];
      const client = new PawsClient({
        url: proxy.url,
        name: 'proxy',
        onDatabaseChange: (c) => changes.push(c),
      });
      const first = await ask(client);
      expect(first.database.name).toBe('proxy');
      expect(changes.map((c) => c.reason)).toEqual(['database-change']);
      const second = await ask(client);
      expect(second.database.name).toBe('lab');
      expect(proxy.requests).toBe(1);
    });

    it('stops following a loop of redirects and reports the database change', async () => {
      let self = '';
      const loop = await stub((req) =>
        rpcError(req, PAWS_ERROR.DATABASE_CHANGE, 'moved', {
          spec: { databases: [{ name: 'loop', uri: self }] },
        }),
      );
      self = loop.url;
      const client = new PawsClient({ url: loop.url, name: 'loop', maxRedirects: 2 });
      const err = await thrown(ask(client));
      expect(err.code).toBe('database-change');
      expect(err.details.tried).toEqual(['loop', 'loop', 'loop']);
      expect(loop.requests).toBe(3);
    });

    it('keeps the current database when no alternate answers', async () => {
      const dead = await stub(() => ({ body: {} }));
      await dead.close();
      const old = await redirecting(PAWS_ERROR.DATABASE_CHANGE, [{ name: 'dead', uri: dead.url }]);
      const client = new PawsClient({ url: old.url, name: 'old', retries: 0 });
      const err = await thrown(ask(client));
      expect(err.code).toBe('unreachable');
      expect(err.details.tried).toEqual(['old', 'dead']);
      expect(client.database.name).toBe('old');
    });
  });
});
