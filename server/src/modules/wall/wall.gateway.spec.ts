import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { strictMock } from '../../../test/strict-mock.js';
import type { WallDisplayEntity } from './wall-display.entity.js';
import type { WallDisplayService } from './wall-display.service.js';
import type { WallFeedService } from './wall-feed.service.js';
import type { WallPanelsLists, WallPanelsService } from './wall-panels.service.js';
import { type WallSocket, WallGateway } from './wall.gateway.js';

const DISPLAY = {
  id: 'd1',
  name: 'ops room',
  sites: ['Alpha'],
  panels: ['incidents', 'spectrum'],
  rotateSeconds: 20,
  updatedAt: new Date(),
} as unknown as WallDisplayEntity;

const LISTS: WallPanelsLists = {
  incidents: { at: new Date().toISOString(), incidents: [], truncated: false },
  spectrum: { at: new Date().toISOString(), enabled: true, stations: [] },
};

/** A connected screen of DISPLAY that records what it is sent. */
function fakeSocket() {
  const sent: string[] = [];
  const socket = {
    id: 's1',
    connected: true,
    data: { display: DISPLAY },
    conn: { on: () => undefined, off: () => undefined },
    emit: (event: string) => sent.push(event),
    join: () => undefined,
    on: () => undefined,
    onAny: () => undefined,
  };
  return { socket, sent };
}

describe(WallGateway.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function gateway(follow: WallPanelsService['follow']) {
    const panels = strictMock<WallPanelsService>('WallPanelsService', { follow });
    const feed = strictMock<WallFeedService>('WallFeedService', {
      snapshot: () => ({
        at: new Date().toISOString(),
        counts: { total: 0, up: 0, degraded: 0, muted: 0, unreachable: 0, unknown: 0 },
        points: [],
        worst: [],
      }),
    });
    const config = { env: { WALL_MAX_SOCKETS_PER_DISPLAY: 4 }, version: 'test' } as unknown as AppConfig;
    const logger = strictMock<AppLogger>('AppLogger', { debug: () => undefined, warn: () => undefined });
    return new WallGateway(
      strictMock<WallDisplayService>('WallDisplayService'),
      feed,
      panels,
      config,
      logger,
    );
  }

  describe('handleConnection', () => {
    it('reads the incidents and spectrum lists again when Postgres could not answer, until they go out', async () => {
      const follow = vi
        .fn<WallPanelsService['follow']>()
        .mockRejectedValueOnce(new Error('connection terminated'))
        .mockResolvedValue(LISTS);
      const { socket, sent } = fakeSocket();
      gateway(follow).handleConnection(socket as unknown as WallSocket);
      await vi.advanceTimersByTimeAsync(0);
      expect(sent).toEqual(['wall:hello', 'wall:snapshot']);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(follow).toHaveBeenCalledTimes(2);
      expect(sent).toEqual(['wall:hello', 'wall:snapshot', 'wall:open-incidents', 'wall:spectrum']);
    });

    it('stops trying once the screen has gone', async () => {
      const follow = vi
        .fn<WallPanelsService['follow']>()
        .mockRejectedValue(new Error('connection terminated'));
      const { socket } = fakeSocket();
      gateway(follow).handleConnection(socket as unknown as WallSocket);
      await vi.advanceTimersByTimeAsync(0);
      socket.connected = false;
      await vi.advanceTimersByTimeAsync(60_000);
      expect(follow).toHaveBeenCalledTimes(1);
    });
  });
});
