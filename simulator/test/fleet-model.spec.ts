import { describe, expect, it } from 'vitest';
import type { RadioEmission } from '@wsnoc/shared';
import { Fleet } from '../src/fleet/fleet.js';
import { radioAddresses } from '../src/fleet/address.js';
import { ETSI_PLAN, FCC_PLAN, aclrDb, distanceKm } from '@wsnoc/shared';
import { REGION_MODELS } from '../src/fleet/regions.js';
import { LinkCache, type RfStation, type RfTx } from '../src/rf/link-cache.js';

describe(Fleet.name, () => {
  describe('generation', () => {
    it('gives the same fleet for the same seed and a different one for another', () => {
      const a = Fleet.create({ radios: 120, seed: 42 }).radios();
      const b = Fleet.create({ radios: 120, seed: 42 }).radios();
      const c = Fleet.create({ radios: 120, seed: 43 }).radios();
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    });

    it('builds cells of one base station and 3-12 CPEs within a few km, inside the region', () => {
      const fleet = Fleet.create({ radios: 500, seed: 3 });
      const radios = fleet.radios();
      expect(radios).toHaveLength(500);
      const stations = radios.filter((r) => r.role === 'base-station');
      for (const bs of stations) {
        const cpes = radios.filter((r) => r.baseStationId === bs.id);
        expect(cpes.length).toBeGreaterThanOrEqual(3);
        expect(cpes.length).toBeLessThanOrEqual(12);
        for (const cpe of cpes) {
          expect(distanceKm(bs.lat, bs.lon, cpe.lat, cpe.lon)).toBeLessThan(8);
        }
      }
      for (const r of radios) {
        expect(r.lat).toBeGreaterThanOrEqual(56.5);
        expect(r.lat).toBeLessThanOrEqual(58.65);
        expect(r.lon).toBeGreaterThanOrEqual(-7.6);
        expect(r.lon).toBeLessThanOrEqual(-3.4);
      }
    });

    it('names a site per cell after the settlement it is near, shared by its CPEs, the same for a seed', () => {
      const radios = Fleet.create({ radios: 500, seed: 3 }).radios();
      expect(
        Fleet.create({ radios: 500, seed: 3 })
          .radios()
          .map((r) => r.site),
      ).toEqual(radios.map((r) => r.site));
      const stations = radios.filter((r) => r.role === 'base-station');
      // One site per cell: no two base stations share one.
      expect(new Set(stations.map((bs) => bs.site)).size).toBe(stations.length);
      for (const cpe of radios.filter((r) => r.role === 'cpe')) {
        expect(cpe.site).toBe(stations.find((bs) => bs.id === cpe.baseStationId)!.site);
      }
      const settlements = new Set(REGION_MODELS.highlands.settlements.map((s) => s.name));
      for (const bs of stations) {
        const [, name, n] = /^(.+?)(?: (\d+))?$/.exec(bs.site)!;
        expect(settlements).toContain(name);
        expect(n === undefined || Number(n) >= 2).toBe(true);
      }
      // A larger fleet of the same seed adds cells but renames none.
      const larger = Fleet.create({ radios: 900, seed: 3 }).radios();
      expect(larger.slice(0, 400).map((r) => r.site)).toEqual(radios.slice(0, 400).map((r) => r.site));
    });

    it('names us-rural sites without the state, so a site needs no quoting in a CSV', () => {
      const places = new Set(REGION_MODELS['us-rural'].settlements.map((s) => s.name.replace(/, KS$/, '')));
      for (const { site } of Fleet.create({ radios: 300, seed: 9, region: 'us-rural' }).radios()) {
        expect(site).not.toContain(',');
        expect(places).toContain(site.replace(/ \d+$/, ''));
      }
    });

    it('puts each tower higher than the hamlet it serves, on average', () => {
      const fleet = Fleet.create({ radios: 400, seed: 8 });
      let higher = 0;
      let cells = 0;
      for (const r of fleet.radios().filter((x) => x.role === 'base-station')) {
        const bs = fleet.radio(r.id)!;
        const mean = bs.cpes.reduce((s, c) => s + c.groundM, 0) / bs.cpes.length;
        cells++;
        if (bs.groundM >= mean) {
          higher++;
        }
      }
      expect(higher / cells).toBeGreaterThan(0.7);
    });

    it('places us-rural radios in western Kansas, inside the database coverage, under FCC 6 MHz channels', () => {
      const fleet = Fleet.create({ radios: 60, seed: 1, region: 'us-rural' });
      expect(fleet.ruleset).toBe('fcc');
      for (const r of fleet.radios()) {
        // the PAWS US coverage box: 36.99..40.0 N, 102.05..98.0 W
        expect(r.lat).toBeGreaterThan(36.99);
        expect(r.lat).toBeLessThan(40);
        expect(r.lon).toBeGreaterThan(-102.05);
        expect(r.lon).toBeLessThan(-98);
        const ch = fleet.state(r.id)!.config.channel;
        if (ch !== null) {
          expect(ch).toBeGreaterThanOrEqual(14);
          expect(ch).toBeLessThanOrEqual(36);
        }
      }
    });

    it('gives each radio its own loopback address, skipping .0 and .255', () => {
      const addrs = radioAddresses('127.20.0.1', 600);
      expect(addrs.slice(0, 2)).toEqual(['127.20.0.1', '127.20.0.2']);
      expect(addrs[253]).toBe('127.20.0.254');
      expect(addrs[254]).toBe('127.20.1.1');
      expect(new Set(addrs).size).toBe(600);
      expect(() => radioAddresses('10.0.0.1', 2)).toThrow(/127\.0\.0\.0\/8/);
    });
  });

  describe('channel plans', () => {
    it('uses the real UHF rasters', () => {
      expect(ETSI_PLAN.centreMHz(21)).toBe(474);
      expect(ETSI_PLAN.centreMHz(60)).toBe(786);
      expect(FCC_PLAN.centreMHz(14)).toBe(473);
      expect(FCC_PLAN.isValidChannel(37)).toBe(false);
    });

    it('uses the EN 301 598 ACLR per emission class', () => {
      expect([1, 2, 3, 4, 5].map((c) => aclrDb('etsi', c, 1))).toEqual([74, 74, 64, 54, 43]);
      expect(aclrDb('etsi', 3, 0)).toBe(0);
      expect(aclrDb('etsi', 5, -7)).toBe(63);
    });
  });

  describe('RF links', () => {
    // the CPE is 2 km north of its station A and points south at it; B stands 0.9 km south of the CPE,
    // inside its beam, so B's leakage is strong enough for the emission class to matter
    const station = (id: string, lat: number, emissionClass: number, tx: () => RfTx): RfStation => ({
      id,
      lat,
      lon: -5,
      groundM: 300,
      emissionClass,
      cpes:
        id === 'a'
          ? [{ id: 'cpe', lat: 57.018, lon: -5, groundM: 100, noiseExtraDb: 0, rfActive: () => true }]
          : [],
      rfTx: tx,
    });
    const snrWith = (interfererChannel: number | null, emissionClass = 3): number => {
      const a = station('a', 57, 3, () => ({ transmitting: true, channel: 30, eirpDbm: 30 }));
      const b = station('b', 57.01, emissionClass, () => ({
        transmitting: interfererChannel !== null,
        channel: interfererChannel,
        eirpDbm: 30,
      }));
      return new LinkCache(ETSI_PLAN, [a, b]).linksOf(0)[0]!.snrDb!;
    };

    it('loses SNR to a co-channel neighbour, less to an adjacent one, none to a distant channel', () => {
      const clean = snrWith(null);
      const far = snrWith(45);
      const adjacent = snrWith(31);
      const co = snrWith(30);
      expect(far).toBeCloseTo(clean, 0);
      expect(co).toBeLessThan(clean - 30);
      expect(adjacent).toBeGreaterThan(co + 30);
      expect(snrWith(31, 5)).toBeLessThan(snrWith(31, 1) - 5);
    });

    it('shows a spread channel plan as better numbers than everyone on one channel', () => {
      const fleet = Fleet.create({ radios: 400, seed: 12 });
      const stations = fleet.radios().filter((r) => r.role === 'base-station');
      const mean = (): number => {
        const links = fleet.links();
        return links.reduce((s, l) => s + l.throughputMbps, 0) / links.length;
      };
      stations.forEach((s) => fleet.setRadio(s.id, { channel: 30 }));
      const bad = mean();
      stations.forEach((s, i) => fleet.setRadio(s.id, { channel: 21 + ((i * 7) % 40) }));
      const good = mean();
      expect(good).toBeGreaterThan(bad * 1.2);
    });

    it('takes a CPE link down when its base station mutes and back when it returns', async () => {
      const fleet = Fleet.create({ radios: 30, seed: 4, port: 0, firstAddress: '127.21.5.1' });
      const emissions: RadioEmission[] = [];
      fleet.on('emission', (e) => emissions.push(e));
      await fleet.start();
      try {
        expect(emissions).toHaveLength(30);
        const bs = fleet.radios()[0]!;
        const cpeIds = fleet
          .radios()
          .filter((r) => r.baseStationId === bs.id)
          .map((r) => r.id);
        const linksOf = (): boolean[] =>
          fleet
            .links()
            .filter((l) => l.baseStationId === bs.id)
            .map((l) => l.up);
        const upBefore = linksOf();
        emissions.length = 0;
        fleet.setRadio(bs.id, { enabled: false });
        expect(linksOf().every((up) => !up)).toBe(true);
        expect(emissions.map((e) => [e.radioId, e.transmitting])).toEqual([
          [bs.id, false],
          ...cpeIds.map((id) => [id, false]),
        ]);
        fleet.setRadio(bs.id, { enabled: true });
        expect(linksOf()).toEqual(upBefore);
        expect(emissions.filter((e) => e.transmitting)).toHaveLength(1 + cpeIds.length);
        fleet.setRadio(bs.id, { temperatureC: 70 });
        expect(emissions).toHaveLength(2 * (1 + cpeIds.length));
      } finally {
        await fleet.stop();
      }
    });
  });
});
