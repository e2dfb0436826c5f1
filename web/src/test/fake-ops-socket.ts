// A stand-in for the Socket.IO client with just the surface the connection store uses. Tests drive it
// like the network would: serverConnects(), drop(), serverEmits(...).
import type { OpsSocket } from '@/modules/connection/connection.store';

type Listener = (...args: unknown[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    this.listeners.get(event)?.forEach((listener) => listener(...args));
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
}

export class FakeOpsSocket extends Emitter {
  readonly io = new Emitter();
  active = false;
  connected = false;
  connectCalls = 0;
  /** Answers to heartbeats; set to false to simulate a server that stopped answering. */
  answersPings = true;
  private anyListeners = new Set<Listener>();
  /**
   * What the server "sent" before the app asked to connect (a test that drives the server faster than
   * a loaded machine renders the app): delivered once the app connects, as the network would.
   */
  private early: (() => void)[] = [];
  /** What the client sent, in order: the fleet store's resync requests land here. */
  readonly emitted: { event: string; args: unknown[] }[] = [];

  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, args });
    return this;
  }

  connect(): this {
    this.connectCalls += 1;
    this.active = true;
    const early = this.early;
    this.early = [];
    if (early.length) {
      queueMicrotask(() => early.forEach((deliver) => deliver()));
    }
    return this;
  }
  disconnect(): this {
    const wasConnected = this.connected;
    this.active = false;
    this.connected = false;
    if (wasConnected) {
      this.fire('disconnect', 'io client disconnect');
    }
    return this;
  }
  onAny(listener: Listener): this {
    this.anyListeners.add(listener);
    return this;
  }
  offAny(): this {
    this.anyListeners.clear();
    return this;
  }
  timeout(_ms: number): {
    emit: (event: string, ack: (error: Error | null, value?: string) => void) => void;
  } {
    return {
      emit: (_event, ack) => {
        if (this.answersPings) {
          ack(null, new Date().toISOString());
        }
      },
    };
  }

  serverConnects(): void {
    if (!this.active && this.connectCalls === 0) {
      this.early.push(() => this.serverConnects());
      return;
    }
    this.connected = true;
    this.fire('connect');
  }
  /** The network drops; Socket.IO keeps trying on its own. */
  drop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }
  /** The server refuses the handshake (middleware error), after which Socket.IO stops trying. */
  refuse(message: string, data?: unknown): void {
    this.active = false;
    this.fire('connect_error', Object.assign(new Error(message), data === undefined ? {} : { data }));
  }
  serverEmits(event: string, ...args: unknown[]): void {
    if (this.early.length) {
      this.early.push(() => this.serverEmits(event, ...args));
      return;
    }
    this.anyListeners.forEach((listener) => listener(event, ...args));
    this.fire(event, ...args);
  }

  asOpsSocket(): OpsSocket {
    return this as unknown as OpsSocket;
  }
}
