import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UserSummary } from '@wsnoc/shared';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { UsersPage } from './users-page';

const user = (over: Partial<UserSummary> & { username: string }): UserSummary => ({
  id: crypto.randomUUID(),
  role: 'viewer',
  disabled: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  lastLoginAt: null,
  sessions: 0,
  ...over,
});

const ADMIN_ROW = user({ id: ADMIN.id, username: 'admin', role: 'admin', sessions: 1 });
const BOB = user({ username: 'bob', role: 'operator', sessions: 2, lastLoginAt: '2025-01-02T00:00:00.000Z' });

const problem = (
  status: number,
  code: string,
  message: string,
  issues?: { path: string; message: string }[],
) => json(status, { statusCode: status, error: 'x', code, message, ...(issues ? { issues } : {}) });

async function openUsers(routes: Record<string, () => Response> = {}, list = [ADMIN_ROW, BOB]) {
  let items = list;
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, ADMIN),
    'GET /api/users': () => json(200, { items }),
    ...routes,
  });
  const app = renderApp('/users');
  await screen.findByTestId('users-table', {}, { timeout: 15_000 });
  return { ...app, fetch, setList: (next: UserSummary[]) => (items = next) };
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe(UsersPage.name, () => {
  it('lists every user with role, state, last sign-in and open sessions, and is in the nav for admins', async () => {
    await openUsers();
    expect(screen.getByTestId<HTMLSelectElement>('user-role-bob').value).toBe('operator');
    expect(screen.getByTestId('user-state-bob').textContent).toBe('enabled');
    expect(screen.getByTestId('user-session-count-bob').textContent).toBe('2');
    expect(within(screen.getByTestId('user-row-admin')).getByTestId('user-self')).toBeTruthy();
    expect(screen.getByTestId('user-row-admin').textContent).toContain('never');
    expect(screen.getByTestId('nav-users')).toBeTruthy();
  });

  it('names a too-short password at its field before sending anything', async () => {
    const { fetch } = await openUsers();
    type('user-create-username', 'alice');
    type('user-create-password', 'short');
    fireEvent.click(screen.getByTestId('user-create-submit'));
    expect(screen.getByTestId('user-create-password-error').textContent).toContain('at least 10');
    expect(fetch.calls.some((call) => call.key === 'POST /api/users')).toBe(false);
  });

  it("shows the server's policy refusal next to the password, and a taken username next to the username", async () => {
    let answer = () =>
      problem(400, 'auth.weak-password', 'password: password is one of the most common passwords', [
        { path: 'password', message: 'password is one of the most common passwords; choose another' },
      ]);
    const { fetch } = await openUsers({ 'POST /api/users': () => answer() });
    type('user-create-username', 'alice');
    fireEvent.change(screen.getByTestId('user-create-role'), { target: { value: 'operator' } });
    type('user-create-password', 'password1234');
    fireEvent.click(screen.getByTestId('user-create-submit'));
    expect((await screen.findByTestId('user-create-password-error')).textContent).toContain(
      'most common passwords',
    );
    expect(screen.queryByTestId('user-create-username-error')).toBeNull();
    expect(fetch.calls.find((call) => call.key === 'POST /api/users')?.body).toEqual({
      username: 'alice',
      role: 'operator',
      password: 'password1234',
    });

    answer = () =>
      problem(409, 'auth.username-taken', 'A user named alice exists already', [
        { path: 'username', message: 'alice is taken' },
      ]);
    type('user-create-password', 'a-much-better-one-42');
    fireEvent.click(screen.getByTestId('user-create-submit'));
    expect((await screen.findByTestId('user-create-username-error')).textContent).toBe('alice is taken');
    expect(screen.queryByTestId('user-create-password-error')).toBeNull();
  });

  it('creates a user and lists them', async () => {
    const alice = user({ username: 'alice', role: 'viewer' });
    const { setList } = await openUsers({
      'POST /api/users': () => {
        setList([ADMIN_ROW, BOB, alice]);
        return json(201, alice);
      },
    });
    type('user-create-username', 'alice');
    type('user-create-password', 'a-much-better-one-42');
    fireEvent.click(screen.getByTestId('user-create-submit'));
    expect((await screen.findByTestId('user-create-done')).textContent).toContain('alice');
    expect(await screen.findByTestId('user-row-alice')).toBeTruthy();
    expect(screen.getByTestId<HTMLInputElement>('user-create-password').value).toBe('');
  });

  it('asks before disabling a user, then shows them disabled', async () => {
    const { fetch, setList } = await openUsers({
      ['PATCH /api/users/' + BOB.id]: () => {
        setList([ADMIN_ROW, { ...BOB, disabled: true, sessions: 0 }]);
        return json(200, { ...BOB, disabled: true, sessions: 0 });
      },
    });
    fireEvent.click(screen.getByTestId('user-toggle-bob'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('2 open sessions');
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(fetch.calls.some((call) => call.key.startsWith('PATCH'))).toBe(false);

    fireEvent.click(screen.getByTestId('user-toggle-bob'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getByTestId('user-state-bob').textContent).toBe('disabled'));
    expect(fetch.calls.find((call) => call.key.startsWith('PATCH'))?.body).toEqual({ disabled: true });
    expect(screen.getByTestId('user-toggle-bob').textContent).toBe('Re-enable');
  });

  it('shows the last-admin refusal on the row, and keeps the role as it was', async () => {
    await openUsers({
      ['PATCH /api/users/' + ADMIN.id]: () =>
        problem(409, 'auth.last-admin', 'admin is the last enabled admin; make another admin first'),
    });
    fireEvent.change(screen.getByTestId('user-role-admin'), { target: { value: 'viewer' } });
    const notice = await screen.findByTestId('user-notice-admin');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('last enabled admin');
    expect(screen.getByTestId<HTMLSelectElement>('user-role-admin').value).toBe('admin');
  });

  it("resets a user's password under the policy", async () => {
    const { fetch } = await openUsers({
      [`POST /api/users/${BOB.id}/password`]: () => new Response(null, { status: 204 }),
    });
    fireEvent.click(screen.getByTestId('user-reset-bob'));
    type('user-reset-password', 'short');
    fireEvent.click(screen.getByTestId('user-reset-submit'));
    expect(screen.getByTestId('user-reset-password-error').textContent).toContain('at least 10');
    type('user-reset-password', 'a-much-better-one-42');
    fireEvent.click(screen.getByTestId('user-reset-submit'));
    expect((await screen.findByTestId('user-notice-bob')).textContent).toContain('New password set');
    expect(fetch.calls.find((call) => call.key.endsWith('/password'))?.body).toEqual({
      password: 'a-much-better-one-42',
    });
  });

  it("lists a user's sessions and signs them out everywhere", async () => {
    let sessions = [
      {
        id: 's1',
        createdAt: '2025-01-02T00:00:00.000Z',
        expiresAt: '2099-01-01T00:00:00.000Z',
        address: '10.0.0.7',
        userAgent: 'Firefox',
        current: false,
      },
    ];
    const { fetch } = await openUsers({
      [`GET /api/users/${BOB.id}/sessions`]: () => json(200, { items: sessions }),
      [`DELETE /api/users/${BOB.id}/sessions`]: () => {
        sessions = [];
        return json(200, { ended: 1 });
      },
    });
    fireEvent.click(screen.getByTestId('user-sessions-bob'));
    expect((await screen.findByTestId('session-table')).textContent).toContain('10.0.0.7');
    fireEvent.click(screen.getByTestId('user-sign-out-everywhere'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    expect((await screen.findByTestId('user-sessions-result')).textContent).toBe('1 session ended.');
    expect(await screen.findByTestId('sessions-empty')).toBeTruthy();
    expect(fetch.calls.some((call) => call.key === `DELETE /api/users/${BOB.id}/sessions`)).toBe(true);
  });

  it('is neither in the nav nor open to an operator', async () => {
    stubFetch({ 'GET /api/auth/me': () => json(200, { ...ADMIN, username: 'olga', role: 'operator' }) });
    renderApp('/users');
    expect(await screen.findByTestId('role-required')).toBeTruthy();
    expect(screen.queryByTestId('nav-users')).toBeNull();
    expect(screen.getByTestId('nav-audit')).toBeTruthy();
  });
});
