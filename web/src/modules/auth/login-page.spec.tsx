import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { LoginPage } from './login-page';

async function signIn(username: string, password: string): Promise<void> {
  fireEvent.change(await screen.findByTestId('login-username'), { target: { value: username } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe(LoginPage.name, () => {
  it('submits the credentials and shows the server message on 401', async () => {
    const fetch = stubFetch({
      'GET /api/auth/me': () =>
        json(401, { statusCode: 401, error: 'Unauthorized', message: 'Not signed in' }),
      'POST /api/auth/login': () =>
        json(401, { statusCode: 401, error: 'Unauthorized', message: 'Wrong username or password' }),
    });
    renderApp('/login');

    await signIn('admin', 'nope');

    await waitFor(() =>
      expect(screen.getByTestId('login-error').textContent).toBe('Wrong username or password'),
    );
    expect(fetch.calls.find((call) => call.key === 'POST /api/auth/login')?.body).toEqual({
      username: 'admin',
      password: 'nope',
    });
    expect(screen.getByTestId<HTMLInputElement>('login-password').value).toBe('');
  });

  it('says how long to wait and locks the button when throttled', async () => {
    stubFetch({
      'GET /api/auth/me': () =>
        json(401, { statusCode: 401, error: 'Unauthorized', message: 'Not signed in' }),
      'POST /api/auth/login': () =>
        json(
          429,
          { statusCode: 429, error: 'Too Many Requests', message: 'slow down' },
          { 'Retry-After': '42' },
        ),
    });
    renderApp('/login');

    await signIn('admin', 'guess');

    await waitFor(() =>
      expect(screen.getByTestId('login-error').textContent).toMatch(
        /Too many sign-in attempts\. Try again in 4[12] s\./,
      ),
    );
    expect(screen.getByTestId<HTMLButtonElement>('login-submit').disabled).toBe(true);
  });

  it('says the server is unreachable when the request never lands', async () => {
    stubFetch({
      'GET /api/auth/me': () =>
        json(401, { statusCode: 401, error: 'Unauthorized', message: 'Not signed in' }),
      'POST /api/auth/login': () => Promise.reject(new TypeError('Failed to fetch')),
    });
    renderApp('/login');

    await signIn('admin', 'secret');

    await waitFor(() =>
      expect(screen.getByTestId('login-error').textContent).toMatch(/Cannot reach the wsnoc server/),
    );
  });

  it('checks the form before asking the server', async () => {
    const fetch = stubFetch({
      'GET /api/auth/me': () =>
        json(401, { statusCode: 401, error: 'Unauthorized', message: 'Not signed in' }),
    });
    renderApp('/login');

    await signIn('admin', '');

    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toBe('password is required'));
    expect(fetch.calls.map((call) => call.key)).toEqual(['GET /api/auth/me']);
  });

  it('returns to the page that was wanted after signing in', async () => {
    stubFetch({
      'GET /api/auth/me': () =>
        json(401, { statusCode: 401, error: 'Unauthorized', message: 'Not signed in' }),
      'POST /api/auth/login': () => json(200, ADMIN),
    });
    const { router } = renderApp('/login?next=%2Fdevices%3Fstatus%3Ddown');

    await signIn('admin', 'right');

    await waitFor(() => expect(router.state.location.pathname).toBe('/devices'));
    expect(router.state.location.search).toBe('?status=down');
    expect(await screen.findByTestId('user-name')).toBeTruthy();
  });
});
