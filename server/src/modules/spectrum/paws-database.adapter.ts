// The grant lifecycle's SpectrumDatabase over RFC 7545, with the PAWS client: stations become device
// descriptors and point locations, the fleet is re-checked in batches, and each answer becomes a
// schedule of channel permits on the radios' own band plan, read with the reply's time base (so a grant
// starts late and ends early, never the other way).
import { type AvailabilitySlice, BAND_PLANS, type DeviceDescriptor, type SpectrumSpec } from '@wsnoc/shared';
import {
  availabilitySchedule,
  checkFleetSpectrum,
  deviceDescFor,
  fccDeviceOwner,
  type PawsClient,
  PawsError,
  pointLocation,
  spectraByLocation,
  spectrumUse,
  splitIntoBatches,
  type TimeBase,
  timeBaseOf,
} from './paws/index.js';
import type {
  Availability,
  AvailabilityResult,
  SpectrumDatabase,
  StationIdentity,
  StationQuery,
} from './spectrum-database.port.js';

/**
 * Who owns and operates the fleet, as an FCC fixed device's registration must say (47 CFR 15.713). The
 * lab accepts any well-formed contact; in the field these come from the operator's own records.
 */
const FCC_OWNER = fccDeviceOwner(
  { name: 'wsnoc network operator', organization: 'wsnoc' },
  {
    name: 'wsnoc network operations centre',
    organization: 'wsnoc',
    address: {
      street: '1 Main Street',
      locality: 'Dodge City',
      region: 'KS',
      postalCode: '67801',
      country: 'US',
    },
    email: 'noc@wsnoc.invalid',
    phone: '+1-620-555-0100',
  },
);

function descriptor(identity: StationIdentity): DeviceDescriptor {
  return deviceDescFor(identity.ruleset, {
    serialNumber: identity.serialNumber,
    role: identity.role === 'master' ? 'base-station' : 'cpe',
    emissionClass: identity.emissionClass ?? 1,
  });
}

/** Counts each PAWS method called, for the metrics endpoint (round trips per fleet re-check). */
export type PawsCallCounter = (method: string, outcome: 'ok' | 'error') => void;

export class PawsSpectrumDatabase implements SpectrumDatabase {
  constructor(
    private readonly client: PawsClient,
    private readonly batchSize = 500,
    private readonly count: PawsCallCounter = () => undefined,
  ) {}

  /** Runs one PAWS request and counts it. */
  private async counted<T>(method: string, request: () => Promise<T>): Promise<T> {
    try {
      const result = await request();
      this.count(method, 'ok');
      return result;
    } catch (err) {
      this.count(method, 'error');
      throw err;
    }
  }

  get url(): string {
    return this.client.database.name;
  }

  onSwitch(listener: (change: { from: string; to: string; reason: string }) => void): () => void {
    return this.client.onDatabaseChange((change) =>
      listener({ from: change.previous.name, to: change.current.name, reason: change.reason }),
    );
  }

  async register(station: StationQuery): Promise<void> {
    await this.counted('register', () =>
      this.client.register({
        deviceDesc: descriptor(station.identity),
        location: pointLocation(station.lat, station.lon),
        ...(station.identity.ruleset === 'fcc' ? { deviceOwner: FCC_OWNER } : {}),
        ...(station.heightM !== null ? { antenna: { height: station.heightM, heightType: 'AGL' } } : {}),
      }),
    );
  }

  async availability(stations: readonly StationQuery[]): Promise<Map<string, AvailabilityResult>> {
    const byId = new Map(stations.map((s) => [s.identity.deviceId, s]));
    const check = await checkFleetSpectrum(
      this.client,
      stations.map((s) => ({
        id: s.identity.deviceId,
        deviceDesc: descriptor(s.identity),
        location: pointLocation(s.lat, s.lon),
      })),
      { batchSize: this.batchSize },
    );
    for (let i = 0; i < check.batches; i++) {
      this.count('getSpectrumBatch', i < check.batches - check.failed.length ? 'ok' : 'error');
    }
    const results = new Map<string, AvailabilityResult>();
    for (const [id, site] of check.spectra) {
      const station = byId.get(id);
      const spec = site.spectrumSpecs[0];
      if (station && spec) {
        results.set(id, { ok: true, availability: readSpec(spec, station.identity.ruleset, site.timeBase) });
      }
    }
    for (const id of check.unanswered) {
      results.set(id, {
        ok: false,
        error: new PawsError('outside-coverage', "this site is outside the database's coverage area"),
      });
    }
    for (const { ids, error } of check.failed) {
      for (const id of ids) {
        results.set(id, { ok: false, error });
      }
    }
    return results;
  }

  async slaveAvailability(
    master: StationQuery,
    slaves: readonly StationQuery[],
  ): Promise<Map<string, AvailabilityResult>> {
    const results = new Map<string, AvailabilityResult>();
    // One descriptor speaks for a batch, so slaves go in groups of one class (the limits depend on it).
    const groups = new Map<string, StationQuery[]>();
    for (const slave of slaves) {
      const key = `${slave.identity.ruleset}:${slave.identity.emissionClass ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), slave]);
    }
    for (const group of groups.values()) {
      for (const batch of splitIntoBatches(group, this.batchSize)) {
        const locations = batch.map((s) => pointLocation(s.lat, s.lon));
        try {
          const reply = await this.counted('getSpectrumBatch', () =>
            this.client.getSpectrumBatch({
              deviceDesc: descriptor(batch[0]!.identity),
              masterDeviceDesc: descriptor(master.identity),
              locations,
            }),
          );
          const timeBase = timeBaseOf(reply.response.timestamp, reply.sentAtMs, reply.receivedAtMs);
          spectraByLocation(locations, reply.response).forEach((specs, i) => {
            const slave = batch[i]!;
            const spec = specs?.[0];
            results.set(
              slave.identity.deviceId,
              spec
                ? { ok: true, availability: readSpec(spec, slave.identity.ruleset, timeBase) }
                : { ok: false, error: new PawsError('outside-coverage', 'no answer for this location') },
            );
          });
        } catch (err) {
          for (const slave of batch) {
            results.set(slave.identity.deviceId, { ok: false, error: err as Error });
          }
        }
      }
    }
    return results;
  }

  async notifyUse(station: StationQuery, channel: number, eirpDbm: number): Promise<void> {
    await this.counted('notifySpectrumUse', () =>
      this.client.notifySpectrumUse({
        deviceDesc: descriptor(station.identity),
        location: pointLocation(station.lat, station.lon),
        spectra: spectrumUse(BAND_PLANS[station.identity.ruleset], [{ channel, eirpDbm }], {
          per100kHz: station.identity.ruleset === 'etsi',
        }),
      }),
    );
  }
}

/** Update intervals when a database leaves them out (SPECTRUM.md: ETSI TUpdate, FCC hourly). */
const DEFAULT_POLLING_SECS = { etsi: 900, fcc: 3_600 } as const;
const DEFAULT_LOCATION_CHANGE_M = { etsi: 50, fcc: 100 } as const;

/** A SpectrumSpec as the lifecycle reads it: slices of permits on the radios' own channel plan. */
function readSpec(spec: SpectrumSpec, ruleset: 'etsi' | 'fcc', timeBase: TimeBase): Availability {
  const schedule: AvailabilitySlice[] = availabilitySchedule(spec, BAND_PLANS[ruleset], timeBase).map(
    (w) => ({
      from: new Date(w.fromMs).toISOString(),
      to: new Date(w.toMs).toISOString(),
      channels: w.channels.map((c) => ({ channel: c.channel, maxEirpDbm: c.maxEirpDbm })),
    }),
  );
  return {
    checkedAt: new Date(timeBase.timestampMs + timeBase.offsetMs),
    maxPollingSecs: spec.rulesetInfo.maxPollingSecs ?? DEFAULT_POLLING_SECS[ruleset],
    maxLocationChange: spec.rulesetInfo.maxLocationChange ?? DEFAULT_LOCATION_CHANGE_M[ruleset],
    needsSpectrumReport: spec.needsSpectrumReport ?? false,
    schedule,
  };
}
