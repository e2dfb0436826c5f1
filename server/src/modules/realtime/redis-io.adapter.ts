// With Redis configured, Socket.IO fans out through it, so a browser on any instance sees every change.
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { RedisConnection } from '@/infra/cache/redis.cache.js';

export class RedisIoAdapter extends IoAdapter {
  private adapter: ReturnType<typeof createAdapter> | undefined;
  private readonly connections: RedisConnection[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redis: RedisConnection,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    const pub = this.redis.duplicate();
    const sub = this.redis.duplicate();
    for (const client of [pub, sub]) {
      client.on('error', () => undefined);
    }
    await Promise.all([pub.connect(), sub.connect()]);
    this.connections.push(pub, sub);
    this.adapter = createAdapter(pub, sub);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options);
    if (this.adapter) {
      server.adapter(this.adapter);
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    for (const client of this.connections.splice(0)) {
      if (client.isOpen) {
        await client.close();
      }
    }
  }
}
