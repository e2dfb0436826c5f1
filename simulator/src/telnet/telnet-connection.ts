// One accepted telnet connection: strips IAC sequences from the byte stream, answers negotiation, turns
// CR LF, CR NUL and bare LF into lines, echoes what the user types (never the password), and feeds lines
// to the CLI session one at a time, so a slow radio answers in order.
import type { Socket } from 'node:net';
import type { CliSession, SessionIo } from '../device/cli-session.js';
import { AYT, DO, DONT, EC, EL, IAC, SB, SE, TelnetOptions, WILL, WONT } from './telnet-options.js';

const MAX_LINE = 1024;

type ParseState = 'data' | 'iac' | 'option' | 'sb' | 'sb-iac';

export class TelnetConnection implements SessionIo {
  private readonly options = new TelnetOptions();
  private state: ParseState = 'data';
  private verb = 0;
  private afterCr = false;
  private line = '';
  private out: number[] = [];
  private echoOut = '';
  private backlog: string[] | undefined;
  private busy = false;
  private suppressEcho = false;
  private session: CliSession | undefined;

  constructor(private readonly socket: Socket) {}

  attach(session: CliSession): void {
    this.session = session;
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('close', () => session.end());
    if (!session.isSilent()) {
      this.socket.write(Buffer.from(this.options.offer()));
    }
    session.start();
  }

  write(text: string): void {
    if (!this.socket.destroyed && this.socket.writable) {
      this.socket.write(text);
    }
  }

  setEchoSuppressed(suppressed: boolean): void {
    this.suppressEcho = suppressed;
  }

  close(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private echoActive(): boolean {
    return this.options.echoing() && !this.suppressEcho && !this.busy;
  }

  private receive(chunk: Buffer): void {
    if (this.session?.isSilent()) {
      return;
    }
    for (const byte of chunk) {
      this.byte(byte);
    }
    this.flush();
  }

  private byte(b: number): void {
    switch (this.state) {
      case 'data':
        if (b === IAC) {
          this.state = 'iac';
        } else {
          this.data(b);
        }
        return;
      case 'iac':
        this.state = 'data';
        if (b === IAC) {
          return; // an escaped 255 is not printable ASCII, so it is dropped like any other such byte
        }
        if (b === DO || b === DONT || b === WILL || b === WONT) {
          this.verb = b;
          this.state = 'option';
        } else if (b === SB) {
          this.state = 'sb';
        } else if (b === AYT) {
          this.echoOut += '\r\n[Yes]\r\n';
        } else if (b === EC) {
          this.line = this.line.slice(0, -1);
        } else if (b === EL) {
          this.line = '';
        }
        return;
      case 'option':
        this.out.push(...this.options.receive(this.verb, b));
        this.state = 'data';
        return;
      case 'sb':
        // subnegotiation for options we refused; skip it whole
        if (b === IAC) {
          this.state = 'sb-iac';
        }
        return;
      case 'sb-iac':
        this.state = b === SE ? 'data' : 'sb';
        return;
    }
  }

  private data(b: number): void {
    const afterCr = this.afterCr;
    this.afterCr = false;
    if (b === 13) {
      this.afterCr = true;
      this.endLine();
    } else if (b === 10 || b === 0) {
      if (!afterCr && b === 10) {
        this.endLine();
      }
    } else if (b === 8 || b === 127) {
      if (this.line.length > 0) {
        this.line = this.line.slice(0, -1);
        if (this.echoActive()) {
          this.echoOut += '\b \b';
        }
      }
    } else if (b === 21) {
      this.line = '';
    } else if (b >= 32 && b < 127 && this.line.length < MAX_LINE) {
      const ch = String.fromCharCode(b);
      this.line += ch;
      if (this.echoActive()) {
        this.echoOut += ch;
      }
    } else if (b === 9 && this.line.length < MAX_LINE) {
      this.line += ' ';
      if (this.echoActive()) {
        this.echoOut += ' ';
      }
    }
  }

  private endLine(): void {
    const line = this.line;
    this.line = '';
    if (this.busy) {
      (this.backlog ??= []).push(line);
      return;
    }
    if (this.options.echoing()) {
      this.echoOut += '\r\n';
    }
    this.flush();
    this.deliver(line);
  }

  private deliver(line: string): void {
    const session = this.session;
    if (!session) {
      return;
    }
    const pending = session.handleLine(line);
    if (pending instanceof Promise) {
      this.busy = true;
      pending
        .catch(() => this.socket.destroy())
        .finally(() => {
          this.busy = false;
          this.drainBacklog();
        });
    }
  }

  /** Lines typed while the radio was busy are echoed when their turn comes, as a real terminal shows. */
  private drainBacklog(): void {
    while (!this.busy && this.backlog && this.backlog.length > 0) {
      const line = this.backlog.shift() ?? '';
      if (this.echoActive()) {
        this.echoOut += `${line}\r\n`;
      } else if (this.options.echoing()) {
        this.echoOut += '\r\n';
      }
      this.flush();
      this.deliver(line);
    }
    if (!this.busy && this.line && this.echoActive()) {
      this.echoOut += this.line;
    }
    this.flush();
  }

  private flush(): void {
    if (this.out.length > 0) {
      this.socket.write(Buffer.from(this.out));
      this.out = [];
    }
    if (this.echoOut) {
      this.write(this.echoOut);
      this.echoOut = '';
    }
  }
}
