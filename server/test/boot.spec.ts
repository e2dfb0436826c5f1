// Boots the built server as a real process, the way operators run it: bad configuration must stop it with
// one clear line and a non-zero exit, never a stack trace; the embedded database must survive a crash.
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort, spawnServer, urlWhenUp } from './server-process.js';
import { ADMIN_PASSWORD } from './start-test-server.js';

const run = spawnServer;

async function expectOneLineFailure(env: NodeJS.ProcessEnv, pattern: RegExp): Promise<void> {
  const result = run(env);
  expect(await result.exited).toBe(1);
  const lines = result.stderr().trim().split('\n');
  expect(lines, result.stderr()).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr() + result.stdout()).not.toMatch(/\n\s+at /);
}

describe('boot failures', () => {
  it('stops on a malformed DATABASE_URL', async () => {
    await expectOneLineFailure(
      { DATABASE_URL: 'postgres//nohost' },
      /^wsnoc: invalid configuration: DATABASE_URL must be a URL like postgres:/,
    );
  });

  it('stops when the database cannot be reached', async () => {
    await expectOneLineFailure(
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
      /^wsnoc: cannot reach the database at postgres:\/\/postgres@127\.0\.0\.1:1\/none: /,
    );
  });

  it('stops when Redis is unreachable at boot', async () => {
    await expectOneLineFailure(
      { DATABASE_URL: inject('databaseUrl'), REDIS_URL: 'redis://127.0.0.1:1' },
      /^wsnoc: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: /,
    );
  });

  it('stops when the port is already in use', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      await expectOneLineFailure(
        { DATABASE_URL: inject('databaseUrl'), ADMIN_PASSWORD, PORT: String(port) },
        new RegExp(`^wsnoc: port ${port} is already in use; set PORT to a free port$`),
      );
    } finally {
      blocker.close();
    }
  });
});

describe('embedded PostgreSQL', () => {
  // Private temp folders are not reachable by the postgres user; open this one like a checkout would be.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wsnoc-embedded-'));
  chmodSync(dataDir, 0o755);

  it('starts with nothing configured, stops cleanly on SIGTERM, and recovers from a hard kill', async () => {
    const env = {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: '0',
      ADMIN_PASSWORD: 'embedded-password',
    };
    const first = run(env);
    const url = await urlWhenUp(first, 90_000);
    const health = (await (await fetch(`${url}/api/health`)).json()) as {
      checks: { database: { status: string; kind: string } };
    };
    expect(health.checks.database).toEqual(
      expect.objectContaining({ status: 'up', kind: 'embedded-postgres' }),
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    // A hard kill leaves PostgreSQL orphaned with its postmaster.pid: the next start must recover.
    const second = run(env);
    await urlWhenUp(second, 60_000);
    second.child.kill('SIGKILL');
    await second.exited;
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);

    const third = run(env);
    const thirdUrl = await urlWhenUp(third, 60_000);
    const login = await fetch(`${thirdUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'embedded-password' }),
    });
    expect(login.status).toBe(200);
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
  });
});
