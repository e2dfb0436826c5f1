// A minimal telnet client over a raw socket, for tests and benchmarks that need to see the exact bytes:
// it records every IAC sequence the server sends, answers them only if asked to, and waits on text with
// a deadline instead of sleeping.
import { connect, type Socket } from 'node:net';
import { DO, DONT, IAC, SB, SE, WILL, WONT } from './telnet-options.js';

export interface RawTelnetOptions {
  host: string;
  port: number;
  /** Answer WILL with DO and DO with WONT, as a typical client does. Off: a client that never negotiates. */
  negotiate?: boolean;
  /** Line ending sent after each line: CR LF by default. */
  eol?: string;
}

export class RawTelnetClient {
  /** Every [verb, option] the server sent. */
  readonly commands: [number, number][] = [];
  text = '';
  closed = false;
  private readonly socket: Socket;
  private iac: number[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly opts: RawTelnetOptions,
    socket: Socket,
  ) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async connect(opts: RawTelnetOptions): Promise<RawTelnetClient> {
    const socket = connect({ host: opts.host, port: opts.port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawTelnetClient(opts, socket);
  }

  writeBytes(bytes: number[] | Buffer): void {
    this.socket.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  }

  send(line: string): void {
    this.socket.write(line + (this.opts.eol ?? '\r\n'));
  }

  /** Waits until the text received since the last `take` matches, then returns and consumes it. */
  async waitFor(pattern: RegExp, timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.text);
      if (m) {
        const upto = m.index + m[0].length;
        const out = this.text.slice(0, upto);
        this.text = this.text.slice(upto);
        return out;
      }
      if (this.closed) {
        throw new Error(`closed before ${String(pattern)}; got ${JSON.stringify(this.text)}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timeout waiting for ${String(pattern)}; got ${JSON.stringify(this.text)}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error('timeout waiting for close');
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Logs in and returns the prompt text. */
  async login(username: string, password: string): Promise<string> {
    await this.waitFor(/login: $/);
    this.send(username);
    await this.waitFor(/Password: $/);
    this.send(password);
    const out = await this.waitFor(/[\w-]+> $/);
    return out.trim();
  }

  /** Sends a command and returns the lines between the echo (if any) and the next prompt. */
  async command(line: string, timeoutMs = 3000): Promise<string[]> {
    this.send(line);
    const out = await this.waitFor(/[\w-]+(?:\(config\))?[>#] $/, timeoutMs);
    const lines = out.split('\r\n');
    lines.pop(); // the prompt
    if (lines[0] === line) {
      lines.shift(); // the echo
    }
    return lines;
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    let text = '';
    for (const b of chunk) {
      if (this.iac.length === 0) {
        if (b === IAC) {
          this.iac.push(b);
        } else {
          text += String.fromCharCode(b);
        }
        continue;
      }
      this.iac.push(b);
      const verb = this.iac[1] ?? 0;
      if (verb === SB) {
        if (b === SE && this.iac[this.iac.length - 2] === IAC) {
          this.iac = [];
        }
      } else if (verb === DO || verb === DONT || verb === WILL || verb === WONT) {
        if (this.iac.length === 3) {
          this.commands.push([verb, b]);
          this.answer(verb, b);
          this.iac = [];
        }
      } else {
        this.iac = [];
      }
    }
    this.text += text;
    this.wake();
  }

  private answer(verb: number, opt: number): void {
    if (!this.opts.negotiate) {
      return;
    }
    if (verb === WILL) {
      this.writeBytes([IAC, DO, opt]);
    } else if (verb === DO) {
      this.writeBytes([IAC, WONT, opt]);
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      w();
    }
  }
}

/**
 * Asserts the radio at `host` refuses service: the single shared listener resets the connection, which
 * a client sees as ECONNRESET (at connect or on first read) or as an immediate close with no data.
 */
export async function expectRefused(host: string, port: number): Promise<void> {
  let client: RawTelnetClient;
  try {
    client = await RawTelnetClient.connect({ host, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ECONNRESET') {
      return;
    }
    throw err;
  }
  await client.waitClosed();
  if (client.text !== '' || client.commands.length > 0) {
    throw new Error(`expected a refused connection, got ${JSON.stringify(client.text)}`);
  }
}
