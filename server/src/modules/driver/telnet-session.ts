// One logged-in telnet session to one radio, on a bare node:net socket.
//
// Why not telnet-client: it keeps the whole reply in a string and re-runs its prompt regex over all of
// it on every chunk, arms a silence timer per command, and creates several closures and timers per
// exec. At 1,000 polls/s (3,000 commands/s) on a 2-core box that overhead is most of the CPU budget.
// Here a reply costs one socket write, usually one 'data' event, a byte scan for IAC (skipped by a
// native indexOf when there is none), and a prompt test on the short tail after the last newline only.
// The session refuses the radio's ECHO offer, so replies carry no echo of the command (if a radio
// echoes anyway, the echoed first line is dropped) and the first output line is never lost.
import { connect, type Socket } from 'node:net';
import { DriverError, type DriverErrorKind, type DriverStep } from './driver.errors.js';

const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const OPT_SGA = 3;
const LF = 10;

/** A prompt is short; a longer unterminated line is output still arriving, so it is not tested. */
const MAX_TAIL = 160;
/** A reply (or a banner) bigger than this is not something this driver asked for. */
const MAX_REPLY = 1 << 20;

const SHELL_PROMPT = /^[A-Za-z0-9._-]+(?:\([A-Za-z0-9_-]+\))?[>#] ?$/;
const LOGIN_PROMPT = /(?:login|user ?name)\s*:\s*$/i;
const PASSWORD_PROMPT = /password\s*:\s*$/i;
const LOGIN_REFUSED = /incorrect|denied|fail|invalid/i;

type Phase = 'connecting' | 'login' | 'password' | 'shell' | 'ready' | 'command' | 'closed';
type IacState = 'data' | 'iac' | 'option' | 'sb' | 'sb-iac';

export interface SessionOpenOptions {
  deviceId: string;
  host: string;
  port: number;
  username: string;
  password: string;
  connectTimeoutMs: number;
  loginTimeoutMs: number;
  /** Called once when the socket is gone, whatever the reason. */
  onClose?: () => void;
}

interface Pending {
  resolve: (lines: string[]) => void;
  reject: (err: DriverError) => void;
  timer: NodeJS.Timeout;
  command: string;
  /** `reboot`: the radio hangs up instead of printing a prompt, and that is success. */
  expectClose: boolean;
}

export class TelnetSession {
  /** The last prompt seen, e.g. `bs-0001> `. */
  prompt = '';
  lastUsedMs = Date.now();
  /** Settles when login finishes or fails. */
  ready!: Promise<void>;
  /** Settles when the socket has closed, whatever the reason. */
  readonly whenClosed: Promise<void>;
  private readonly socket: Socket;
  private phase: Phase = 'connecting';
  private iacState: IacState = 'data';
  private iacVerb = 0;
  private readonly answered = new Set<number>();
  private chunks: Buffer[] = [];
  private size = 0;
  private tail: Buffer = Buffer.alloc(0);
  private receivedAny = false;
  private pending: Pending | undefined;
  private loginDone: { resolve: () => void; reject: (err: DriverError) => void; timer: NodeJS.Timeout } | undefined;

  private constructor(private readonly opts: SessionOpenOptions) {
    let onClosed: () => void = () => undefined;
    this.whenClosed = new Promise<void>((resolve) => {
      onClosed = resolve;
    });
    this.socket = connect({ host: opts.host, port: opts.port, noDelay: true });
    this.socket.once('close', () => onClosed());
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // 'close' always follows 'error'; failures are reported from there, with the error as the cause
    let lastError: Error | undefined;
    this.socket.on('error', (err) => {
      lastError = err;
    });
    this.socket.on('close', () => this.closed(lastError));
  }

  /**
   * Starts connecting and logging in; `ready` settles with the DriverError kind of the step that failed.
   * The session object exists from the start so an owner can destroy it even mid-login.
   */
  static start(opts: SessionOpenOptions): TelnetSession {
    const session = new TelnetSession(opts);
    session.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => session.fail('timeout', `no connection within ${opts.connectTimeoutMs} ms`, 'connect'),
        opts.connectTimeoutMs,
      );
      session.loginDone = { resolve, reject, timer };
    });
    session.socket.once('connect', () => {
      if (!session.loginDone) {
        return;
      }
      clearTimeout(session.loginDone.timer);
      session.phase = 'login';
      session.loginDone.timer = setTimeout(() => {
        const step = session.loginStep();
        session.fail('timeout', `login did not finish within ${opts.loginTimeoutMs} ms (waiting for ${step})`, step);
      }, opts.loginTimeoutMs);
    });
    return session;
  }

  get isOpen(): boolean {
    return this.phase === 'ready' || this.phase === 'command';
  }

  get isIdle(): boolean {
    return this.phase === 'ready';
  }

  /** Sends one line and resolves with the lines printed before the next prompt (echo and prompt removed). */
  exec(command: string, timeoutMs: number, expectClose = false): Promise<string[]> {
    if (this.phase !== 'ready') {
      const why = this.phase === 'command' ? 'another command is running' : 'the session is not open';
      return Promise.reject(new DriverError('closed', this.opts.deviceId, `cannot send \`${command}\`: ${why}`));
    }
    if (hasControlChar(command)) {
      // builders validate first; this guard keeps a future caller from smuggling a second line
      return Promise.reject(new DriverError('invalid-input', this.opts.deviceId, 'command holds control characters'));
    }
    this.phase = 'command';
    this.reset();
    this.lastUsedMs = Date.now();
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail('timeout', `no prompt within ${timeoutMs} ms after \`${command}\``, 'command');
      }, timeoutMs);
      this.pending = { resolve, reject, timer, command, expectClose };
      this.socket.write(`${command}\r\n`);
    });
  }

  /** Drops the connection at once; any operation in flight fails with `closed`. */
  destroy(): void {
    this.socket.destroy();
  }

  private loginStep(): DriverStep {
    switch (this.phase) {
      case 'connecting':
        return 'connect';
      case 'login':
        return 'login-prompt';
      case 'password':
        return 'login-prompt';
      case 'shell':
      case 'ready':
      case 'command':
      case 'closed':
        return 'shell-prompt';
    }
  }

  private receive(chunk: Buffer): void {
    const data = this.decode(chunk);
    if (data.length === 0) {
      return;
    }
    this.receivedAny = true;
    if (this.phase === 'ready' || this.phase === 'closed' || this.phase === 'connecting') {
      return; // unsolicited text between commands (a broadcast, a late keepalive echo) carries nothing
    }
    this.chunks.push(data);
    this.size += data.length;
    const nl = data.lastIndexOf(LF);
    this.tail = nl >= 0 ? data.subarray(nl + 1) : this.tail.length === 0 ? data : Buffer.concat([this.tail, data]);
    if (this.size > MAX_REPLY) {
      const kind: DriverErrorKind = this.phase === 'command' ? 'command' : this.phase === 'shell' ? 'shell-prompt' : 'login-prompt';
      this.fail(kind, `more than ${MAX_REPLY} bytes without a prompt`, this.phase === 'command' ? 'command' : this.loginStep());
      return;
    }
    const last = this.tail[this.tail.length - 1];
    // prompts end in ' ', ':', '>' or '#'; anything else is output still arriving, so skip the regex
    if (this.tail.length === 0 || this.tail.length > MAX_TAIL || (last !== 32 && last !== 58 && last !== 62 && last !== 35)) {
      return;
    }
    this.onTail(this.tail.toString('latin1').replace(/^[\r\0]+/, ''));
  }

  private onTail(tail: string): void {
    switch (this.phase) {
      case 'command':
        if (SHELL_PROMPT.test(tail)) {
          this.finishCommand(tail);
        }
        return;
      case 'login':
        if (LOGIN_PROMPT.test(tail)) {
          this.phase = 'password';
          this.reset();
          this.socket.write(`${this.opts.username}\r\n`);
        } else if (SHELL_PROMPT.test(tail)) {
          this.loggedIn(tail); // a radio without authentication goes straight to its shell
        }
        return;
      case 'password':
        if (PASSWORD_PROMPT.test(tail)) {
          this.phase = 'shell';
          this.reset();
          this.socket.write(`${this.opts.password}\r\n`);
        }
        return;
      case 'shell':
        if (SHELL_PROMPT.test(tail)) {
          this.loggedIn(tail);
        } else if (LOGIN_PROMPT.test(tail) || PASSWORD_PROMPT.test(tail)) {
          const said = this.text().split('\n').map((l) => l.trim()).find((l) => LOGIN_REFUSED.test(l));
          this.fail('credentials', `login refused${said ? `: ${said}` : ''}`, 'credentials');
        }
        return;
      case 'connecting':
      case 'ready':
      case 'closed':
        return;
    }
  }

  private loggedIn(prompt: string): void {
    this.prompt = prompt;
    this.phase = 'ready';
    this.reset();
    this.socket.setKeepAlive(true, 30_000);
    const done = this.loginDone;
    this.loginDone = undefined;
    if (done) {
      clearTimeout(done.timer);
      done.resolve();
    }
  }

  private finishCommand(prompt: string): void {
    const pending = this.pending;
    this.pending = undefined;
    this.prompt = prompt;
    this.phase = 'ready';
    const lines = this.lines();
    this.reset();
    this.lastUsedMs = Date.now();
    if (pending) {
      clearTimeout(pending.timer);
      lines.pop(); // the prompt
      if (lines[0] === pending.command) {
        lines.shift(); // a radio that echoes regardless of negotiation
      }
      pending.resolve(lines);
    }
  }

  private closed(cause: NodeJS.ErrnoException | undefined): void {
    const phase = this.phase;
    this.phase = 'closed';
    this.opts.onClose?.();
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      if (pending.expectClose) {
        pending.resolve(this.lines());
      } else {
        pending.reject(this.error('closed', `connection closed during \`${pending.command}\``, 'command', cause));
      }
    }
    const login = this.loginDone;
    this.loginDone = undefined;
    if (!login) {
      return;
    }
    clearTimeout(login.timer);
    const code = cause?.code;
    const where = `${this.opts.host}:${this.opts.port}`;
    if (phase === 'connecting' || (phase === 'login' && !this.receivedAny)) {
      login.reject(this.error('connect', `cannot connect to ${where}: ${code ?? 'connection reset before any data'}`, 'connect', cause));
    } else if (phase === 'login' || phase === 'password') {
      login.reject(this.error('login-prompt', `connection closed before the ${phase} prompt`, 'login-prompt', cause));
    } else if (this.size === 0 || LOGIN_REFUSED.test(this.text())) {
      login.reject(this.error('credentials', 'connection closed after the password was sent', 'credentials', cause));
    } else {
      login.reject(this.error('shell-prompt', `connection closed before a shell prompt: ${JSON.stringify(this.text().slice(-80))}`, 'shell-prompt', cause));
    }
  }

  /** Ends the session with an error: whatever is waiting (login or a command) gets it, then the socket goes. */
  private fail(kind: DriverErrorKind, message: string, step: DriverStep): void {
    const err = this.error(kind, message, step);
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(err);
    }
    const login = this.loginDone;
    this.loginDone = undefined;
    if (login) {
      clearTimeout(login.timer);
      login.reject(err);
    }
    this.socket.destroy();
  }

  private error(kind: DriverErrorKind, message: string, step: DriverStep, cause?: unknown): DriverError {
    return new DriverError(kind, this.opts.deviceId, message, { step, cause });
  }

  private reset(): void {
    this.chunks = [];
    this.size = 0;
    this.tail = Buffer.alloc(0);
  }

  private text(): string {
    return (this.chunks.length === 1 ? (this.chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(this.chunks, this.size)).toString('latin1');
  }

  private lines(): string[] {
    const lines = this.text().split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] ?? '';
      if (l.endsWith('\r')) {
        lines[i] = l.slice(0, -1);
      }
    }
    return lines;
  }

  /** Strips telnet commands from a chunk and answers option offers: yes to SUPPRESS-GO-AHEAD, no to all else. */
  private decode(chunk: Buffer): Buffer {
    if (this.iacState === 'data' && chunk.indexOf(IAC) < 0) {
      return chunk;
    }
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    const reply: number[] = [];
    for (const b of chunk) {
      switch (this.iacState) {
        case 'data':
          if (b === IAC) {
            this.iacState = 'iac';
          } else {
            out[n++] = b;
          }
          break;
        case 'iac':
          if (b === IAC) {
            out[n++] = b;
            this.iacState = 'data';
          } else if (b === DO || b === DONT || b === WILL || b === WONT) {
            this.iacVerb = b;
            this.iacState = 'option';
          } else {
            this.iacState = b === SB ? 'sb' : 'data';
          }
          break;
        case 'option':
          this.answer(this.iacVerb, b, reply);
          this.iacState = 'data';
          break;
        case 'sb':
          if (b === IAC) {
            this.iacState = 'sb-iac';
          }
          break;
        case 'sb-iac':
          this.iacState = b === SE ? 'data' : 'sb';
          break;
      }
    }
    if (reply.length > 0 && !this.socket.destroyed) {
      this.socket.write(Buffer.from(reply));
    }
    return out.subarray(0, n);
  }

  /** Answers each (verb, option) once, so two sides can never loop (RFC 1143's concern, simply met). */
  private answer(verb: number, opt: number, reply: number[]): void {
    const key = (verb << 8) | opt;
    if (this.answered.has(key) || verb === WONT || verb === DONT) {
      return;
    }
    this.answered.add(key);
    if (verb === WILL) {
      reply.push(IAC, opt === OPT_SGA ? DO : DONT, opt);
    } else {
      reply.push(IAC, WONT, opt);
    }
  }
}

function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 127) {
      return true;
    }
  }
  return false;
}
