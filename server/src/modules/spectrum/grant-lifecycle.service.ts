// The grant lifecycle of every base station, as a reconciliation loop (desired state against actual
// state), run by one instance (SpectrumLeader) once a second:
//   - check: stations whose next check is due are asked for, in batches: the radio's own GPS position,
//     registration when the database needs it, availability; the answer becomes a grant (channel and
//     power, valid until the channel lapses or the next check is due) chosen by channel-selection.ts.
//   - watchdog: a station whose grant has lapsed (the schedule's stop time, or the last successful
//     check plus the update interval while the database cannot be reached) is wanted muted at once.
//   - reconcile: each station's radio is brought to what its grant says, through the command path
//     (lock, before/after, verify, audit): retune, turn down, mute, unmute (only a radio this module
//     muted, and only after a fresh, valid grant). CPEs above their slave limit are turned down.
// Every check, selection, change and mute goes into the compliance record.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AvailabilitySlice, ConfigValues, DeviceLive, SpectrumRecordKind } from '@wsnoc/shared';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { CommandService } from '@/modules/commands/command.service.js';
import { DriverService } from '@/modules/driver/driver.service.js';
import { DeviceDirectory, type KnownDevice } from '@/modules/inventory/device-directory.service.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { distanceM } from '@wsnoc/shared';
import { floorTenth, intersectSchedules, permittedAt, runOf, selectChannel } from './channel-selection.js';
import { SpectrumConfig } from './spectrum.config.js';
import {
  type Availability,
  type AvailabilityResult,
  mustRegister,
  SPECTRUM_DATABASE,
  type SpectrumDatabase,
  type StationIdentity,
  type StationQuery,
} from './spectrum-database.port.js';
import { SpectrumLeader } from './spectrum-leader.js';
import { type NewRecord, SpectrumRepository } from './spectrum.repository.js';
import { StationEntity } from './station.entity.js';
import { isFatal, isOutsideCoverage, isRegistrationNeeded } from './spectrum-errors.js';
import { SpectrumError } from './spectrum.errors.js';

/** Picks a channel for a station that must move, or null to leave the choice to the lifecycle. */
export type ChannelAdvisor = (
  station: StationEntity,
  cellSchedule: readonly AvailabilitySlice[],
  now: Date,
  horizon: Date,
) => Promise<number | null>;

/** The actor the command path records for this module's changes. */
export const SPECTRUM_ACTOR = { username: 'spectrum' };

const TICK_MS = 1_000;
/** Before a never-checked station has a grant, the update interval its ruleset gives by default. */
const DEFAULT_POLLING_SECS: Record<'etsi' | 'fcc', number> = { etsi: 900, fcc: 3_600 };
/** A fatal refusal is asked again this rarely, in case an operator fixed the device. */
const FATAL_RETRY_MS = 10 * 60_000;
/** Retries of a failed check: doubling from the first, up to the last. */
const CHECK_RETRY_MS = [2_000, 60_000] as const;
/** Retries of a failed action on a radio. */
const ACTION_RETRY_MS = [1_000, 30_000] as const;
/**
 * How long before a grant's deadline the watchdog starts the mute: a mute goes through the command path
 * (lock, configure, verify) and may queue behind others, and the radio must have ceased by the deadline.
 */
export function muteLeadMs(intervalMs: number): number {
  return Math.min(30_000, Math.max(2_000, intervalMs * 0.2));
}

/** How soon a station is checked again when some of its CPEs' limits could not be read. */
const CPE_RETRY_MS = 5_000;
/** A base station's mast when the inventory does not say (the lab's masts are 30 m). */
const DEFAULT_MAST_M = 30;
/** The location watch: never more often than this per station, and at most this many reads per tick. */
const LOCATION_WATCH_MIN_MS = 60_000;
const LOCATION_WATCH_PER_TICK = 8;
/** A limit is met when the radio is within this of it (the judge's own tolerance is 0.05 dB). */
const POWER_TOLERANCE_DB = 0.05;

/** What the loop keeps in memory beside the persisted station. */
interface Runtime {
  checking: boolean;
  acting: boolean;
  checkFailures: number;
  actionFailures: number;
  actionRetryAt: number;
  /** The power this module last set, to tell an operator's own change from ours. */
  setEirpDbm: number | null;
  /** Per CPE: the most EIRP its slave limit allows on the station's granted channel. */
  cpeLimits: Map<string, number | null>;
  cpeActing: Set<string>;
  /** CPEs this module muted because the cell's channel is not permitted where they stand. */
  cpeMuted: Set<string>;
  /** When the GPS was last read, by a check or the location watch. */
  locatedAt: number;
  locating: boolean;
}

@Injectable()
export class GrantLifecycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stations = new Map<string, StationEntity>();
  private readonly runtime = new Map<string, Runtime>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private loaded = false;
  private actionsInFlight = 0;
  /** Checks and actions under way, so a caller (a test, a shutdown) can wait for them to settle. */
  private readonly pending = new Set<Promise<unknown>>();
  private readonly listeners = new Set<(deviceIds: string[]) => void>();
  private advisor: ChannelAdvisor | undefined;

  constructor(
    private readonly config: SpectrumConfig,
    private readonly directory: DeviceDirectory,
    private readonly live: LiveStateService,
    private readonly driver: DriverService,
    private readonly commands: CommandService,
    private readonly repository: SpectrumRepository,
    private readonly leader: SpectrumLeader,
    @Inject(SPECTRUM_DATABASE) private readonly database: SpectrumDatabase,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled) {
      return;
    }
    this.database.onSwitch((change) => {
      this.logger.warn(change, 'white-space database switched');
      void this.repository
        .append([
          {
            deviceId: null,
            deviceName: null,
            kind: 'database-switched',
            channel: null,
            eirpDbm: null,
            detail: change,
          },
        ])
        .catch(() => undefined);
    });
    await this.leader.start();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.idle();
  }

  /** Called with the ids of stations whose state changed (the feed and the UI follow). */
  onChange(listener: (deviceIds: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The stations as last known by this instance (the leader's are current; others read Postgres). */
  async all(): Promise<StationEntity[]> {
    if (this.leader.isLeader() && this.loaded) {
      return [...this.stations.values()];
    }
    return this.repository.allStations();
  }

  /** One station as last known (the leader's memory, else Postgres). */
  async station(deviceId: string): Promise<StationEntity | undefined> {
    return (await this.all()).find((s) => s.deviceId === deviceId);
  }

  /** A CPE's slave limit on its base station's channel, when this instance has read it. */
  cpeLimit(cpeId: string): number | null {
    for (const runtime of this.runtime.values()) {
      const limit = runtime.cpeLimits.get(cpeId);
      if (limit !== undefined) {
        return limit;
      }
    }
    return null;
  }

  /** True when this instance runs spectrum management now (and so may retune for a plan). */
  isLeading(): boolean {
    return this.config.enabled && this.leader.isLeader() && this.loaded;
  }

  /**
   * Moves a station to `channel` for a fleet plan, at once: the channel must be permitted for its whole
   * cell until the grant's horizon; the power is the wanted one capped by that channel's limit. The use is
   * reported first when the ruleset asks, then the radio is told through the command path. Waits for any
   * action of the loop on this station to finish first, and holds the loop off it meanwhile.
   */
  async retune(deviceId: string, channel: number, reason: string): Promise<void> {
    const station = this.stations.get(deviceId);
    if (!station || !this.isLeading()) {
      throw new SpectrumError('not-leader', 'another instance runs spectrum management now');
    }
    const runtime = this.rt(station);
    const deadline = Date.now() + 15_000;
    while (runtime.acting && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    runtime.acting = true;
    try {
      const now = new Date();
      const horizon = station.lastCheckAt
        ? new Date(station.lastCheckAt.getTime() + (station.maxPollingSecs ?? 900) * 1_000)
        : now;
      const run = runOf(station.cellSchedule, channel, now, horizon);
      if (!run || run.until.getTime() <= now.getTime()) {
        throw new SpectrumError(
          'not-permitted',
          `channel ${channel} is not permitted for ${this.nameOf(station) ?? deviceId}'s cell now`,
        );
      }
      const eirpDbm = floorTenth(Math.min(station.desiredEirpDbm ?? run.minEirpDbm, run.minEirpDbm));
      const query = await this.queryFor(station);
      if (station.needsSpectrumReport && query) {
        await this.database.notifyUse(query, channel, eirpDbm);
      }
      const live = this.live.get(deviceId);
      const set: ConfigValues = { channel };
      if (live?.txPowerDbm !== eirpDbm) {
        set.txPowerDbm = eirpDbm;
      }
      await this.commands.applyConfig(deviceId, { set, mode: 'commit' }, SPECTRUM_ACTOR);
      runtime.setEirpDbm = eirpDbm;
      station.grant = {
        channel,
        eirpDbm,
        grantedAt: now.toISOString(),
        validUntil: run.until.toISOString(),
      };
      station.muteAt = new Date(Math.min(horizon.getTime(), run.until.getTime()));
      await this.persist(station, [this.record(station, 'configured', channel, eirpDbm, { reason, set })]);
    } finally {
      runtime.acting = false;
    }
  }

  /**
   * The fleet planner's say in a station that must move: given what its cell may use, the channel that
   * serves the fleet best. Installed by the plan service (which depends on this one, not the other way).
   */
  setAdvisor(advisor: ChannelAdvisor): void {
    this.advisor = advisor;
  }

  /** Records the fleet plan's channel for each station, so later checks keep it while it lasts. */
  async setPlanned(channels: ReadonlyMap<string, number | null>): Promise<void> {
    for (const [id, channel] of channels) {
      const station = this.stations.get(id);
      if (station) {
        station.plannedChannel = channel;
        await this.repository.saveStation(station);
      }
    }
  }

  /** Asks for a station's check at the next tick (an operator's "check now"). */
  async checkSoon(deviceId: string): Promise<void> {
    const station =
      this.stations.get(deviceId) ??
      (await this.repository.allStations()).find((s) => s.deviceId === deviceId);
    if (station) {
      station.nextCheckAt = new Date();
      await this.repository.saveStation(station);
    }
  }

  /** One turn of the loop. Never two at once; a slow radio action does not hold the loop up. */
  async tick(now = new Date()): Promise<void> {
    if (this.ticking || !this.leader.isLeader()) {
      this.loaded = this.loaded && this.leader.isLeader();
      return;
    }
    this.ticking = true;
    try {
      if (!this.loaded) {
        await this.load();
      }
      await this.sync(now);
      this.watchdog(now);
      const due = [...this.stations.values()]
        .filter((s) => !this.rt(s).checking && (s.nextCheckAt?.getTime() ?? 0) <= now.getTime())
        .sort((a, b) => (a.nextCheckAt?.getTime() ?? 0) - (b.nextCheckAt?.getTime() ?? 0))
        .slice(0, this.config.batchSize);
      this.watchLocations(now);
      if (due.length) {
        // In the background: the watchdog and the reconcile keep their once-a-second pace meanwhile.
        this.track(
          this.check(due).catch((err: unknown) =>
            this.logger.error({ err: (err as Error).message }, 'spectrum check failed'),
          ),
        );
      }
      this.reconcileAll(now);
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'spectrum tick failed');
    } finally {
      this.ticking = false;
    }
  }

  private rt(station: StationEntity): Runtime {
    let runtime = this.runtime.get(station.deviceId);
    if (!runtime) {
      runtime = {
        checking: false,
        acting: false,
        checkFailures: 0,
        actionFailures: 0,
        actionRetryAt: 0,
        setEirpDbm: station.grant?.eirpDbm ?? null,
        cpeLimits: new Map(),
        cpeActing: new Set(),
        cpeMuted: new Set(),
        locatedAt: Date.now(),
        locating: false,
      };
      this.runtime.set(station.deviceId, runtime);
    }
    return runtime;
  }

  private async load(): Promise<void> {
    this.stations.clear();
    for (const station of await this.repository.allStations()) {
      this.stations.set(station.deviceId, station);
    }
    this.loaded = true;
  }

  /** Base stations in the inventory get a station; stations whose radio left are dropped. */
  private async sync(now: Date): Promise<void> {
    const present = new Set<string>();
    const created: StationEntity[] = [];
    for (const { entity } of this.directory.all()) {
      if (entity.role !== 'base-station') {
        continue;
      }
      present.add(entity.id);
      if (!this.stations.has(entity.id)) {
        const station = Object.assign(new StationEntity(), {
          deviceId: entity.id,
          phase: 'checking',
          ruleset: null,
          emissionClass: null,
          serialNumber: null,
          databaseUrl: null,
          registeredAt: null,
          registeredLat: null,
          registeredLon: null,
          lat: entity.lat,
          lon: entity.lon,
          locatedBy: entity.lat === null ? null : ('inventory' as const),
          groundM: null,
          cellSchedule: [],
          plannedChannel: null,
          lastCheckAt: null,
          lastCheckError: null,
          lastCheckErrorAt: null,
          nextCheckAt: now,
          maxPollingSecs: null,
          maxLocationChange: null,
          needsSpectrumReport: false,
          schedule: [],
          grant: null,
          desiredEirpDbm: null,
          muteAt: null,
          mutedBySpectrum: false,
          muteReason: null,
          alarm: null,
          alarmAt: null,
        });
        this.stations.set(entity.id, station);
        created.push(station);
      }
    }
    const gone = [...this.stations.keys()].filter((id) => !present.has(id));
    for (const id of gone) {
      this.stations.delete(id);
      this.runtime.delete(id);
    }
    await Promise.all(created.map((s) => this.repository.saveStation(s)));
    await this.repository.deleteStations(gone);
  }

  /**
   * The watchdog: a station whose deadline has passed loses its grant at once. The reconcile then mutes
   * the radio in the same tick.
   */
  private watchdog(now: Date): void {
    for (const station of this.stations.values()) {
      if (station.muteAt && station.muteAt.getTime() <= now.getTime() && station.grant) {
        const reason =
          station.grant.validUntil && Date.parse(station.grant.validUntil) <= now.getTime()
            ? `channel ${station.grant.channel} is no longer permitted at ${station.grant.eirpDbm} dBm`
            : 'no successful check within the update interval: the database could not be reached';
        station.grant = null;
        station.muteReason = reason;
        station.phase = 'muted';
        void this.persist(station, [
          this.record(station, 'alarm', null, null, { reason: `grant lapsed: ${reason}` }),
        ]);
      }
    }
  }

  /**
   * Between checks, each granted station's GPS is read a few times per update interval: a radio that
   * moved further than the database's maxLocationChange is checked again at once (and registers again).
   */
  private watchLocations(now: Date): void {
    let started = 0;
    for (const station of this.stations.values()) {
      const runtime = this.rt(station);
      const every = Math.max(LOCATION_WATCH_MIN_MS, ((station.maxPollingSecs ?? 900) * 1_000) / 4);
      if (
        started >= LOCATION_WATCH_PER_TICK ||
        station.phase !== 'granted' ||
        runtime.checking ||
        runtime.locating ||
        now.getTime() - runtime.locatedAt < every
      ) {
        continue;
      }
      const known = this.directory.get(station.deviceId);
      if (!known) {
        continue;
      }
      started++;
      runtime.locating = true;
      const work = this.driver
        .readGps(known.target)
        .then((fix) => {
          runtime.locatedAt = Date.now();
          const limit = station.maxLocationChange ?? Infinity;
          if (
            station.lat !== null &&
            station.lon !== null &&
            distanceM(station.lat, station.lon, fix.lat, fix.lon) > limit
          ) {
            this.logger.info({ device: this.nameOf(station) }, 'station moved: checking again');
            station.nextCheckAt = new Date();
          }
        })
        .catch(() => {
          runtime.locatedAt = Date.now(); // unreachable now: the poller and the next check will say
        })
        .finally(() => {
          runtime.locating = false;
        });
      this.track(work);
    }
  }

  // ---- checks -----------------------------------------------------------------------------------

  private async check(due: StationEntity[]): Promise<void> {
    for (const station of due) {
      this.rt(station).checking = true;
    }
    try {
      const queries = new Map<string, StationQuery>();
      const deferred: StationEntity[] = [];
      await this.eachLimited(due, 16, async (station) => {
        const query = await this.queryFor(station);
        if (query) {
          queries.set(station.deviceId, query);
        } else {
          deferred.push(station);
        }
      });
      // Not polled yet: nothing is known of the radio (serial, ruleset). Ask again shortly.
      for (const station of deferred) {
        station.nextCheckAt = new Date(Date.now() + 5_000);
        this.ensureInterimDeadline(station, null);
      }
      const ready = due.filter((s) => queries.has(s.deviceId));
      await this.eachLimited(ready, 8, async (station) => {
        await this.ensureRegistered(station, queries.get(station.deviceId)!);
      });
      const asking = ready.filter((s) => s.phase !== 'fatal' || s.registeredAt !== null);
      const results = asking.length
        ? await this.database.availability(asking.map((s) => queries.get(s.deviceId)!))
        : new Map<string, AvailabilityResult>();
      const records: NewRecord[] = [];
      for (const station of asking) {
        const result = results.get(station.deviceId);
        if (!result) {
          this.checkFailed(station, new Error('the database gave no answer for this location'), records);
        } else if (!result.ok) {
          this.checkFailed(station, result.error, records);
        } else {
          await this.granted(station, queries.get(station.deviceId)!, result.availability, records);
        }
      }
      await this.repository.append(records);
      await Promise.all([...due].map((s) => this.repository.saveStation(s)));
      this.changed(due.map((s) => s.deviceId));
    } finally {
      for (const station of due) {
        this.rt(station).checking = false;
      }
    }
  }

  /** Who the station is and where it stands: its serial and ruleset from the last poll, its own GPS. */
  private async queryFor(station: StationEntity): Promise<StationQuery | null> {
    const known = this.directory.get(station.deviceId);
    if (!known) {
      return null;
    }
    const sample = await this.live.readSample(station.deviceId).catch(() => null);
    const ruleset = sample?.radio.ruleset ?? null;
    if (!sample || !ruleset) {
      return null;
    }
    const identity: StationIdentity = {
      deviceId: station.deviceId,
      serialNumber: sample.system.serial,
      ruleset,
      emissionClass: sample.radio.emissionClass ?? null,
      role: 'master',
    };
    station.ruleset = identity.ruleset;
    station.emissionClass = identity.emissionClass;
    station.serialNumber = identity.serialNumber;
    if (station.desiredEirpDbm === null) {
      station.desiredEirpDbm = sample.radio.txPowerDbm;
    }
    await this.locate(station, known);
    if (station.lat === null || station.lon === null) {
      return null;
    }
    return { identity, lat: station.lat, lon: station.lon, heightM: known.entity.antennaHeightM };
  }

  /** The radio's own position when it answers `show gps`; the inventory's when it does not. */
  private async locate(station: StationEntity, known: KnownDevice): Promise<void> {
    try {
      const fix = await this.driver.readGps(known.target);
      station.lat = fix.lat;
      station.lon = fix.lon;
      station.locatedBy = 'gps';
      station.groundM = Math.max(0, fix.altitudeM - (known.entity.antennaHeightM ?? DEFAULT_MAST_M));
      this.rt(station).locatedAt = Date.now();
    } catch {
      if (station.lat === null && known.entity.lat !== null && known.entity.lon !== null) {
        station.lat = known.entity.lat;
        station.lon = known.entity.lon;
        station.locatedBy = 'inventory';
      }
    }
  }

  private async ensureRegistered(station: StationEntity, query: StationQuery): Promise<void> {
    if (!mustRegister(query.identity)) {
      return;
    }
    const moved =
      station.registeredLat !== null &&
      station.registeredLon !== null &&
      distanceM(station.registeredLat, station.registeredLon, query.lat, query.lon) >
        (station.maxLocationChange ?? Infinity);
    if (station.registeredAt && !moved) {
      return;
    }
    try {
      await this.database.register(query);
      station.registeredAt = new Date();
      station.registeredLat = query.lat;
      station.registeredLon = query.lon;
      station.databaseUrl = this.database.url;
      await this.repository.append([
        this.record(station, 'registered', null, null, { lat: query.lat, lon: query.lon, moved }),
      ]);
    } catch (err) {
      // The availability request that follows fails the same way and records it.
      this.logger.warn({ device: this.nameOf(station), err: (err as Error).message }, 'registration failed');
    }
  }

  private checkFailed(station: StationEntity, error: Error, records: NewRecord[]): void {
    const runtime = this.rt(station);
    runtime.checkFailures++;
    const now = Date.now();
    station.lastCheckError = error.message;
    station.lastCheckErrorAt = new Date(now);
    const delay = Math.min(CHECK_RETRY_MS[1], CHECK_RETRY_MS[0] * 2 ** (runtime.checkFailures - 1));
    if (isRegistrationNeeded(error)) {
      // Register again at once; if that keeps failing, back off like any other failure.
      station.registeredAt = null;
      station.nextCheckAt = new Date(runtime.checkFailures > 1 ? now + delay : now);
      this.ensureInterimDeadline(station, station.ruleset);
    } else if (isFatal(error)) {
      station.phase = 'fatal';
      station.grant = null;
      station.muteAt = new Date(now);
      this.raise(station, `the database refuses this device: ${error.message}`, records);
      station.nextCheckAt = new Date(now + FATAL_RETRY_MS);
    } else {
      if (isOutsideCoverage(error)) {
        this.raise(
          station,
          "the site is outside the database's coverage: no channel can be granted here",
          records,
        );
      }
      station.nextCheckAt = new Date(now + delay);
      this.ensureInterimDeadline(station, station.ruleset);
    }
    // One entry per outage, not one per retry.
    if (runtime.checkFailures === 1) {
      records.push(this.record(station, 'check-failed', null, null, { error: error.message }));
    }
  }

  /** A station never granted keeps the default update interval of its ruleset from when it was first seen. */
  private ensureInterimDeadline(station: StationEntity, ruleset: 'etsi' | 'fcc' | null): void {
    if (!station.muteAt && !station.lastCheckAt) {
      station.muteAt = new Date(Date.now() + DEFAULT_POLLING_SECS[ruleset ?? 'etsi'] * 1_000);
      station.grant ??= null;
    }
  }

  private async granted(
    station: StationEntity,
    query: StationQuery,
    availability: Availability,
    records: NewRecord[],
  ): Promise<void> {
    const runtime = this.rt(station);
    const now = new Date();
    const wasFailing = runtime.checkFailures > 0;
    runtime.checkFailures = 0;
    station.lastCheckAt = now;
    station.lastCheckError = null;
    station.lastCheckErrorAt = null;
    station.maxPollingSecs = availability.maxPollingSecs;
    station.maxLocationChange = availability.maxLocationChange;
    station.needsSpectrumReport = availability.needsSpectrumReport;
    station.schedule = availability.schedule;
    station.databaseUrl = this.database.url;
    const horizon = new Date(now.getTime() + availability.maxPollingSecs * 1_000);
    const live = this.live.get(station.deviceId);
    const previous = station.grant;
    // The channel must be permitted where every CPE of the cell stands too (the database judges each
    // slave at its own position); if no channel serves them all, the base station's best is taken and
    // the CPEs it does not cover are muted.
    const { schedules: cpes, incomplete } = await this.cpeSchedules(station, query);
    // The cell is judged when the CPEs' answers came: their schedules start when the database answered
    // them, seconds after the master's check when their GPS reads were slow, and a schedule that starts
    // after the moment asked about would read as "not permitted" and mute a CPE the database allows.
    const at = new Date(Math.max(now.getTime(), Date.now()));
    const cell = intersectSchedules(availability.schedule, [...cpes.values()]);
    const schedule = permittedAt(cell, at).length ? cell : availability.schedule;
    station.cellSchedule = schedule;
    const selectionInput = {
      schedule,
      at,
      horizon,
      desiredEirpDbm: station.desiredEirpDbm ?? live?.txPowerDbm ?? 30,
      currentChannel: live?.channel ?? previous?.channel ?? null,
      plannedChannel: station.plannedChannel,
    };
    let selection = selectChannel(selectionInput);
    if (selection && selection.channel !== selectionInput.currentChannel && this.advisor) {
      // It has to move (its channel lapsed): the fleet planner picks the channel that disturbs its
      // neighbours least, rather than the one allowing the most power.
      const advised = await this.advisor(station, schedule, at, horizon).catch(() => null);
      if (advised !== null && advised !== selection.channel) {
        selection = selectChannel({ ...selectionInput, plannedChannel: advised }) ?? selection;
      }
    }
    const intervalMs = availability.maxPollingSecs * 1_000;
    // Checked again half way through the interval: a withdrawal that starts just after a check is then
    // learnt with half the grace still to act in (checking only at the interval's end leaves none).
    const recheckMs = Math.max(2_000, intervalMs / 2);
    const lead = muteLeadMs(intervalMs);
    records.push(
      this.record(station, 'checked', selection?.channel ?? null, selection?.eirpDbm ?? null, {
        lat: query.lat,
        lon: query.lon,
        locatedBy: station.locatedBy,
        permitted: permittedAt(availability.schedule, now).length,
        maxPollingSecs: availability.maxPollingSecs,
        database: this.database.url,
        ...(wasFailing ? { recovered: true } : {}),
      }),
    );
    if (!selection) {
      station.grant = null;
      station.muteAt = now;
      station.phase = 'muted';
      station.muteReason = 'no channel is permitted here now';
      const nextChange = nextBoundary(availability.schedule, now);
      station.nextCheckAt = new Date(Math.min(now.getTime() + recheckMs, nextChange ?? Infinity));
      this.raise(station, 'no channel is permitted at this site now', records);
      return;
    }
    const until = Math.min(horizon.getTime(), selection.validUntil.getTime());
    station.grant = {
      channel: selection.channel,
      eirpDbm: selection.eirpDbm,
      grantedAt: now.toISOString(),
      validUntil: selection.validUntil.toISOString(),
    };
    // The watchdog starts the mute a lead before the deadline, so the radio has ceased by then.
    station.muteAt = new Date(until - lead);
    station.nextCheckAt = new Date(
      Math.max(now.getTime() + 1_000, Math.min(now.getTime() + recheckMs, until - lead - recheckMs / 2)),
    );
    station.phase = 'granted';
    if (station.alarm) {
      records.push(this.record(station, 'alarm-cleared', null, null, { was: station.alarm }));
      station.alarm = null;
      station.alarmAt = null;
    }
    if (!previous || previous.channel !== selection.channel || previous.eirpDbm !== selection.eirpDbm) {
      records.push(
        this.record(station, 'selected', selection.channel, selection.eirpDbm, {
          validUntil: station.grant.validUntil,
        }),
      );
    }
    if (availability.needsSpectrumReport) {
      try {
        await this.database.notifyUse(query, selection.channel, selection.eirpDbm);
        records.push(this.record(station, 'notified', selection.channel, selection.eirpDbm, null));
      } catch (err) {
        // Without the report the station may not transmit: no grant this round, checked again soon.
        station.grant = null;
        station.muteAt = now;
        station.nextCheckAt = new Date(now.getTime() + CHECK_RETRY_MS[0]);
        this.raise(
          station,
          `the database refused the spectrum use report: ${(err as Error).message}`,
          records,
        );
        return;
      }
    }
    this.limitCpes(station, cpes, selection.channel, at, horizon);
    if (incomplete) {
      // Some CPE's limit is unknown (not polled yet, or not answered): ask again soon, not in 15 minutes.
      station.nextCheckAt = new Date(
        Math.min(station.nextCheckAt?.getTime() ?? Infinity, now.getTime() + CPE_RETRY_MS),
      );
    }
  }

  /** Each CPE's own permits as a slave at its position, by CPE id (those the database answered for). */
  private async cpeSchedules(
    station: StationEntity,
    master: StationQuery,
  ): Promise<{ schedules: Map<string, AvailabilitySlice[]>; incomplete: boolean }> {
    const schedules = new Map<string, AvailabilitySlice[]>();
    const slaves: StationQuery[] = [];
    let incomplete = false;
    const cpes = [...this.directory.all()].filter((d) => d.entity.parentId === station.deviceId);
    await this.eachLimited(cpes, 16, async (cpe) => {
      const sample = await this.live.readSample(cpe.entity.id).catch(() => null);
      if (!sample) {
        incomplete = true; // not polled yet: its serial is unknown, so its limit is asked for soon
        return;
      }
      // Where the CPE says it is, as for its base station; the inventory's position if it does not answer.
      const fix = await this.driver.readGps(cpe.target).catch(() => null);
      const lat = fix?.lat ?? cpe.entity.lat;
      const lon = fix?.lon ?? cpe.entity.lon;
      if (lat === null || lon === null) {
        return;
      }
      slaves.push({
        identity: {
          deviceId: cpe.entity.id,
          serialNumber: sample.system.serial,
          ruleset: master.identity.ruleset,
          emissionClass: sample.radio.emissionClass ?? master.identity.emissionClass,
          role: 'slave',
        },
        lat,
        lon,
        heightM: cpe.entity.antennaHeightM,
      });
    });
    if (!slaves.length) {
      return { schedules, incomplete };
    }
    try {
      const failed: string[] = [];
      for (const [id, result] of await this.database.slaveAvailability(master, slaves)) {
        if (result.ok) {
          schedules.set(id, result.availability.schedule);
        } else {
          failed.push(result.error.message);
        }
      }
      if (failed.length) {
        incomplete = true;
        this.logger.warn(
          { device: this.nameOf(station), failed: failed.length, err: failed[0] },
          'slave limits not read for some CPEs',
        );
      }
    } catch (err) {
      incomplete = true;
      this.logger.warn(
        { device: this.nameOf(station), err: (err as Error).message },
        'slave limits not read',
      );
    }
    return { schedules, incomplete };
  }

  /** What each CPE may radiate on the granted channel until the next check; null: not permitted there. */
  private limitCpes(
    station: StationEntity,
    cpes: Map<string, AvailabilitySlice[]>,
    channel: number,
    now: Date,
    horizon: Date,
  ): void {
    const runtime = this.rt(station);
    runtime.cpeLimits.clear();
    for (const [cpeId, schedule] of cpes) {
      const run = runOf(schedule, channel, now, horizon);
      runtime.cpeLimits.set(cpeId, run ? floorTenth(run.minEirpDbm) : null);
    }
  }

  // ---- reconcile ----------------------------------------------------------------------------------

  /**
   * Mutes first, with room of their own beyond the action budget (ceasing on time is what compliance
   * needs most), then retunes, turn-downs and unmutes within the budget.
   */
  private reconcileAll(now: Date): void {
    const wanted = new Map<StationEntity, NonNullable<ReturnType<GrantLifecycleService['wantedChange']>>>();
    for (const station of this.stations.values()) {
      const runtime = this.rt(station);
      if (runtime.acting || runtime.actionRetryAt > now.getTime()) {
        continue;
      }
      const change = this.wantedChange(station, this.live.get(station.deviceId), now);
      if (change?.kind === 'muted') {
        this.track(this.act(station, change.set, change.kind, change.detail));
      } else if (change) {
        wanted.set(station, change);
      } else if (station.grant) {
        this.reconcileCpes(station);
      }
    }
    for (const [station, change] of wanted) {
      if (this.actionsInFlight >= this.config.actionConcurrency) {
        return;
      }
      this.track(this.act(station, change.set, change.kind, change.detail));
    }
  }

  /** What must change on the radio for it to match its grant, or nothing. */
  private wantedChange(
    station: StationEntity,
    live: DeviceLive | undefined,
    now: Date,
  ): { set: ConfigValues; kind: SpectrumRecordKind; detail: Record<string, unknown> } | null {
    if (!live || live.lastPollAt === null) {
      return null;
    }
    const grant = station.grant;
    const lapsed = !grant || (station.muteAt !== null && station.muteAt.getTime() <= now.getTime());
    if (lapsed) {
      // Never granted yet and still inside the interim deadline: leave it as it is for now.
      if (
        !grant &&
        station.phase === 'checking' &&
        (station.muteAt === null || station.muteAt.getTime() > now.getTime())
      ) {
        return null;
      }
      if (live.transmitting === false && station.mutedBySpectrum) {
        return null;
      }
      if (live.transmitting === false && live.status === 'muted') {
        return null; // muted by someone else already: nothing to enforce
      }
      return {
        set: { enabled: false },
        kind: 'muted',
        detail: { reason: station.muteReason ?? 'no valid grant' },
      };
    }
    const set: ConfigValues = {};
    if (live.channel !== grant.channel) {
      const adopted =
        live.channel !== null &&
        permittedAt(station.schedule, now).some(
          (p) => p.channel === live.channel && (live.txPowerDbm ?? 0) <= p.maxEirpDbm + POWER_TOLERANCE_DB,
        );
      if (adopted) {
        // Someone moved it to another permitted channel (the policy let them): take it as the grant's
        // channel at the next check, which reports the use, rather than moving it back.
        station.nextCheckAt = now;
        return null;
      }
      set.channel = grant.channel;
    }
    const running = live.txPowerDbm;
    const ours = this.rt(station).setEirpDbm;
    if (running !== null && running > grant.eirpDbm + POWER_TOLERANCE_DB) {
      set.txPowerDbm = grant.eirpDbm;
    } else if (running !== null && ours !== null && Math.abs(running - ours) > POWER_TOLERANCE_DB) {
      // Someone else set this power, within the grant: that is what they want now.
      station.desiredEirpDbm = running;
      this.rt(station).setEirpDbm = running;
    } else if (running !== null && ours !== null && grant.eirpDbm > running + POWER_TOLERANCE_DB) {
      set.txPowerDbm = grant.eirpDbm; // the grant allows back the power we took away
    }
    if (station.mutedBySpectrum) {
      set.enabled = true;
    }
    if (!Object.keys(set).length) {
      return null;
    }
    return {
      set,
      kind: set.enabled ? 'unmuted' : 'configured',
      detail: {
        grant: { channel: grant.channel, eirpDbm: grant.eirpDbm },
        from: { channel: live.channel, eirpDbm: running },
      },
    };
  }

  private async act(
    station: StationEntity,
    set: ConfigValues,
    kind: SpectrumRecordKind,
    detail: Record<string, unknown>,
  ): Promise<void> {
    const runtime = this.rt(station);
    runtime.acting = true;
    this.actionsInFlight++;
    try {
      await this.commands.applyConfig(station.deviceId, { set, mode: 'commit' }, SPECTRUM_ACTOR, {
        probeManagement: set.enabled !== false,
      });
      runtime.actionFailures = 0;
      if (set.enabled === false) {
        station.mutedBySpectrum = true;
        station.phase = station.phase === 'fatal' ? 'fatal' : 'muted';
      } else if (set.enabled === true) {
        station.mutedBySpectrum = false;
        station.muteReason = null;
      }
      if (set.txPowerDbm !== undefined) {
        runtime.setEirpDbm = set.txPowerDbm;
      }
      const records = [
        this.record(station, kind, set.channel ?? station.grant?.channel ?? null, set.txPowerDbm ?? null, {
          ...detail,
          set,
        }),
      ];
      if (kind === 'muted' && station.alarm?.startsWith('mute failed')) {
        records.push(this.record(station, 'alarm-cleared', null, null, { was: station.alarm }));
        station.alarm = null;
        station.alarmAt = null;
      }
      await this.persist(station, records);
    } catch (err) {
      runtime.actionFailures++;
      runtime.actionRetryAt =
        Date.now() + Math.min(ACTION_RETRY_MS[1], ACTION_RETRY_MS[0] * 2 ** (runtime.actionFailures - 1));
      const message = (err as Error).message;
      const records: NewRecord[] = [];
      if (runtime.actionFailures === 1 || kind === 'muted') {
        records.push(
          this.record(station, kind === 'muted' ? 'mute-failed' : 'configure-failed', null, null, {
            set,
            error: message,
          }),
        );
      }
      if (kind === 'muted') {
        this.raise(station, `mute failed (retrying): ${message}`, records);
      }
      await this.persist(station, records).catch(() => undefined);
    } finally {
      runtime.acting = false;
      this.actionsInFlight--;
    }
  }

  /**
   * CPEs above their slave limit are turned down, and a CPE whose position does not permit the cell's
   * channel is muted (and unmuted once it does), through the command path like everything else.
   */
  private reconcileCpes(station: StationEntity): void {
    const runtime = this.rt(station);
    for (const [cpeId, limit] of runtime.cpeLimits) {
      if (runtime.cpeActing.has(cpeId) || this.actionsInFlight >= this.config.actionConcurrency) {
        continue;
      }
      const live = this.live.get(cpeId);
      if (!live || live.lastPollAt === null || live.txPowerDbm === null) {
        continue;
      }
      let set: ConfigValues | null = null;
      if (limit === null) {
        set = runtime.cpeMuted.has(cpeId) ? null : { enabled: false };
      } else if (runtime.cpeMuted.has(cpeId)) {
        set = {
          enabled: true,
          ...(live.txPowerDbm > limit + POWER_TOLERANCE_DB ? { txPowerDbm: limit } : {}),
        };
      } else if (live.txPowerDbm > limit + POWER_TOLERANCE_DB) {
        set = { txPowerDbm: Math.max(0, limit) };
      }
      if (!set) {
        continue;
      }
      runtime.cpeActing.add(cpeId);
      this.actionsInFlight++;
      const change = set;
      const from = live.txPowerDbm;
      const done = this.commands
        .applyConfig(cpeId, { set: change, mode: 'commit' }, SPECTRUM_ACTOR)
        .then(() => {
          if (change.enabled === false) {
            runtime.cpeMuted.add(cpeId);
          } else if (change.enabled === true) {
            runtime.cpeMuted.delete(cpeId);
          }
          return this.repository.append([
            {
              deviceId: cpeId,
              deviceName: this.directory.get(cpeId)?.entity.name ?? null,
              kind: change.enabled === false ? 'muted' : change.enabled === true ? 'unmuted' : 'cpe-limited',
              channel: station.grant?.channel ?? null,
              eirpDbm: limit,
              detail: {
                from,
                limit,
                station: this.nameOf(station),
                ...(limit === null ? { reason: "the cell's channel is not permitted at this CPE" } : {}),
              },
            },
          ]);
        })
        .catch((err: unknown) =>
          this.logger.warn(
            { cpe: cpeId, err: (err as Error).message },
            'could not bring a CPE inside its limit',
          ),
        )
        .finally(() => {
          runtime.cpeActing.delete(cpeId);
          this.actionsInFlight--;
        });
      this.track(done);
    }
  }

  /** Resolves once every check and action started so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size) {
      await Promise.allSettled([...this.pending]);
    }
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private raise(station: StationEntity, alarm: string, records: NewRecord[]): void {
    if (station.alarm !== alarm) {
      station.alarm = alarm;
      station.alarmAt = new Date();
      records.push(this.record(station, 'alarm', null, null, { alarm }));
      this.logger.warn({ device: this.nameOf(station), alarm }, 'spectrum alarm');
    }
  }

  private record(
    station: StationEntity,
    kind: SpectrumRecordKind,
    channel: number | null,
    eirpDbm: number | null,
    detail: Record<string, unknown> | null,
  ): NewRecord {
    return { deviceId: station.deviceId, deviceName: this.nameOf(station), kind, channel, eirpDbm, detail };
  }

  private nameOf(station: StationEntity): string | null {
    return this.directory.get(station.deviceId)?.entity.name ?? null;
  }

  private async persist(station: StationEntity, records: NewRecord[]): Promise<void> {
    await this.repository.saveStation(station);
    await this.repository.append(records);
    this.changed([station.deviceId]);
  }

  private changed(ids: string[]): void {
    for (const listener of this.listeners) {
      listener(ids);
    }
  }

  private async eachLimited<T>(
    items: readonly T[],
    limit: number,
    fn: (item: T) => Promise<void>,
  ): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await fn(item);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  }
}

/** The next slice boundary after `at`, when the permitted set may change. */
function nextBoundary(schedule: readonly { from: string; to: string }[], at: Date): number | undefined {
  const t = at.getTime();
  const times = schedule.flatMap((s) => [Date.parse(s.from), Date.parse(s.to)]).filter((x) => x > t);
  return times.length ? Math.min(...times) : undefined;
}
