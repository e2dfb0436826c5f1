import { act, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hello, incident, snapshot, station, wallOnFakeSocket } from './wall-test-fixtures';
import { WallIncidentsPanel } from './wall-incidents-panel';
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

  describe('the incidents panel', () => {
    const showIncidents = (incidents: ReturnType<typeof incident>[]) => {
      const wall = live(['incidents']);
      act(() =>
        wall.socket.serverEmits('wall:open-incidents', {
          at: new Date().toISOString(),
          incidents,
          truncated: false,
        }),
      );
      return wall;
    };

    it('lists open incidents worst first, then the longest open, with scope, devices and a ticking age', () => {
      const { socket } = showIncidents([
        incident('1', { severity: 'minor', title: 'SNR low', deviceName: 'cpe-7' }),
        incident('2', {
          severity: 'critical',
          title: 'Tower down',
          scope: { type: 'site', site: 'Alpha' },
          affectedCount: 14,
          openedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
        }),
      ]);
      act(() =>
        socket.serverEmits('wall:incidents', {
          incidents: [
            incident('3', {
              severity: 'critical',
              title: 'Older outage',
              openedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
            }),
          ],
        }),
      );
      const rows = screen.getAllByTestId('wall-incident-row');
      expect(rows.map((r) => r.dataset.severity)).toEqual(['critical', 'critical', 'minor']);
      expect(rows[0]!.textContent).toContain('Older outage');
      expect(within(rows[1]!).getByText('site Alpha')).toBeTruthy();
      expect(rows[1]!.textContent).toContain('14');
      expect(rows[1]!.textContent).toContain('■ critical');
      expect(within(rows[2]!).getByText('cpe-7')).toBeTruthy();
      expect(screen.getByTestId('wall-incident-count').textContent).toBe(' (3)');
      const age = () => within(rows[1]!).getByTestId('wall-incident-age').textContent;
      expect(age()).toBe('5 min');
      act(() => {
        vi.advanceTimersByTime(60_000);
      });
      expect(age()).toBe('6 min');
    });

    it('says so plainly when nothing is open, and when the last one resolves', () => {
      const open = incident('1');
      const { socket } = showIncidents([open]);
      expect(screen.getAllByTestId('wall-incident-row')).toHaveLength(1);
      act(() => socket.serverEmits('wall:incidents', { incidents: [{ ...open, state: 'resolved' }] }));
      expect(screen.getByTestId('wall-no-incidents').textContent).toBe('No open incidents');
      expect(screen.queryByTestId('wall-incident-row')).toBeNull();
    });

    it('stops its clock when it leaves the screen', () => {
      const timersBefore = vi.getTimerCount();
      const { unmount } = render(<WallIncidentsPanel incidents={[incident('1')]} truncated={false} />);
      expect(vi.getTimerCount()).toBe(timersBefore + 1);
      unmount();
      expect(vi.getTimerCount()).toBe(timersBefore);
    });
  });

  describe('the spectrum panel', () => {
    it('shows each base station of the scope: channel, EIRP, grant state in words and until when, attention first', () => {
      const { socket } = live(['spectrum']);
      act(() =>
        socket.serverEmits('wall:spectrum', {
          at: new Date().toISOString(),
          enabled: true,
          stations: [
            station('bs-north', { channel: 31, eirpDbm: 36 }),
            station('bs-south', { phase: 'muted', channel: null, eirpDbm: null, grantUntil: null }),
            station('bs-west', { grantUntil: '2025-06-03T06:30:00.000Z' }),
          ],
        }),
      );
      const rows = screen.getAllByTestId('wall-station-row');
      expect(rows.map((r) => r.dataset.phase)).toEqual(['muted', 'granted', 'granted']);
      expect(within(rows[2]!).getByTestId('wall-station-until').textContent).toBe(
        '2025-06-03 06:30 UTC (in 1 d 18 h)',
      );
      expect(rows[0]!.textContent).toContain('muted');
      expect(rows[1]!.textContent).toContain('bs-north');
      expect(rows[1]!.textContent).toContain('31');
      expect(rows[1]!.textContent).toContain('36.0 dBm');
      expect(rows[1]!.textContent).toContain('transmitting');
      expect(within(rows[1]!).getByTestId('wall-station-until').textContent).toBe('14:00 UTC (in 2 h)');
      expect(screen.getByTestId('wall-spectrum-tally').textContent).toBe('1 muted2 transmitting');

      act(() =>
        socket.serverEmits('wall:stations', {
          at: new Date().toISOString(),
          stations: [station('bs-north', { phase: 'checking', channel: null, eirpDbm: null })],
          removed: ['bs-south', 'bs-west'],
        }),
      );
      const after = screen.getAllByTestId('wall-station-row');
      expect(after).toHaveLength(1);
      expect(after[0]!.textContent).toContain('awaiting grant');
    });

    it('says when spectrum management is off', () => {
      const { socket } = live(['spectrum']);
      act(() =>
        socket.serverEmits('wall:spectrum', { at: new Date().toISOString(), enabled: false, stations: [] }),
      );
      expect(screen.getByTestId('wall-spectrum-off')).toBeTruthy();
    });
  });
});
