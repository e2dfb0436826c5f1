// Renders the real route tree in memory with stores the test controls. HTTP is the global fetch, which
// each test stubs; the socket is a FakeOpsSocket.
import { render, type RenderResult } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { authApi } from '@/modules/auth/auth.api';
import { createAuthStore } from '@/modules/auth/auth.store';
import { createConnectionStore } from '@/modules/connection/connection.store';
import { createFleetStore } from '@/modules/live/fleet.store';
import { createSelectionStore } from '@/modules/live/selection.store';
import { AppProviders, type AppStores } from '@/modules/shell/app-providers';
import { APP_ROUTES } from '@/modules/shell/app-routes';
import { createThemeStore } from '@/ui/theme/theme.store';
import { FakeOpsSocket } from './fake-ops-socket';

export interface RenderedApp extends RenderResult {
  router: ReturnType<typeof createMemoryRouter>;
  stores: AppStores;
  socket: FakeOpsSocket;
}

export function renderApp(initialPath: string): RenderedApp {
  const socket = new FakeOpsSocket();
  const connection = createConnectionStore({ createSocket: () => socket.asOpsSocket(), releaseGraceMs: 0 });
  const stores: AppStores = {
    theme: createThemeStore({ storage: null, prefersLight: () => false, root: null }),
    auth: createAuthStore(authApi),
    connection,
    fleet: createFleetStore({ connection }),
    selection: createSelectionStore(),
  };
  const router = createMemoryRouter(APP_ROUTES, { initialEntries: [initialPath] });
  const result = render(
    <AppProviders stores={stores}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...result, router, stores, socket };
}

/** A fetch stub answering by "METHOD path"; anything unlisted fails the test loudly. */
export function stubFetch(
  routes: Record<string, () => Response | Promise<Response>>,
): ReturnType<typeof fetchMock> {
  const mock = fetchMock(routes);
  vi.stubGlobal('fetch', mock);
  return mock;
}

function fetchMock(routes: Record<string, () => Response | Promise<Response>>) {
  const calls: { key: string; url: string; body: unknown }[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    // Routes match on the path alone; tests that care about the query read it from `calls`.
    const key = `${init?.method ?? 'GET'} ${path.split('?')[0]}`;
    calls.push({
      key,
      url: path,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    });
    const route = routes[key];
    if (!route) {
      throw new Error(`unexpected request ${key}`);
    }
    return route();
  };
  return Object.assign(fn, { calls });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export const ADMIN = {
  id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  username: 'admin',
  role: 'admin',
} as const;
