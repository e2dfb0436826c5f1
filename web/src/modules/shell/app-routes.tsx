// Every route of the console. Screens load lazily so the map and chart libraries of one screen never slow
// the first paint of another; a screen whose code cannot be fetched (the server restarting) is fetched
// again a few times before its error page shows. A new screen: a nav item in nav-items.ts and a route here.
import { Navigate, type RouteObject } from 'react-router';
import { retryImport } from '@/infra/chunk-recovery';
import { LoginPage } from '@/modules/auth/login-page';
import { RequireAuth } from '@/modules/auth/require-auth';
import { RequireRole } from '@/modules/auth/require-role';
import { DEFAULT_LANDING } from '@/modules/auth/redirect-target';
import { AppLayout } from './app-layout';
import { NotFoundPage } from './not-found-page';
import { RouteErrorPage } from './route-error-page';

export const APP_ROUTES: RouteObject[] = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  // The kiosk view: no sign-in and no shell; a display authenticates with its feed token alone.
  {
    path: '/wall',
    errorElement: <RouteErrorPage />,
    lazy: async () => ({
      Component: (await retryImport(() => import('@/modules/wall/wall-page'))).WallPage,
    }),
  },
  {
    element: <RequireAuth />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <Navigate to={DEFAULT_LANDING} replace /> },
          {
            errorElement: <RouteErrorPage />,
            children: [
              {
                path: 'overview',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/overview/overview-page')))
                    .OverviewPage,
                }),
              },
              {
                path: 'devices',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/devices/devices-page'))).DevicesPage,
                }),
              },
              {
                path: 'devices/:id',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/devices/detail/device-detail-page')))
                    .DeviceDetailPage,
                }),
              },
              {
                path: 'map',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/map/map-page'))).MapPage,
                }),
              },
              {
                path: 'spectrum',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/spectrum/spectrum-page')))
                    .SpectrumPage,
                }),
              },
              {
                path: 'configuration',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/configuration/configuration-page')))
                    .ConfigurationPage,
                }),
              },
              {
                path: 'alerts',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/alerts/alerts-page'))).AlertsPage,
                }),
              },
              {
                path: 'audit',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/audit/audit-page'))).AuditPage,
                }),
              },
              {
                path: 'users',
                element: <RequireRole least="admin" />,
                children: [
                  {
                    index: true,
                    lazy: async () => ({
                      Component: (await retryImport(() => import('@/modules/users/users-page'))).UsersPage,
                    }),
                  },
                ],
              },
              {
                path: 'account',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/account/account-page'))).AccountPage,
                }),
              },
              {
                path: 'wall-displays',
                lazy: async () => ({
                  Component: (await retryImport(() => import('@/modules/wall/wall-admin-page')))
                    .WallAdminPage,
                }),
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
