// Polling that no dead share can starve: with half the fleet blackholed (each dead poll waits out its
// deadline), the healthy half keeps being polled on schedule, because devices whose last poll failed are
// polled from a budget of their own. The slots are few on purpose, so a shared budget would starve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { type LabStack, startLabStack } from './lab-stack.js';
import { readMetric } from './read-metric.js';
import { startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';

describe('polling lanes', () => {
  let stack: LabStack;

  beforeAll(async () => {
    stack = await startLabStack(
      { radios: 40, seed: 21, firstAddress: '127.44.0.1' },
      { POLL_CONCURRENCY: '6', POLL_FAILING_CONCURRENCY: '4', POLL_INTERVAL_MS: '1000' },
    );
  });

  afterAll(async () => {
    await stack?.control('/faults', 'DELETE');
    await stack?.close();
  });

  it('keeps polling every healthy radio while half the fleet is blackholed', async () => {
    const faulted = (await (
      await stack.control('/faults', 'POST', { kind: 'blackhole', share: 0.5, seed: 3 })
    ).json()) as { affected: string[] };
    expect(faulted.affected).toHaveLength(20);
    const dead = new Set(faulted.affected);
    const healthy = (await stack.devices()).filter((d) => !dead.has(d.name));
    // Once every dead radio has failed a poll, the console knows which ones are dead.
    await waitFor(
      async () =>
        (await stack.devices()).filter((d) => dead.has(d.name) && d.lastError !== null).length === 20,
      20_000,
      'every dead radio tried and failing',
    );
    // Three rounds in a row: each time, every healthy radio is polled afresh within a few intervals. A
    // shared budget fails this for ten seconds (the login deadline every dead poll waits out).
    for (let round = 0; round < 3; round++) {
      const since = new Map(healthy.map((d) => [d.id, Date.now()]));
      await waitFor(
        async () => {
          const rows = new Map((await stack.devices()).map((d) => [d.id, d]));
          return healthy.every((d) => Date.parse(rows.get(d.id)!.lastPollAt ?? '0') > since.get(d.id)!);
        },
        4_000,
        `every healthy radio polled again (round ${round + 1})`,
      );
    }
  });
});

describe('poll scheduler wake-ups with devices', () => {
  let stack: LabStack;

  beforeAll(async () => {
    // 200 radios at 10 s: 20 polls a second, due one by one (their phases are random)
    stack = await startLabStack(
      { radios: 200, seed: 22, firstAddress: '127.45.0.1' },
      { POLL_INTERVAL_MS: '10000' },
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('starts the polls of a sparse schedule in groups, not one wake-up per poll', async () => {
    const ok = 'wsnoc_polls_total{outcome="ok"}';
    const ticks0 = (await readMetric(stack.server.url, 'wsnoc_poll_ticks_total'))!;
    const polls0 = (await readMetric(stack.server.url, ok))!;
    await waitFor(
      async () => (await readMetric(stack.server.url, ok))! - polls0 >= 120,
      15_000,
      '120 more polls',
    );
    const ticks = (await readMetric(stack.server.url, 'wsnoc_poll_ticks_total'))! - ticks0;
    const polls = (await readMetric(stack.server.url, ok))! - polls0;
    // A tick every 500 ms starts about ten of them; a 200 ms cap started four, a 20 ms tick one.
    expect(polls / ticks).toBeGreaterThanOrEqual(7);
    // and every radio keeps its 10 s schedule meanwhile
    const since = Date.now();
    await waitFor(
      async () => (await stack.devices()).every((d) => Date.parse(d.lastPollAt ?? '0') > since),
      13_000,
      'every radio polled again within its interval and the gap',
    );
  }, 45_000);
});

describe('poll scheduler wake-ups', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ POLL_INTERVAL_MS: '1000' });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('does not wake up while nothing is due (no devices)', async () => {
    const before = await readMetric(server.url, 'wsnoc_poll_ticks_total');
    expect(before).toBeDefined();
    // A window, not a wait for an event: the claim is that nothing happens in it. A fixed 20 ms tick
    // wakes about 50 times in it.
    const t0 = Date.now();
    await waitFor(() => Date.now() - t0 >= 1_000, 5_000, 'one second gone');
    expect(await readMetric(server.url, 'wsnoc_poll_ticks_total')).toBe(before);
  });
});
