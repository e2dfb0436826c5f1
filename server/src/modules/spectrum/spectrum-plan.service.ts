// Re-planning the fleet's channels: a preview computed by the planner from what the database permits for
// each cell now (nothing is sent to a radio), then, on an operator's word, the plan applied through the
// command path in the planner's apply order, so two interfering neighbours never share a channel along
// the way and no radio ever moves onto a channel its grant does not cover. Progress goes out on the feed
// after every step. A plan applies on the instance that runs spectrum management (the leader).
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  AvailabilitySlice,
  FleetPlanPreview,
  PlanFigures,
  PlanRun,
  PlanSiteChange,
} from '@wsnoc/shared';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { DeviceDirectory } from '@/modules/inventory/device-directory.service.js';
import { FeedBroadcastService } from '@/modules/realtime/feed-broadcast.service.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { permittedAt, runOf } from './channel-selection.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';
import {
  applyOrderFor,
  evaluateChannels,
  type FleetPlan,
  planFleet,
  type PlannerInput,
  replanAfterWithdrawal,
  type PlannerSite,
  type PlanTotals,
} from './planner/index.js';
import { SpectrumConfig } from './spectrum.config.js';
import { SpectrumError } from './spectrum.errors.js';
import type { StationEntity } from './station.entity.js';

/** A preview is applied only while what it was computed from is still fresh. */
const PREVIEW_TTL_MS = 10 * 60_000;
const RUNS_KEPT = 20;

interface StoredPlan {
  preview: FleetPlanPreview;
  plan: FleetPlan;
  input: PlannerInput;
}

@Injectable()
export class SpectrumPlanService {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly runs = new Map<string, PlanRun>();

  constructor(
    private readonly config: SpectrumConfig,
    private readonly lifecycle: GrantLifecycleService,
    private readonly directory: DeviceDirectory,
    private readonly live: LiveStateService,
    private readonly feed: FeedBroadcastService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    lifecycle.setAdvisor((station, schedule, now, horizon) => this.advise(station, schedule, now, horizon));
  }

  /**
   * A station's channel lapsed: re-plan only its connected group of interfering sites (the planner's
   * withdrawal re-plan, everyone else held where they are) and take its channel from that plan.
   */
  private async advise(
    station: StationEntity,
    schedule: readonly AvailabilitySlice[],
    now: Date,
    horizon: Date,
  ): Promise<number | null> {
    // The station as it will be after this check: what its cell may use now, until its next check.
    const maxPollingSecs = Math.round((horizon.getTime() - now.getTime()) / 1_000);
    const stations = (await this.lifecycle.all()).map((s): StationEntity =>
      s.deviceId === station.deviceId
        ? { ...s, cellSchedule: [...schedule], lastCheckAt: now, maxPollingSecs }
        : s,
    );
    const input = this.inputFrom(stations, now);
    if (!input.sites.some((s) => s.id === station.deviceId)) {
      return null;
    }
    const current = evaluateChannels(input, new Map(input.sites.map((s) => [s.id, s.currentChannel])));
    const plan = replanAfterWithdrawal(current, input, [station.deviceId]);
    return plan.sites.find((s) => s.siteId === station.deviceId)?.channel ?? null;
  }

  /** Plans the fleet from its current grants and shows what would change; nothing is sent. */
  async preview(): Promise<FleetPlanPreview> {
    if (!this.config.enabled) {
      throw new SpectrumError('disabled', 'spectrum management is off: set WSDB_URL');
    }
    const input = this.inputFrom(await this.lifecycle.all());
    const plan = planFleet(input);
    const current = evaluateChannels(input, new Map(input.sites.map((s) => [s.id, s.currentChannel])));
    const order = applyOrderFor(plan, input);
    const now = new Date();
    const before = new Map(current.sites.map((s) => [s.siteId, s]));
    const changes: PlanSiteChange[] = plan.sites
      .filter((s) => s.changed)
      .map((s) => {
        const was = before.get(s.siteId);
        const entity = this.directory.get(s.siteId)?.entity;
        return {
          deviceId: s.siteId,
          name: entity?.name ?? s.siteId,
          site: entity?.site?.name ?? null,
          from: s.previousChannel,
          to: s.channel,
          eirpDbm: s.eirpDbm,
          sinrMinBeforeDb: was?.sinrMinDb ?? null,
          sinrMinAfterDb: s.sinrMinDb,
          throughputBeforeMbps: was?.throughputMbps ?? 0,
          throughputAfterMbps: s.throughputMbps,
        };
      });
    const preview: FleetPlanPreview = {
      id: randomUUID(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PREVIEW_TTL_MS).toISOString(),
      bandPlan: input.bandPlan,
      before: figures(current.totals, 0),
      after: figures(plan.totals, plan.totals.retunes),
      changes,
      steps: order.steps.length,
      temporaryMoves: order.temporaryMoves,
      overlapSteps: order.overlapSteps,
      runMs: Math.round(plan.stats.runMs),
    };
    this.forgetExpired();
    this.plans.set(preview.id, { preview, plan, input });
    return preview;
  }

  /** Starts applying a preview; progress on the feed and from run(). */
  apply(planId: string, actor: string): PlanRun {
    const stored = this.plans.get(planId);
    if (!stored) {
      throw new SpectrumError('plan-not-found', `no plan ${planId}: preview again`);
    }
    if (Date.parse(stored.preview.expiresAt) < Date.now()) {
      throw new SpectrumError('plan-expired', 'this preview is more than 10 minutes old: preview again');
    }
    if (!this.lifecycle.isLeading()) {
      throw new SpectrumError(
        'not-leader',
        'another instance runs spectrum management: apply the plan there',
      );
    }
    const existing = this.runs.get(planId);
    if (existing) {
      return existing;
    }
    const order = applyOrderFor(stored.plan, stored.input);
    const run: PlanRun = {
      planId,
      status: 'running',
      actor,
      total: order.steps.length,
      done: 0,
      failed: 0,
      current: null,
      errors: [],
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    this.runs.set(planId, run);
    while (this.runs.size > RUNS_KEPT) {
      this.runs.delete(this.runs.keys().next().value!);
    }
    void this.execute(run, stored, order.steps);
    return run;
  }

  run(planId: string): PlanRun {
    const run = this.runs.get(planId);
    if (!run) {
      throw new SpectrumError('plan-not-found', `plan ${planId} has not been applied on this instance`);
    }
    return run;
  }

  private async execute(
    run: PlanRun,
    stored: StoredPlan,
    steps: ReturnType<typeof applyOrderFor>['steps'],
  ): Promise<void> {
    try {
      for (const step of steps) {
        if (step.to === null) {
          run.done++;
          continue;
        }
        const name = this.directory.get(step.siteId)?.entity.name ?? step.siteId;
        run.current = { deviceId: step.siteId, name, from: step.from, to: step.to };
        this.announce(run);
        try {
          await this.lifecycle.retune(step.siteId, step.to, `fleet plan ${run.planId} (${step.kind})`);
        } catch (err) {
          run.failed++;
          run.errors.push({ deviceId: step.siteId, name, message: (err as Error).message });
          this.logger.warn({ device: name, err: (err as Error).message }, 'plan step failed');
        }
        run.done++;
      }
      // The plan's channels stay preferred at later checks while the database permits them.
      await this.lifecycle.setPlanned(
        new Map(stored.plan.sites.filter((s) => s.changed).map((s) => [s.siteId, s.channel])),
      );
      run.status = run.failed ? 'failed' : 'done';
    } catch (err) {
      run.status = 'failed';
      run.errors.push({ deviceId: '', name: '', message: (err as Error).message });
    } finally {
      run.current = null;
      run.finishedAt = new Date().toISOString();
      this.announce(run);
    }
  }

  private announce(run: PlanRun): void {
    this.feed.send('spectrum:plan-run', { ...run, errors: [...run.errors] });
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [id, stored] of this.plans) {
      if (Date.parse(stored.preview.expiresAt) < now) {
        this.plans.delete(id);
      }
    }
  }

  /**
   * The planner's input: each granted station with the channels its whole cell may use from now until its
   * next check (and their lowest limit over that time), its wanted power, its CPEs' positions.
   */
  private inputFrom(stations: readonly StationEntity[], now = new Date()): PlannerInput {
    const managed = stations.filter(
      (s) => s.lat !== null && s.lon !== null && s.ruleset !== null && s.lastCheckAt,
    );
    const etsi = managed.filter((s) => s.ruleset === 'etsi').length;
    const bandPlan = etsi >= managed.length - etsi ? 'etsi' : 'fcc';
    const sites: PlannerSite[] = [];
    for (const station of managed.filter((s) => s.ruleset === bandPlan)) {
      const horizon = new Date(station.lastCheckAt!.getTime() + (station.maxPollingSecs ?? 900) * 1_000);
      const allowed = permittedAt(station.cellSchedule, now).flatMap((p) => {
        const run = runOf(station.cellSchedule, p.channel, now, horizon);
        return run ? [{ channel: p.channel, maxEirpDbm: run.minEirpDbm }] : [];
      });
      const known = this.directory.get(station.deviceId);
      const live = this.live.get(station.deviceId);
      const cpes = [...this.directory.all()]
        .filter(
          (d) => d.entity.parentId === station.deviceId && d.entity.lat !== null && d.entity.lon !== null,
        )
        .map((d) => ({
          id: d.entity.id,
          lat: d.entity.lat!,
          lon: d.entity.lon!,
          ...(d.entity.antennaHeightM !== null ? { antennaHeightM: d.entity.antennaHeightM } : {}),
        }));
      sites.push({
        id: station.deviceId,
        lat: station.lat!,
        lon: station.lon!,
        ...(known?.entity.antennaHeightM ? { antennaHeightM: known.entity.antennaHeightM } : {}),
        ...(station.groundM !== null ? { groundM: station.groundM } : {}),
        eirpDbm: station.desiredEirpDbm ?? live?.txPowerDbm ?? 30,
        emissionClass: station.emissionClass ?? 1,
        currentChannel: live?.transmitting ? live.channel : (station.grant?.channel ?? live?.channel ?? null),
        allowed,
        cpes,
      });
    }
    return { bandPlan, sites };
  }
}

function figures(totals: PlanTotals, retunes: number): PlanFigures {
  return {
    sites: totals.sites,
    retunes,
    coChannelConflicts: totals.coChannelConflicts,
    sinrMedianDb: totals.sinrMedianDb,
    sinrP5Db: totals.sinrP5Db,
    throughputMbps: Math.round(totals.throughputMbps * 10) / 10,
    linksDown: totals.linksDown,
  };
}
