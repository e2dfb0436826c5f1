// Entry point: build the per-tab stores, then render the router inside them.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { installChunkRecovery } from '@/infra/chunk-recovery';
import { authApi } from '@/modules/auth/auth.api';
import { createAuthStore } from '@/modules/auth/auth.store';
import { createOpsConnectionStore } from '@/modules/connection/ops-connection';
import { createFleetStore } from '@/modules/live/fleet.store';
import { createSelectionStore } from '@/modules/live/selection.store';
import { AppProviders, type AppStores } from '@/modules/shell/app-providers';
import { APP_ROUTES } from '@/modules/shell/app-routes';
import { createThemeStore } from '@/ui/theme/theme.store';
import '@/ui/theme/theme.css';

installChunkRecovery();

const connection = createOpsConnectionStore();
const stores: AppStores = {
  // The theme applies to <html> as soon as it is created, before the first paint of React.
  theme: createThemeStore(),
  auth: createAuthStore(authApi),
  connection,
  fleet: createFleetStore({ connection }),
  selection: createSelectionStore(),
};

const router = createBrowserRouter(APP_ROUTES);

const container = document.getElementById('root');
if (!container) {
  throw new Error('index.html has no #root element');
}

createRoot(container).render(
  <StrictMode>
    <AppProviders stores={stores}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
