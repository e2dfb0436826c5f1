import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectionStore, type ConnectionStore } from '@/modules/connection/connection.store';
import { FakeOpsSocket } from '@/test/fake-ops-socket';
import { delta, device, gzippedSnapshot, snapshot } from '@/test/fleet-fixtures';
import { createFleetStore, type FleetStore } from './fleet.store';

describe('createFleetStore', () => {
  let socket: FakeOpsSocket;
  let connection: ConnectionStore;
  let fleet: FleetStore;
  let release: () => void;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
    socket = new FakeOpsSocket();
    connection = createConnectionStore({ createSocket: () => socket.asOpsSocket(), releaseGraceMs: 0 });
    fleet = createFleetStore({ connection, resyncRetryMs: 1_000 });
    release = connection.acquire();
    socket.serverConnects();
  });
  afterEach(() => {
    fleet.dispose();
    vi.useRealTimers();
  });

  const resyncs = () =>
    socket.emitted.filter((sent) => sent.event === 'devices:resync').map((sent) => sent.args[0]);

  it('takes the snapshot, then applies deltas in seq order', () => {
    socket.serverEmits('devices:snapshot', snapshot(10, [device({ id: 'a' }), device({ id: 'b' })]));
    socket.serverEmits('devices:delta', delta(11, [{ id: 'a', snrDb: 12 }]));
    socket.serverEmits(
      'devices:delta',
      delta(12, [
        { id: 'a', snrDb: 8 },
        { id: 'b', status: 'degraded' },
      ]),
    );

    const state = fleet.getState();
    expect(state.phase).toBe('synced');
    expect(state.seq).toBe(12);
    expect(state.devices.get('a')?.snrDb).toBe(8);
    expect(state.devices.get('b')?.status).toBe('degraded');
    expect([...state.changedIds].sort()).toEqual(['a', 'b']);
    expect(state.lastFrameAt).toBe(Date.now());
  });

  it('ignores deltas before the first snapshot and duplicates after it', () => {
    socket.serverEmits('devices:delta', delta(3, [{ id: 'a', snrDb: 1 }]));
    expect(fleet.getState().devices.size).toBe(0);

    socket.serverEmits('devices:snapshot', snapshot(5, [device({ id: 'a', snrDb: 20 })]));
    socket.serverEmits('devices:delta', delta(5, [{ id: 'a', snrDb: 1 }]));
    expect(fleet.getState().devices.get('a')?.snrDb).toBe(20);
    expect(resyncs()).toEqual([]);
  });

  it('asks for a resync on a seq gap and ignores deltas until the next snapshot', () => {
    socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'a', snrDb: 20 })]));
    socket.serverEmits('devices:delta', delta(3, [{ id: 'a', snrDb: 5 }]));

    expect(resyncs()).toEqual([{ reason: 'gap' }]);
    expect(fleet.getState().phase).toBe('resyncing');
    socket.serverEmits('devices:delta', delta(4, [{ id: 'a', snrDb: 6 }]));
    expect(fleet.getState().devices.get('a')?.snrDb).toBe(20);

    socket.serverEmits('devices:snapshot', snapshot(4, [device({ id: 'a', snrDb: 6 })]));
    socket.serverEmits('devices:delta', delta(5, [{ id: 'a', snrDb: 7 }]));
    expect(fleet.getState().phase).toBe('synced');
    expect(fleet.getState().devices.get('a')?.snrDb).toBe(7);
  });

  it('asks again when the requested snapshot does not come', () => {
    socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'a' })]));
    socket.serverEmits('devices:delta', delta(9, []));
    vi.advanceTimersByTime(1_000);
    expect(resyncs()).toEqual([{ reason: 'gap' }, { reason: 'gap' }]);
  });

  it('resyncs after a reconnect and drops rows the new snapshot no longer has', () => {
    socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'a' }), device({ id: 'gone' })]));
    socket.drop();
    socket.serverConnects();

    expect(resyncs()).toEqual([{ reason: 'reconnect' }]);
    expect(fleet.getState().phase).toBe('resyncing');
    socket.serverEmits('devices:delta', delta(2, [{ id: 'a', snrDb: 3 }]));
    expect(fleet.getState().devices.get('a')?.snrDb).toBe(25);

    socket.serverEmits('devices:snapshot', snapshot(40, [device({ id: 'a', snrDb: 9 })]));
    expect(fleet.getState().phase).toBe('synced');
    expect([...fleet.getState().devices.keys()]).toEqual(['a']);
  });

  it('keeps the identity of rows that did not change, across deltas and snapshots', () => {
    socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'a' }), device({ id: 'b' })]));
    const before = fleet.getState().devices;
    socket.serverEmits(
      'devices:delta',
      delta(2, [
        { id: 'a', snrDb: 3 },
        { id: 'b', snrDb: 25 },
      ]),
    );
    const after = fleet.getState().devices;

    expect(after.get('a')).not.toBe(before.get('a'));
    expect(after.get('b')).toBe(before.get('b'));
    expect([...fleet.getState().changedIds]).toEqual(['a']);

    socket.serverEmits('devices:snapshot', snapshot(3, [device({ id: 'a', snrDb: 3 }), device({ id: 'b' })]));
    expect(fleet.getState().devices.get('a')).toBe(after.get('a'));
    expect(fleet.getState().devices.get('b')).toBe(before.get('b'));
    expect(fleet.getState().changedIds.size).toBe(0);
  });

  it('records status transitions newest first and the frame that last changed a row', () => {
    socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'a' }), device({ id: 'b' })]));
    socket.serverEmits(
      'devices:delta',
      delta(2, [{ id: 'a', status: 'unreachable', since: '2025-01-01T00:01:00.000Z' }]),
    );
    socket.serverEmits('devices:delta', delta(3, [{ id: 'b', status: 'degraded' }]));

    const { transitions, version } = fleet.getState();
    expect(transitions.map((t) => [t.id, t.from, t.to])).toEqual([
      ['b', 'up', 'degraded'],
      ['a', 'up', 'unreachable'],
    ]);
    expect(fleet.changedVersion('b')).toBe(version);
    expect(fleet.changedVersion('a')).toBe(version - 1);
  });

  it('applies removals and new devices carried whole in a delta', () => {
    socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'a' })]));
    socket.serverEmits('devices:delta', delta(2, [device({ id: 'new' })], ['a']));
    expect([...fleet.getState().devices.keys()]).toEqual(['new']);
  });

  it('notifies subscribers once per frame and forgets the fleet on sign-out', () => {
    const listener = vi.fn();
    fleet.subscribe(listener);
    socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'a' }), device({ id: 'b' })]));
    socket.serverEmits(
      'devices:delta',
      delta(2, [
        { id: 'a', snrDb: 1 },
        { id: 'b', snrDb: 2 },
      ]),
    );
    expect(listener).toHaveBeenCalledTimes(2);

    const list = fleet.getList();
    expect(fleet.getList()).toBe(list);

    release();
    vi.advanceTimersByTime(10);
    expect(connection.getState().status).toBe('idle');
    expect(fleet.getState().devices.size).toBe(0);
    expect(fleet.getState().phase).toBe('waiting');
  });

  describe('a gzipped snapshot (a large fleet)', () => {
    beforeEach(() => {
      vi.useRealTimers(); // the browser's DecompressionStream runs on real turns of the event loop
    });

    it('decodes to exactly the devices it holds: none of an earlier picture stays', async () => {
      socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'ghost' }), device({ id: 'a' })]));
      const big = Array.from({ length: 500 }, (_, i) =>
        device({
          id: `d${i}`,
          snrDb: i / 4,
          tags: i % 3 ? ['north'] : [],
          lastError: i % 7 ? null : 'timeout',
        }),
      );
      socket.serverEmits('devices:snapshot', await gzippedSnapshot(9, big));
      await vi.waitFor(() => expect(fleet.getState().seq).toBe(9));
      const { devices } = fleet.getState();
      expect([...devices.keys()]).toEqual(big.map((d) => d.id));
      expect([...devices.values()]).toEqual(big);
      expect(fleet.getState().phase).toBe('synced');
    });

    it('holds the deltas that arrive while it is unpacked and applies them after it, in order', async () => {
      socket.serverEmits('devices:snapshot', await gzippedSnapshot(20, [device({ id: 'a', snrDb: 5 })]));
      // The frames the server replays after a shared snapshot, here before the unpacking finished.
      socket.serverEmits('devices:delta', delta(20, [{ id: 'a', snrDb: 99 }]));
      socket.serverEmits('devices:delta', delta(21, [{ id: 'a', snrDb: 6 }]));
      socket.serverEmits('devices:delta', delta(22, [device({ id: 'b' })]));
      await vi.waitFor(() => expect(fleet.getState().seq).toBe(22));
      expect(fleet.getState().devices.get('a')?.snrDb).toBe(6);
      expect(fleet.getState().devices.has('b')).toBe(true);
      expect(resyncs()).toEqual([]);
    });

    it('drops an unpacking overtaken by a newer snapshot', async () => {
      socket.serverEmits('devices:snapshot', await gzippedSnapshot(3, [device({ id: 'old' })]));
      socket.serverEmits('devices:snapshot', snapshot(4, [device({ id: 'new' })]));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect([...fleet.getState().devices.keys()]).toEqual(['new']);
      expect(fleet.getState().seq).toBe(4);
    });

    it('asks again when the bytes are not gzip', async () => {
      socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'a' })]));
      const frame = await gzippedSnapshot(2, [device({ id: 'a' })]);
      socket.serverEmits('devices:snapshot', { ...frame, data: new Uint8Array([1, 2, 3]).buffer });
      await vi.waitFor(() => expect(resyncs()).toEqual([{ reason: 'gap' }]));
      expect(fleet.getState().phase).toBe('resyncing');
    });
  });
});
