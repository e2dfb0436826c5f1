// The driver core, free of Nest so a bench script or a CLI tool can use it as is: polls a radio into a
// DeviceSample, reads its running configuration, applies validated configuration with commit or commit
// confirmed, confirms, and reboots. Every value is validated before the device's queue is even joined;
// the methods are async so a validation failure is a rejected promise like any other failure.
import type { DeviceSample, RadioConfig } from '@wsnoc/shared';
import {
  buildCommitLine,
  buildSetLine,
  COMMIT,
  CONFIGURE,
  deviceErrorLine,
  EXIT,
  REBOOT,
  SHOW_CLIENTS,
  SHOW_GPS,
  SHOW_LINK,
  SHOW_RADIO,
  SHOW_RUNNING_CONFIG,
  SHOW_SYSTEM,
  validateTarget,
} from './cli-commands.js';
import {
  CliParseError,
  type GpsFix,
  parseShowClients,
  parseShowGps,
  parseShowLink,
  parseShowRadio,
  parseShowSystem,
} from './cli-parsers.js';
import { DriverError, isDriverError } from './driver.errors.js';
import {
  DRIVER_DEFAULTS,
  type ApplyConfigOptions,
  type ApplyConfigResult,
  type ConfigSet,
  type DeviceTarget,
  type DriverOptions,
  type PoolStats,
  type ResolvedDriverOptions,
} from './driver.types.js';
import { parseRunningConfig } from './running-config.parser.js';
import { SessionPool, type DeviceChannel } from './session-pool.js';

/** The radio's words for "someone else is in configuration mode". */
const LOCKED = /configuration locked/i;

export class DeviceDriver {
  readonly options: ResolvedDriverOptions;
  private readonly pool: SessionPool;

  constructor(options: DriverOptions = {}) {
    this.options = { ...DRIVER_DEFAULTS, ...stripUndefined(options) };
    this.pool = new SessionPool(this.options);
  }

  /** `show system`, `show radio`, then `show clients` (base station) or `show link` (CPE). */
  async poll(target: DeviceTarget): Promise<DeviceSample> {
    validateTarget(target);
    return await this.pool.run(target, async (ch) => {
      const started = performance.now();
      const commands = [SHOW_SYSTEM, SHOW_RADIO, target.role === 'base-station' ? SHOW_CLIENTS : SHOW_LINK];
      const [system = [], radio = [], links = []] = this.options.pipelinePolls
        ? await showAll(ch, target, commands)
        : await showEach(ch, target, commands);
      return parsed(target, () => ({
        deviceId: target.id,
        at: new Date().toISOString(),
        pollMs: Math.round((performance.now() - started) * 1000) / 1000,
        system: parseShowSystem(system),
        radio: parseShowRadio(radio),
        links: target.role === 'base-station' ? parseShowClients(links) : parseShowLink(links),
      }));
    });
  }

  /** `show gps`: where the radio reports itself, the position the white-space database must be told. */
  async readGps(target: DeviceTarget): Promise<GpsFix> {
    validateTarget(target);
    return await this.pool.run(target, async (ch) => {
      const lines = await show(ch, target, SHOW_GPS);
      return parsed(target, () => parseShowGps(lines));
    });
  }

  /** The `set ...` lines of `show running-config`. */
  async runningConfig(target: DeviceTarget): Promise<string[]> {
    validateTarget(target);
    return await this.pool.run(target, async (ch) => {
      const lines = await show(ch, target, SHOW_RUNNING_CONFIG);
      return lines.filter((l) => l.trim() !== '');
    });
  }

  /**
   * configure, one `set` per item, commit (or commit confirmed N), exit. Any `% ...` answer aborts: the
   * candidate is discarded with `exit`, so nothing is half applied, and the radio's words reach the caller.
   */
  async applyConfig(
    target: DeviceTarget,
    sets: readonly ConfigSet[],
    opts: ApplyConfigOptions = {},
  ): Promise<ApplyConfigResult> {
    validateTarget(target);
    const list: unknown = sets;
    if (!Array.isArray(list) || list.length === 0) {
      throw new DriverError('invalid-input', target.id, 'at least one configuration item is required');
    }
    const lines = sets.map((item) => buildSetLine(target.id, item));
    const commit = buildCommitLine(target.id, opts.confirmedMinutes);
    return await this.pool.run(target, (ch) => configure(ch, target, [...lines, commit], opts.guard));
  }

  /** Makes a pending `commit confirmed` permanent (a plain commit inside configuration mode). */
  async confirmCommit(
    target: DeviceTarget,
    opts: Pick<ApplyConfigOptions, 'guard'> = {},
  ): Promise<ApplyConfigResult> {
    validateTarget(target);
    return await this.pool.run(target, (ch) => configure(ch, target, [COMMIT], opts.guard));
  }

  /** The running configuration, parsed. */
  async readConfig(target: DeviceTarget): Promise<RadioConfig> {
    return (await this.readRunningConfig(target)).config;
  }

  /** The running configuration's lines, and the same parsed. */
  async readRunningConfig(target: DeviceTarget): Promise<{ lines: string[]; config: RadioConfig }> {
    const lines = await this.runningConfig(target);
    return { lines, config: parsed(target, () => parseRunningConfig(lines)) };
  }

  /**
   * Logs in afresh on a session of its own (never the pooled one), runs `show system`, and hangs up: the
   * proof that a new management session still works after a change, as an operator's next login would.
   */
  async probeFreshLogin(target: DeviceTarget): Promise<void> {
    validateTarget(target);
    const lines = await this.pool.probe(target, SHOW_SYSTEM);
    const refused = deviceErrorLine(lines);
    if (refused !== undefined) {
      throw new DriverError('command', target.id, `\`${SHOW_SYSTEM}\` refused: ${refused}`, {
        step: 'command',
        deviceMessage: refused,
      });
    }
    parsed(target, () => parseShowSystem(lines));
  }

  /** Sends `reboot` and resolves once the radio hangs up; the pooled session goes with it. */
  async reboot(target: DeviceTarget): Promise<void> {
    validateTarget(target);
    return await this.pool.run(target, async (ch) => {
      const out = await ch.execUntilClose(REBOOT);
      const refused = deviceErrorLine(out);
      if (refused !== undefined) {
        throw new DriverError('command', target.id, `reboot refused: ${refused}`, {
          step: 'command',
          deviceMessage: refused,
        });
      }
    });
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  /** Closes a device's session now and fails what is queued on it: the device left the inventory. */
  forget(deviceId: string): void {
    this.pool.forget(deviceId);
  }

  /** Closes a device's session once what is under way on it has finished: another instance polls it now. */
  release(deviceId: string): void {
    this.pool.release(deviceId);
  }

  resetBackoff(deviceId: string): void {
    this.pool.resetBackoff(deviceId);
  }

  /** Destroys every session; resolves when every socket is closed. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The poll's read-only commands in one write (see TelnetSession.execAll); any refusal fails the poll. */
async function showAll(
  ch: DeviceChannel,
  target: DeviceTarget,
  commands: readonly string[],
): Promise<string[][]> {
  const replies = await ch.execAll(commands);
  replies.forEach((lines, i) => refusedAt(target, commands[i] ?? '', lines));
  return replies;
}

/** The same commands one round trip at a time, each after the previous prompt. */
async function showEach(
  ch: DeviceChannel,
  target: DeviceTarget,
  commands: readonly string[],
): Promise<string[][]> {
  const replies: string[][] = [];
  for (const command of commands) {
    replies.push(await show(ch, target, command));
  }
  return replies;
}

async function show(ch: DeviceChannel, target: DeviceTarget, command: string): Promise<string[]> {
  const lines = await ch.exec(command);
  refusedAt(target, command, lines);
  return lines;
}

/** Throws the radio's own words when it refused `command` (a `% ...` line). */
function refusedAt(target: DeviceTarget, command: string, lines: readonly string[]): void {
  const refused = deviceErrorLine(lines);
  if (refused !== undefined) {
    throw new DriverError('command', target.id, `\`${command}\` refused: ${refused}`, {
      step: 'command',
      deviceMessage: refused,
    });
  }
}

async function configure(
  ch: DeviceChannel,
  target: DeviceTarget,
  lines: readonly string[],
  guard?: () => Promise<void>,
): Promise<ApplyConfigResult> {
  const sent: string[] = [CONFIGURE];
  const output: string[] = [];
  await guard?.();
  const entered = await ch.exec(CONFIGURE);
  output.push(...entered);
  const refused = deviceErrorLine(entered);
  if (refused !== undefined) {
    const kind = LOCKED.test(refused) ? 'locked' : 'command';
    throw new DriverError(kind, target.id, `configure refused: ${refused}`, {
      step: 'command',
      deviceMessage: refused,
    });
  }
  try {
    for (const line of lines) {
      await guard?.();
      sent.push(line);
      const out = await ch.exec(line);
      output.push(...out);
      const error = deviceErrorLine(out);
      if (error !== undefined) {
        throw new DriverError('command', target.id, `\`${line}\` refused: ${error}`, {
          step: 'command',
          deviceMessage: error,
        });
      }
    }
  } catch (err) {
    if (!isDriverError(err) || err.kind === 'command') {
      // leave configuration mode so the lock is released and the candidate discarded (after a refused
      // line, or a guard that stopped the change); a failure here is secondary to the error the caller
      // must see, and a broken session is dropped by the pool
      await ch.exec(EXIT).catch(() => undefined);
    }
    throw err;
  }
  sent.push(EXIT);
  output.push(...(await ch.exec(EXIT)));
  return { sent, output };
}

function parsed<T>(target: DeviceTarget, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof CliParseError) {
      throw new DriverError('parse', target.id, err.message, { cause: err });
    }
    throw err;
  }
}

function stripUndefined(o: DriverOptions): DriverOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
