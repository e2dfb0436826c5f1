// What the grant lifecycle needs from a white-space database, in its own terms: register a master, ask
// what many stations may use (in as few round trips as the protocol allows), ask what slaves may use,
// and report use. The PAWS adapter (paws-database.adapter.ts) implements it over RFC 7545; a test can
// implement it with a fake. Errors are PawsError (the PAWS client's typed errors).
import type { AvailabilitySlice } from '@wsnoc/shared';

/** Who a station is to the database. */
export interface StationIdentity {
  deviceId: string;
  /** The radio's own serial number (`show system` serial). */
  serialNumber: string;
  ruleset: 'etsi' | 'fcc';
  /** ETSI emission class 1-5; null under FCC. */
  emissionClass: number | null;
  role: 'master' | 'slave';
}

export interface StationQuery {
  identity: StationIdentity;
  lat: number;
  lon: number;
  /** Antenna height above ground, metres, when known. */
  heightM: number | null;
}

/** What the database answered for one station. */
export interface Availability {
  /** The database's own time of the answer; schedules are relative to it. */
  checkedAt: Date;
  maxPollingSecs: number;
  maxLocationChange: number;
  needsSpectrumReport: boolean;
  schedule: AvailabilitySlice[];
}

export type AvailabilityResult = { ok: true; availability: Availability } | { ok: false; error: Error };

export interface SpectrumDatabase {
  /** The database in use now (it can move to an alternate the database named). */
  readonly url: string;
  /** Registers a master at its location (ETSI masters and FCC fixed devices must, before asking). */
  register(station: StationQuery): Promise<void>;
  /** Availability for many masters; one result per deviceId, in as few round trips as it can. */
  availability(stations: readonly StationQuery[]): Promise<Map<string, AvailabilityResult>>;
  /** Availability for slaves served by `master`. */
  slaveAvailability(
    master: StationQuery,
    slaves: readonly StationQuery[],
  ): Promise<Map<string, AvailabilityResult>>;
  /** Tells the database what the station will use, before it transmits (when the ruleset asks). */
  notifyUse(station: StationQuery, channel: number, eirpDbm: number): Promise<void>;
  /** Calls back whenever the database in use changes (an alternate the database named); unsubscribes. */
  onSwitch(listener: (change: { from: string; to: string; reason: string }) => void): () => void;
}

/** Whether a master must register before it asks (ETSI masters; FCC fixed devices). */
export function mustRegister(identity: StationIdentity): boolean {
  return identity.role === 'master';
}

/** Nest token of the SpectrumDatabase in use. */
export const SPECTRUM_DATABASE = Symbol('SPECTRUM_DATABASE');
