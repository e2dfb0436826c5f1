// The page's bulk-run store, created once per visit of the Configuration page and shared by the recent
// runs list, the wizard that starts a run, and the run's progress and report.
import { createContext, use, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useConnectionStore } from '@/modules/connection/connection.context';
import {
  createBulkRunsStore,
  type BulkRunsApi,
  type BulkRunsState,
  type BulkRunsStore,
} from './bulk-runs.store';
import { fetchRun, fetchRuns, runAction } from './bulk.api';

const BULK_RUNS_API: BulkRunsApi = { list: fetchRuns, detail: fetchRun, act: runAction };

const BulkRunsStoreContext = createContext<BulkRunsStore | null>(null);

export function BulkRunsStoreProvider({ children }: { children: ReactNode }) {
  const connection = useConnectionStore();
  const [store] = useState(() => createBulkRunsStore({ connection, api: BULK_RUNS_API }));
  return <BulkRunsStoreContext value={store}>{children}</BulkRunsStoreContext>;
}

export function useBulkRunsStore(): BulkRunsStore {
  const store = use(BulkRunsStoreContext);
  if (!store) {
    throw new Error('useBulkRunsStore needs a BulkRunsStoreProvider above it');
  }
  return store;
}

/** A selector must return something stable between updates (the list, one tracked run). */
export function useBulkRuns<T>(selector: (state: BulkRunsState) => T): T {
  const store = useBulkRunsStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
