// A lean line client for the field lab's telnet port, shared by the floors of bench/poll.ts (lib/
// poll-floor.ts), bench/command.ts and bench/simulator.ts: one socket, one outstanding wait, no telnet negotiation and no
// parsing, so what it measures is the server and the socket, not a client.
import { connect, type Socket } from 'node:net';

export class LineClient {
  private buf = '';
  private want: ((buf: string) => boolean) | undefined;
  private settle: ((err?: Error) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** For a caller whose workers share sessions (poll-floor's closed loop); the client never reads it. */
  busy = false;
  closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly stepTimeoutMs: number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buf += chunk.toString('latin1');
      if (this.want?.(this.buf)) {
        this.finish();
      }
    });
    socket.on('close', () => {
      this.closed = true;
      this.finish(new Error('connection closed'));
    });
    socket.on('error', () => undefined);
  }

  /** Connects; every later exchange() fails if its answer takes longer than `stepTimeoutMs`. */
  static open(host: string, port: number, stepTimeoutMs: number): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => resolve(new LineClient(socket, stepTimeoutMs)));
      socket.once('error', reject);
    });
  }

  /** Sends `line` (if any) and resolves once the received text satisfies `done`; the buffer is then reset. */
  exchange(line: string | undefined, done: (buf: string) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.want = done;
      this.settle = (err) => (err ? reject(err) : resolve());
      this.timer = setTimeout(
        () => this.finish(new Error(`timeout; got ${JSON.stringify(this.buf)}`)),
        this.stepTimeoutMs,
      );
      if (line !== undefined) {
        this.socket.write(line + '\r\n');
      }
      if (done(this.buf)) {
        this.finish();
      } else if (this.closed) {
        this.finish(new Error('connection closed'));
      }
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private finish(err?: Error): void {
    const settle = this.settle;
    if (!settle) {
      return;
    }
    clearTimeout(this.timer);
    this.settle = undefined;
    this.want = undefined;
    this.buf = '';
    settle(err);
  }
}

export const endsWith =
  (suffix: string) =>
  (buf: string): boolean =>
    buf.endsWith(suffix);
export const atPrompt = (buf: string): boolean => /[>#] $/.test(buf);

/** Connects and logs in; the socket is closed again if the login fails. */
export async function openLoggedIn(
  target: { host: string; port: number; username: string; password: string },
  stepTimeoutMs: number,
): Promise<LineClient> {
  const line = await LineClient.open(target.host, target.port, stepTimeoutMs);
  try {
    await logIn(line, target.username, target.password);
    return line;
  } catch (err) {
    line.destroy();
    throw err;
  }
}

/** The lab radio's login dialogue, up to its first prompt. */
export async function logIn(line: LineClient, username: string, password: string): Promise<void> {
  await line.exchange(undefined, endsWith('login: '));
  await line.exchange(username, endsWith('Password: '));
  await line.exchange(password, atPrompt);
}
