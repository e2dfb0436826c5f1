import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { RequireAuth } from './require-auth';

describe(RequireAuth.name, () => {
  it('sends an unauthenticated visitor to /login, remembering the wanted page', async () => {
    stubFetch({
      'GET /api/auth/me': () =>
        json(401, { statusCode: 401, error: 'Unauthorized', message: 'Not signed in' }),
    });
    const { router } = renderApp('/map');

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?next=%2Fmap');
    expect(await screen.findByTestId('login-form')).toBeTruthy();
  });

  it('shows the console with the user and role when the session is valid', async () => {
    stubFetch({ 'GET /api/auth/me': () => json(200, ADMIN) });
    const { router } = renderApp('/');

    await waitFor(() => expect(router.state.location.pathname).toBe('/overview'));
    expect((await screen.findByTestId('user-name')).textContent).toBe('admin');
    expect(screen.getByTestId('user-role').textContent).toBe('admin');
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeTruthy();
    for (const id of ['overview', 'devices', 'map', 'spectrum', 'configuration', 'alerts', 'audit', 'wall']) {
      expect(screen.getByTestId(`nav-${id}`)).toBeTruthy();
    }
  });

  it('says the server cannot be reached instead of showing the sign-in form', async () => {
    stubFetch({ 'GET /api/auth/me': () => Promise.reject(new TypeError('Failed to fetch')) });
    const { router } = renderApp('/devices');

    expect((await screen.findByTestId('session-unreachable')).textContent).toMatch(
      /Cannot reach the wsnoc server/,
    );
    expect(router.state.location.pathname).toBe('/devices');
  });

  it('signs out and returns to /login, closing the live connection', async () => {
    const fetch = stubFetch({
      'GET /api/auth/me': () => json(200, ADMIN),
      'POST /api/auth/logout': () => new Response(null, { status: 204 }),
    });
    const { router, socket, stores } = renderApp('/devices');
    await screen.findByTestId('user-menu');
    expect(socket.connectCalls).toBe(1);

    fireEvent.click(screen.getByTestId('sign-out'));

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(fetch.calls.map((call) => call.key)).toContain('POST /api/auth/logout');
    await waitFor(() => expect(stores.connection.getState().status).toBe('idle'));
  });
});
