// Fixtures for the wall's specs: a store on a fake socket, and the frames a server would send.
import type { Incident, WallCounts, WallPoint, WallSnapshot, WallStation } from '@wsnoc/shared';
import { FakeOpsSocket } from '@/test/fake-ops-socket';
import { createWallStore, type WallSocket, type WallStore } from './wall.store';

export function wallOnFakeSocket(options: { retryMinMs?: number } = {}): {
  socket: FakeOpsSocket;
  store: WallStore;
} {
  const socket = new FakeOpsSocket();
  const store = createWallStore({
    createSocket: () => socket as unknown as WallSocket,
    retryMinMs: options.retryMinMs ?? 1_000,
  });
  return { socket, store };
}

export const COUNTS: WallCounts = { total: 3, up: 2, degraded: 1, muted: 0, unreachable: 0, unknown: 0 };

export function point(id: string, patch: Partial<WallPoint> = {}): WallPoint {
  return { id, name: id, role: 'cpe', status: 'up', lat: 57, lon: -5, ...patch };
}

export function snapshot(points: WallPoint[] = [point('a'), point('b')]): WallSnapshot {
  return { at: new Date().toISOString(), counts: COUNTS, points, worst: [] };
}

export function hello(panels: string[] = ['counts'], rotateSeconds = 10) {
  return {
    serverTime: new Date().toISOString(),
    version: 'test',
    display: { id: 'd1', name: 'Ops room', sites: ['Alpha'], panels, rotateSeconds },
  };
}

export function incident(id: string, patch: Partial<Incident> = {}): Incident {
  return {
    id: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
    ruleId: 'rule-1',
    ruleName: 'Base station unreachable',
    kind: 'absence',
    severity: 'major',
    state: 'open',
    scope: { type: 'device', deviceId: `dev-${id}` },
    title: `Incident ${id}`,
    summary: 'not answering polls',
    deviceId: `dev-${id}`,
    deviceName: `bs-${id}`,
    site: 'Alpha',
    affectedCount: 1,
    suppressedCount: 0,
    flapCount: 0,
    openedAt: new Date(Date.now() - 60_000).toISOString(),
    updatedAt: new Date().toISOString(),
    ...patch,
  };
}

export function station(id: string, patch: Partial<WallStation> = {}): WallStation {
  return {
    id,
    name: id,
    site: 'Alpha',
    phase: 'granted',
    channel: 31,
    eirpDbm: 36,
    grantUntil: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    muteAt: new Date(Date.now() + 600_000).toISOString(),
    alarm: null,
    ...patch,
  };
}
