// How our radios introduce themselves to a white-space database: the DeviceDescriptor (RFC 7545 section
// 5.2) per ruleset and role, the location, and the owner and operator vCards an FCC fixed device
// registers with. One place, so a base station is described the same way in init, register, getSpectrum,
// a batch and a notification, and a CPE the same way when its base station speaks for it.
import {
  EtsiDeviceDescriptorSchema,
  FccDeviceDescriptorSchema,
  RULESET_ID_ETSI,
  RULESET_ID_FCC,
  type DeviceOwner,
  type EtsiDeviceDescriptor,
  type FccDeviceDescriptor,
  type GeoLocation,
  type RadioRole,
  type SimRuleset,
} from '@wsnoc/shared';
import type { z } from 'zod';
import { PawsError } from './paws.errors.js';
import { issuesOf } from './paws.transport.js';

/**
 * The lab's radios are the TVW-5200 family (docs/device-cli.md). The manufacturer id and the FCC ids are
 * ours to choose for the lab; in the field they come from the radio's label and grant of certification.
 */
export const TVW_5200 = {
  manufacturerId: 'TVW',
  modelId: { 'base-station': 'TVW-5200-BS', cpe: 'TVW-5200-CPE' },
  fccId: { 'base-station': 'TVW-5200BS', cpe: 'TVW-5200CPE' },
  /** ETSI EN 301 598's technology identifier: the air interface, which is the same for both roles. */
  etsiTechnologyId: 'TVW-5200',
} as const;

export interface RadioIdentity {
  serialNumber: string;
  role: RadioRole;
  manufacturerId?: string;
  modelId?: string;
}

export interface EtsiRadio extends RadioIdentity {
  /** EN 301 598 emission class, 1-5, as `show radio` prints it. */
  emissionClass: number;
  /** A is fixed (our masts and CPEs), B is not. */
  deviceType?: 'A' | 'B';
  technologyId?: string;
}

export interface FccRadio extends RadioIdentity {
  fccId?: string;
}

/**
 * The ETSI descriptor: a base station is a type A master, a CPE a type A slave served through it, each
 * with its own emission class (the database's adjacent-channel limits depend on it).
 */
export function etsiDeviceDesc(radio: EtsiRadio): EtsiDeviceDescriptor {
  return checked(EtsiDeviceDescriptorSchema, {
    serialNumber: radio.serialNumber,
    manufacturerId: radio.manufacturerId ?? TVW_5200.manufacturerId,
    modelId: radio.modelId ?? TVW_5200.modelId[radio.role],
    rulesetIds: [RULESET_ID_ETSI],
    etsiEnDeviceType: radio.deviceType ?? 'A',
    etsiEnDeviceEmissionsClass: emissionsClass(radio.emissionClass),
    etsiEnTechnologyId: radio.technologyId ?? TVW_5200.etsiTechnologyId,
    etsiEnDeviceCategory: radio.role === 'base-station' ? 'master' : 'slave',
  });
}

/**
 * The FCC descriptor: a base station is a FIXED device (it must register, with its owner), a CPE a
 * MODE_1 personal/portable device that gets its channels through the base station.
 */
export function fccDeviceDesc(radio: FccRadio): FccDeviceDescriptor {
  return checked(FccDeviceDescriptorSchema, {
    serialNumber: radio.serialNumber,
    manufacturerId: radio.manufacturerId ?? TVW_5200.manufacturerId,
    modelId: radio.modelId ?? TVW_5200.modelId[radio.role],
    rulesetIds: [RULESET_ID_FCC],
    fccId: radio.fccId ?? TVW_5200.fccId[radio.role],
    fccTvbdDeviceType: radio.role === 'base-station' ? 'FIXED' : 'MODE_1',
  });
}

/** The descriptor for a radio under either ruleset. */
export function deviceDescFor(
  ruleset: SimRuleset,
  radio: EtsiRadio & FccRadio,
): EtsiDeviceDescriptor | FccDeviceDescriptor {
  return ruleset === 'etsi' ? etsiDeviceDesc(radio) : fccDeviceDesc(radio);
}

/** Whether the device registers before it asks for spectrum: ETSI masters, FCC FIXED devices. */
export function mustRegister(ruleset: SimRuleset, role: RadioRole): boolean {
  switch (ruleset) {
    case 'etsi': // masters; a slave is served through its master
    case 'fcc': // FIXED; MODE_1 is served through a fixed or MODE_2 device
      return role === 'base-station';
  }
}

/** A GeoLocation for a point (WGS84 degrees); the radio's own GPS fix, not the inventory's guess. */
export function pointLocation(latitude: number, longitude: number, uncertaintyM?: number): GeoLocation {
  const center = { latitude, longitude };
  return uncertaintyM === undefined
    ? { point: { center } }
    : { point: { center, semiMajorAxis: uncertaintyM, semiMinorAxis: uncertaintyM } };
}

export interface Contact {
  /** A person's or a business's full name (vCard fn). */
  name: string;
  organization?: string;
  email?: string;
  /** In international form, +44 ... */
  phone?: string;
  address?: {
    street?: string;
    locality?: string;
    region?: string;
    postalCode?: string;
    country?: string;
  };
}

/** A vCard 4.0 as jCard (RFC 7095), the encoding RFC 7545 section 5.4 names. */
export function jCard(contact: Contact): unknown[] {
  const props: unknown[] = [
    ['version', {}, 'text', '4.0'],
    ['fn', {}, 'text', contact.name],
  ];
  if (contact.organization) {
    props.push(['org', {}, 'text', contact.organization]);
  }
  if (contact.address) {
    const a = contact.address;
    // adr: post office box, extended address, street, locality, region, postal code, country
    props.push([
      'adr',
      {},
      'text',
      ['', '', a.street ?? '', a.locality ?? '', a.region ?? '', a.postalCode ?? '', a.country ?? ''],
    ]);
  }
  if (contact.phone) {
    props.push(['tel', {}, 'uri', contact.phone.startsWith('tel:') ? contact.phone : `tel:${contact.phone}`]);
  }
  if (contact.email) {
    props.push(['email', {}, 'text', contact.email]);
  }
  return ['vcard', props];
}

/** The FCC's fixed-device operator contact: 47 CFR 15.713(f)(3) asks for name, address, email and phone. */
export interface FccOperatorContact extends Contact {
  email: string;
  phone: string;
  address: NonNullable<Contact['address']>;
}

/** The deviceOwner an FCC FIXED registration carries: who owns the device and whom to call about it. */
export function fccDeviceOwner(owner: Contact, operator: FccOperatorContact): DeviceOwner {
  const missing = [
    ...(owner.name.trim() ? [] : ['deviceOwner.owner.fn']),
    ...(operator.name.trim() ? [] : ['deviceOwner.operator.fn']),
    ...(operator.email.trim() ? [] : ['deviceOwner.operator.email']),
    ...(operator.phone.trim() ? [] : ['deviceOwner.operator.tel']),
  ];
  if (missing.length > 0) {
    throw new PawsError('missing', `deviceOwner: required contact fields are empty: ${missing.join(', ')}`, {
      parameters: missing,
    });
  }
  return { owner: jCard(owner), operator: jCard(operator) };
}

function emissionsClass(value: number): '1' | '2' | '3' | '4' | '5' {
  const s = String(value);
  if (s === '1' || s === '2' || s === '3' || s === '4' || s === '5') {
    return s;
  }
  throw new PawsError('invalid-value', `deviceDesc.etsiEnDeviceEmissionsClass: ${value} is not a class 1-5`, {
    parameters: ['deviceDesc.etsiEnDeviceEmissionsClass'],
  });
}

/** Parses what we built with the ruleset's schema: a blank serial is our configuration error, named. */
function checked<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error.issues, ['deviceDesc']);
    throw new PawsError(
      'invalid-value',
      `deviceDesc: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { parameters: issues.map((i) => i.path), issues },
    );
  }
  return parsed.data;
}
