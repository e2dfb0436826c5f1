// Wires the stores into React. Stores are created outside React (main.tsx, or each test), so tests can hand
// in fakes and the app has exactly one of each per tab.
import type { ReactNode } from 'react';
import { AuthStoreProvider } from '@/modules/auth/auth.context';
import { AuthSessionEffect } from '@/modules/auth/auth-session.effect';
import type { AuthStore } from '@/modules/auth/auth.store';
import { ConnectionStoreProvider } from '@/modules/connection/connection.context';
import type { ConnectionStore } from '@/modules/connection/connection.store';
import type { FleetStore } from '@/modules/live/fleet.store';
import { LiveStoresProvider } from '@/modules/live/live.context';
import type { SelectionStore } from '@/modules/live/selection.store';
import { ThemeStoreProvider } from '@/ui/theme/theme.context';
import type { ThemeStore } from '@/ui/theme/theme.store';

export interface AppStores {
  auth: AuthStore;
  connection: ConnectionStore;
  /** The live fleet fed by the connection's /ops feed. */
  fleet: FleetStore;
  /** Devices picked in the table or on the map. */
  selection: SelectionStore;
  theme: ThemeStore;
}

export function AppProviders({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return (
    <ThemeStoreProvider store={stores.theme}>
      <AuthStoreProvider store={stores.auth}>
        <ConnectionStoreProvider store={stores.connection}>
          <LiveStoresProvider fleet={stores.fleet} selection={stores.selection}>
            <AuthSessionEffect />
            {children}
          </LiveStoresProvider>
        </ConnectionStoreProvider>
      </AuthStoreProvider>
    </ThemeStoreProvider>
  );
}
