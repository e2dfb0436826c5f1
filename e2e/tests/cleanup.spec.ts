import { createServer, type Server } from 'node:net';
import { expect, test } from '@playwright/test';
import { labUrl } from '../src/journey.js';
import { consoleScratch, newRunId, scratchLeft, startConsole } from '../src/stack.js';

// The README promises that a run removes its data. Each console of a run writes its own database and
// Redis keys; both must be gone once it stops, and also when it never came up.

test('a console that stops leaves neither its database nor a Redis key behind', async () => {
  const wsnoc = await startConsole(labUrl());
  // It did write: the enrolled fleet's live rows and the poller's lock tokens are in Redis.
  await expect.poll(async () => (await scratchLeft(wsnoc)).keys, { timeout: 30_000 }).toBeGreaterThan(60);
  expect((await scratchLeft(wsnoc)).database).toBe(true);

  await wsnoc.stop();
  expect(await scratchLeft(wsnoc)).toEqual({ keys: 0, database: false });
});

test('a console that fails to start leaves nothing behind either', async () => {
  // Its port is taken, so it connects to PostgreSQL and Redis, runs its migrations, then exits.
  const taken: Server = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  const runId = newRunId();
  try {
    await expect(startConsole(labUrl(), { port, runId })).rejects.toThrow(/exited with 1/);
  } finally {
    taken.close();
  }
  expect(await scratchLeft(consoleScratch(runId))).toEqual({ keys: 0, database: false });
});
