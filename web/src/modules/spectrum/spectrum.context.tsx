// The Spectrum page's station store, created once per visit of the page and shared by its parts (summary,
// alarms, map, table, panel), which select what they need.
import { createContext, use, useCallback, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { SpectrumStation } from '@wsnoc/shared';
import { useConnectionStore } from '@/modules/connection/connection.context';
import { fetchStations } from './spectrum.api';
import { createSpectrumStore, type SpectrumState, type SpectrumStore } from './spectrum-stations.store';

const SpectrumStoreContext = createContext<SpectrumStore | null>(null);

export function SpectrumStoreProvider({ children }: { children: ReactNode }) {
  const connection = useConnectionStore();
  const [store] = useState(() => createSpectrumStore({ connection, load: fetchStations }));
  return <SpectrumStoreContext value={store}>{children}</SpectrumStoreContext>;
}

export function useSpectrumStore(): SpectrumStore {
  const store = use(SpectrumStoreContext);
  if (!store) {
    throw new Error('useSpectrumStore needs a SpectrumStoreProvider above it');
  }
  return store;
}

/** A selector must return something stable between updates (a row, a number, the list). */
export function useSpectrum<T>(selector: (state: SpectrumState) => T): T {
  const store = useSpectrumStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

export function useSpectrumList(): readonly SpectrumStation[] {
  const store = useSpectrumStore();
  return useSyncExternalStore(store.subscribe, store.getList);
}

export function useSpectrumStation(id: string | null): SpectrumStation | undefined {
  const store = useSpectrumStore();
  const getSnapshot = useCallback(
    () => (id === null ? undefined : store.getState().stations.get(id)),
    [store, id],
  );
  return useSyncExternalStore(store.subscribe, getSnapshot);
}

/** Changes whenever an update touches this station: a key for re-reading its schedule and records. */
export function useStationTouchSeq(id: string): number {
  const store = useSpectrumStore();
  const getSnapshot = useCallback(() => store.touchedSeq(id), [store, id]);
  return useSyncExternalStore(store.subscribe, getSnapshot);
}
