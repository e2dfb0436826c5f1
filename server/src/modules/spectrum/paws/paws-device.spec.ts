import {
  DeviceOwnerSchema,
  EtsiDeviceDescriptorSchema,
  FccDeviceDescriptorSchema,
  GeoLocationSchema,
  RULESET_ID_ETSI,
  RULESET_ID_FCC,
} from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { PawsError } from './paws.errors.js';
import {
  deviceDescFor,
  etsiDeviceDesc,
  fccDeviceDesc,
  fccDeviceOwner,
  jCard,
  mustRegister,
  pointLocation,
} from './paws-device.js';

const OPERATOR = {
  name: 'Highland Broadband NOC',
  email: 'noc@example.net',
  phone: '+44 1463 000000',
  address: { street: '1 High Street', locality: 'Inverness', postalCode: 'IV1 1AA', country: 'GB' },
};

function thrown(fn: () => unknown): PawsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PawsError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a PawsError');
}

describe('paws-device', () => {
  describe('etsiDeviceDesc', () => {
    it('describes a base station as a type A master with its own emission class', () => {
      const desc = etsiDeviceDesc({ serialNumber: 'WS01000001', role: 'base-station', emissionClass: 4 });
      expect(desc).toEqual({
        serialNumber: 'WS01000001',
        manufacturerId: 'TVW',
        modelId: 'TVW-5200-BS',
        rulesetIds: [RULESET_ID_ETSI],
        etsiEnDeviceType: 'A',
        etsiEnDeviceEmissionsClass: '4',
        etsiEnTechnologyId: 'TVW-5200',
        etsiEnDeviceCategory: 'master',
      });
      expect(EtsiDeviceDescriptorSchema.safeParse(desc).success).toBe(true);
    });

    it('describes a CPE as a slave', () => {
      const desc = etsiDeviceDesc({ serialNumber: 'WS01000002', role: 'cpe', emissionClass: 1 });
      expect(desc.etsiEnDeviceCategory).toBe('slave');
      expect(desc.modelId).toBe('TVW-5200-CPE');
    });

    it('refuses an emission class outside 1-5, naming the field', () => {
      const err = thrown(() => etsiDeviceDesc({ serialNumber: 'X', role: 'cpe', emissionClass: 6 }));
      expect(err.code).toBe('invalid-value');
      expect(err.details.parameters).toEqual(['deviceDesc.etsiEnDeviceEmissionsClass']);
    });

    it('refuses a blank serial number, naming the field', () => {
      const err = thrown(() => etsiDeviceDesc({ serialNumber: '', role: 'base-station', emissionClass: 2 }));
      expect(err.code).toBe('invalid-value');
      expect(err.details.parameters).toEqual(['deviceDesc.serialNumber']);
    });
  });

  describe('fccDeviceDesc', () => {
    it('describes a base station as FIXED and a CPE as MODE_1', () => {
      const bs = fccDeviceDesc({ serialNumber: 'WS02000001', role: 'base-station' });
      expect(bs).toMatchObject({
        fccTvbdDeviceType: 'FIXED',
        fccId: 'TVW-5200BS',
        rulesetIds: [RULESET_ID_FCC],
      });
      expect(FccDeviceDescriptorSchema.safeParse(bs).success).toBe(true);
      expect(fccDeviceDesc({ serialNumber: 'WS02000002', role: 'cpe', fccId: 'ABC-1' })).toMatchObject({
        fccTvbdDeviceType: 'MODE_1',
        fccId: 'ABC-1',
      });
    });

    it('is chosen by ruleset', () => {
      const radio = { serialNumber: 'S1', role: 'base-station' as const, emissionClass: 3 };
      expect(deviceDescFor('etsi', radio)).toHaveProperty('etsiEnDeviceEmissionsClass', '3');
      expect(deviceDescFor('fcc', radio)).toHaveProperty('fccTvbdDeviceType', 'FIXED');
      expect(mustRegister('fcc', 'base-station')).toBe(true);
      expect(mustRegister('etsi', 'cpe')).toBe(false);
    });
  });

  describe('fccDeviceOwner', () => {
    it('encodes owner and operator as jCards that the shared schema accepts', () => {
      const owner = fccDeviceOwner(
        { name: 'Highland Broadband Ltd', organization: 'Highland Broadband' },
        OPERATOR,
      );
      expect(DeviceOwnerSchema.safeParse(owner).success).toBe(true);
      expect(owner.operator).toEqual([
        'vcard',
        [
          ['version', {}, 'text', '4.0'],
          ['fn', {}, 'text', 'Highland Broadband NOC'],
          ['adr', {}, 'text', ['', '', '1 High Street', 'Inverness', '', 'IV1 1AA', 'GB']],
          ['tel', {}, 'uri', 'tel:+44 1463 000000'],
          ['email', {}, 'text', 'noc@example.net'],
        ],
      ]);
    });

    it('names the contact fields left empty', () => {
      const err = thrown(() => fccDeviceOwner({ name: ' ' }, { ...OPERATOR, email: '' }));
      expect(err.code).toBe('missing');
      expect(err.details.parameters).toEqual(['deviceOwner.owner.fn', 'deviceOwner.operator.email']);
    });

    it('keeps a tel: URI as it is', () => {
      expect(JSON.stringify(jCard({ name: 'A', phone: 'tel:+1-555' }))).toContain('"tel:+1-555"');
    });
  });

  describe('pointLocation', () => {
    it('builds a GeoLocation point, with uncertainty when given', () => {
      expect(GeoLocationSchema.parse(pointLocation(57.47, -4.22))).toEqual({
        point: { center: { latitude: 57.47, longitude: -4.22 } },
      });
      expect(pointLocation(57.47, -4.22, 30).point).toMatchObject({ semiMajorAxis: 30, semiMinorAxis: 30 });
    });
  });
});
