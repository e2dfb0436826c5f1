// The pool of persistent sessions, one per device: login once, reuse for every poll and command. It owns
// the per-device queue (one operation at a time on a session), the global throttle on connects+logins,
// per-device backoff after a failed open, the keepalive sweep, and the rule that a session which timed
// out or dropped is destroyed and reopened by the next operation.
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { DriverError, isDriverError, type DriverErrorKind } from './driver.errors.js';
import type { DeviceTarget, PoolStats, ResolvedDriverOptions } from './driver.types.js';
import { TelnetSession } from './telnet-session.js';

/** What an operation gets: commands on the device's session, each under the command deadline. */
export interface DeviceChannel {
  exec(command: string): Promise<string[]>;
  /** Read-only commands typed ahead in one write; each one's lines, in order. */
  execAll(commands: readonly string[]): Promise<string[][]>;
  /** For `reboot`: the radio hangs up instead of answering with a prompt. */
  execUntilClose(command: string): Promise<string[]>;
}

interface DeviceSlot {
  target: DeviceTarget;
  /** Login identity; a change (new password, new address) retires the old session. */
  key: string;
  session: TelnetSession | undefined;
  /** The per-device queue: every operation chains on the previous one. */
  tail: Promise<void>;
  queued: number;
  failures: number;
  retryAt: number;
  lastFailure: DriverError | undefined;
  /** forget(): the device is gone; anything still queued fails instead of opening a new session. */
  retired: boolean;
  /** release(): no longer ours to keep open; the session closes once the queue has drained. */
  released: boolean;
}

const NOOP = (): void => undefined;

export class SessionPool {
  private readonly slots = new Map<string, DeviceSlot>();
  private readonly live = new Set<TelnetSession>();
  private readonly limiter: ConcurrencyLimiter;
  private readonly keepaliveTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly counters = {
    connectAttempts: 0,
    logins: 0,
    commands: 0,
    keepalives: 0,
    sessionsDropped: 0,
    backoffRefusals: 0,
  };
  /** Logged-in sessions still usable; a dropped one leaves at once, before its socket finishes closing. */
  private readonly loggedIn = new Set<TelnetSession>();

  constructor(private readonly opts: ResolvedDriverOptions) {
    this.limiter = new ConcurrencyLimiter(opts.maxConcurrentLogins);
    if (opts.keepaliveIdleMs > 0) {
      // one sweep for the whole pool rather than a timer per session: 10,000 timers cost more than a loop
      const every = Math.max(250, Math.floor(opts.keepaliveIdleMs / 4));
      this.keepaliveTimer = setInterval(() => this.sweep(), every);
      this.keepaliveTimer.unref();
    }
  }

  stats(): PoolStats {
    return { sessions: this.loggedIn.size, opening: this.limiter.inFlight, ...this.counters };
  }

  /** Runs `op` on the device's session after every earlier operation on that device has finished. */
  run<T>(target: DeviceTarget, op: (channel: DeviceChannel) => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new DriverError('closed', target.id, 'the driver is closed'));
    }
    const slot = this.slotFor(target);
    if (slot.queued >= this.opts.maxQueuePerDevice) {
      return Promise.reject(
        new DriverError('busy', target.id, `${slot.queued} operations already queued on this device`),
      );
    }
    slot.queued++;
    const result = slot.tail.then(() => this.execute(slot, op));
    const settled = (): void => {
      slot.queued--;
      if (slot.released && slot.queued === 0) {
        slot.session?.destroy();
        slot.session = undefined;
      }
    };
    slot.tail = result.then(settled, settled);
    return result;
  }

  /**
   * The device left the inventory: its session is closed now, and operations still queued on it fail
   * rather than log in again.
   */
  forget(deviceId: string): void {
    const slot = this.slots.get(deviceId);
    if (slot) {
      slot.retired = true;
      slot.session?.destroy();
      slot.session = undefined;
      this.slots.delete(deviceId);
    }
  }

  /**
   * Someone else polls the device now (its shard moved): operations under way finish, then the session
   * closes, so the radio is not left holding a session nobody uses.
   */
  release(deviceId: string): void {
    const slot = this.slots.get(deviceId);
    if (!slot) {
      return;
    }
    this.slots.delete(deviceId);
    slot.released = true;
    if (slot.queued === 0) {
      slot.session?.destroy();
      slot.session = undefined;
    }
  }

  /**
   * Opens a session of its own (under the login throttle, outside the device's queue and backoff), runs
   * one command and hangs up. The pooled session is left alone.
   */
  async probe(target: DeviceTarget, command: string): Promise<string[]> {
    if (this.closed) {
      throw new DriverError('closed', target.id, 'the driver is closed');
    }
    const session = await this.limiter.run(() => this.open(target));
    try {
      this.counters.commands++;
      return await session.exec(command, this.opts.commandTimeoutMs);
    } finally {
      this.loggedIn.delete(session);
      session.destroy();
      await session.whenClosed;
    }
  }

  /** Lets the next operation try at once, e.g. an operator's explicit refresh. */
  resetBackoff(deviceId: string): void {
    const slot = this.slots.get(deviceId);
    if (slot) {
      slot.failures = 0;
      slot.retryAt = 0;
    }
  }

  /** Destroys every session, open or opening, and resolves once every socket has closed. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.keepaliveTimer);
    const sessions = [...this.live];
    for (const s of sessions) {
      s.destroy();
    }
    await Promise.all(sessions.map((s) => s.whenClosed));
  }

  private slotFor(target: DeviceTarget): DeviceSlot {
    const key = `${target.host}\n${target.port}\n${target.username}\n${target.password}`;
    let slot = this.slots.get(target.id);
    if (!slot) {
      slot = {
        target,
        key,
        session: undefined,
        tail: Promise.resolve(),
        queued: 0,
        failures: 0,
        retryAt: 0,
        lastFailure: undefined,
        retired: false,
        released: false,
      };
      this.slots.set(target.id, slot);
    } else if (slot.key !== key) {
      // the old session logged in as someone else or elsewhere; the queue keeps ordering intact
      slot.session?.destroy();
      slot.session = undefined;
      slot.key = key;
      slot.target = target;
      slot.failures = 0;
      slot.retryAt = 0;
    }
    return slot;
  }

  private async execute<T>(slot: DeviceSlot, op: (channel: DeviceChannel) => Promise<T>): Promise<T> {
    if (this.closed) {
      throw new DriverError('closed', slot.target.id, 'the driver is closed');
    }
    if (slot.retired) {
      throw new DriverError('closed', slot.target.id, 'the device was removed from the inventory');
    }
    const session = await this.sessionFor(slot);
    if (slot.retired) {
      // Removed while this operation was logging in.
      this.drop(slot, session);
      throw new DriverError('closed', slot.target.id, 'the device was removed from the inventory');
    }
    const channel: DeviceChannel = {
      exec: (command) => {
        this.counters.commands++;
        return session.exec(command, this.opts.commandTimeoutMs);
      },
      execAll: (commands) => {
        this.counters.commands += commands.length;
        return session.execAll(commands, this.opts.commandTimeoutMs);
      },
      execUntilClose: (command) => {
        this.counters.commands++;
        return session.exec(command, this.opts.commandTimeoutMs, true);
      },
    };
    try {
      return await op(channel);
    } catch (err) {
      if (!session.isOpen || (isDriverError(err) && (err.kind === 'timeout' || err.kind === 'closed'))) {
        this.drop(slot, session);
      }
      throw err;
    }
  }

  private drop(slot: DeviceSlot, session: TelnetSession): void {
    if (slot.session === session) {
      slot.session = undefined;
    }
    this.counters.sessionsDropped++;
    this.loggedIn.delete(session);
    session.destroy();
  }

  private async sessionFor(slot: DeviceSlot): Promise<TelnetSession> {
    const current = slot.session;
    if (current?.isOpen) {
      return current;
    }
    slot.session = undefined;
    const now = Date.now();
    if (now < slot.retryAt && slot.lastFailure) {
      this.counters.backoffRefusals++;
      const f = slot.lastFailure;
      throw new DriverError(
        f.kind,
        f.deviceId,
        `${f.reason} (backing off; next attempt in ${slot.retryAt - now} ms)`,
        {
          ...(f.step ? { step: f.step } : {}),
          retryInMs: slot.retryAt - now,
        },
      );
    }
    try {
      const session = await this.limiter.run(() => this.open(slot.target));
      slot.failures = 0;
      slot.retryAt = 0;
      slot.lastFailure = undefined;
      slot.session = session;
      return session;
    } catch (err) {
      const failure = isDriverError(err)
        ? err
        : new DriverError('connect', slot.target.id, String(err), { cause: err });
      if (!this.closed && BACKOFF_KINDS.has(failure.kind)) {
        slot.failures++;
        const delay = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (slot.failures - 1));
        slot.retryAt = Date.now() + delay;
        slot.lastFailure = failure;
      }
      throw failure;
    }
  }

  private async open(target: DeviceTarget): Promise<TelnetSession> {
    if (this.closed) {
      throw new DriverError('closed', target.id, 'the driver is closed');
    }
    this.counters.connectAttempts++;
    const session = TelnetSession.start({
      deviceId: target.id,
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      loginTimeoutMs: this.opts.loginTimeoutMs,
      onClose: () => {
        this.live.delete(session);
        this.loggedIn.delete(session);
      },
    });
    this.live.add(session);
    await session.ready;
    if (this.closed) {
      session.destroy();
      throw new DriverError('closed', target.id, 'the driver is closed');
    }
    this.loggedIn.add(session);
    this.counters.logins++;
    return session;
  }

  private sweep(): void {
    const idleBefore = Date.now() - this.opts.keepaliveIdleMs;
    for (const slot of this.slots.values()) {
      const s = slot.session;
      if (s?.isIdle && slot.queued === 0 && s.lastUsedMs <= idleBefore) {
        // an empty line costs the radio nothing and answers with a prompt, proving both ends alive
        this.run(slot.target, (ch) => {
          this.counters.keepalives++;
          return ch.exec('');
        }).catch(NOOP); // a failed keepalive has already dropped the session; the next poll reports
      }
    }
  }
}

/** Failures that say the device (or its login) is unusable right now, so retrying at once only hammers it. */
const BACKOFF_KINDS: ReadonlySet<DriverErrorKind> = new Set<DriverErrorKind>([
  'connect',
  'login-prompt',
  'credentials',
  'shell-prompt',
  'timeout',
]);
