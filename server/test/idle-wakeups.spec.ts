// An idle console must sleep: every timer that fires whether or not anything happened costs a wake-up,
// and on a small machine those add up to more than the console's own work. The built server runs as a
// real process with no devices, and its main thread's voluntary context switches (each one a return to
// the event loop's wait) are counted over a window.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { killHard, spawnServer, urlWhenUp } from './server-process.js';
import { ADMIN_PASSWORD, newDatabase } from './start-test-server.js';
import { waitFor } from './wait-for.js';

function wakeUps(pid: number): number {
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  return Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1]);
}

describe('an idle console', () => {
  let drop: (() => Promise<void>) | undefined;

  afterAll(async () => {
    await drop?.();
  });

  it('wakes up fewer than 50 times a second', async () => {
    const database = await newDatabase();
    drop = database.drop;
    const server = spawnServer({
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      REDIS_KEY_PREFIX: `${inject('redisPrefix')}${randomBytes(3).toString('hex')}:`,
      ADMIN_PASSWORD,
      PORT: '0',
    });
    try {
      await urlWhenUp(server, 60_000);
      const pid = server.child.pid!;
      // The window, not a wait for an event: the claim is about what happens in it. prom-client's 10 ms
      // event-loop sampler alone woke the process 100 times a second.
      const t0 = Date.now();
      const w0 = wakeUps(pid);
      await waitFor(() => Date.now() - t0 >= 3_000, 10_000, 'three seconds gone');
      const perSecond = (wakeUps(pid) - w0) / ((Date.now() - t0) / 1000);
      expect(perSecond).toBeLessThan(50);
    } finally {
      await killHard(server);
    }
  });
});
