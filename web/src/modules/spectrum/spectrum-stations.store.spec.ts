import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SpectrumStationList } from '@wsnoc/shared';
import { createConnectionStore, type ConnectionStore } from '@/modules/connection/connection.store';
import { FakeOpsSocket } from '@/test/fake-ops-socket';
import { spectrumStation, stationList } from '@/test/spectrum-fixtures';
import { createSpectrumStore, type SpectrumStore } from './spectrum-stations.store';

const A = spectrumStation({ deviceId: 'a', name: 'bs-a' });
const B = spectrumStation({ deviceId: 'b', name: 'bs-b' });

describe(createSpectrumStore.name, () => {
  let socket: FakeOpsSocket;
  let connection: ConnectionStore;
  let answers: { resolve: (list: SpectrumStationList) => void; reject: (error: Error) => void }[];
  let store: SpectrumStore;
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeOpsSocket();
    connection = createConnectionStore({ createSocket: () => socket.asOpsSocket(), releaseGraceMs: 0 });
    connection.acquire();
    socket.serverConnects();
    answers = [];
    store = createSpectrumStore({
      connection,
      load: () => new Promise((resolve, reject) => answers.push({ resolve, reject })),
      refreshMs: 60_000,
    });
    stop = store.start();
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  const answer = async (list: SpectrumStationList): Promise<void> => {
    answers.shift()?.resolve(list);
    await vi.advanceTimersByTimeAsync(0);
  };

  it('keeps a feed row that arrived while the list was on its way: it is the newer one', async () => {
    socket.serverEmits('spectrum:stations', { stations: [{ ...A, phase: 'muted' }] });
    await answer(stationList([A, B]));
    expect(store.getState().status).toBe('ready');
    expect(store.getState().stations.get('a')?.phase).toBe('muted');
    expect(store.getList().map((s) => s.name)).toEqual(['bs-a', 'bs-b']);
  });

  it('keeps the object of a station an event did not change, and names the touched ones', async () => {
    await answer(stationList([A, B]));
    const before = store.getState().stations;
    socket.serverEmits('spectrum:stations', { stations: [{ ...B }, { ...A, alarm: 'mute failed' }] });
    const after = store.getState();
    expect(after.stations.get('b')).toBe(before.get('b'));
    expect(after.stations.get('a')?.alarm).toBe('mute failed');
    expect([...(after.touch.ids ?? [])].sort()).toEqual(['a', 'b']);
    expect(store.touchedSeq('a')).toBe(after.touch.seq);
  });

  it('adds a station new to management in name order', async () => {
    await answer(stationList([B]));
    socket.serverEmits('spectrum:stations', { stations: [A] });
    expect(store.getList().map((s) => s.name)).toEqual(['bs-a', 'bs-b']);
  });

  it('reads the list again after a reconnect, and every minute for stations removed meanwhile', async () => {
    await answer(stationList([A, B]));
    socket.drop();
    socket.serverConnects();
    expect(answers).toHaveLength(1);
    await answer(stationList([A]));
    expect([...store.getState().stations.keys()]).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(answers).toHaveLength(1);
  });

  it('shows an error for a first load that fails, but keeps the stations when a refresh fails', async () => {
    answers.shift()?.reject(new Error('Cannot reach the wsnoc server.'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toBe('Cannot reach the wsnoc server.');

    store.reload();
    await answer(stationList([A]));
    store.reload();
    answers.shift()?.reject(new Error('The server answered 500'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('ready');
    expect(store.getState().stations.size).toBe(1);
    expect(store.getState().error).toBe('The server answered 500');
  });
});
