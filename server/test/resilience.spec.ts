// A Redis restart in the middle of a run: polling goes on through the outage, and once Redis is back
// (empty, as a restarted cache is) the live state in it is rebuilt by the next polls.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { type LabHandle, startLab } from '@wsnoc/simulator';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`this test needs redis-server on PATH: ${err.message}`)));
    child.once('spawn', () => resolve());
  });
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
    10_000,
    'redis-server listening',
  );
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('Redis restart during polling', () => {
  let lab: LabHandle;
  let server: RunningServer;
  let redis: ChildProcess;
  let port: number;

  const okPolls = async () => {
    const text = await (await fetch(`${server.url}/api/metrics`)).text();
    return Number(/wsnoc_polls_total\{outcome="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
  };
  const liveRowsInRedis = async () => {
    const client = createClient({ url: `redis://127.0.0.1:${port}` });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await client.hLen('resilience:devices:live');
    } finally {
      client.destroy();
    }
  };

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    lab = await startLab({
      radios: 8,
      seed: 11,
      firstAddress: '127.41.0.1',
      port: 0,
      controlPort: 0,
      pawsPort: 0,
    });
    server = await startTestServer({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_KEY_PREFIX: 'resilience:',
      ENROL_SIMULATOR_URL: lab.controlUrl,
      POLL_INTERVAL_MS: '500',
    });
    await waitFor(
      async () => (await liveRowsInRedis()) === 8 && (await okPolls()) >= 16,
      30_000,
      'fleet polled into Redis',
    );
  });

  afterAll(async () => {
    await server?.close();
    await lab?.close();
    if (redis) {
      await stop(redis);
    }
  });

  it('keeps polling while Redis is down and rebuilds the live state when it returns', async () => {
    await stop(redis);
    const during = await okPolls();
    // Polls keep succeeding with the cache gone: the driver and the radios do not need it.
    await waitFor(async () => (await okPolls()) >= during + 16, 20_000, 'polls during the outage');

    // A restarted cache comes back empty; the next polls of every device write it again.
    redis = await startRedis(port);
    await waitFor(async () => (await liveRowsInRedis()) === 8, 30_000, 'live state rebuilt in Redis');
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
      checks: { cache: { status: string } };
    };
    expect(health.checks.cache.status).toBe('up');
    const text = await (await fetch(`${server.url}/api/metrics`)).text();
    expect(Number(/wsnoc_live_state_write_failures_total (\d+)/.exec(text)?.[1])).toBeGreaterThan(0);
  });
});
