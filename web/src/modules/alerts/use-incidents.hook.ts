// A live incidents store for one set of filters, for as long as the component holding it is mounted: the
// Alerts page's list, and the small panels of the overview and the device page. New filters make a new
// store (and a new list request); the old one stops following the feed.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Incident } from '@wsnoc/shared';
import { useConnectionStore } from '@/modules/connection/connection.context';
import { fetchIncidents } from './alerts.api';
import { incidentsQuery, type IncidentFilters } from './alerts-view-state';
import { createIncidentsStore, type IncidentsState, type IncidentsStore } from './incidents.store';

export interface IncidentsStoreUse {
  /** Incidents per page. */
  limit?: number;
  /** Read every page (the active incidents), rather than one page at a time. */
  whole?: boolean;
}

export function useIncidentsStore(
  filters: IncidentFilters,
  { limit, whole = false }: IncidentsStoreUse = {},
): IncidentsStore {
  const connection = useConnectionStore();
  const key = incidentsQuery(filters, limit);
  const store = useMemo(
    () =>
      createIncidentsStore({
        connection,
        filters,
        whole,
        load: (f, cursor, signal) => fetchIncidents(incidentsQuery(f, limit, cursor), signal),
      }),
    // The filters are keyed by their query: a new object with the same values is the same store.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [connection, key, whole],
  );
  useEffect(() => store.start(), [store]);
  return store;
}

export function useIncidentsState(store: IncidentsStore): IncidentsState {
  return useSyncExternalStore(store.subscribe, store.getState);
}

/** One incident as the store last heard of it; re-renders only when that incident's copy changes. */
export function useStoredIncident(store: IncidentsStore, id: string | undefined): Incident | undefined {
  return useSyncExternalStore(store.subscribe, () => (id === undefined ? undefined : store.get(id)));
}
