// The page's fleet re-plan store, created once per visit of the Spectrum page and shared by the re-plan
// panel (the preview and its apply) and the channel plan (the map and the table mark the stations that
// would move).
import { createContext, use, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useConnectionStore } from '@/modules/connection/connection.context';
import { createReplanStore, type ReplanApi, type ReplanState, type ReplanStore } from './replan.store';
import { applyPlan, fetchPlanRun, previewPlan } from './spectrum.api';

const REPLAN_API: ReplanApi = { preview: previewPlan, apply: applyPlan, run: fetchPlanRun };

const ReplanStoreContext = createContext<ReplanStore | null>(null);

export function ReplanStoreProvider({ children }: { children: ReactNode }) {
  const connection = useConnectionStore();
  const [store] = useState(() => createReplanStore({ connection, api: REPLAN_API }));
  return <ReplanStoreContext value={store}>{children}</ReplanStoreContext>;
}

export function useReplanStore(): ReplanStore {
  const store = use(ReplanStoreContext);
  if (!store) {
    throw new Error('useReplanStore needs a ReplanStoreProvider above it');
  }
  return store;
}

/** A selector must return something stable between updates (the preview, the run, the moves map). */
export function useReplan<T>(selector: (state: ReplanState) => T): T {
  const store = useReplanStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
