// One console session on a radio: login, the operational and configuration modes, the lock, and the
// faults a real radio shows to whoever is logged in. It knows nothing about telnet bytes; the telnet
// layer hands it whole lines and gives it a SessionIo to answer through.
import type { RadioConfig, RadioLink } from '@wsnoc/shared';
import type { Radio, RadioSessionHandle } from './radio.js';
import { runConfigCommand, unknown } from './config-commands.js';
import { showClients, showGps, showLink, showRadio, showRunningConfig, showSystem } from './show-output.js';

export interface SessionIo {
  write(text: string): void;
  /** Hide typed characters (the password) from the echo. */
  setEchoSuppressed(suppressed: boolean): void;
  /** Ends the session after flushing what was written. */
  close(): void;
  /** Drops the connection at once, as a failing radio would. */
  destroy(): void;
}

/** What a session needs from the fleet beyond its own radio. */
export interface DeviceContext {
  linksOf(baseStation: Radio): readonly RadioLink[];
  linkOf(cpe: Radio): RadioLink | undefined;
  readonly rebootMs: number;
}

type Mode = 'login' | 'password' | 'exec' | 'config' | 'closed';

export const MAX_LOGIN_ATTEMPTS = 3;

export class CliSession implements RadioSessionHandle {
  private mode: Mode = 'login';
  private username = '';
  private failedLogins = 0;
  candidate: RadioConfig | null = null;

  constructor(
    readonly radio: Radio,
    private readonly ctx: DeviceContext,
    private readonly io: SessionIo,
  ) {}

  /** A blackholed radio accepts the connection and then says nothing at all, not even telnet options. */
  isSilent(): boolean {
    return this.radio.hasFault('blackhole');
  }

  start(): void {
    this.radio.addSession(this);
    if (!this.isSilent()) {
      this.io.write('login: ');
    }
  }

  drop(): void {
    this.end();
    this.io.destroy();
  }

  /** The connection went away: release the lock so the next session can configure. */
  end(): void {
    if (this.mode === 'closed') {
      return;
    }
    this.mode = 'closed';
    this.releaseLock();
    this.radio.removeSession(this);
  }

  echoSuppressed(): boolean {
    return this.mode === 'password';
  }

  prompt(): string {
    const host = this.radio.running.hostname;
    return this.mode === 'config' ? `${host}(config)# ` : `${host}> `;
  }

  /**
   * Handles one line, synchronously unless the radio is slow: the telnet layer relies on the mode
   * switching before it reads the next byte, so a password typed ahead is never echoed.
   */
  handleLine(line: string): void | Promise<void> {
    if (this.mode === 'closed' || this.isSilent()) {
      return;
    }
    const slow = this.radio.fault('slow');
    if (!slow) {
      this.process(line);
      return;
    }
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        if (this.mode !== 'closed' && !this.isSilent()) {
          this.process(line);
        }
        resolve();
      }, slow.latencyMs).unref();
    });
  }

  private process(line: string): void {
    switch (this.mode) {
      case 'login':
        this.username = line.trim();
        this.mode = 'password';
        this.io.setEchoSuppressed(true);
        this.io.write('Password: ');
        return;
      case 'password':
        this.io.setEchoSuppressed(false);
        this.checkPassword(line);
        return;
      case 'exec':
      case 'config':
        this.command(line.trim().split(/\s+/).filter(Boolean));
        return;
      case 'closed':
        return;
    }
  }

  private checkPassword(password: string): void {
    const r = this.radio;
    if (this.username === r.username && password === r.password && !r.hasFault('wrong-credentials')) {
      this.mode = 'exec';
      this.io.write(this.prompt());
      return;
    }
    this.failedLogins++;
    this.io.write('% Login incorrect\r\n');
    if (this.failedLogins >= MAX_LOGIN_ATTEMPTS) {
      this.end();
      this.io.close();
      return;
    }
    this.mode = 'login';
    this.io.write('login: ');
  }

  private command(words: string[]): void {
    const output = this.run(words);
    if (this.mode === 'closed') {
      return;
    }
    const text = output.map((l) => `${l}\r\n`).join('') + this.prompt();
    const flaky = this.radio.fault('flaky');
    if (flaky && words.length > 0 && flaky.rng() < flaky.dropShare) {
      // the command has run; the connection dies partway through its answer
      this.io.write(text.slice(0, Math.floor(text.length / 2)));
      this.drop();
      return;
    }
    this.io.write(text);
    if (!this.radio.managementReachable()) {
      // this session's own commit moved the radio off its site's VLAN: the answer (and prompt) has gone
      // out, and now the link goes, like every other session's did at the commit
      this.end();
      this.io.close();
    }
  }

  private run(words: string[]): string[] {
    const [verb, ...rest] = words;
    if (verb === undefined) {
      return [];
    }
    if (verb === 'show') {
      return this.show(rest);
    }
    if (verb === 'reboot') {
      this.io.write('Rebooting...\r\n');
      this.end();
      this.io.close();
      this.radio.reboot(this.ctx.rebootMs);
      return [];
    }
    if (this.mode === 'config') {
      return runConfigCommand(this, words);
    }
    switch (verb) {
      case 'configure':
        return rest.length === 0 ? this.enterConfig() : unknown(words);
      case 'exit':
      case 'logout':
      case 'quit':
        this.end();
        this.io.close();
        return [];
      case 'help':
      case '?':
        return EXEC_HELP;
      default:
        return unknown(words);
    }
  }

  private show(what: string[]): string[] {
    const r = this.radio;
    const key = what.join(' ');
    if (this.mode === 'config' && (key === 'candidate' || key === '| compare')) {
      return runConfigCommand(this, ['show', ...what]);
    }
    switch (key) {
      case 'system':
        return showSystem(r);
      case 'radio':
        return showRadio(r);
      case 'clients':
        return r.role === 'base-station'
          ? showClients(r, this.ctx.linksOf(r))
          : ['% Not supported on a CPE: show clients'];
      case 'link':
        return r.role === 'cpe'
          ? showLink(r, this.ctx.linkOf(r))
          : ['% Not supported on a base station: show link'];
      case 'gps':
        return showGps(r);
      case 'running-config':
        return showRunningConfig(r);
      default:
        return unknown(['show', ...what]);
    }
  }

  private enterConfig(): string[] {
    const r = this.radio;
    if (r.lockHolder && r.lockHolder !== this) {
      return ['% Configuration locked by another session'];
    }
    r.lockHolder = this;
    this.candidate = { ...r.running };
    this.mode = 'config';
    return [];
  }

  /** Leaves configuration mode, dropping the candidate. Called by `exit` in config mode. */
  leaveConfig(): void {
    this.releaseLock();
    this.candidate = null;
    this.mode = 'exec';
  }

  private releaseLock(): void {
    if (this.radio.lockHolder === this) {
      this.radio.lockHolder = null;
    }
  }
}

const EXEC_HELP = [
  'show system',
  'show radio',
  'show clients',
  'show link',
  'show gps',
  'show running-config',
  'configure',
  'reboot',
  'exit',
];
