// One listening socket for the whole fleet. The open-file limit (20,000, not raisable) rules out a
// listener per radio when 10,000 radios must each hold a live session, so every radio shares one port and
// the server tells them apart by the local address the client dialled (socket.localAddress).
import { createServer, type Server, type Socket } from 'node:net';
import { CliSession, type DeviceContext } from '../device/cli-session.js';
import type { Radio } from '../device/radio.js';
import { TelnetConnection } from './telnet-connection.js';

export interface RadioDirectory extends DeviceContext {
  radioAt(address: string): Radio | undefined;
}

export class TelnetServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly directory: RadioDirectory) {}

  async listen(host: string, port: number): Promise<number> {
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, backlog: 4096 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** Stops listening and drops every connection, so close always finishes promptly. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) {
      s.destroy();
    }
    this.sockets.clear();
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  connectionCount(): number {
    return this.sockets.size;
  }

  private accept(socket: Socket): void {
    // errors on a single connection (a client reset) are that connection's business only
    socket.on('error', () => socket.destroy());
    const address = (socket.localAddress ?? '').replace(/^::ffff:/, '');
    const radio = this.directory.radioAt(address);
    // a radio off its site's management VLAN is as unreachable as an offline one
    if (!radio || radio.hasFault('offline') || !radio.isUp() || !radio.managementReachable()) {
      // the nearest a shared listener gets to "connection refused": an immediate TCP reset
      socket.resetAndDestroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const connection = new TelnetConnection(socket);
    connection.attach(new CliSession(radio, this.directory, connection));
  }
}
