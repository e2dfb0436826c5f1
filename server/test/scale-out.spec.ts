// Two instances on one Postgres and one Redis: the fleet's shards are split between them with no device
// polled twice, and when one instance goes away the other takes its shards and keeps every radio watched.
import { randomBytes } from 'node:crypto';
import { DeviceListResponseSchema } from '@wsnoc/shared';
import { type LabHandle, startLab } from '@wsnoc/simulator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { PollingService } from '@/modules/polling/polling.service.js';
import { signIn, startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';

describe('scale-out', () => {
  let lab: LabHandle;
  let a: RunningServer;
  let b: RunningServer;
  const shared = {
    POLL_SHARDS: '8',
    POLL_LEASE_TTL_MS: '2000',
    POLL_INTERVAL_MS: '500',
    REDIS_KEY_PREFIX: `${inject('redisPrefix')}scale-${randomBytes(3).toString('hex')}:`,
  };
  const stats = (server: RunningServer) => server.app.get(PollingService).stats();

  beforeAll(async () => {
    lab = await startLab({
      radios: 12,
      seed: 21,
      firstAddress: '127.42.0.1',
      port: 0,
      controlPort: 0,
      pawsPort: 0,
    });
    a = await startTestServer({ ...shared, ENROL_SIMULATOR_URL: lab.controlUrl });
    // The second instance shares the first one's database and key space.
    b = await startTestServer({ ...shared, DATABASE_URL: a.config.env.DATABASE_URL });
    await waitFor(
      () => stats(a).shards + stats(b).shards === 8 && stats(b).shards > 0,
      20_000,
      'shards split',
    );
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await lab?.close();
  });

  it('splits the shards so that every device is polled by exactly one instance', async () => {
    await waitFor(
      () => stats(a).scheduled + stats(b).scheduled === 12,
      20_000,
      'every device scheduled once',
    );
    expect(stats(a).scheduled).toBeGreaterThan(0);
    expect(stats(b).scheduled).toBeGreaterThan(0);
  });

  it('moves the shards of an instance that goes away, and every radio keeps being polled', async () => {
    // Stop instance a's application only: its database (shared with b) is dropped in afterAll.
    await a.app.close();
    await waitFor(() => stats(b).shards === 8 && stats(b).scheduled === 12, 10_000, 'all shards on b');
    const cookie = await signIn(b.url);
    const since = Date.now();
    await waitFor(
      async () => {
        const list = DeviceListResponseSchema.parse(
          await (await fetch(`${b.url}/api/devices?limit=100`, { headers: { cookie } })).json(),
        );
        return (
          list.items.length === 12 &&
          list.items.every((d) => d.lastPollAt !== null && Date.parse(d.lastPollAt) > since)
        );
      },
      15_000,
      'every radio polled again after the move',
    );
  });
});
