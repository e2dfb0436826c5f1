import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { device, snapshot } from '@/test/fleet-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { MapPage } from './map-page';

describe(MapPage.name, () => {
  it('explains, instead of crashing, when the browser has no WebGL', async () => {
    stubFetch({ 'GET /api/auth/me': () => json(200, ADMIN) });
    const { socket } = renderApp('/map?status=up');
    expect((await screen.findByTestId('map-unavailable', {}, { timeout: 15_000 })).textContent).toMatch(
      /WebGL/,
    );
    act(() => {
      socket.serverConnects();
      socket.serverEmits('devices:snapshot', snapshot(1, [device({ id: 'a' })]));
    });
    expect(screen.getByTestId<HTMLInputElement>('filter-status-up').checked).toBe(true);
    expect(screen.getByTestId('map-to-table').getAttribute('href')).toBe('/devices?status=up');
  });
});
