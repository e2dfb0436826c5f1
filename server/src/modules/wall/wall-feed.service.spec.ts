import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '@/infra/config/config.js';
import type { LiveStateService } from '@/modules/state/live-state.service.js';
import { WALL_FRAME_MS, WallFeedService } from './wall-feed.service.js';

describe(WallFeedService.name, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs its frame timer only while some display has screens here', async () => {
    vi.useFakeTimers();
    const live = { onChanges: () => () => undefined, all: () => [], get: () => undefined };
    const config = { env: { WALL_HEARTBEAT_MS: 10_000 } } as unknown as AppConfig;
    const wall = new WallFeedService(live as unknown as LiveStateService, config);
    const updates: string[] = [];
    wall.setSink((displayId) => updates.push(displayId));
    wall.onModuleInit();
    // no wall: nothing armed (a 1 s setInterval woke every console, wall or not)
    expect(vi.getTimerCount()).toBe(0);

    wall.snapshot('lobby', []);
    wall.snapshot('noc', ['north']);
    expect(vi.getTimerCount()).toBe(1);
    // the heartbeat still reaches a display whose scope is quiet
    await vi.advanceTimersByTimeAsync(10_000 + WALL_FRAME_MS);
    expect(updates).toContain('lobby');
    wall.forget('lobby');
    expect(vi.getTimerCount()).toBe(1);
    wall.forget('noc');
    expect(vi.getTimerCount()).toBe(0);
    wall.onApplicationShutdown();
  });
});
