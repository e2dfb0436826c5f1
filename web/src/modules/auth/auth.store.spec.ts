import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '@/infra/http.client';
import { ADMIN } from '@/test/render-app';
import type { AuthApi } from './auth.api';
import { createAuthStore } from './auth.store';

function fakeApi(overrides: Partial<AuthApi>): AuthApi {
  return {
    login: vi.fn(() => Promise.reject(new Error('login not expected'))),
    logout: vi.fn(() => Promise.resolve()),
    currentUser: vi.fn(() => Promise.resolve(null)),
    ...overrides,
  };
}

describe('createAuthStore', () => {
  it('shares one session check between racing callers', async () => {
    const currentUser = vi.fn(() => Promise.resolve({ ...ADMIN }));
    const store = createAuthStore(fakeApi({ currentUser }));

    await Promise.all([store.refresh(), store.refresh()]);

    expect(currentUser).toHaveBeenCalledTimes(1);
    expect(store.getState()).toEqual({ status: 'signed-in', user: ADMIN });
  });

  it('reports an unreachable server rather than a signed-out user', async () => {
    const store = createAuthStore(
      fakeApi({
        currentUser: () =>
          Promise.reject(new ApiRequestError('unreachable', 'Cannot reach the wsnoc server.', null)),
      }),
    );
    await store.refresh();
    expect(store.getState()).toEqual({ status: 'unreachable', message: 'Cannot reach the wsnoc server.' });
  });

  it('signs this tab out even when the logout request fails', async () => {
    const store = createAuthStore(
      fakeApi({
        currentUser: () => Promise.resolve({ ...ADMIN }),
        logout: () => Promise.reject(new Error('down')),
      }),
    );
    await store.refresh();
    await expect(store.signOut()).rejects.toThrow('down');
    expect(store.getState().status).toBe('signed-out');
  });
});
