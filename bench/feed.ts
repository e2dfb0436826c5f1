// Bench: the /ops feed snapshot at a big fleet (issue 13, part 5). The field lab, the built console,
// Postgres and Redis on this machine.
//   cd /work/main && pnpm build && npx tsx bench/feed.ts [--radios 10000] [--clients 200] [--poll-ms 10000]
//     [--settle-s 30] [--storm-timeout-s 60]
// 1. Bytes: the snapshot the console sends (columnar, gzipped once) against the old form (the rows as
//    JSON, what was sent before), plus what permessage-deflate would have made of the old form, and its
//    cost per client (the deflate runs once per socket).
// 2. Reconnect storm: --clients Socket.IO clients, each with a session of its own, connect at once; per
//    client the time from the start to its whole snapshot; the console's added RSS (peak during the
//    storm minus its level before); handshakes refused (and retried after an `unavailable` refusal).
// 3. Floor in the same run: the same snapshot bytes sent by a bare Socket.IO server (a child process
//    like the console, nothing else in it) to the same number of clients connecting at once.
// `uptime`'s load is recorded with each figure: other work on the machine moves them.
// Prints one JSON object; a fresh database, key prefix and data directory, removed at the end.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deflateRawSync, gunzipSync } from 'node:zlib';
import { decodeSnapshotFrame, type FeedSnapshot, type FeedSnapshotFrame } from '@wsnoc/shared';
import { rssKB } from './lib/proc.js';
import { byLabel, parsePrometheus, sumOf } from './lib/prom.js';
import {
  apiSignIn,
  cleanup,
  createScratch,
  freePort,
  guardProcess,
  http,
  importFleet,
  log,
  onCleanup,
  runBench,
  setLogPrefix,
  sleep,
  startConsole,
  startLab,
  waitAllPolled,
  type ConsoleHandle,
} from './lib/stack.js';
import { printReport, round, summarise } from './lib/stats.js';

setLogPrefix('bench/feed');

const { values } = parseArgs({
  options: {
    radios: { type: 'string', default: '10000' },
    clients: { type: 'string', default: '200' },
    'poll-ms': { type: 'string', default: '10000' },
    'storm-timeout-s': { type: 'string', default: '60' },
    'settle-s': { type: 'string', default: '30' },
  },
});
const RADIOS = Number(values.radios);
const CLIENTS = Number(values.clients);
const POLL_INTERVAL_MS = Number(values['poll-ms']);
const STORM_TIMEOUT_MS = Number(values['storm-timeout-s']) * 1000;
/** After the first poll of every radio (a burst of enrolment work), the console settles this long. */
const SETTLE_MS = Number(values['settle-s']) * 1000;
// Not the other benches' ranges, so they can share the machine.
const FIRST_ADDRESS = '127.48.0.1';
const TARGET = { wireMB: 1.5, p99Ms: 3_000, addedRssMB: 200 };

const serverRequire = createRequire(new URL('../server/package.json', import.meta.url));

interface StormSocket {
  on(event: string, listener: (...args: never[]) => void): StormSocket;
  connect(): StormSocket;
  disconnect(): StormSocket;
}
type Io = (url: string, options: Record<string, unknown>) => StormSocket;

const load = () => loadavg().map((l) => round(l, 2));

/** One client's outcome: ms to its whole snapshot, or why it got none. */
interface ClientResult {
  ms?: number;
  refused?: string;
  retries: number;
  frame?: FeedSnapshotFrame;
}

/**
 * `count` clients connect to `url` at once; resolves when every one has its snapshot or gave up. A client
 * refused as `unavailable` tries again after the wait the server names, as the web does.
 */
async function storm(
  url: string,
  cookies: readonly string[],
  count: number,
  onSample?: () => void,
): Promise<{ results: ClientResult[]; wallMs: number; sockets: StormSocket[] }> {
  const { io } = serverRequire('socket.io-client') as { io: Io };
  const sockets: StormSocket[] = [];
  const t0 = performance.now();
  const sampler = onSample ? setInterval(onSample, 50) : undefined;
  const results = await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<ClientResult>((resolve) => {
          const result: ClientResult = { retries: 0 };
          const socket = io(url, {
            transports: ['websocket'],
            extraHeaders: { cookie: cookies[i % cookies.length]! },
            reconnection: false,
            forceNew: true,
            timeout: STORM_TIMEOUT_MS,
          });
          sockets.push(socket);
          const timer = setTimeout(() => {
            result.refused = `no snapshot within ${STORM_TIMEOUT_MS} ms`;
            resolve(result);
          }, STORM_TIMEOUT_MS);
          socket.on('connect_error', (err: Error & { data?: { code?: string; retryInMs?: number } }) => {
            if (err.data?.code === 'unavailable') {
              result.retries++;
              setTimeout(() => socket.connect(), err.data.retryInMs ?? 1_000);
              return;
            }
            clearTimeout(timer);
            result.refused = err.message;
            resolve(result);
          });
          socket.on('devices:snapshot', (frame: FeedSnapshotFrame) => {
            clearTimeout(timer);
            result.ms = performance.now() - t0;
            result.frame = frame;
            resolve(result);
          });
        }),
    ),
  );
  clearInterval(sampler);
  return { results, wallMs: performance.now() - t0, sockets };
}

function decode(frame: FeedSnapshotFrame): FeedSnapshot {
  if (frame.encoding === 'columnar+gzip') {
    return decodeSnapshotFrame(frame, gunzipSync(frame.data as Uint8Array).toString('utf8'));
  }
  return decodeSnapshotFrame(frame);
}

/** Bytes of the frame on the wire: the Socket.IO header text, plus the binary attachment if any. */
function wireBytes(frame: FeedSnapshotFrame): { total: number; header: number; attachment: number } {
  if (frame.encoding === 'columnar+gzip') {
    const header = `451-/ops,${JSON.stringify(['devices:snapshot', { ...frame, data: { _placeholder: true, num: 0 } }])}`;
    const attachment = (frame.data as Uint8Array).byteLength;
    return { total: Buffer.byteLength(header) + attachment, header: Buffer.byteLength(header), attachment };
  }
  const text = `42/ops,${JSON.stringify(['devices:snapshot', frame])}`;
  return { total: Buffer.byteLength(text), header: Buffer.byteLength(text), attachment: 0 };
}

async function signInMany(c: ConsoleHandle, n: number): Promise<string[]> {
  const cookies: string[] = [];
  // One at a time, before the fleet is imported (an idle console), each tried again on a failure.
  while (cookies.length < n) {
    for (let attempt = 1; ; attempt++) {
      try {
        cookies.push(await apiSignIn(c));
        break;
      } catch (err) {
        if (attempt >= 5) {
          log(c.child.tail().slice(-2000));
          throw err;
        }
        await sleep(500 * attempt);
      }
    }
  }
  return cookies;
}

async function metrics(c: ConsoleHandle, cookie: string): Promise<Map<string, number>> {
  const text = await (await http(`${c.url}/api/metrics`, { headers: { cookie } })).text();
  const parsed = parsePrometheus(text);
  const out = new Map<string, number>();
  for (const name of [
    'wsnoc_feed_snapshot_builds',
    'wsnoc_feed_snapshot_served',
    'wsnoc_feed_snapshot_replayed_frames',
    'wsnoc_feed_snapshot_bytes',
    'wsnoc_feed_snapshot_json_bytes',
    'wsnoc_feed_snapshot_build_ms',
  ]) {
    out.set(name, sumOf(parsed, name));
  }
  const refused = byLabel(parsed, 'wsnoc_feed_refused_total', 'reason');
  out.set('refusedUnavailable', refused.unavailable ?? 0);
  return out;
}

/** A bare Socket.IO server in a child process that sends `frame` to every client on connect. */
async function startFloor(
  frame: FeedSnapshotFrame,
  dir: string,
): Promise<{ url: string; stop: () => void; pid: number }> {
  const port = await freePort();
  const bin = path.join(dir, 'floor-frame.bin');
  const header = path.join(dir, 'floor-frame.json');
  writeFileSync(bin, frame.data as Uint8Array);
  writeFileSync(header, JSON.stringify({ ...frame, data: null }));
  const script = `
    const { createRequire } = require('node:module');
    const fs = require('node:fs');
    const req = createRequire(${JSON.stringify(serverRequire.resolve('socket.io'))});
    const { Server } = req('socket.io');
    const frame = { ...JSON.parse(fs.readFileSync(${JSON.stringify(header)}, 'utf8')), data: fs.readFileSync(${JSON.stringify(bin)}) };
    const io = new Server(${port}, { transports: ['websocket'] });
    io.of('/ops').on('connection', (socket) => socket.emit('devices:snapshot', frame));
    console.log('ready');
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`floor server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/ops`, stop: () => child.kill('SIGTERM'), pid: child.pid! };
}

/** GET /api/devices for the whole fleet, asked again after a 500 (seen under a loaded 10k poll). */
async function listDevices(c: ConsoleHandle, cookie: string): Promise<{ items: { id: string }[] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await http(`${c.url}/api/devices?limit=10000`, { headers: { cookie } }, 60_000);
      return (await response.json()) as { items: { id: string }[] };
    } catch (err) {
      if (attempt >= 5) {
        throw err;
      }
      log(`listing the devices failed (${(err as Error).message.slice(0, 120)}); again`);
      await sleep(2_000 * attempt);
    }
  }
}

function stormReport(results: ClientResult[], wallMs: number) {
  const served = results.filter((r) => r.ms !== undefined);
  const times = summarise(served.map((r) => r.ms!));
  return {
    clients: results.length,
    served: served.length,
    refused: results.length - served.length,
    refusals: [...new Set(results.flatMap((r) => (r.refused ? [r.refused] : [])))].slice(0, 3),
    retriedAfterUnavailable: results.reduce((sum, r) => sum + r.retries, 0),
    toSnapshotMs: { p50: Math.round(times.p50), p99: Math.round(times.p99), max: Math.round(times.max) },
    wallMs: Math.round(wallMs),
  };
}

async function main(): Promise<void> {
  guardProcess(60 * 60_000);

  const scratch = await createScratch('feed');
  const lab = await startLab(RADIOS, FIRST_ADDRESS);
  log(`lab: ${lab.radios.length} radios`);
  const c = await startConsole(scratch, { POLL_INTERVAL_MS: String(POLL_INTERVAL_MS) });
  const cookie = await apiSignIn(c);
  log(`signing in ${CLIENTS} sessions`);
  const cookies = await signInMany(c, CLIENTS);
  await importFleet(c, cookie, lab.radios);
  // On a loaded machine one listing may fail (a 500 from a pool wait): ask again, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await waitAllPolled(c, cookie, lab.radios.length);
      break;
    } catch (err) {
      if (attempt >= 5 || c.child.process.exitCode !== null) {
        throw err;
      }
      log(`waiting for the first polls failed (${(err as Error).message.slice(0, 200)}); again`);
      log(c.child.tail().slice(-1500));
      await sleep(5_000);
    }
  }
  const N = lab.radios.length;
  log(`all ${N} polled once`);

  // 1. Bytes: one client's snapshot, decoded, against the old form of the same rows.
  const one = await storm(`${c.url}/ops`, [cookie], 1);
  one.sockets.forEach((s) => s.disconnect());
  const frame = one.results[0]!.frame!;
  const snapshot = decode(frame);
  const inventory = await listDevices(c, cookie);
  const inventoryIds = new Set(inventory.items.map((d) => d.id));
  const ghosts = snapshot.devices.filter((d) => !inventoryIds.has(d.id)).length;
  const missing = inventoryIds.size - snapshot.devices.filter((d) => inventoryIds.has(d.id)).length;
  const oldText = `42/ops,${JSON.stringify(['devices:snapshot', snapshot])}`;
  const oldBytes = Buffer.byteLength(oldText);
  const t = performance.now();
  const deflated = deflateRawSync(oldText).length;
  const deflateMs = performance.now() - t;
  const wire = wireBytes(frame);
  const bytesLoad = load();
  log(`snapshot ${round(wire.total / 1e6, 3)} MB on the wire (old form ${round(oldBytes / 1e6, 2)} MB)`);

  // 2. The storm, once the console polls at its steady rate.
  log(`settling ${SETTLE_MS / 1000} s before the storm`);
  await sleep(SETTLE_MS);
  const rssBefore: number[] = [];
  for (let i = 0; i < 5; i++) {
    rssBefore.push(rssKB(c.child.pid));
    await sleep(200);
  }
  const baseKB = rssBefore.sort((a, b) => a - b)[2]!;
  let peakKB = baseKB;
  const m0 = await metrics(c, cookie);
  const stormLoadBefore = load();
  const run = await storm(`${c.url}/ops`, cookies, CLIENTS, () => {
    peakKB = Math.max(peakKB, rssKB(c.child.pid));
  });
  const stormLoadAfter = load();
  peakKB = Math.max(peakKB, rssKB(c.child.pid));
  const m1 = await metrics(c, cookie);
  const counts = new Set(run.results.flatMap((r) => (r.frame ? [r.frame.count] : [])));
  run.sockets.forEach((s) => s.disconnect());
  const stormFeed = stormReport(run.results, run.wallMs);
  log(
    `storm: p50 ${stormFeed.toSnapshotMs.p50} ms, p99 ${stormFeed.toSnapshotMs.p99} ms, refused ${stormFeed.refused}`,
  );

  // 3. The floor: the same bytes from a bare Socket.IO server to as many clients at once.
  await sleep(3_000);
  const floor = await startFloor(frame, scratch.dataDir);
  onCleanup('floor', () => Promise.resolve(floor.stop()));
  const floorBaseKB = rssKB(floor.pid);
  let floorPeakKB = floorBaseKB;
  const floorLoadBefore = load();
  const floorRun = await storm(floor.url, [''], CLIENTS, () => {
    floorPeakKB = Math.max(floorPeakKB, rssKB(floor.pid));
  });
  const floorLoadAfter = load();
  floorRun.sockets.forEach((s) => s.disconnect());
  floor.stop();
  const floorReport = stormReport(floorRun.results, floorRun.wallMs);

  const addedMB = round((peakKB - baseKB) / 1024, 1);
  printReport({
    bench: 'feed',
    radios: N,
    clients: CLIENTS,
    settleS: SETTLE_MS / 1000,
    snapshot: {
      encoding: frame.encoding,
      devices: snapshot.devices.length,
      inventory: inventoryIds.size,
      ghostDevices: ghosts,
      missingDevices: missing,
      wireMB: round(wire.total / 1e6, 3),
      wireBytes: wire,
      columnarJsonMB: round((m1.get('wsnoc_feed_snapshot_json_bytes') ?? Number.NaN) / 1e6, 3),
      oldFormMB: round(oldBytes / 1e6, 3),
      ratio: round(oldBytes / wire.total, 1),
      permessageDeflateOfOldFormMB: round(deflated / 1e6, 3),
      permessageDeflateMsPerClient: round(deflateMs, 1),
      buildMs: m1.get('wsnoc_feed_snapshot_build_ms'),
      load: bytesLoad,
    },
    storm: {
      ...stormFeed,
      snapshotDeviceCounts: [...counts],
      consoleRssMB: { before: round(baseKB / 1024, 1), peak: round(peakKB / 1024, 1), added: addedMB },
      snapshotsBuilt:
        (m1.get('wsnoc_feed_snapshot_builds') ?? 0) - (m0.get('wsnoc_feed_snapshot_builds') ?? 0),
      snapshotsServed:
        (m1.get('wsnoc_feed_snapshot_served') ?? 0) - (m0.get('wsnoc_feed_snapshot_served') ?? 0),
      framesReplayed:
        (m1.get('wsnoc_feed_snapshot_replayed_frames') ?? 0) -
        (m0.get('wsnoc_feed_snapshot_replayed_frames') ?? 0),
      refusedUnavailableByServer: (m1.get('refusedUnavailable') ?? 0) - (m0.get('refusedUnavailable') ?? 0),
      load: { before: stormLoadBefore, after: stormLoadAfter },
    },
    floor: {
      what: 'the same snapshot bytes from a bare Socket.IO server (child process) to as many clients at once',
      ...floorReport,
      serverRssMB: { before: round(floorBaseKB / 1024, 1), peak: round(floorPeakKB / 1024, 1) },
      p99OverFloor: round(stormFeed.toSnapshotMs.p99 / Math.max(1, floorReport.toSnapshotMs.p99), 2),
      load: { before: floorLoadBefore, after: floorLoadAfter },
    },
    targets: {
      ...TARGET,
      wireOk: wire.total / 1e6 <= TARGET.wireMB,
      allServed: stormFeed.refused === 0,
      p99Ok: stormFeed.toSnapshotMs.p99 <= TARGET.p99Ms,
      memoryOk: addedMB <= TARGET.addedRssMB,
    },
  });
  await cleanup();
}

runBench(main);
