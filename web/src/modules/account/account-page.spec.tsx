import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { AccountPage } from './account-page';

const VIEWER = { ...ADMIN, username: 'vera', role: 'viewer' } as const;
const SESSIONS = [
  {
    id: 'here',
    createdAt: '2025-01-02T00:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
    address: '10.0.0.5',
    userAgent: 'Chromium',
    current: true,
  },
  {
    id: 'there',
    createdAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
    address: '10.0.0.9',
    userAgent: 'Firefox',
    current: false,
  },
];

async function openAccount(routes: Record<string, () => Response> = {}) {
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, VIEWER),
    'GET /api/auth/sessions': () => json(200, { items: SESSIONS }),
    ...routes,
  });
  const app = renderApp('/account');
  await screen.findByTestId('account-page', {}, { timeout: 15_000 });
  return { ...app, fetch };
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe(AccountPage.name, () => {
  it('is reached from the user menu', async () => {
    stubFetch({
      'GET /api/auth/me': () => json(200, VIEWER),
      'GET /api/auth/sessions': () => json(200, { items: SESSIONS }),
    });
    const { router } = renderApp('/alerts');
    fireEvent.click(await screen.findByTestId('account-sessions'));
    await screen.findByTestId('account-page', {}, { timeout: 15_000 });
    expect(router.state.location.pathname).toBe('/account');
  });

  it('names each password problem at its field: a mismatch, a wrong current one, a weak new one', async () => {
    let answer = () =>
      json(400, {
        statusCode: 400,
        error: 'Bad Request',
        code: 'auth.wrong-password',
        message: 'The current password is wrong',
        issues: [{ path: 'currentPassword', message: 'currentPassword is wrong' }],
      });
    const { fetch } = await openAccount({ 'POST /api/auth/password': () => answer() });
    type('password-current', 'old-secret-1');
    type('password-new', 'brand-new-secret-7');
    type('password-repeat', 'brand-new-secret-8');
    fireEvent.click(screen.getByTestId('password-submit'));
    expect(screen.getByTestId('password-repeat-error').textContent).toContain('differ');
    expect(fetch.calls.some((call) => call.key === 'POST /api/auth/password')).toBe(false);

    type('password-repeat', 'brand-new-secret-7');
    fireEvent.click(screen.getByTestId('password-submit'));
    expect((await screen.findByTestId('password-current-error')).textContent).toBe(
      'currentPassword is wrong',
    );
    expect(screen.queryByTestId('password-repeat-error')).toBeNull();

    answer = () =>
      json(400, {
        statusCode: 400,
        error: 'Bad Request',
        code: 'auth.weak-password',
        message: 'newPassword: password must not contain the username',
        issues: [{ path: 'newPassword', message: 'password must not contain the username' }],
      });
    fireEvent.click(screen.getByTestId('password-submit'));
    expect((await screen.findByTestId('password-new-error')).textContent).toContain('username');
    expect(screen.queryByTestId('password-current-error')).toBeNull();
    expect(fetch.calls.filter((call) => call.key === 'POST /api/auth/password').at(-1)?.body).toEqual({
      currentPassword: 'old-secret-1',
      newPassword: 'brand-new-secret-7',
    });
  });

  it('changes the password and reads the sessions again, since the others ended', async () => {
    const { fetch } = await openAccount({
      'POST /api/auth/password': () => new Response(null, { status: 204 }),
    });
    type('password-current', 'old-secret-1');
    type('password-new', 'brand-new-secret-7');
    type('password-repeat', 'brand-new-secret-7');
    fireEvent.click(screen.getByTestId('password-submit'));
    expect(await screen.findByTestId('password-done')).toBeTruthy();
    expect(screen.getByTestId<HTMLInputElement>('password-current').value).toBe('');
    await waitFor(() =>
      expect(fetch.calls.filter((call) => call.key === 'GET /api/auth/sessions')).toHaveLength(2),
    );
  });

  it('lists my sessions with this one marked, and signing out everywhere goes back to sign-in', async () => {
    const { router, stores, fetch } = await openAccount({
      'DELETE /api/auth/sessions': () => json(200, { ended: 2 }),
    });
    const rows = await screen.findAllByTestId('session-row');
    expect(rows.map((row) => row.getAttribute('data-current'))).toEqual(['true', 'false']);
    expect(within(rows[0]!).getByTestId('session-current').textContent).toBe('this session');

    fireEvent.click(screen.getByTestId('my-sign-out-everywhere'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('this one included');
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(stores.auth.getState().status).toBe('signed-out');
    expect(await screen.findByTestId('login-form')).toBeTruthy();
    expect(fetch.calls.some((call) => call.key === 'POST /api/auth/logout')).toBe(false);
  });
});
