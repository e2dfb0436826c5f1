import type { GeoLocation } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { etsiDeviceDesc, pointLocation } from './paws-device.js';
import { groupByDeviceClass, locationKey, spectraByLocation, splitIntoBatches } from './spectrum-batch.js';

const RULESET_INFO = { authority: 'GB', rulesetId: 'ETSI-EN-301-598-1.1.1' };
const specFor = (tag: number) => [
  { rulesetInfo: { ...RULESET_INFO, maxPollingSecs: tag }, spectrumSchedules: [] },
];

describe('spectrum-batch', () => {
  describe('splitIntoBatches', () => {
    it('splits 1,001 sites into two full batches and a remainder, in order', () => {
      const items = Array.from({ length: 1001 }, (_, i) => i);
      const batches = splitIntoBatches(items, 500);
      expect(batches.map((b) => b.length)).toEqual([500, 500, 1]);
      expect(batches.flat()).toEqual(items);
      expect(splitIntoBatches([], 500)).toEqual([]);
    });

    it('refuses a batch size that is not a positive integer', () => {
      expect(() => splitIntoBatches([1], 0)).toThrow(RangeError);
      expect(() => splitIntoBatches([1], 1.5)).toThrow(RangeError);
    });
  });

  describe('spectraByLocation', () => {
    it('matches answers to locations by place, not by position, and leaves out the unanswered', () => {
      const a = pointLocation(57.1, -4.1);
      const b = pointLocation(57.2, -4.2);
      const c = pointLocation(51.5, -0.1); // outside: no answer
      // The answer comes in another order, with the keys of the point in another order too.
      const bAsSent: GeoLocation = { point: { center: { longitude: -4.2, latitude: 57.2 } } };
      const matched = spectraByLocation([a, b, c], {
        geoSpectrumSpecs: [
          { location: bAsSent, spectrumSpecs: specFor(2) },
          { location: a, spectrumSpecs: specFor(1) },
        ],
      });
      expect(matched.map((m) => m?.[0]?.rulesetInfo.maxPollingSecs)).toEqual([1, 2, undefined]);
    });

    it('tells regions apart by their vertices', () => {
      const square = (d: number): GeoLocation => ({
        region: {
          exterior: [
            { latitude: 57, longitude: -4 },
            { latitude: 57 + d, longitude: -4 },
            { latitude: 57 + d, longitude: -4 + d },
            { latitude: 57, longitude: -4 },
          ],
        },
      });
      expect(locationKey(square(0.1))).not.toBe(locationKey(square(0.2)));
      expect(locationKey(square(0.1))).toBe(locationKey(square(0.1)));
    });
  });

  describe('groupByDeviceClass', () => {
    it('keeps sites of different emission classes out of one batch, in their order', () => {
      const site = (id: string, emissionClass: number) => ({
        id,
        deviceDesc: etsiDeviceDesc({ serialNumber: id, role: 'base-station', emissionClass }),
        location: pointLocation(57, -4),
      });
      const groups = groupByDeviceClass([
        site('a', 4),
        site('b', 1),
        site('c', 4),
        site('d', 1),
        site('e', 5),
      ]);
      expect(groups.map((g) => g.map((s) => s.id))).toEqual([['a', 'c'], ['b', 'd'], ['e']]);
    });
  });
});
