import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hello, snapshot, wallOnFakeSocket } from './wall-test-fixtures';
import { WallView } from './wall-page';

describe('WallView', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-06-01T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function live(panels = ['counts', 'worst-links'], rotateSeconds = 10) {
    const wall = wallOnFakeSocket();
    wall.store.start();
    render(<WallView store={wall.store} />);
    act(() => {
      wall.socket.serverConnects();
      wall.socket.serverEmits('wall:hello', hello(panels, rotateSeconds));
      wall.socket.serverEmits('wall:snapshot', snapshot());
    });
    return wall;
  }

  it('shows the counts with no banner while the feed is live', () => {
    live();
    expect(screen.getByTestId('wall-name')).toHaveProperty('textContent', 'Ops room');
    expect(screen.getByTestId('wall-count-total').textContent).toBe('3');
    expect(screen.queryByTestId('wall-stale')).toBeNull();
  });

  it('says plainly how old the data is while the feed is down', () => {
    const { socket } = live();
    act(() => socket.drop('transport close'));
    act(() => {
      vi.advanceTimersByTime(2 * 60_000 + 5_000);
    });
    expect(screen.getByTestId('wall-stale').textContent).toBe('Data 2 min old — reconnecting');
    // Still showing the last data it had.
    expect(screen.getByTestId('wall-count-total').textContent).toBe('3');
  });

  it('says so too when connected but nothing has come for a while', () => {
    live();
    act(() => {
      vi.advanceTimersByTime(45_000);
    });
    expect(screen.getByTestId('wall-stale').textContent).toBe('Data 45 s old — waiting for the feed');
  });

  it('rotates through the configured panels', () => {
    live(['counts', 'worst-links'], 10);
    expect(screen.getByTestId('wall-panel-counts')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(screen.queryByTestId('wall-panel-counts')).toBeNull();
    expect(screen.getByTestId('wall-panel-worst-links')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(screen.getByTestId('wall-panel-counts')).toBeTruthy();
  });

  it('follows a new configuration from the server', () => {
    const { socket } = live(['counts']);
    act(() =>
      socket.serverEmits('wall:config', { ...hello().display, name: 'Renamed', panels: ['worst-links'] }),
    );
    expect(screen.getByTestId('wall-name').textContent).toBe('Renamed');
    expect(screen.getByTestId('wall-panel-worst-links')).toBeTruthy();
  });

  it('shows a clear revoked screen when the token is revoked', () => {
    const { socket } = live();
    act(() => socket.serverEmits('wall:ended', { reason: 'revoked' }));
    expect(screen.getByTestId('wall-revoked').textContent).toContain('Display revoked');
    expect(screen.queryByTestId('wall-count-total')).toBeNull();
  });
});
