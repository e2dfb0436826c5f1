// The command path: every change to a radio goes this one way, whoever asks (an operator, and later the
// spectrum module and bulk runs). Take the device lock; read the running configuration as the "before";
// send the change through the driver, checking the lock's fencing token before every line; read back and
// verify every requested value; prove a fresh management login still works; record the change and an
// audit entry (actor, action, target, before, after, outcome, duration); poll the radio at once so the
// live state and the feed show the result without waiting for the schedule. A `commit confirmed` that
// nobody confirms is watched: when the radio reverts by itself, the console records it.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  type ActionAccepted,
  bandPlanFor,
  type ConfigChange,
  type ConfigChangeRequest,
  type ConfigValues,
  type DeviceLive,
  diffConfig,
  type RadioConfig,
  type RunningConfigResponse,
} from '@wsnoc/shared';
import type { FieldIssue } from '@/infra/errors/app-error.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { type AuditActor, AuditService } from '@/modules/audit/audit.service.js';
import { isDriverError } from '@/modules/driver/driver.errors.js';
import { DriverService } from '@/modules/driver/driver.service.js';
import { DeviceDirectory, type KnownDevice } from '@/modules/inventory/device-directory.service.js';
import { DeviceLockService, type HeldLock } from '@/modules/locks/device-lock.service.js';
import { DeviceBusyError } from '@/modules/locks/lock.errors.js';
import { DevicePoller } from '@/modules/polling/device-poller.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { CommandError } from './command.errors.js';
import type { ConfigChangeEntity } from './config-change.entity.js';
import { ConfigChangeRepository } from './config-change.repository.js';
import { fieldsOf, mismatches, pick, toConfigSets } from './config-values.js';

/** Who asks for a change: a request's user and address, or the console itself (no address). */
export type Actor = AuditActor;

export interface ApplyOptions {
  /**
   * Prove a fresh management login after the change (the default). A mute the white-space database
   * demands skips it: ceasing on time matters more than the proof, and muting cuts no management path.
   */
  probeManagement?: boolean;
  /**
   * The safe apply of a bulk run: a `commit confirmed` that verified and whose fresh login worked is
   * confirmed at once, under the same hold of the lock. If either check fails it is left unconfirmed,
   * so the radio goes back by itself.
   */
  confirmAfterVerify?: boolean;
}

/**
 * What a radio runs after a change of the console's, or after it went back by itself or was rolled back:
 * what it ran before (when read) and after, as lines and parsed.
 */
export interface VerifiedChange {
  deviceId: string;
  changeId: string;
  actor: string;
  status: ConfigChange['status'];
  before?: { config: RadioConfig; lines: string[] };
  after: { config: RadioConfig; lines: string[] };
}

/** A safe apply's result: the change made, or nothing sent because the radio already ran the values. */
export type ApplyOutcome =
  | { kind: 'changed'; change: ConfigChange }
  | { kind: 'unchanged'; running: { config: RadioConfig; lines: string[] } };

/** What an interrupted change left on the radio: kept (now confirmed), or not running. */
export interface SettledOutcome {
  kept: boolean;
  running: { config: RadioConfig; lines: string[] };
}

/** Told of every verified change (the configuration history keeps a version of each). */
export type ChangeObserver = (change: VerifiedChange) => Promise<void>;

/**
 * A rule another module holds over what may be set on a radio, checked before the lock is taken: the
 * spectrum module refuses a channel or power the radio's grant does not permit. Registered at start
 * (addPolicy), so the command path needs to know no module that depends on it.
 */
export interface ConfigPolicy {
  check(device: KnownDevice, values: ConfigValues, actor: Actor): FieldIssue[] | Promise<FieldIssue[]>;
}

/** What an audited step leaves for its audit entry, also when it fails half-way. */
interface Trace {
  before?: unknown;
  after?: unknown;
  detail?: string;
}

interface Step {
  device: KnownDevice;
  lock: HeldLock;
  trace: Trace;
}

/** The actor the console records for what it does by itself (noticing a revert). */
export const SYSTEM_ACTOR = 'system';
/** After a confirm deadline, how long the radio gets to finish its revert before the console looks. */
const REVERT_GRACE_MS = 1_500;
/** How often a revert check that could not run (busy, unreachable) is retried, and how many times. */
const REVERT_RETRY_MS = 3_000;
const REVERT_ATTEMPTS = 40;
/** The radio's own deadline line after `commit confirmed`. */
const DEADLINE = /rolls back at (\S+) unless confirmed/;

@Injectable()
export class CommandService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly watches = new Map<string, NodeJS.Timeout>();
  private readonly policies: ConfigPolicy[] = [];
  private readonly observers: ChangeObserver[] = [];

  constructor(
    private readonly directory: DeviceDirectory,
    private readonly locks: DeviceLockService,
    private readonly driver: DriverService,
    private readonly poller: DevicePoller,
    private readonly live: LiveStateService,
    private readonly changes: ConfigChangeRepository,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  /** Pending confirms survive a restart: each is watched again, and an overdue one is checked at once. */
  async onApplicationBootstrap(): Promise<void> {
    for (const change of await this.changes.allPending()) {
      this.watch(change);
    }
  }

  onApplicationShutdown(): void {
    for (const timer of this.watches.values()) {
      clearTimeout(timer);
    }
    this.watches.clear();
  }

  addPolicy(policy: ConfigPolicy): void {
    this.policies.push(policy);
  }

  addObserver(observer: ChangeObserver): void {
    this.observers.push(observer);
  }

  /** The checks a change would meet, without making it: issues naming the fields, empty when fine. */
  async validate(deviceId: string, values: ConfigValues, actor: Actor): Promise<FieldIssue[]> {
    const known = await this.directory.require(deviceId);
    try {
      await this.checkValues(known, values, actor);
      return [];
    } catch (err) {
      if (err instanceof CommandError && err.code === 'invalid-config') {
        return (err.details.issues as FieldIssue[] | undefined) ?? [{ path: 'set', message: err.message }];
      }
      throw err;
    }
  }

  /** Polls the radio now. */
  refresh(deviceId: string, actor: Actor): Promise<DeviceLive> {
    return this.execute(deviceId, actor, 'device.refresh', 'refresh', async ({ device, trace }) => {
      const live = await this.poller.pollNow(device);
      trace.after = live;
      return live;
    });
  }

  /** Sends `reboot`; resolves once the radio has hung up. */
  async reboot(deviceId: string, actor: Actor): Promise<ActionAccepted> {
    await this.execute(deviceId, actor, 'device.reboot', 'reboot', async ({ device, lock }) => {
      await lock.check();
      await this.driver.reboot(device.target);
    });
    return { accepted: true };
  }

  /** Reads the running configuration from the radio. */
  runningConfig(deviceId: string, actor: Actor): Promise<RunningConfigResponse> {
    return this.execute(deviceId, actor, 'device.read-config', 'read-config', async ({ device }) => {
      return this.driver.readRunningConfig(device.target);
    });
  }

  /**
   * Changes a radio's configuration. A value the radio would refuse is refused here (400) before the
   * lock is taken or a session touched.
   */
  async applyConfig(
    deviceId: string,
    request: ConfigChangeRequest,
    actor: Actor,
    options: ApplyOptions = {},
  ): Promise<ConfigChange> {
    const outcome = await this.change(deviceId, request, actor, options, false);
    if (outcome.kind !== 'changed') {
      throw new Error(`${deviceId}: a change made unless running came back unchanged`);
    }
    return outcome.change;
  }

  /**
   * The safe apply of one device of a bulk run: `commit confirmed`, verified by reading back, a fresh
   * login, then confirmed in the same hold of the lock. A radio that already runs every value is left
   * alone (nothing is sent), so a run never commits twice on a radio.
   */
  safeApply(
    deviceId: string,
    values: ConfigValues,
    confirmMinutes: number,
    actor: Actor,
  ): Promise<ApplyOutcome> {
    return this.change(
      deviceId,
      { set: values, mode: 'confirmed', confirmMinutes },
      actor,
      { confirmAfterVerify: true },
      true,
    );
  }

  /**
   * After an interruption (the server stopped during a safe apply): the radio is read under the lock; if
   * it runs the values, the fresh login is proved and the change confirmed (a confirm with nothing
   * pending changes nothing); if not, nothing is sent and the answer says what it runs.
   */
  settleInterrupted(deviceId: string, values: ConfigValues, actor: Actor): Promise<SettledOutcome> {
    return this.execute(
      deviceId,
      actor,
      'device.config.settle',
      'settle',
      async ({ device, lock, trace }) => {
        const running = await this.driver.readRunningConfig(device.target);
        const fields = fieldsOf(values);
        trace.after = pick(running.config, fields);
        if (mismatches(running.config, values).length) {
          trace.detail = 'the radio does not run the change: nothing sent';
          return { kept: false, running };
        }
        await this.driver.probeFreshLogin(device.target);
        await lock.check();
        await this.driver.confirmCommit(device.target, { guard: () => lock.check() });
        for (const each of await this.changes.pendingFor(device.entity.id)) {
          await this.changes.transition(each.id, 'pending-confirm', {
            status: 'confirmed',
            detail: `confirmed by ${actor.username} after an interruption`,
          });
          this.unwatch(each.id);
        }
        trace.detail = 'the radio runs the change: confirmed';
        await this.refreshLive(device);
        return { kept: true, running };
      },
    );
  }

  private async change(
    deviceId: string,
    request: ConfigChangeRequest,
    actor: Actor,
    options: ApplyOptions,
    unlessRunning: boolean,
  ): Promise<ApplyOutcome> {
    const known = await this.directory.require(deviceId);
    await this.checkValues(known, request.set, actor);
    const fields = fieldsOf(request.set);
    const confirmed = request.mode === 'confirmed';
    return this.execute(deviceId, actor, 'device.config', 'configure', async ({ device, lock, trace }) => {
      await lock.check();
      const beforeRead = await this.driver.readRunningConfig(device.target);
      const before = beforeRead.config;
      trace.before = pick(before, fields);
      if (unlessRunning && mismatches(before, request.set).length === 0) {
        trace.detail = 'already runs every value: nothing sent';
        return { kind: 'unchanged', running: beforeRead } satisfies ApplyOutcome;
      }
      let output: string[];
      try {
        ({ output } = await this.driver.applyConfig(device.target, toConfigSets(request.set), {
          ...(confirmed ? { confirmedMinutes: request.confirmMinutes } : {}),
          guard: () => lock.check(),
        }));
      } catch (err) {
        // The radio refused a line (nothing changed), or the connection went away mid-change: then only
        // a read-back tells whether the commit landed.
        if (isDriverError(err, 'command') || isDriverError(err, 'locked') || !isDriverError(err)) {
          throw err;
        }
        output = [];
        const landed = await this.driver.readConfig(device.target).catch(() => undefined);
        if (!landed && confirmed) {
          // The session dropped during the change and the radio no longer takes a login: the change
          // (a management VLAN its site does not carry) may have cut management. Unconfirmed, the radio
          // goes back by itself at its deadline; the watch records what it then runs.
          const detail = `the connection dropped during the change and the radio no longer answers (${
            (err as Error).message
          }); not confirmed, so the radio reverts at its deadline`;
          const change = await this.changes.insert({
            deviceId: device.entity.id,
            actor: actor.username,
            mode: request.mode,
            status: 'pending-confirm',
            requested: request.set,
            before,
            after: null,
            confirmDeadline: new Date(Date.now() + request.confirmMinutes! * 60_000),
            detail,
          });
          this.watch(change);
          throw new CommandError('management-lost', `${device.entity.name}: ${detail}`);
        }
        if (!landed || mismatches(landed, request.set).length) {
          throw err;
        }
      }
      const afterRead = await this.driver.readRunningConfig(device.target);
      const after = afterRead.config;
      trace.after = pick(after, fields);
      const record = (status: ConfigChange['status'], detail: string | null) =>
        this.changes.insert({
          deviceId: device.entity.id,
          actor: actor.username,
          mode: request.mode,
          status,
          requested: request.set,
          before,
          after,
          confirmDeadline: confirmed ? deadlineOf(output, request.confirmMinutes!) : null,
          detail,
        });
      const wrong = mismatches(after, request.set);
      if (wrong.length) {
        const detail = `the radio runs ${wrong.map((f) => `${f}=${String(after[f])}`).join(', ')} after the commit`;
        await record('failed', detail);
        throw new CommandError('verify-failed', `${device.entity.name}: ${detail}`, { fields: wrong });
      }
      try {
        if (options.probeManagement !== false) {
          await this.driver.probeFreshLogin(device.target);
        }
      } catch (err) {
        const detail = `a fresh login failed after the change: ${(err as Error).message}${
          confirmed ? '; not confirmed, so the radio reverts at its deadline' : ''
        }`;
        // The change runs (it verified); only the way back in is in doubt. A confirmed change is left
        // unconfirmed so the radio undoes it by itself; a plain commit stays undoable by a rollback.
        const change = await record(confirmed ? 'pending-confirm' : 'applied', detail);
        if (confirmed) {
          this.watch(change);
        }
        throw new CommandError('management-lost', `${device.entity.name}: ${detail}`);
      }
      const earlier = await this.changes.pendingFor(device.entity.id);
      let change = await record(confirmed ? 'pending-confirm' : 'applied', null);
      await this.followRadioConfirmRules(earlier, change);
      if (confirmed && options.confirmAfterVerify) {
        change = await this.confirmNow(device, lock, change);
      } else if (confirmed) {
        this.watch(change);
      }
      trace.detail = describeDiff(change);
      await this.refreshLive(device);
      await this.tell({
        deviceId: device.entity.id,
        changeId: change.id,
        actor: actor.username,
        status: change.status,
        before: beforeRead,
        after: afterRead,
      });
      return { kind: 'changed', change: mapChange(change) } satisfies ApplyOutcome;
    });
  }

  /** Confirms a change just made, in the same hold of the lock: it verified and a fresh login works. */
  private async confirmNow(
    device: KnownDevice,
    lock: HeldLock,
    change: ConfigChangeEntity,
  ): Promise<ConfigChangeEntity> {
    await this.driver.confirmCommit(device.target, { guard: () => lock.check() });
    const running = await this.driver.readRunningConfig(device.target);
    if (mismatches(running.config, change.requested).length) {
      // The confirm window was shorter than the change took: the radio went back first.
      await this.settleRevert(change, running);
      throw new CommandError('verify-failed', `${device.entity.name}: the radio reverted before the confirm`);
    }
    let confirmed: ConfigChangeEntity | null = null;
    for (const each of await this.changes.pendingFor(device.entity.id)) {
      const kept = await this.changes.transition(each.id, 'pending-confirm', { status: 'confirmed' });
      this.unwatch(each.id);
      if (each.id === change.id) {
        confirmed = kept;
      }
    }
    return confirmed ?? { ...change, status: 'confirmed' };
  }

  private async tell(change: VerifiedChange): Promise<void> {
    for (const observer of this.observers) {
      await observer(change).catch((err: unknown) =>
        this.logger.warn({ err: (err as Error).message, device: change.deviceId }, 'change observer failed'),
      );
    }
  }

  /** Makes a pending `commit confirmed` permanent. 409 when nothing waits, or the radio already reverted. */
  confirm(deviceId: string, actor: Actor): Promise<ConfigChange> {
    return this.execute(
      deviceId,
      actor,
      'device.config.confirm',
      'confirm',
      async ({ device, lock, trace }) => {
        const pending = await this.changes.latestPending(device.entity.id);
        if (!pending) {
          throw new CommandError(
            'no-pending-confirm',
            `${device.entity.name} has no change waiting for a confirm`,
          );
        }
        await lock.check();
        const read = await this.driver.readRunningConfig(device.target);
        const running = read.config;
        if (mismatches(running, pending.requested).length) {
          await this.settleRevert(pending, read);
          throw new CommandError(
            'no-pending-confirm',
            `${device.entity.name} already reverted the change (its confirm window ended at ${pending.confirmDeadline?.toISOString() ?? 'its deadline'})`,
          );
        }
        await this.driver.confirmCommit(device.target, { guard: () => lock.check() });
        // One commit confirms everything pending on the radio, so every pending change of ours is kept.
        let done: ConfigChangeEntity | null = null;
        for (const each of await this.changes.pendingFor(device.entity.id)) {
          const kept = await this.changes.transition(each.id, 'pending-confirm', { status: 'confirmed' });
          this.unwatch(each.id);
          if (each.id === pending.id) {
            done = kept;
          }
        }
        const change = done ?? pending;
        trace.after = pick(running, fieldsOf(pending.requested));
        trace.detail = describeDiff(change);
        return mapChange(change);
      },
    );
  }

  /**
   * Undoes the device's newest change that is still in effect (applied, confirmed, or waiting for a
   * confirm): the fields it changed go back to their before values with a plain commit, verified.
   */
  rollback(deviceId: string, actor: Actor): Promise<ConfigChange> {
    return this.execute(
      deviceId,
      actor,
      'device.config.rollback',
      'rollback',
      async ({ device, lock, trace }) => {
        const change = await this.changes.latestUndoable(device.entity.id);
        if (!change) {
          throw new CommandError(
            'nothing-to-roll-back',
            `${device.entity.name} has no change of the console's to undo`,
          );
        }
        const fields = fieldsOf(change.requested);
        const restore = pick(change.before, fields);
        trace.before = change.after ? pick(change.after, fields) : undefined;
        await lock.check();
        await this.driver.applyConfig(device.target, toConfigSets(restore), { guard: () => lock.check() });
        const read = await this.driver.readRunningConfig(device.target);
        const running = read.config;
        trace.after = pick(running, fields);
        const wrong = mismatches(running, restore);
        if (wrong.length) {
          throw new CommandError(
            'verify-failed',
            `${device.entity.name}: the rollback did not take: the radio runs ${wrong
              .map((f) => `${f}=${String(running[f])}`)
              .join(', ')}`,
            { fields: wrong },
          );
        }
        const done = await this.changes.transition(change.id, change.status, {
          status: 'rolled-back',
          detail: `rolled back by ${actor.username}`,
        });
        this.unwatch(change.id);
        await this.refreshLive(device);
        await this.tell({
          deviceId: device.entity.id,
          changeId: change.id,
          actor: actor.username,
          status: 'rolled-back',
          after: read,
        });
        return mapChange(done ?? { ...change, status: 'rolled-back' });
      },
    );
  }

  /**
   * The radio keeps one pending confirm: a plain commit confirms whatever was pending, and a later
   * `commit confirmed` moves the deadline for all of it. The records follow the radio.
   */
  private async followRadioConfirmRules(
    earlier: ConfigChangeEntity[],
    latest: ConfigChangeEntity,
  ): Promise<void> {
    if (latest.mode === 'confirmed' && latest.confirmDeadline) {
      await this.changes.moveDeadline(
        earlier.map((c) => c.id),
        latest.confirmDeadline,
      );
    }
    for (const change of earlier) {
      if (latest.mode === 'commit') {
        await this.changes.transition(change.id, 'pending-confirm', {
          status: 'confirmed',
          detail: `confirmed by the commit of change ${latest.id}`,
        });
        this.unwatch(change.id);
      } else if (latest.confirmDeadline) {
        this.watch({ ...change, confirmDeadline: latest.confirmDeadline });
      }
    }
  }

  async listChanges(deviceId: string, limit: number): Promise<ConfigChange[]> {
    const device = await this.directory.require(deviceId);
    return (await this.changes.listForDevice(device.entity.id, limit)).map(mapChange);
  }

  /** Checks values against what this radio accepts, before anything is sent. */
  private async checkValues(device: KnownDevice, values: ConfigValues, actor: Actor): Promise<void> {
    const issues: FieldIssue[] = [];
    if (values.channel !== undefined) {
      if (device.entity.role === 'cpe') {
        issues.push({
          path: 'set.channel',
          message: "a CPE follows its base station's channel; change the base station instead",
        });
      } else {
        const sample = await this.live.readSample(device.entity.id).catch(() => null);
        const plan = sample ? bandPlanFor(sample.radio.bandwidthMHz) : undefined;
        if (plan && (values.channel < plan.firstChannel || values.channel > plan.lastChannel)) {
          issues.push({
            path: 'set.channel',
            message: `${device.entity.name} uses ${plan.bandwidthMHz} MHz channels ${plan.firstChannel}-${plan.lastChannel}; ${values.channel} is not one of them`,
          });
        }
      }
    }
    for (const policy of this.policies) {
      issues.push(...(await policy.check(device, values, actor)));
    }
    if (issues.length) {
      throw new CommandError('invalid-config', issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
        issues,
      });
    }
  }

  /**
   * Runs one audited step under the device's lock. Busy is recorded as refused, any other failure as
   * failed with its message; a driver failure is told with the device's name.
   */
  private async execute<T>(
    deviceId: string,
    actor: Actor,
    action: string,
    label: string,
    step: (ctx: Step) => Promise<T>,
  ): Promise<T> {
    const device = await this.directory.require(deviceId);
    const started = performance.now();
    const trace: Trace = {};
    try {
      const result = await this.locks.run(
        { id: device.entity.id, name: device.entity.name },
        `${actor.username} (${label})`,
        (lock) => step({ device: this.directory.get(deviceId) ?? device, lock, trace }),
      );
      await this.record(actor, action, device, 'ok', trace, started);
      return result;
    } catch (err) {
      const failure = isDriverError(err) ? err.forDevice(device.entity.name) : err;
      trace.detail = (failure as Error).message;
      await this.record(
        actor,
        action,
        device,
        err instanceof DeviceBusyError ? 'refused' : 'failed',
        trace,
        started,
      );
      throw failure;
    }
  }

  private async record(
    actor: Actor,
    action: string,
    device: KnownDevice,
    outcome: 'ok' | 'failed' | 'refused',
    trace: Trace,
    started: number,
  ): Promise<void> {
    // An audit entry that cannot be written (the database is down) must not hide what happened on the
    // radio from the operator who asked: log it loudly instead.
    await this.audit
      .record({
        actor,
        action,
        deviceId: device.entity.id,
        outcome,
        before: trace.before ?? null,
        after: trace.after ?? null,
        detail: trace.detail ?? null,
        durationMs: performance.now() - started,
      })
      .catch((err: unknown) =>
        this.logger.error(
          { err: (err as Error).message, action, device: device.entity.name, outcome },
          'audit entry not written',
        ),
      );
  }

  /** Polls at once so the live row and the feed show the change; a failure here is the next poll's. */
  private async refreshLive(device: KnownDevice): Promise<void> {
    await this.poller.pollNow(device).catch(() => undefined);
  }

  private watch(change: ConfigChangeEntity, attempt = 0): void {
    if (!change.confirmDeadline) {
      return;
    }
    this.unwatch(change.id);
    const due =
      attempt === 0 ? change.confirmDeadline.getTime() + REVERT_GRACE_MS - Date.now() : REVERT_RETRY_MS;
    const timer = setTimeout(
      () => {
        this.watches.delete(change.id);
        void this.checkRevert(change.id, attempt);
      },
      Math.max(0, due),
    );
    timer.unref();
    this.watches.set(change.id, timer);
  }

  private unwatch(changeId: string): void {
    clearTimeout(this.watches.get(changeId));
    this.watches.delete(changeId);
  }

  /** After a confirm deadline: reads the radio and records whether it reverted. */
  private async checkRevert(changeId: string, attempt: number): Promise<void> {
    const change = await this.changes.findById(changeId).catch(() => null);
    if (change?.status !== 'pending-confirm') {
      return;
    }
    const device = this.directory.get(change.deviceId);
    if (!device) {
      return;
    }
    try {
      await this.locks.run(
        { id: device.entity.id, name: device.entity.name },
        'console (confirm deadline check)',
        async () => {
          const read = await this.driver.readRunningConfig(device.target);
          const running = read.config;
          const kept = mismatches(running, change.requested).length === 0;
          if (kept && attempt < 3) {
            // The radio may still be reverting: look again shortly before calling it kept.
            throw new Error('the change still runs just after its deadline');
          }
          if (kept) {
            const done = await this.changes.transition(change.id, 'pending-confirm', {
              status: 'confirmed',
              detail: 'kept by the radio past its deadline (confirmed outside the console)',
            });
            if (done) {
              await this.auditSystem('device.config.confirmed-elsewhere', device, change, running);
            }
            return;
          }
          await this.settleRevert(change, read);
          await this.poller.pollNow(device).catch(() => undefined);
        },
      );
    } catch (err) {
      if (attempt + 1 >= REVERT_ATTEMPTS) {
        this.logger.warn(
          { change: change.id, device: device.entity.name, err: (err as Error).message },
          'gave up checking whether an unconfirmed change reverted',
        );
        return;
      }
      this.watch(change, attempt + 1);
    }
  }

  /** Records that the radio went back by itself (exactly once, whichever instance sees it first). */
  private async settleRevert(
    change: ConfigChangeEntity,
    read: { config: RadioConfig; lines: string[] },
  ): Promise<void> {
    const running = read.config;
    const reverted = mismatches(running, pick(change.before, fieldsOf(change.requested))).length === 0;
    const done = await this.changes.transition(change.id, 'pending-confirm', {
      status: 'reverted',
      detail: reverted
        ? 'not confirmed in time: the radio reverted to its previous configuration'
        : 'not confirmed in time: the radio no longer runs the change',
    });
    this.unwatch(change.id);
    const device = this.directory.get(change.deviceId);
    if (done && device) {
      this.logger.warn({ device: device.entity.name, change: change.id }, 'unconfirmed change reverted');
      await this.auditSystem('device.config.reverted', device, change, running);
      // The history's newest version must be what the radio runs now, not the change it abandoned.
      await this.tell({
        deviceId: device.entity.id,
        changeId: change.id,
        actor: SYSTEM_ACTOR,
        status: 'reverted',
        after: read,
      });
    }
  }

  private async auditSystem(
    action: string,
    device: KnownDevice,
    change: ConfigChangeEntity,
    running: RadioConfig,
  ): Promise<void> {
    const fields = fieldsOf(change.requested);
    await this.record(
      { username: SYSTEM_ACTOR },
      action,
      device,
      'ok',
      {
        before: change.after ? pick(change.after, fields) : null,
        after: pick(running, fields),
        detail: `change ${change.id} by ${change.actor}`,
      },
      performance.now(),
    );
  }
}

function deadlineOf(output: readonly string[], minutes: number): Date {
  for (const line of output) {
    const match = DEADLINE.exec(line);
    const at = match ? new Date(match[1]!) : undefined;
    if (at && !Number.isNaN(at.getTime())) {
      return at;
    }
  }
  return new Date(Date.now() + minutes * 60_000);
}

function describeDiff(change: ConfigChangeEntity): string {
  const diff = change.after ? diffConfig(change.before, change.after, fieldsOf(change.requested)) : [];
  return diff.length
    ? diff.map((d) => `${d.field} ${String(d.before)} -> ${String(d.after)}`).join(', ')
    : 'no value changed';
}

export function mapChange(change: ConfigChangeEntity): ConfigChange {
  return {
    id: change.id,
    deviceId: change.deviceId,
    actor: change.actor,
    mode: change.mode,
    status: change.status,
    requested: change.requested,
    before: change.before,
    after: change.after,
    diff: change.after ? diffConfig(change.before, change.after, fieldsOf(change.requested)) : [],
    confirmDeadline: change.confirmDeadline?.toISOString() ?? null,
    detail: change.detail,
    createdAt: change.createdAt.toISOString(),
    updatedAt: change.updatedAt.toISOString(),
  };
}
