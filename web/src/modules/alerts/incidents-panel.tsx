// The incidents tab: the filter bar, the live list for those filters and the open incident's detail.
import type { Incident } from '@wsnoc/shared';
import { useFleetList } from '@/modules/live/live.context';
import { Button } from '@/ui/button';
import {
  hasFilters,
  incidentsQuery,
  isHistory,
  type AlertsView,
  type IncidentFilters,
} from './alerts-view-state';
import { IncidentDetail } from './incident-detail';
import { IncidentFilterBar } from './incident-filter-bar';
import { IncidentTable } from './incident-table';
import { useIncidentsState, useIncidentsStore, useStoredIncident } from './use-incidents.hook';
import styles from './alerts.module.css';

export interface IncidentsPanelProps {
  view: AlertsView;
  href: (view: AlertsView) => string;
  mayOperate: boolean;
  onFilters: (filters: IncidentFilters) => void;
}

export function IncidentsPanel({ view, href, mayOperate, onFilters }: IncidentsPanelProps) {
  const history = isHistory(view.filters);
  // The active incidents are listed whole and live; a history (resolved ones) a page at a time.
  const store = useIncidentsStore(view.filters, { whole: !history });
  const state = useIncidentsState(store);
  const open = useStoredIncident(store, view.incident);
  const fleet = useFleetList();
  const take = (incident: Incident): void => store.take(incident);
  const detailHref = (id: string): string => href({ ...view, incident: id });

  return (
    <div className={view.incident ? styles.withDetail : undefined}>
      <div className={styles.listColumn}>
        {/* Remounted when the URL's filters change (Clear, back), so the form shows what is applied. */}
        <IncidentFilterBar
          key={incidentsQuery(view.filters)}
          filters={view.filters}
          devices={fleet}
          onApply={onFilters}
        />
        <div className={styles.listHead}>
          <span data-testid="incident-count" data-count={state.incidents.length}>
            {state.status === 'ready'
              ? `${state.incidents.length}${state.more ? '+' : ''} ${state.incidents.length === 1 ? 'incident' : 'incidents'}`
              : ''}
          </span>
          <Button data-testid="incident-reload" onClick={store.reload}>
            Reload
          </Button>
          {state.status === 'loading' && <span className={styles.muted}>Loading…</span>}
        </div>
        {state.error !== null && (
          <p role="alert" className={styles.alert} data-testid="incident-error">
            The incidents could not be read: {state.error}
          </p>
        )}
        {state.status === 'ready' && state.incidents.length === 0 && (
          <p className={styles.muted} data-testid="incident-empty">
            {hasFilters(view.filters) ? 'No incident matches these filters.' : 'Nothing is wrong right now.'}
          </p>
        )}
        {state.incidents.length > 0 && (
          <IncidentTable
            incidents={state.incidents}
            openId={view.incident}
            detailHref={detailHref}
            mayOperate={mayOperate}
            onChanged={take}
          />
        )}
        {state.more && history && (
          <div className={styles.listFoot}>
            <Button data-testid="incident-load-more" disabled={state.loadingMore} onClick={store.loadMore}>
              {state.loadingMore ? 'Loading…' : 'Load more'}
            </Button>
          </div>
        )}
        {state.more && !history && (
          <p className={styles.muted} data-testid="incident-more">
            More incidents match than are shown; narrow the filters to see them.
          </p>
        )}
      </div>
      {view.incident && (
        <IncidentDetail
          key={view.incident}
          id={view.incident}
          live={open}
          closeHref={href({ ...view, incident: undefined })}
          mayOperate={mayOperate}
          onChanged={take}
        />
      )}
    </div>
  );
}
