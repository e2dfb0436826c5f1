// The shared snapshot's bookkeeping, on a real FeedService over a small in-memory live state: which
// snapshot a client gets, and that the frames since it make up exactly what it missed.
import { gunzipSync } from 'node:zlib';
import { decodeSnapshotFrame, type DeviceChange, type DeviceLive, type FeedDelta } from '@wsnoc/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '@/infra/config/config.js';
import type { LiveStateService } from '@/modules/state/live-state.service.js';
import { FeedSnapshotCache, MAX_REPLAY } from './feed-snapshot.cache.js';
import { FeedService, FRAME_MS } from './feed.service.js';

type Listener = (changes: DeviceChange[], removed: string[]) => void;

/** The two calls FeedService makes of the live state, over a map. */
class Live {
  readonly rows = new Map<string, DeviceLive>();
  private readonly listeners = new Set<Listener>();
  all = (): DeviceLive[] => [...this.rows.values()];
  onChanges = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  change(change: DeviceChange): void {
    this.rows.set(change.id, { ...this.rows.get(change.id)!, ...change });
    this.listeners.forEach((listener) => listener([change], []));
  }
  remove(id: string): void {
    this.rows.delete(id);
    this.listeners.forEach((listener) => listener([], [id]));
  }
}

const row = (id: string): DeviceLive => ({
  id,
  name: id,
  role: 'cpe',
  status: 'up',
  since: '2026-01-01T00:00:00.000Z',
  lastPollAt: '2026-01-01T00:00:00.000Z',
  lastError: null,
  site: 'north',
  tags: [],
  parentId: null,
  lat: null,
  lon: null,
  channel: 30,
  txPowerDbm: 20,
  transmitting: true,
  temperatureC: 30,
  uptimeSec: 1,
  snrDb: 20,
  rssiDbm: -60,
  throughputMbps: 5,
  clientsUp: null,
  clientsTotal: null,
});

function setup(gzipMinBytes = 0) {
  const live = new Live();
  ['a', 'b', 'c'].forEach((id) => live.rows.set(id, row(id)));
  const feed = new FeedService(live as unknown as LiveStateService);
  feed.onModuleInit();
  feed['frames'].request = () => undefined; // the test sends frames itself (flush)
  const config = { env: { FEED_SNAPSHOT_GZIP_MIN_BYTES: gzipMinBytes } } as unknown as AppConfig;
  const cache = new FeedSnapshotCache(feed, config);
  const take = async () => {
    let got: { seq: number; devices: DeviceLive[]; since: FeedDelta[] } | undefined;
    await cache.serve((built, since) => {
      const { frame } = built;
      const snapshot =
        frame.encoding === 'columnar+gzip'
          ? decodeSnapshotFrame(frame, gunzipSync(frame.data as Uint8Array).toString())
          : decodeSnapshotFrame(frame);
      got = { seq: snapshot.seq, devices: snapshot.devices, since };
    });
    return got!;
  };
  return { live, feed, cache, take };
}

/** The client's picture: the snapshot with the frames since it applied in order. */
function apply(got: { seq: number; devices: DeviceLive[]; since: FeedDelta[] }): Map<string, DeviceLive> {
  const rows = new Map(got.devices.map((d) => [d.id, d]));
  let seq = got.seq;
  for (const frame of got.since) {
    expect(frame.seq).toBe(++seq);
    frame.changes.forEach((c) => rows.set(c.id, { ...rows.get(c.id)!, ...c }));
    frame.removed.forEach((id) => rows.delete(id));
  }
  return rows;
}

describe('FeedSnapshotCache', () => {
  it('encodes once for every client of the same version', async () => {
    const { cache, take } = setup();
    const [x, y, z] = [await take(), await take(), await take()];
    expect(cache.stats.builds).toBe(1);
    expect(cache.stats.served).toBe(3);
    expect([x.seq, y.seq, z.seq]).toEqual([0, 0, 0]);
    expect(x.devices.map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });

  it('shares a snapshot a few frames old with the frames since it, which bring it up to date', async () => {
    const { live, feed, cache, take } = setup();
    await take();
    live.change({ id: 'a', snrDb: 3 });
    feed.flush();
    live.remove('b');
    feed.flush();
    // A change after the last frame: in no snapshot yet, and in the next frame.
    live.change({ id: 'c', name: 'renamed' });
    const got = await take();
    expect(cache.stats.builds).toBe(1);
    expect(got.seq).toBe(0);
    expect(got.since.map((f) => f.seq)).toEqual([1, 2]);
    const picture = apply(got);
    expect(picture.get('a')!.snrDb).toBe(3);
    expect(picture.has('b')).toBe(false);
    expect(picture.get('c')!.name).toBe('c');
    // The client joined the room in the same turn, so the next frame reaches it with the rename.
    feed.flush();
    const next = feed.framesSince(2)!;
    expect(next).toHaveLength(1);
    expect(next[0]!.changes).toEqual([{ id: 'c', name: 'renamed' }]);
    expect(apply({ ...got, since: [...got.since, ...next] }).get('c')!.name).toBe('renamed');
  });

  it('builds a new snapshot once the shared one is more than MAX_REPLAY frames old', async () => {
    const { live, feed, cache, take } = setup();
    await take();
    for (let i = 0; i <= MAX_REPLAY; i++) {
      live.change({ id: 'a', uptimeSec: i + 100 });
      feed.flush();
    }
    const got = await take();
    expect(cache.stats.builds).toBe(2);
    expect(got.seq).toBe(MAX_REPLAY + 1);
    expect(got.since).toEqual([]);
    expect(apply(got).get('a')!.uptimeSec).toBe(MAX_REPLAY + 100);
  });

  it('serves every client waiting on a slow build with it, however many frames went out meanwhile', async () => {
    const { live, feed, cache, take } = setup(0); // gzipped: the build finishes on a later turn
    const waiting = [take(), take(), take()];
    for (let i = 0; i < MAX_REPLAY + 4; i++) {
      live.change({ id: 'b', uptimeSec: i + 1 });
      feed.flush();
    }
    const got = await Promise.all(waiting);
    expect(cache.stats.builds).toBe(1);
    for (const one of got) {
      expect(one.seq).toBe(0);
      expect(one.since).toHaveLength(MAX_REPLAY + 4);
      expect(apply(one).get('b')!.uptimeSec).toBe(MAX_REPLAY + 4);
    }
  });

  it('holds exactly the live rows: no device removed before the build, none missing', async () => {
    const { live, take } = setup();
    live.remove('a');
    live.rows.set('d', row('d'));
    const got = await take();
    expect(got.devices.map((d) => d.id).sort()).toEqual(['b', 'c', 'd']);
  });

  it('sends a small fleet as plain columns, a large one gzipped', async () => {
    const small = setup(1_000_000);
    let encoding = '';
    await small.cache.serve((built) => (encoding = built.frame.encoding));
    expect(encoding).toBe('columnar');
    const large = setup(0);
    await large.cache.serve((built) => (encoding = built.frame.encoding));
    expect(encoding).toBe('columnar+gzip');
    expect(large.cache.stats.lastBytes).toBeLessThan(large.cache.stats.lastJsonBytes);
  });
});

describe('FeedService frames', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a frame FRAME_MS after the first change it holds, and sleeps while nothing changes', async () => {
    vi.useFakeTimers();
    const live = new Live();
    ['a', 'b'].forEach((id) => live.rows.set(id, row(id)));
    const feed = new FeedService(live as unknown as LiveStateService);
    const frames: FeedDelta[] = [];
    feed.setSink((frame) => frames.push(frame));
    feed.onModuleInit();
    // a quiet fleet arms nothing (a 250 ms setInterval woke an idle console four times a second)
    await vi.advanceTimersByTimeAsync(10_000);
    expect(vi.getTimerCount()).toBe(0);
    expect(frames).toEqual([]);

    live.change({ id: 'a', snrDb: 11 });
    await vi.advanceTimersByTimeAsync(FRAME_MS - 100);
    live.change({ id: 'b', snrDb: 12 });
    live.change({ id: 'a', snrDb: 13 });
    expect(frames).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    // one frame for everything gathered, each device's changes merged
    expect(frames.map((f) => ({ seq: f.seq, changes: f.changes }))).toEqual([
      {
        seq: 1,
        changes: [
          { id: 'a', snrDb: 13 },
          { id: 'b', snrDb: 12 },
        ],
      },
    ]);
    expect(vi.getTimerCount()).toBe(0);
    feed.onApplicationShutdown();
  });
});
