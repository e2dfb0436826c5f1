// Re-checking a whole fleet in a few round trips: base stations grouped by what the database's limits
// depend on (ruleset, device type, emission class, antenna), split into batches, each batch one
// getSpectrumBatch (RFC 7545 section 4.5.3), and every answer put back with the site it belongs to.
//
// The RFC's batch is one device asking for many locations. Using it for many base stations means one
// descriptor speaks for the batch; we send the first site's, so the first site must be registered (a
// database checks that device's registration). The database may answer for fewer locations than asked
// (the lab leaves out those outside its coverage), so answers are matched by location, never by position.
import type {
  AntennaCharacteristics,
  AvailSpectrumBatchResp,
  DeviceDescriptor,
  GeoLocation,
  SpectrumSpec,
} from '@wsnoc/shared';
import type { PawsClient, PawsCallOptions } from './paws.client.js';
import { PawsError, type PawsDatabase } from './paws.errors.js';
import { timeBaseOf, type TimeBase } from './spectrum-availability.js';

/** One base station to re-check. */
export interface SpectrumSite {
  id: string;
  deviceDesc: DeviceDescriptor;
  location: GeoLocation;
  antenna?: AntennaCharacteristics;
}

export interface SiteSpectrum {
  id: string;
  location: GeoLocation;
  /** The response's timestamp, and the time base to read its schedules with. */
  timestamp: string;
  timeBase: TimeBase;
  spectrumSpecs: SpectrumSpec[];
  database: PawsDatabase;
}

export interface FleetSpectrumCheck {
  spectra: Map<string, SiteSpectrum>;
  /** Sites the database gave no answer for: outside its coverage. */
  unanswered: string[];
  /** Sites whose batch failed, with the error (not-registered, unreachable, ...). */
  failed: { ids: string[]; error: PawsError }[];
  /** getSpectrumBatch requests made (retries inside one request not counted). */
  batches: number;
}

export interface FleetCheckOptions extends PawsCallOptions {
  /** Locations per request; 500 by default (about 40 kB of request, well under a server's body limit). */
  batchSize?: number;
  /** Requests in flight at once; 2 by default, so one slow answer does not hold up the rest. */
  concurrency?: number;
}

/** Splits items into consecutive batches of at most `size`. */
export function splitIntoBatches<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  }
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/**
 * A key that two copies of the same location share, whatever the JSON round trip did to key order:
 * coordinates rounded to 1e-7 degrees (about a centimetre).
 */
export function locationKey(location: GeoLocation): string {
  const fmt = (lat: number, lon: number): string => `${lat.toFixed(7)},${lon.toFixed(7)}`;
  if (location.point) {
    return `p:${fmt(location.point.center.latitude, location.point.center.longitude)}`;
  }
  return `r:${(location.region?.exterior ?? []).map((p) => fmt(p.latitude, p.longitude)).join(';')}`;
}

/** The answer for each requested location, in request order; undefined where the database gave none. */
export function spectraByLocation(
  requested: readonly GeoLocation[],
  response: Pick<AvailSpectrumBatchResp, 'geoSpectrumSpecs'>,
): (SpectrumSpec[] | undefined)[] {
  const byKey = new Map(response.geoSpectrumSpecs.map((g) => [locationKey(g.location), g.spectrumSpecs]));
  return requested.map((loc) => byKey.get(locationKey(loc)));
}

/** What a database's limits depend on besides the location: sites that differ here cannot share a batch. */
export function deviceClassKey(site: Pick<SpectrumSite, 'deviceDesc' | 'antenna'>): string {
  const d = site.deviceDesc;
  return JSON.stringify([
    d.rulesetIds ?? [],
    d.fccTvbdDeviceType ?? null,
    d.etsiEnDeviceType ?? null,
    d.etsiEnDeviceEmissionsClass ?? null,
    d.etsiEnDeviceCategory ?? null,
    site.antenna ?? null,
  ]);
}

/** Groups sites by deviceClassKey, keeping their order inside each group. */
export function groupByDeviceClass<S extends SpectrumSite>(sites: readonly S[]): S[][] {
  const groups = new Map<string, S[]>();
  for (const site of sites) {
    const key = deviceClassKey(site);
    const group = groups.get(key);
    if (group) {
      group.push(site);
    } else {
      groups.set(key, [site]);
    }
  }
  return [...groups.values()];
}

/**
 * Asks the database about every site in as few requests as the batch size allows, a few at a time.
 * A batch that fails is reported with its error and the others go on; a batch none of whose sites is
 * covered (-104 with no alternates) counts its sites as unanswered.
 */
export async function checkFleetSpectrum(
  client: PawsClient,
  sites: readonly SpectrumSite[],
  opts: FleetCheckOptions = {},
): Promise<FleetSpectrumCheck> {
  const size = opts.batchSize ?? 500;
  const batches = groupByDeviceClass(sites).flatMap((group) => splitIntoBatches(group, size));
  const result: FleetSpectrumCheck = { spectra: new Map(), unanswered: [], failed: [], batches: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let batch = batches[next++]; batch; batch = batches[next++]) {
      result.batches += 1;
      await checkBatch(client, batch, result, opts);
    }
  };
  const workers = Math.max(1, Math.min(opts.concurrency ?? 2, batches.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return result;
}

async function checkBatch(
  client: PawsClient,
  batch: readonly SpectrumSite[],
  into: FleetSpectrumCheck,
  opts: PawsCallOptions,
): Promise<void> {
  const first = batch[0];
  if (!first) {
    return;
  }
  const locations = batch.map((s) => s.location);
  try {
    const reply = await client.getSpectrumBatch(
      {
        deviceDesc: first.deviceDesc,
        locations,
        ...(first.antenna ? { antenna: first.antenna } : {}),
      },
      opts,
    );
    const { timestamp } = reply.response;
    const timeBase = timeBaseOf(timestamp, reply.sentAtMs, reply.receivedAtMs);
    spectraByLocation(locations, reply.response).forEach((spectrumSpecs, i) => {
      const site = batch[i] as SpectrumSite;
      if (spectrumSpecs) {
        into.spectra.set(site.id, {
          id: site.id,
          location: site.location,
          timestamp,
          timeBase,
          spectrumSpecs,
          database: reply.database,
        });
      } else {
        into.unanswered.push(site.id);
      }
    });
  } catch (err) {
    if (!(err instanceof PawsError)) {
      throw err;
    }
    if (err.code === 'outside-coverage') {
      into.unanswered.push(...batch.map((s) => s.id));
    } else {
      into.failed.push({ ids: batch.map((s) => s.id), error: err });
    }
  }
}
