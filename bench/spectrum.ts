// Bench: the fleet channel planner against the field lab's own RF truth, and the console's spectrum
// module re-checking a whole fleet against the lab's white-space database.
//   node --conditions=wsnoc-source --import tsx bench/spectrum.ts [--radios 2000] [--seed 1]
//     [--region highlands|us-rural] [--large-sites 1000] [--backoff-db 6] [--flat]
//     [--recheck-radios 10000] [--recheck-poll-interval-ms 60000] [--recheck-idle-s 10]
//     [--recheck-max-polling-secs N]
// Starts the lab in process (loopback, free ports), reads each radio's emission class and power
// (`show radio`) and altitude (`show gps`) over telnet and its grant from the lab's truth
// (GET /spectrum/availability with its own class), then applies three plans to the same fleet through the control API (POST /radios/:id/set):
// the random channels the lab starts with, first-available greedy, and the planner (in its apply
// order). After each it reads GET /links and reports co-channel conflicts, median and 5th-percentile
// SINR, total throughput and links down, beside what the planner predicted. Then: planner run time on
// a lab-derived instance of --large-sites base stations and on the whole fleet, with the greedy
// baseline as the floor; and a withdrawal (POST /spectrum/withdrawals on one site's channel) re-planned
// with replanAfterWithdrawal against a full re-plan.
// Last, `fleetRecheck` (bench/lib/fleet-recheck.ts; build first, --recheck-radios 0 skips it): a lab of
// --recheck-radios radios and the built console (WSDB_URL at the lab's PAWS endpoint, its own database and
// Redis prefix) each in its own process; once every base station has its first grant and the module is
// quiet, every base station is asked for at once (POST /api/spectrum/stations/:id/check) and, until each
// has a fresh check: PAWS round trips by method counted at the lab (GET /paws/stats), master and slave
// batches, the console's CPU (utime+stime, net of its idle rate) and the wall time; then, with the
// console stopped, the floor: the same base stations asked straight from here, one getSpectrum each in
// sequence, and in the fewest getSpectrumBatch requests. Prints one JSON object; stops by itself.
// The planner knows what a console knows: positions, ground heights (GPS altitude less the mast),
// powers, classes, grants and the noise the CPEs report. --flat withholds the ground heights; every run
// also scores the final plan without them, to show how much of the prediction rests on terrain.
import { parseArgs } from 'node:util';
import {
  BS_MAST_HEIGHT_M,
  CPE_MAST_HEIGHT_M,
  type AvailabilityResponseDto,
  type ComplianceLogResponseDto,
  type RadioLink,
  type RadioSummary,
  type SimRuleset,
} from '@wsnoc/shared';
import { Fleet, startLab } from '@wsnoc/simulator';
import {
  applyOrderFor,
  evaluateChannels,
  planFleet,
  planGreedy,
  replanAfterWithdrawal,
  type FleetPlan,
  type PlannerInput,
  type PlannerSite,
} from '../server/src/modules/spectrum/planner/index.js';
import { fleetRecheck, fleetRecheckBudgetMs } from './lib/fleet-recheck.js';
import { atPrompt, LineClient, logIn } from './lib/line-client.js';
import { cleanup, guardProcess, log, onCleanup, runBench, setLogPrefix } from './lib/stack.js';
import { percentile, printReport, round } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    region: { type: 'string', default: 'highlands' },
    'large-sites': { type: 'string', default: '1000' },
    'backoff-db': { type: 'string', default: '6' },
    flat: { type: 'boolean', default: false },
    'recheck-radios': { type: 'string', default: '10000' },
    'recheck-poll-interval-ms': { type: 'string', default: '60000' },
    'recheck-idle-s': { type: 'string', default: '10' },
    'recheck-max-polling-secs': { type: 'string' },
  },
});
const RADIOS = Number(values.radios);
const SEED = Number(values.seed);
const REGION = values.region === 'us-rural' ? 'us-rural' : 'highlands';
const LARGE_SITES = Number(values['large-sites']);
/** How far below its configured EIRP a site may be held by a channel's limit and still use it. */
const BACKOFF_DB = Number(values['backoff-db']);
const FLAT = values.flat;
/** The fleet re-check's lab and console (bench/lib/fleet-recheck.ts); 0 skips it. */
const RECHECK_RADIOS = Number(values['recheck-radios']);
const RECHECK_POLL_INTERVAL_MS = Number(values['recheck-poll-interval-ms']);
const RECHECK_IDLE_MS = Number(values['recheck-idle-s']) * 1000;
/** The lab's maxPollingSecs for the re-check; unset: the ruleset's default (ETSI 900, FCC 3600). */
const RECHECK_MAX_POLLING_SECS =
  values['recheck-max-polling-secs'] === undefined ? null : Number(values['recheck-max-polling-secs']);
const PARALLEL = 32;
const WATCHDOG_MS = 600_000 + (RECHECK_RADIOS > 0 ? fleetRecheckBudgetMs(RECHECK_RADIOS) : 0);
/** Radios per cell in the lab, on average (docs/simulator.md): sizes the lab-derived timing instance. */
const RADIOS_PER_CELL = 8.5;

setLogPrefix('bench/spectrum');

interface Station {
  summary: RadioSummary;
  emissionClass: number;
  txPowerDbm: number;
  channel: number | null;
  /** Ground height: `show gps` altitude less the mast (30 m on a base station, 6 m on a CPE). */
  groundM: number;
}

/** Runs `task` over `items`, at most PARALLEL at once, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}

/**
 * A planner run blocks this process for longer than the lab's keep-alive timeout (5 s): the lab closes
 * the idle connection meanwhile, and the next request on it fails before the lab reads it. Once, with a
 * fresh connection, that request is sent again.
 */
async function fetchAgainIfStale(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const code = ((err as Error).cause as { code?: string } | undefined)?.code;
    if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') {
      log(`${init?.method ?? 'GET'} ${url}: ${String((err as Error).cause ?? err)}`);
      throw err;
    }
    log(`${init?.method ?? 'GET'} ${url}: ${code} on a kept-alive connection; sending it again`);
    return fetch(url, init); // the pool has dropped the dead connection: this one is new
  }
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetchAgainIfStale(url, init);
  if (!res.ok) {
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/**
 * `show radio` and `show gps` over a raw telnet session: the emission class and the altitude are only
 * there, not in the control API.
 */
async function showRadio(r: RadioSummary): Promise<Station> {
  const line = await LineClient.open(r.host, r.port, 10_000);
  try {
    await logIn(line, r.username, r.password);
    let text = '';
    const show = (command: string, last: string): Promise<void> =>
      line.exchange(command, (buf) => {
        text += buf;
        return atPrompt(buf) && buf.includes(`${last}:`);
      });
    await show('show radio', 'state');
    await show('show gps', 'time');
    const field = (name: string): string => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
    const channel = field('channel');
    const mast = r.role === 'base-station' ? BS_MAST_HEIGHT_M : CPE_MAST_HEIGHT_M;
    return {
      summary: r,
      emissionClass: Number(field('emission-class')),
      txPowerDbm: Number.parseFloat(field('tx-power')),
      channel: channel === 'none' ? null : Number(channel),
      groundM: Number.parseFloat(field('altitude')) - mast,
    };
  } finally {
    line.destroy();
  }
}

/** The database's truth for a radio of its own class: ETSI type A and its emission class; FCC FIXED or MODE_1. */
function availabilityUrl(controlUrl: string, ruleset: SimRuleset, radio: RadioSummary, cls: number): string {
  const fcc = radio.role === 'cpe' ? 'MODE_1' : 'FIXED';
  const type = ruleset === 'etsi' ? `deviceType=A&emissionsClass=${cls}` : `deviceType=${fcc}`;
  return `${controlUrl}/spectrum/availability?lat=${radio.lat}&lon=${radio.lon}&${type}`;
}

/** Each radio's own grant, in the order given. */
function grantsOf(
  controlUrl: string,
  ruleset: SimRuleset,
  radios: readonly Station[],
): Promise<AvailabilityResponseDto[]> {
  return mapLimit(radios, (r) =>
    getJson<AvailabilityResponseDto>(availabilityUrl(controlUrl, ruleset, r.summary, r.emissionClass)),
  );
}

/** Planner sites from stations (base stations and CPEs alike), their grants and the CPEs' noise floors. */
function sitesOf(
  stations: readonly Station[],
  grants: readonly AvailabilityResponseDto[],
  noise: ReadonlyMap<string, number>,
): PlannerSite[] {
  const grantOf = new Map(stations.map((st, i) => [st.summary.id, grants[i]!]));
  const cpesOf = new Map<string, Station[]>();
  for (const st of stations) {
    const bs = st.summary.baseStationId;
    if (bs) {
      cpesOf.set(bs, [...(cpesOf.get(bs) ?? []), st]);
    }
  }
  return stations
    .filter((st) => st.summary.role === 'base-station')
    .map((st) => {
      const cpes = cpesOf.get(st.summary.id) ?? [];
      return siteOf(
        st,
        cpes,
        grantOf.get(st.summary.id)!,
        cpes.map((c) => grantOf.get(c.summary.id)!),
        noise,
      );
    });
}

/**
 * A planner site. Its CPEs transmit on its channel as its slaves, so a channel counts as allowed only
 * where the database permits it at the base station and at every one of its CPEs; the EIRP limit is
 * the base station's (a CPE's own limit bounds the CPE's power, which is the grant lifecycle's job).
 */
function siteOf(
  st: Station,
  cpes: readonly Station[],
  grant: AvailabilityResponseDto,
  cpeGrants: readonly AvailabilityResponseDto[],
  noise: ReadonlyMap<string, number>,
): PlannerSite {
  const everywhere = (channel: number): boolean =>
    cpeGrants.every((g) => g.channels.some((c) => c.channel === channel));
  return {
    id: st.summary.id,
    lat: st.summary.lat,
    lon: st.summary.lon,
    groundM: st.groundM,
    eirpDbm: st.txPowerDbm,
    minEirpDbm: st.txPowerDbm - BACKOFF_DB,
    emissionClass: st.emissionClass,
    currentChannel: st.channel,
    allowed: grant.channels
      .filter((c) => everywhere(c.channel))
      .map((c) => ({ channel: c.channel, maxEirpDbm: c.maxEirpDbm })),
    cpes: cpes.map(({ summary: c, groundM }) => ({
      id: c.id,
      lat: c.lat,
      lon: c.lon,
      groundM,
      noiseFloorDbm: noise.get(c.id),
    })),
  };
}

/** The same input on flat ground: what the planner would predict without ground heights. */
function flatten(input: PlannerInput): PlannerInput {
  return {
    ...input,
    sites: input.sites.map((s) => ({
      ...s,
      groundM: undefined,
      cpes: s.cpes.map((c) => ({ ...c, groundM: undefined })),
    })),
  };
}

/** The planner's prediction for a plan as applied (its channels at its EIRPs), under another input. */
function rescore(plan: FleetPlan, input: PlannerInput): FleetPlan {
  const eirp = new Map(plan.sites.map((s) => [s.siteId, s.eirpDbm]));
  return evaluateChannels(
    { ...input, sites: input.sites.map((s) => ({ ...s, eirpDbm: eirp.get(s.id) ?? s.eirpDbm })) },
    new Map(plan.sites.map((s) => [s.siteId, s.channel])),
  );
}

/** Per CPE, predicted minus measured SINR: mean, and the median and 95th percentile of its size. */
function predictionError(predicted: FleetPlan, links: readonly RadioLink[]) {
  const predictedSinr = new Map(
    predicted.sites.flatMap((s) => s.cpes.map((c) => [c.cpeId, c.sinrDb] as const)),
  );
  const errors = links.flatMap((l) => {
    const p = predictedSinr.get(l.cpeId);
    return l.snrDb === null || p === null || p === undefined ? [] : [p - l.snrDb];
  });
  const sortedAbs = errors.map(Math.abs).sort((a, b) => a - b);
  return {
    mean: round(errors.reduce((s, e) => s + e, 0) / Math.max(1, errors.length), 2),
    absMedian: round(percentile(sortedAbs, 50), 2),
    absP95: round(percentile(sortedAbs, 95), 2),
  };
}

/** The lab's truth for the fleet as it now stands. */
async function measure(
  controlUrl: string,
  pairs: FleetPlan['interferingPairs'],
  predicted: FleetPlan,
  flatScored?: FleetPlan,
) {
  const links = await getJson<RadioLink[]>(`${controlUrl}/links`);
  const channelOf = new Map<string, number | null>();
  for (const l of links) {
    channelOf.set(l.baseStationId, l.channel);
  }
  const conflicts = pairs.filter(([a, b]) => {
    const ca = channelOf.get(a);
    return ca !== null && ca !== undefined && ca === channelOf.get(b);
  }).length;
  const sinr = links.flatMap((l) => (l.snrDb === null ? [] : [l.snrDb])).sort((a, b) => a - b);
  const compliance = await getJson<ComplianceLogResponseDto>(`${controlUrl}/compliance?open=true`);
  const truth = {
    coChannelConflicts: conflicts,
    sinrMedianDb: percentile(sinr, 50),
    sinrP5Db: percentile(sinr, 5),
    throughputMbps: round(
      links.reduce((s, l) => s + l.throughputMbps, 0),
      1,
    ),
    linksDown: links.filter((l) => !l.up).length,
    openViolations: {
      baseStations: compliance.violations.filter((v) => v.radioId.startsWith('bs-')).length,
      cpes: compliance.violations.filter((v) => !v.radioId.startsWith('bs-')).length,
      cpesAboveLimit: compliance.violations.filter(
        (v) => !v.radioId.startsWith('bs-') && v.reason === 'eirp-above-limit',
      ).length,
    },
  };
  const t = predicted.totals;
  return {
    truth,
    predicted: {
      coChannelConflicts: t.coChannelConflicts,
      sinrMedianDb: t.sinrMedianDb,
      sinrP5Db: t.sinrP5Db,
      throughputMbps: t.throughputMbps,
      linksDown: t.linksDown,
    },
    // where the prediction and the lab part: per CPE, predicted minus measured SINR
    predictionErrorDb: predictionError(predicted, links),
    ...(flatScored ? { predictionErrorOnFlatGroundDb: predictionError(flatScored, links) } : {}),
  };
}

/** Puts every base station on its planned channel and EIRP, directly (as at the mast). */
async function applyDirect(controlUrl: string, plan: FleetPlan): Promise<void> {
  await mapLimit(
    plan.sites.filter((s) => s.channel !== null),
    (s) =>
      getJson(`${controlUrl}/radios/${s.siteId}/set`, {
        method: 'POST',
        body: JSON.stringify({ channel: s.channel, txPowerDbm: s.eirpDbm }),
      }),
  );
}

/** Applies a plan one step at a time in its apply order (steps depend on each other: no parallelism). */
async function applyInOrder(controlUrl: string, plan: FleetPlan, input: PlannerInput) {
  const order = applyOrderFor(plan, input);
  const eirp = new Map(plan.sites.map((s) => [s.siteId, s.eirpDbm]));
  const limits = new Map(
    input.sites.map((s) => [s.id, new Map(s.allowed.map((a) => [a.channel, a.maxEirpDbm]))]),
  );
  const own = new Map(input.sites.map((s) => [s.id, s.eirpDbm]));
  for (const step of order.steps) {
    const body =
      step.to === null
        ? { enabled: false }
        : step.kind === 'final'
          ? { channel: step.to, txPowerDbm: eirp.get(step.siteId) }
          : {
              channel: step.to,
              txPowerDbm: Math.min(own.get(step.siteId)!, limits.get(step.siteId)!.get(step.to)!),
            };
    await getJson(`${controlUrl}/radios/${step.siteId}/set`, { method: 'POST', body: JSON.stringify(body) });
  }
  return {
    steps: order.steps.length,
    temporaryMoves: order.temporaryMoves,
    overlapSteps: order.overlapSteps,
    worstOverlapInrDb: order.worstOverlapInrDb,
  };
}

function planFigures(plan: FleetPlan) {
  return {
    runMs: plan.stats.runMs,
    graphMs: plan.stats.graphMs,
    searchMs: plan.stats.searchMs,
    iterations: plan.stats.iterations,
    visits: plan.stats.visits,
    timeLimited: plan.stats.timeLimited,
    retunes: plan.totals.retunes,
    unplanned: plan.totals.unplanned,
  };
}

async function main(): Promise<void> {
  guardProcess(WATCHDOG_MS);
  const t0 = performance.now();
  const lab = await startLab({
    radios: RADIOS,
    seed: SEED,
    region: REGION,
    port: 0,
    controlPort: 0,
    pawsPort: 0,
    firstAddress: '127.24.0.1',
  });
  let labClosed: Promise<void> | undefined;
  const closeLab = (): Promise<void> => (labClosed ??= lab.close());
  onCleanup('lab', closeLab);
  const ruleset = lab.ruleset;
  const url = lab.controlUrl;
  const radios = await getJson<RadioSummary[]>(`${url}/radios`);
  const bases = radios.filter((r) => r.role === 'base-station');
  log(`lab up: ${radios.length} radios, ${bases.length} base stations (${ruleset})`);

  // what the console knows: each radio's class and power (show radio), each one's grant, and the noise
  // its CPEs report
  const stations = await mapLimit(radios, showRadio);
  const grants = await grantsOf(url, ruleset, stations);
  const startLinks = await getJson<RadioLink[]>(`${url}/links`);
  const noise = new Map(startLinks.map((l) => [l.cpeId, l.noiseFloorDbm]));
  const known: PlannerInput = { bandPlan: ruleset, sites: sitesOf(stations, grants, noise) };
  const input = FLAT ? flatten(known) : known;

  // 1. random: the lab as it starts
  const randomPlan = evaluateChannels(input, new Map());
  const pairs = randomPlan.interferingPairs;
  const random = await measure(url, pairs, randomPlan);

  // 2. first-available greedy
  const greedyPlan = planGreedy(input);
  await applyDirect(url, greedyPlan);
  const greedy = await measure(url, pairs, greedyPlan);

  // 3. the planner, from the random start (its hysteresis counts retunes against today's channels),
  // applied step by step from the greedy state in its apply order
  const plan = planFleet(input);
  const fromGreedy: PlannerInput = {
    ...input,
    sites: input.sites.map((s, i) => ({ ...s, currentChannel: greedyPlan.sites[i]!.channel })),
  };
  const planFromGreedy = {
    ...plan,
    sites: plan.sites.map((s, i) => ({ ...s, previousChannel: greedyPlan.sites[i]!.channel })),
  };
  const applied = await applyInOrder(url, planFromGreedy, fromGreedy);
  const planner = await measure(url, pairs, plan, rescore(plan, flatten(known)));

  // 4. run time: a lab-derived instance of LARGE_SITES base stations (same region and seed, grants from
  // the running lab's database), the whole fleet, and the greedy floor on both
  const large = await largeInstance(url, ruleset);
  const largePlan = planFleet(large);
  const largeSettled = planFleet({ ...large, options: { timeBudgetMs: 600_000 } });
  const largeGreedy = planGreedy(large);
  const fleetAgain = planFleet(input);

  // 5. a withdrawal of the planned channel around one site: re-plan only its group, against a full re-plan
  const victim = pickWithdrawalSite(plan);
  const site = input.sites.find((s) => s.id === victim.siteId)!;
  await getJson(`${url}/spectrum/withdrawals`, {
    method: 'POST',
    body: JSON.stringify({
      area: { lat: site.lat, lon: site.lon, radiusM: 500 },
      channels: [victim.channel],
      from: new Date().toISOString(),
      label: 'bench/spectrum',
    }),
  });
  // the console asks again for that site and its CPEs only
  const cell = stations.filter((st) => st.summary.id === site.id || st.summary.baseStationId === site.id);
  const cellGrants = await grantsOf(url, ruleset, cell);
  const renewed = sitesOf(cell, cellGrants, noise)[0]!;
  const afterInput: PlannerInput = {
    ...input,
    sites: input.sites.map((s) => (s.id === site.id ? { ...s, allowed: renewed.allowed } : s)),
  };
  const replan = replanAfterWithdrawal(plan, afterInput, [site.id]);
  const fullReplan = planFleet({
    ...afterInput,
    sites: afterInput.sites.map((s, i) => ({ ...s, currentChannel: plan.sites[i]!.channel })),
  });
  const churn = planFleet({
    ...afterInput,
    sites: afterInput.sites.map((s, i) => ({ ...s, currentChannel: plan.sites[i]!.channel })),
    options: { retuneCost: 0 },
  });
  const replanApplied = await applyInOrder(url, replan, afterInput);
  const afterWithdrawal = await measure(url, pairs, replan);
  await closeLab();

  // 6. the console's spectrum module re-checking a whole fleet against the lab's database, in processes
  // of their own
  const recheck =
    RECHECK_RADIOS > 0
      ? await fleetRecheck({
          radios: RECHECK_RADIOS,
          region: REGION,
          seed: SEED,
          firstAddress: '127.52.0.1',
          pollIntervalMs: RECHECK_POLL_INTERVAL_MS,
          idleMs: RECHECK_IDLE_MS,
          maxPollingSecs: RECHECK_MAX_POLLING_SECS,
        })
      : null;

  printReport({
    bench: 'spectrum',
    radios: radios.length,
    baseStations: bases.length,
    cpes: radios.length - bases.length,
    seed: SEED,
    region: REGION,
    ruleset,
    plannerKnowsGroundHeights: !FLAT,
    interferingPairs: pairs.length,
    modelledPairs: plan.stats.edges,
    plans: {
      random,
      greedy: { ...greedy, ...planFigures(greedyPlan) },
      planner: { ...planner, ...planFigures(plan), applyOrder: applied },
    },
    plannerBeatsGreedy: {
      sinrP5: planner.truth.sinrP5Db > greedy.truth.sinrP5Db,
      throughput: planner.truth.throughputMbps > greedy.truth.throughputMbps,
    },
    runTime: {
      largeInstance: {
        baseStations: large.sites.length,
        cpes: largePlan.totals.cpes,
        modelledPairs: largePlan.stats.edges,
        interferingPairs: largePlan.stats.interferingPairs,
        planner: planFigures(largePlan),
        untilSettled: {
          ...planFigures(largeSettled),
          objective: largeSettled.totals.objective,
          objectiveAtBudget: largePlan.totals.objective,
        },
        greedyFloorMs: largeGreedy.stats.runMs,
        plannerOverFloor: round(largePlan.stats.runMs / largeGreedy.stats.runMs, 2),
        predicted: {
          greedy: {
            sinrP5Db: largeGreedy.totals.sinrP5Db,
            throughputMbps: largeGreedy.totals.throughputMbps,
          },
          planner: { sinrP5Db: largePlan.totals.sinrP5Db, throughputMbps: largePlan.totals.throughputMbps },
        },
      },
      wholeFleet: {
        baseStations: input.sites.length,
        planner: planFigures(fleetAgain),
        greedyFloorMs: greedyPlan.stats.runMs,
        plannerOverFloor: round(fleetAgain.stats.runMs / greedyPlan.stats.runMs, 2),
      },
    },
    withdrawal: {
      siteId: site.id,
      channel: victim.channel,
      allowedBefore: site.allowed.length,
      allowedAfter: renewed.allowed.length,
      replan: {
        touchedSites: replan.stats.touchedSites,
        groups: replan.stats.groups,
        retunes: replan.totals.retunes,
        runMs: replan.stats.runMs,
        newChannel: replan.sites.find((s) => s.siteId === site.id)?.channel ?? null,
        applyOrder: replanApplied,
      },
      fullReplan: { retunes: fullReplan.totals.retunes, runMs: fullReplan.stats.runMs },
      fullReplanWithoutRetuneCost: { retunes: churn.totals.retunes },
      afterReplan: afterWithdrawal,
    },
    ...(recheck ? { fleetRecheck: recheck } : {}),
    totalMs: Math.round(performance.now() - t0),
  });
  await cleanup();
}

/** The site whose planned channel is withdrawn: the one with the most interfering neighbours. */
function pickWithdrawalSite(plan: FleetPlan): { siteId: string; channel: number } {
  const degree = new Map<string, number>();
  for (const [a, b] of plan.interferingPairs) {
    degree.set(a, (degree.get(a) ?? 0) + 1);
    degree.set(b, (degree.get(b) ?? 0) + 1);
  }
  const planned = plan.sites.filter((s) => s.channel !== null);
  planned.sort(
    (a, b) => (degree.get(b.siteId) ?? 0) - (degree.get(a.siteId) ?? 0) || a.siteId.localeCompare(b.siteId),
  );
  const top = planned[0]!;
  return { siteId: top.siteId, channel: top.channel! };
}

/**
 * A planner input of LARGE_SITES base stations from a lab fleet of the same region and seed that is
 * generated but never started (so no telnet): positions, classes, powers and CPE noise from the fleet,
 * grants from the running lab's database, which covers the whole region.
 */
async function largeInstance(controlUrl: string, ruleset: SimRuleset): Promise<PlannerInput> {
  const fleet = Fleet.create({
    radios: Math.round(LARGE_SITES * RADIOS_PER_CELL),
    seed: SEED,
    region: REGION,
    port: 0,
  });
  const all = fleet.radios();
  const bases = all.filter((r) => r.role === 'base-station').slice(0, LARGE_SITES);
  const noise = new Map(fleet.links().map((l) => [l.cpeId, l.noiseFloorDbm]));
  const wanted = new Set(bases.map((b) => b.id));
  const stations = all
    .filter((r) => wanted.has(r.id) || (r.baseStationId !== null && wanted.has(r.baseStationId)))
    .map((r): Station => {
      const state = fleet.state(r.id)!;
      return {
        summary: r,
        emissionClass: fleet.radio(r.id)!.emissionClass,
        txPowerDbm: state.config.txPowerDbm,
        channel: state.config.channel,
        // what `show gps` altitude less the mast would give
        groundM: FLAT ? 0 : fleet.radio(r.id)!.groundM,
      };
    });
  const grants = await grantsOf(controlUrl, ruleset, stations);
  return { bandPlan: ruleset, sites: sitesOf(stations, grants, noise) };
}

runBench(main);
