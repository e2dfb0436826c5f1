// bench/spectrum.ts's fleet re-check: the built console's spectrum module (grant lifecycle, PAWS client,
// getSpectrumBatch) against the field lab's white-space database with a fleet of N radios, each in its own
// process, as bench/poll.ts runs them. Enrol the fleet, wait until every base station has its first grant
// and the module has gone quiet (so what follows is a steady-state re-check, not the first registration),
// measure the console's CPU while only its schedule runs, then ask for a check of every base station at
// once through the operator's "check now" (POST /api/spectrum/stations/:id/check; the console has no
// fleet-wide trigger) and measure, until every station has a fresh check: PAWS round trips counted at
// the lab (GET /paws/stats), the console's CPU (utime+stime from /proc) and the wall time. Then, with
// the console stopped, the floor: the same base stations asked directly from here, one getSpectrum each
// in sequence, and in the fewest getSpectrumBatch requests the protocol allows.
import type {
  DeviceListResponse,
  PawsStatsResponseDto,
  SimRegion,
  SpectrumRecordList,
  SpectrumSettingsResponseDto,
  SpectrumStation,
  SpectrumStationList,
} from '@wsnoc/shared';
import { RULESET_ID_ETSI, RULESET_ID_FCC } from '@wsnoc/shared';
import { cpuMs } from './proc.js';
import { byLabel, parsePrometheus } from './prom.js';
import {
  apiSignIn,
  createScratch,
  http,
  importFleet,
  log,
  sleep,
  startConsole,
  startLab,
  stopChild,
  waitAllPolled,
  type ConsoleHandle,
} from './stack.js';
import { round } from './stats.js';

export interface FleetRecheckOptions {
  radios: number;
  region: SimRegion;
  seed: number;
  firstAddress: string;
  /** The console's POLL_INTERVAL_MS: the schedule that runs beside the re-check (netted out as idle). */
  pollIntervalMs: number;
  /** How long the console's idle CPU is measured before the trigger. */
  idleMs: number;
  /**
   * The lab's maxPollingSecs (PUT /spectrum/settings) before the console starts, or null for the
   * ruleset's default. A longer one keeps the scheduled checks (at half of it) away from the re-check
   * when the first grants take long on a loaded machine; what one check costs does not depend on it.
   */
  maxPollingSecs: number | null;
}

/** Base stations the console is asked to check at once (the operator route takes one per request). */
const TRIGGER_CONCURRENCY = 8;
/** Requests in flight in the batched floor: the console's own batch concurrency (spectrum-batch.ts). */
const FLOOR_BATCH_CONCURRENCY = 2;
/** Locations per getSpectrumBatch in the batched floor: the console's SPECTRUM_BATCH_SIZE default. */
const FLOOR_BATCH_SIZE = 500;
const ON_AIR_CAP_MS = 20 * 60_000;
const RECHECK_CAP_MS = 10 * 60_000;
/** The module counts as quiet when neither the lab nor the compliance record has moved for this long. */
const QUIET_MS = 6_000;
/** After the re-check, the console's CPU counts as back to idle at under this many times its idle rate. */
const SETTLED_FACTOR = 1.5;

/** A rough allowance for the watchdog: enrolment and first grants dominate. */
export function fleetRecheckBudgetMs(radios: number): number {
  return 10 * 60_000 + ON_AIR_CAP_MS + RECHECK_CAP_MS + radios * 60;
}

interface Session {
  console: ConsoleHandle;
  cookie: string;
}

async function getJson<T>(url: string, cookie?: string, timeoutMs = 60_000): Promise<T> {
  return (await (await http(url, cookie ? { headers: { cookie } } : {}, timeoutMs)).json()) as T;
}

const pawsStats = (controlUrl: string): Promise<PawsStatsResponseDto> =>
  getJson<PawsStatsResponseDto>(`${controlUrl}/paws/stats`);

const stationsOf = async (s: Session): Promise<SpectrumStation[]> =>
  (await getJson<SpectrumStationList>(`${s.console.url}/api/spectrum/stations`, s.cookie)).items;

/** The latest entry of the compliance record: its time, or 0 when there is none. */
async function lastRecordAt(s: Session): Promise<number> {
  const list = await getJson<SpectrumRecordList>(`${s.console.url}/api/spectrum/records?limit=1`, s.cookie);
  return list.items[0] ? Date.parse(list.items[0].at) : 0;
}

/** The console's own count of its PAWS requests (wsnoc_paws_requests_total), by method. */
async function consoleCounted(s: Session): Promise<Record<string, number>> {
  const text = await (await http(`${s.console.url}/api/metrics`, { headers: { cookie: s.cookie } })).text();
  return byLabel(parsePrometheus(text), 'wsnoc_paws_requests_total', 'method');
}

/** b - a, per key, zeros left out. */
function diff(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (b[key] ?? 0) - (a[key] ?? 0);
    if (d) {
      out[key] = d;
    }
  }
  return out;
}

function statsDelta(a: PawsStatsResponseDto, b: PawsStatsResponseDto) {
  const batches = b.batchRequests - a.batchRequests;
  const slaveBatches = b.slaveBatchRequests - a.slaveBatchRequests;
  return {
    requests: b.requests - a.requests,
    errors: b.errors - a.errors,
    byMethod: diff(a.byMethod, b.byMethod),
    batches,
    slaveBatches,
    masterBatches: batches - slaveBatches,
    masterLocations:
      b.devicesInBatches - b.devicesInSlaveBatches - (a.devicesInBatches - a.devicesInSlaveBatches),
    slaveLocations: b.devicesInSlaveBatches - a.devicesInSlaveBatches,
  };
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Until every base station has had its first check (a grant, or a reasoned refusal) and the module has
 * been quiet for QUIET_MS: no PAWS request at the lab, no new entry in the compliance record (retunes,
 * turn-downs and mutes of the first grants are done).
 */
async function waitOnAir(s: Session, controlUrl: string, baseStations: number): Promise<SpectrumStation[]> {
  const t0 = performance.now();
  let lastRequests = -1;
  let quietSince = performance.now();
  let lastLog = 0;
  for (;;) {
    if (s.console.child.process.exitCode !== null) {
      throw new Error(`console exited:\n${s.console.child.tail()}`);
    }
    const [stations, stats, recordAt] = await Promise.all([
      stationsOf(s),
      pawsStats(controlUrl),
      lastRecordAt(s),
    ]);
    const now = performance.now();
    if (stats.requests !== lastRequests) {
      lastRequests = stats.requests;
      quietSince = now;
    }
    const checked = stations.filter((st) => st.lastCheckAt !== null || st.lastCheckError !== null).length;
    const quietMs = Math.min(now - quietSince, Date.now() - recordAt);
    if (stations.length >= baseStations && checked >= baseStations && quietMs >= QUIET_MS) {
      return stations;
    }
    if (now - t0 > ON_AIR_CAP_MS) {
      throw new Error(
        `not on air after ${ON_AIR_CAP_MS / 1000} s: ${checked}/${baseStations} checked, quiet ${Math.round(quietMs)} ms`,
      );
    }
    if (now - lastLog > 10_000) {
      lastLog = now;
      const granted = stations.filter((st) => st.phase === 'granted').length;
      log(
        `on air: ${checked}/${baseStations} checked, ${granted} granted, ${stats.requests} PAWS requests so far`,
      );
    }
    await sleep(2_000);
  }
}

interface Snapshot {
  at: number;
  cpuMs: number;
  stats: PawsStatsResponseDto;
}

/**
 * Until the re-check is over: the lab has answered a master location for every station asked, no PAWS
 * request has arrived for a second, and the console's CPU is back near idle (the records and stations
 * are written after the last PAWS answer). Returns the snapshot taken at that moment, before the one
 * read of the stations that confirms every one has a fresh check (so that read is not counted).
 */
async function waitRechecked(
  s: Session,
  controlUrl: string,
  start: Snapshot,
  startWall: number,
  asked: number,
  idleCpuMsPerSec: number,
): Promise<{ end: Snapshot; stations: SpectrumStation[] }> {
  let previous: Snapshot = start;
  for (;;) {
    await sleep(1_000);
    if (s.console.child.process.exitCode !== null) {
      throw new Error(`console exited:\n${s.console.child.tail()}`);
    }
    const pid = s.console.child.pid;
    const at = performance.now();
    const snapshot: Snapshot = { at, cpuMs: cpuMs(pid), stats: await pawsStats(controlUrl) };
    const masterLocations = statsDelta(start.stats, snapshot.stats).masterLocations;
    const quiet = snapshot.stats.requests === previous.stats.requests;
    const rate = (snapshot.cpuMs - previous.cpuMs) / ((snapshot.at - previous.at) / 1000);
    const settled = rate <= Math.max(SETTLED_FACTOR * idleCpuMsPerSec, idleCpuMsPerSec + 50);
    previous = snapshot;
    if (at - start.at > RECHECK_CAP_MS) {
      throw new Error(`re-check not done after ${RECHECK_CAP_MS / 1000} s`);
    }
    if (!(quiet && settled && masterLocations >= asked)) {
      continue;
    }
    const stations = await stationsOf(s);
    const stale = stations.filter((st) => st.lastCheckAt === null || Date.parse(st.lastCheckAt) < startWall);
    if (stale.length === 0) {
      return { end: snapshot, stations };
    }
    log(`re-check: ${stale.length} stations not checked again yet, e.g. ${stale[0]!.name}`);
  }
}

/** Compliance-record entries by kind, for base stations and for CPEs apart. */
function kindsByRole(
  items: SpectrumRecordList['items'],
  stationIds: ReadonlySet<string>,
): { baseStations: Record<string, number>; cpes: Record<string, number>; fleet: Record<string, number> } {
  const out = { baseStations: {}, cpes: {}, fleet: {} } as Record<
    'baseStations' | 'cpes' | 'fleet',
    Record<string, number>
  >;
  for (const r of items) {
    const role = r.deviceId === null ? 'fleet' : stationIds.has(r.deviceId) ? 'baseStations' : 'cpes';
    out[role][r.kind] = (out[role][r.kind] ?? 0) + 1;
  }
  return out;
}

/** What the floor asks about one base station: the console's own view of it (position, class). */
interface FloorSite {
  serialNumber: string;
  emissionClass: number;
  lat: number;
  lon: number;
}

/**
 * The floor's own descriptor of a base station, as the console describes one (paws-device.ts, which the
 * bench cannot import from source: it reaches the server's path aliases): ETSI type A master, FCC FIXED.
 */
function baseStationDesc(ruleset: 'etsi' | 'fcc', site: FloorSite): Record<string, unknown> {
  return ruleset === 'etsi'
    ? {
        serialNumber: site.serialNumber,
        manufacturerId: 'TVW',
        modelId: 'TVW-5200-BS',
        rulesetIds: [RULESET_ID_ETSI],
        etsiEnDeviceType: 'A',
        etsiEnDeviceEmissionsClass: String(site.emissionClass),
        etsiEnTechnologyId: 'TVW-5200',
        etsiEnDeviceCategory: 'master',
      }
    : {
        serialNumber: site.serialNumber,
        manufacturerId: 'TVW',
        modelId: 'TVW-5200-BS',
        rulesetIds: [RULESET_ID_FCC],
        fccId: 'TVW-5200BS',
        fccTvbdDeviceType: 'FIXED',
      };
}

/** A jCard (RFC 7095) of a name and what an FCC fixed device's operator contact must carry. */
const FCC_OWNER = {
  owner: [
    'vcard',
    [
      ['version', {}, 'text', '4.0'],
      ['fn', {}, 'text', 'wsnoc bench'],
    ],
  ],
  operator: [
    'vcard',
    [
      ['version', {}, 'text', '4.0'],
      ['fn', {}, 'text', 'wsnoc bench'],
      ['adr', {}, 'text', ['', '', '1 Main Street', 'Dodge City', 'KS', '67801', 'US']],
      ['tel', {}, 'uri', 'tel:+1-620-555-0100'],
      ['email', {}, 'text', 'bench@wsnoc.invalid'],
    ],
  ],
};

/** At most this many locations in one request, consecutive. */
function splitIntoBatches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

async function rpc(pawsUrl: string, method: string, params: unknown): Promise<unknown> {
  const response = await http(pawsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 'floor' }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
  if (body.error) {
    throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  }
  return body.result;
}

/**
 * The floor, directly against the lab from this process, on devices of its own (serials `floor-...`,
 * registered first, untimed) at the stations' positions and classes: one getSpectrum per station in
 * sequence, then the same stations in the fewest getSpectrumBatch requests (grouped by what the limits
 * depend on, FLOOR_BATCH_SIZE per request, FLOOR_BATCH_CONCURRENCY at once).
 */
async function floor(pawsUrl: string, ruleset: 'etsi' | 'fcc', sites: readonly FloorSite[]) {
  const asked = sites.map((site) => ({
    site,
    deviceDesc: baseStationDesc(ruleset, site),
    location: { point: { center: { latitude: site.lat, longitude: site.lon } } },
  }));
  await mapLimit(asked, 4, (a) =>
    rpc(pawsUrl, 'spectrum.paws.register', {
      type: 'REGISTRATION_REQ',
      version: '1.0',
      deviceDesc: a.deviceDesc,
      location: a.location,
      ...(ruleset === 'fcc' ? { deviceOwner: FCC_OWNER } : {}),
    }),
  );
  const t0 = performance.now();
  for (const a of asked) {
    await rpc(pawsUrl, 'spectrum.paws.getSpectrum', {
      type: 'AVAIL_SPECTRUM_REQ',
      version: '1.0',
      deviceDesc: a.deviceDesc,
      location: a.location,
    });
  }
  const unbatchedMs = performance.now() - t0;
  const groups = new Map<string, typeof asked>();
  for (const a of asked) {
    // what the limits depend on besides the location (spectrum-batch.ts deviceClassKey): the ETSI class
    const key = ruleset === 'etsi' ? String(a.site.emissionClass) : 'FIXED';
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const batches = [...groups.values()].flatMap((g) => splitIntoBatches(g, FLOOR_BATCH_SIZE));
  const t1 = performance.now();
  await mapLimit(batches, FLOOR_BATCH_CONCURRENCY, (batch) =>
    rpc(pawsUrl, 'spectrum.paws.getSpectrumBatch', {
      type: 'AVAIL_SPECTRUM_BATCH_REQ',
      version: '1.0',
      deviceDesc: batch[0]!.deviceDesc,
      locations: batch.map((b) => b.location),
    }),
  );
  const batchedMs = performance.now() - t1;
  return {
    unbatched: {
      roundTrips: asked.length,
      wallMs: Math.round(unbatchedMs),
      msPerRoundTrip: round(unbatchedMs / asked.length, 2),
      concurrency: 1,
      method: 'spectrum.paws.getSpectrum',
    },
    batched: {
      roundTrips: batches.length,
      deviceClasses: groups.size,
      batchSize: FLOOR_BATCH_SIZE,
      concurrency: FLOOR_BATCH_CONCURRENCY,
      wallMs: Math.round(batchedMs),
      method: 'spectrum.paws.getSpectrumBatch',
    },
    note: `this process straight to the lab's PAWS endpoint on devices of its own at the same ${asked.length} positions and classes (registered first, untimed): only the base stations' own availability, none of the console's slave limits, use reports, GPS reads or records`,
  };
}

export async function fleetRecheck(opts: FleetRecheckOptions): Promise<Record<string, unknown>> {
  let consoleHandle: ConsoleHandle | undefined;
  try {
    return await recheck(opts, (c) => (consoleHandle = c));
  } catch (err) {
    const p = consoleHandle?.child.process;
    if (p) {
      log(
        `console: exit ${String(p.exitCode)} signal ${String(p.signalCode)}; last output:\n${consoleHandle!.child.tail()}`,
      );
    }
    throw err;
  }
}

async function recheck(
  opts: FleetRecheckOptions,
  started: (c: ConsoleHandle) => void,
): Promise<Record<string, unknown>> {
  const tStart = performance.now();
  const scratch = await createScratch('spectrum');
  const lab = await startLab(opts.radios, opts.firstAddress, { region: opts.region, seed: opts.seed });
  const bases = lab.radios.filter((r) => r.role === 'base-station');
  log(
    `recheck lab: ${lab.radios.length} radios, ${bases.length} base stations in ${Math.round(lab.startMs)} ms`,
  );
  if (opts.maxPollingSecs !== null) {
    await http(`${lab.controlUrl}/spectrum/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ maxPollingSecs: opts.maxPollingSecs }),
    });
  }
  const settings = await getJson<SpectrumSettingsResponseDto>(`${lab.controlUrl}/spectrum/settings`);
  const handle = await startConsole(scratch, {
    POLL_INTERVAL_MS: String(opts.pollIntervalMs),
    WSDB_URL: lab.pawsUrl,
  });
  started(handle);
  const s: Session = { console: handle, cookie: await apiSignIn(handle) };
  await importFleet(handle, s.cookie, lab.radios);
  await waitAllPolled(handle, s.cookie, lab.radios.length);
  const polledMs = performance.now() - handle.startedAt;
  log(`all ${lab.radios.length} polled; waiting for every base station's first grant`);
  const firstStats = await pawsStats(lab.controlUrl);
  const before = await waitOnAir(s, lab.controlUrl, bases.length);
  const onAirMs = performance.now() - handle.startedAt;
  const initial = await pawsStats(lab.controlUrl);
  const nextNatural = Math.min(
    ...before.map((st) => (st.nextCheckAt ? Date.parse(st.nextCheckAt) : Infinity)),
  );
  log(
    `on air: ${before.filter((st) => st.phase === 'granted').length} granted; next scheduled check in ${Math.round((nextNatural - Date.now()) / 1000)} s; idle CPU over ${opts.idleMs} ms`,
  );

  // The console with only its schedule running (polls, the location watch, the loop's ticks).
  const pid = handle.child.pid;
  const idle0 = { at: performance.now(), cpu: cpuMs(pid) };
  const idleStats0 = await pawsStats(lab.controlUrl);
  await sleep(opts.idleMs);
  const idleStats1 = await pawsStats(lab.controlUrl);
  const idleCpuMsPerSec = (cpuMs(pid) - idle0.cpu) / ((performance.now() - idle0.at) / 1000);

  // The re-check: every base station asked for at once, through the operator's route.
  const counted0 = await consoleCounted(s);
  const startWall = Date.now();
  const start: Snapshot = {
    at: performance.now(),
    cpuMs: cpuMs(pid),
    stats: await pawsStats(lab.controlUrl),
  };
  await mapLimit(before, TRIGGER_CONCURRENCY, (st) =>
    http(
      `${handle.url}/api/spectrum/stations/${st.deviceId}/check`,
      { method: 'POST', headers: { cookie: s.cookie } },
      60_000,
    ),
  );
  const triggerMs = performance.now() - start.at;
  const checkedBefore = before.filter((st) => st.lastCheckAt !== null).length;
  const { end, stations: after } = await waitRechecked(
    s,
    lab.controlUrl,
    start,
    startWall,
    checkedBefore,
    idleCpuMsPerSec,
  );
  const counted1 = await consoleCounted(s);
  const wallMs = end.at - start.at;
  const consoleCpuMs = end.cpuMs - start.cpuMs;
  const netCpuMs = consoleCpuMs - (idleCpuMsPerSec * wallMs) / 1000;
  const lastCheckAfterMs =
    Math.max(...after.map((st) => (st.lastCheckAt ? Date.parse(st.lastCheckAt) : 0))) - startWall;
  const window = statsDelta(start.stats, end.stats);
  const records = await getJson<SpectrumRecordList>(
    `${handle.url}/api/spectrum/records?from=${new Date(startWall).toISOString()}&limit=100000`,
    s.cookie,
  );
  const earlier = await getJson<SpectrumRecordList>(
    `${handle.url}/api/spectrum/records?to=${new Date(startWall).toISOString()}&limit=100000`,
    s.cookie,
  );
  const stationIds = new Set(before.map((st) => st.deviceId));
  const recordKinds = kindsByRole(records.items, stationIds);
  const deviceList = await getJson<DeviceListResponse>(
    `${handle.url}/api/devices?role=base-station&limit=10000`,
    s.cookie,
  );
  const serialOf = new Map(deviceList.items.map((d) => [d.id, d.name]));
  log(
    `re-check: ${window.requests} PAWS round trips, ${Math.round(consoleCpuMs)} ms console CPU in ${Math.round(wallMs)} ms`,
  );

  // The floor, with the console stopped: nothing else asks the lab meanwhile.
  await stopChild(handle.child);
  const sites: FloorSite[] = after
    .filter((st) => st.lat !== null && st.lon !== null)
    .map((st) => ({
      serialNumber: `floor-${serialOf.get(st.deviceId) ?? st.deviceId}`,
      emissionClass: st.emissionClass ?? 1,
      lat: st.lat!,
      lon: st.lon!,
    }));
  const floorFigures = await floor(lab.pawsUrl, settings.ruleset, sites);

  const phases: Record<string, number> = {};
  for (const st of after) {
    phases[st.phase] = (phases[st.phase] ?? 0) + 1;
  }
  const asked = before.length;
  return {
    radios: lab.radios.length,
    baseStations: asked,
    cpes: lab.radios.length - bases.length,
    ruleset: settings.ruleset,
    maxPollingSecs: settings.maxPollingSecs,
    pollIntervalMs: opts.pollIntervalMs,
    trigger: {
      route: 'POST /api/spectrum/stations/:id/check, once per base station',
      requests: asked,
      concurrency: TRIGGER_CONCURRENCY,
      ms: Math.round(triggerMs),
    },
    pawsRoundTrips: window.requests,
    pawsErrors: window.errors,
    byMethod: window.byMethod,
    batches: {
      master: { requests: window.masterBatches, locations: window.masterLocations },
      slave: { requests: window.slaveBatches, locations: window.slaveLocations },
    },
    roundTripsPerBaseStation: round(window.requests / asked, 2),
    pawsRequestsPerRoundTrip: round(
      (window.masterLocations + window.slaveLocations + window.requests - window.batches) /
        Math.max(1, window.requests),
      2,
    ),
    consoleCountedPawsRequests: diff(counted0, counted1),
    consoleCpuMs: Math.round(consoleCpuMs),
    consoleCpuMsNetOfIdle: Math.round(netCpuMs),
    consoleCpuMsPerBaseStation: round(netCpuMs / asked, 2),
    idleCpuMsPerSec: round(idleCpuMsPerSec, 1),
    wallMs: Math.round(wallMs),
    lastStationCheckedAfterMs: Math.round(lastCheckAfterMs),
    stationsRechecked: after.filter((st) => st.lastCheckAt && Date.parse(st.lastCheckAt) >= startWall).length,
    phasesAfter: phases,
    recordsWritten: recordKinds,
    // what the re-check did besides checking and reporting use, for a look at why
    otherRecords: records.items
      .filter((r) => r.kind !== 'checked' && r.kind !== 'notified')
      .slice(0, 3)
      .map((r) => ({
        name: r.deviceName,
        kind: r.kind,
        channel: r.channel,
        eirpDbm: r.eirpDbm,
        detail: r.detail,
      })),
    recordsBeforeTrigger: kindsByRole(earlier.items, stationIds),
    scheduledChecksFellInWindow: nextNatural - startWall < wallMs,
    floor: floorFigures,
    batchingGain: {
      availabilityRoundTrips: {
        console: window.masterBatches,
        floorUnbatched: floorFigures.unbatched.roundTrips,
        floorBatched: floorFigures.batched.roundTrips,
      },
      allRoundTrips: { console: window.requests, floorUnbatched: floorFigures.unbatched.roundTrips },
    },
    setup: {
      labStartMs: Math.round(lab.startMs),
      consoleUpMs: Math.round(handle.upMs),
      allPolledOnceMs: Math.round(polledMs),
      firstGrantsQuietMs: Math.round(onAirMs),
      firstGrantsPawsRequests: statsDelta(firstStats, initial).requests + firstStats.requests,
      idleWindowPawsRequests: idleStats1.requests - idleStats0.requests,
      nextScheduledCheckAfterS: Math.round((nextNatural - startWall) / 1000),
      totalMs: Math.round(performance.now() - tStart),
    },
    method:
      "steady state: every base station granted and the module quiet; all asked for at once through the operator's check route; the window runs from the first request to the moment the lab had a master location for every station, no PAWS request for 1 s and the console's CPU back near idle, confirmed by every station's lastCheckAt; round trips counted at the lab (GET /paws/stats); CPU is utime+stime of the console, net of its idle rate (polls, the loop) measured just before; pawsRequestsPerRoundTrip counts each batch location and each other request as one device query",
  };
}
