import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeOpsSocket } from '@/test/fake-ops-socket';
import { ConnectionStoreProvider } from './connection.context';
import { ConnectionIndicator } from './connection-indicator';
import { createConnectionStore } from './connection.store';

describe(ConnectionIndicator.name, () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the state in words with a data-state hook and counts the age while reconnecting', () => {
    const socket = new FakeOpsSocket();
    const store = createConnectionStore({ createSocket: () => socket.asOpsSocket() });
    render(
      <ConnectionStoreProvider store={store}>
        <ConnectionIndicator />
      </ConnectionStoreProvider>,
    );
    act(() => {
      store.acquire();
      socket.serverConnects();
    });
    const indicator = screen.getByTestId('connection-indicator');
    expect(indicator.getAttribute('data-state')).toBe('live');
    expect(screen.getByRole('status').textContent).toBe('live');

    act(() => socket.drop());
    act(() => {
      vi.advanceTimersByTime(12_000);
    });

    expect(indicator.getAttribute('data-state')).toBe('reconnecting');
    expect(screen.getByRole('status').textContent).toBe('reconnecting…');
    expect(screen.getByTestId('connection-age').textContent).toBe('12 s');
  });
});
