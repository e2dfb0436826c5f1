// The whole reaction to the server ending the feed's session: the console goes to the sign-in page.
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';

describe('a session the server ends', () => {
  it('sends the user to sign in when the feed reports the session signed out', async () => {
    let signedIn = true;
    stubFetch({
      'GET /api/auth/me': () =>
        signedIn
          ? json(200, ADMIN)
          : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Sign in first' }),
    });
    const { router, socket, stores } = renderApp('/devices');
    await screen.findByTestId('user-menu');
    socket.serverConnects();

    signedIn = false; // signed out in another tab
    socket.serverEmits('auth:expired', { reason: 'signed-out' });
    socket.active = false;
    socket.drop('io server disconnect');

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(stores.auth.getState().status).toBe('signed-out');
  });
});
