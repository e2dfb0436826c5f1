// A bulk run survives the server dying under it: killed hard (SIGKILL, no shutdown hook) in the middle of
// a run, the run goes on, on a restarted server or on a second instance that was running beside it. The
// radios' own commit counters judge it: no radio takes the change twice, none is left unconfirmed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type BulkRunDetail,
  BulkRunDetailSchema,
  DeviceListResponseSchema,
  type RadioState,
  RadioStateSchema,
} from '@wsnoc/shared';
import { type LabHandle, startLab } from '@wsnoc/simulator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { killHard, type ServerProcess, spawnServer, urlWhenUp } from './server-process.js';
import { ADMIN_PASSWORD, newDatabase, signIn } from './start-test-server.js';
import { waitFor } from './wait-for.js';

const RADIOS = 24;

interface Console {
  server: ServerProcess;
  url: string;
  api: (route: string, init?: RequestInit) => Promise<Response>;
}
/** Each answer of every radio this late: a safe apply takes seconds, so a kill lands mid-run. */
const LATENCY_MS = 120;

describe('bulk run through a server crash', () => {
  let lab: LabHandle;
  const drops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    lab = await startLab({
      radios: RADIOS,
      seed: 29,
      firstAddress: '127.46.0.1',
      port: 0,
      controlPort: 0,
      pawsPort: 0,
    });
  });

  afterAll(async () => {
    await lab?.close();
    for (const drop of drops) {
      await drop().catch(() => undefined);
    }
  });

  const control = async (route: string, method = 'GET', body?: unknown) =>
    fetch(`${lab.controlUrl}${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const truth = async (names: string[]): Promise<Map<string, RadioState>> =>
    new Map(
      await Promise.all(
        names.map(
          async (n) =>
            [n, RadioStateSchema.parse(await (await control(`/radios/${n}/state`)).json())] as const,
        ),
      ),
    );

  /** A console process on the shared database and key space (the first one enrols the lab). */
  async function consoleOn(databaseUrl: string, prefix: string, enrol: boolean): Promise<Console> {
    const webDist = mkdtempSync(path.join(tmpdir(), 'wsnoc-web-'));
    writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>wsnoc</title>');
    const server = spawnServer({
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject('redisUrl'),
      REDIS_KEY_PREFIX: prefix,
      ADMIN_PASSWORD,
      WEB_DIST: webDist,
      POLL_INTERVAL_MS: '2000',
      DRIVER_COMMAND_TIMEOUT_MS: '3000',
      // A job of a dead instance is taken up again after seconds, not the default two minutes.
      BULK_ITEM_EXPIRE_SECONDS: '6',
      BULK_SWEEP_MS: '500',
      ...(enrol ? { ENROL_SIMULATOR_URL: lab.controlUrl } : {}),
    });
    const url = await urlWhenUp(server, 60_000);
    const cookie = await signIn(url);
    const api = (route: string, init: RequestInit = {}) =>
      fetch(`${url}/api${route}`, {
        ...init,
        headers: { cookie, 'content-type': 'application/json', ...init.headers },
      });
    return { server, url, api };
  }

  async function fleetIds(api: (route: string) => Promise<Response>) {
    let ids: { id: string; name: string }[] = [];
    await waitFor(
      async () => {
        ids = DeviceListResponseSchema.parse(await (await api('/devices?limit=1000')).json()).items;
        return ids.length === RADIOS;
      },
      30_000,
      'the lab enrolled',
    );
    return ids;
  }

  async function untilRun(
    api: (route: string) => Promise<Response>,
    id: string,
    done: (run: BulkRunDetail) => boolean,
    what: string,
    ms: number,
  ): Promise<BulkRunDetail> {
    let run: BulkRunDetail | undefined;
    await waitFor(
      async () => {
        const response = await api(`/bulk-runs/${id}`).catch(() => undefined);
        if (response?.status !== 200) {
          return false;
        }
        run = BulkRunDetailSchema.parse(await response.json());
        return done(run);
      },
      ms,
      what,
    );
    return run!;
  }

  /** Starts a run on every radio, kills `victim` while devices are under way, and checks the outcome. */
  async function crashMidRun(
    survivor: () => Promise<Console>,
    first: Console,
    community: string,
  ): Promise<Console> {
    const devices = await fleetIds(first.api);
    const names = devices.map((d) => d.name);
    const before = await truth(names);
    const created = await first.api('/bulk-runs', {
      method: 'POST',
      body: JSON.stringify({
        devices: devices.map((d) => d.id),
        template: 'ntp-snmp-baseline',
        variables: { snmpCommunity: community, ntpServer: 'ntp.crash.example.org' },
        rollout: { canarySize: 0, batchSize: RADIOS, concurrency: 4, failureThresholdPercent: 100 },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = BulkRunDetailSchema.parse(await created.json());
    const underWay = await untilRun(
      first.api,
      id,
      (r) => r.counts.succeeded >= 3 && r.counts.applying >= 1,
      'devices done and under way',
      60_000,
    );
    const applying = underWay.items.filter((i) => i.status === 'applying').map((i) => i.name);
    await killHard(first.server);

    const next = await survivor();
    const done = await untilRun(next.api, id, (r) => r.status === 'completed', 'the run completes', 150_000);
    expect(done.counts.succeeded + done.counts.reverted, JSON.stringify(done.counts)).toBe(RADIOS);
    const after = await truth(names);
    for (const item of done.items) {
      const radio = after.get(item.name)!;
      const changes = radio.commits.changed - before.get(item.name)!.commits.changed;
      expect(radio.pendingConfirm, `${item.name} left unconfirmed`).toBeNull();
      // A safe apply is one `commit confirmed` and one confirming `commit`; settling after the crash
      // adds at most one confirm. Applying again would show a second `commit confirmed`.
      const commits = radio.commits.accepted - before.get(item.name)!.commits.accepted;
      const interrupted = /interrupted/.test(item.detail ?? '');
      if (interrupted) {
        expect(commits, `${item.name} took ${commits} commits`).toBeLessThanOrEqual(3);
      } else {
        expect(commits, `${item.name} took ${commits} commits`).toBe(2);
      }
      if (item.status === 'succeeded') {
        expect(changes, `${item.name} changed ${changes} times`).toBe(1);
        expect(radio.config.snmpCommunity).toBe(community);
      } else {
        // Reported reverted: the radio does not run the change, and it was not sent again.
        expect(item.detail).toMatch(/interrupted/);
        expect(radio.config.snmpCommunity, item.name).toBe(before.get(item.name)!.config.snmpCommunity);
        expect(changes, item.name).toBeLessThanOrEqual(1);
      }
    }
    // The devices under way at the kill were settled, not applied again: each ends confirmed or reported,
    // and says it was interrupted.
    const settled = applying.map((name) => done.items.find((i) => i.name === name)!);
    for (const item of settled) {
      expect(['succeeded', 'reverted']).toContain(item.status);
    }
    expect(
      settled.some((i) => /interrupted/.test(i.detail ?? '')),
      JSON.stringify(settled),
    ).toBe(true);
    return next;
  }

  it('resumes on a restarted server with no double apply and nothing left unconfirmed', async () => {
    const database = await newDatabase();
    drops.push(database.drop);
    const prefix = `${inject('redisPrefix')}crash-${randomBytes(3).toString('hex')}:`;
    await control('/faults', 'POST', { kind: 'slow', latencyMs: LATENCY_MS, share: 1 });
    try {
      const first = await consoleOn(database.url, prefix, true);
      const second = await crashMidRun(() => consoleOn(database.url, prefix, false), first, 'after-restart');
      await killHard(second.server);
    } finally {
      await control('/faults', 'DELETE');
    }
  }, 300_000);

  it('continues on the surviving instance when one of two is killed', async () => {
    const database = await newDatabase();
    drops.push(database.drop);
    const prefix = `${inject('redisPrefix')}pair-${randomBytes(3).toString('hex')}:`;
    await control('/faults', 'POST', { kind: 'slow', latencyMs: LATENCY_MS, share: 1 });
    try {
      const first = await consoleOn(database.url, prefix, true);
      await fleetIds(first.api);
      const other = await consoleOn(database.url, prefix, false);
      const survivor = await crashMidRun(() => Promise.resolve(other), first, 'on-the-survivor');
      await killHard(survivor.server);
    } finally {
      await control('/faults', 'DELETE');
    }
  }, 300_000);
});
