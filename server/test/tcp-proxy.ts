// A loopback TCP forwarder in front of a real service (Postgres, Redis). stop() refuses new connections
// and cuts the open ones, so the code under test sees a real outage; start() again is a real recovery.
// hang() keeps every connection open but forwards nothing (a service that stopped answering); resume()
// lets the held bytes through.
import net from 'node:net';

export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private hung = false;
  port = 0;

  constructor(private readonly target: URL) {}

  /** The target's URL with the proxy's address in place of the service's. */
  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async start(): Promise<void> {
    const defaultPort = this.target.protocol.startsWith('redis') ? 6379 : 5432;
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port || defaultPort), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      const pair = { client, upstream };
      this.pairs.add(pair);
      upstream.pipe(client);
      if (!this.hung) {
        client.pipe(upstream);
      }
      client.on('close', () => {
        this.pairs.delete(pair);
        upstream.destroy();
      });
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Connections stay open, requests go nowhere: the service looks hung. */
  hang(): void {
    this.hung = true;
    for (const { client, upstream } of this.pairs) {
      client.unpipe(upstream);
      client.pause();
    }
  }

  resume(): void {
    this.hung = false;
    for (const { client, upstream } of this.pairs) {
      client.pipe(upstream);
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) {
      socket.destroy();
    }
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
