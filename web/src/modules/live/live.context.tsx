// React access to the fleet and selection stores. Components select what they need; a selector must
// return something stable between frames (a row object, a number, a memoised array).
import { createContext, use, useCallback, useSyncExternalStore, type ReactNode } from 'react';
import type { DeviceLive } from '@wsnoc/shared';
import type { FleetState, FleetStore } from './fleet.store';
import type { SelectionState, SelectionStore } from './selection.store';

const FleetStoreContext = createContext<FleetStore | null>(null);
const SelectionStoreContext = createContext<SelectionStore | null>(null);

export function LiveStoresProvider({
  fleet,
  selection,
  children,
}: {
  fleet: FleetStore;
  selection: SelectionStore;
  children: ReactNode;
}) {
  return (
    <FleetStoreContext value={fleet}>
      <SelectionStoreContext value={selection}>{children}</SelectionStoreContext>
    </FleetStoreContext>
  );
}

/** Null outside a provider, for pieces (the header indicator) that also render in isolation. */
export function useOptionalFleetStore(): FleetStore | null {
  return use(FleetStoreContext);
}

export function useFleetStore(): FleetStore {
  const store = use(FleetStoreContext);
  if (!store) {
    throw new Error('useFleetStore needs a LiveStoresProvider above it');
  }
  return store;
}

export function useSelectionStore(): SelectionStore {
  const store = use(SelectionStoreContext);
  if (!store) {
    throw new Error('useSelectionStore needs a LiveStoresProvider above it');
  }
  return store;
}

export function useFleet<T>(selector: (state: FleetState) => T): T {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

/** Every row, re-rendering once per applied frame. */
export function useFleetList(): readonly DeviceLive[] {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getList);
}

/** One row; the component re-renders only when that row's object changes. */
export function useFleetDevice(id: string): DeviceLive | undefined {
  const store = useFleetStore();
  const getSnapshot = useCallback(() => store.getState().devices.get(id), [store, id]);
  return useSyncExternalStore(store.subscribe, getSnapshot);
}

export function useSelection(): SelectionState {
  const store = useSelectionStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}

/**
 * The fleet list, re-rendering at most once per `intervalMs`: for summaries (overview, wall) that a
 * human reads, where four renders a second of 10,000-row aggregates would be work nobody sees.
 */
export function useThrottledFleetList(intervalMs: number): readonly DeviceLive[] {
  const store = useFleetStore();
  const subscribe = useCallback(
    (onChange: () => void) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      let last = 0;
      const unsubscribe = store.subscribe(() => {
        if (timer !== null) {
          return;
        }
        const wait = Math.max(0, last + intervalMs - Date.now());
        timer = setTimeout(() => {
          timer = null;
          last = Date.now();
          onChange();
        }, wait);
      });
      return () => {
        unsubscribe();
        if (timer !== null) {
          clearTimeout(timer);
        }
      };
    },
    [store, intervalMs],
  );
  return useSyncExternalStore(subscribe, store.getList);
}
