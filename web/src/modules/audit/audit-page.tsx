// The audit trail: every state-changing action, sign-ins included, newest first. The filters and the
// page cursor live in the URL, so a view is shared by its address; "Older" pages back with the `before`
// cursor, and the CSV export asks the same filters of the same endpoint.
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { DeviceLive } from '@wsnoc/shared';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { useFleetList } from '@/modules/live/live.context';
import { Button } from '@/ui/button';
import { fetchAuditPage } from './audit.api';
import { AuditFilterBar } from './audit-filter-bar';
import { AuditTable } from './audit-table';
import {
  AUDIT_PAGE_SIZE,
  auditCsvHref,
  auditQuery,
  auditViewParams,
  hasFilters,
  parseAuditView,
  type AuditViewState,
} from './audit-view-state';
import styles from './audit.module.css';

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseAuditView(params), [params]);
  const query = auditQuery(view);
  const [page, reload] = useResource(query, (signal) => fetchAuditPage(view, signal));
  const fleet = useFleetList();
  const devices = useMemo(() => new Map<string, DeviceLive>(fleet.map((d) => [d.id, d])), [fleet]);
  const go = (next: AuditViewState): void => setParams(auditViewParams(next));
  const entries = page.status === 'ready' || page.status === 'loading' ? page.data : null;
  const filterKey = auditViewParams({ filters: view.filters }).toString();

  return (
    <div className={styles.page} data-testid="audit-page">
      <title>Audit · wsnoc</title>
      <div className={styles.head}>
        <h1>Audit</h1>
        <span className={styles.muted}>
          Who did what, to what, from what to what, from where, and how it ended. Times are UTC.
        </span>
      </div>
      {/* Remounted when the URL's filters change (Clear, back), so the form shows what is applied. */}
      <AuditFilterBar
        key={filterKey}
        filters={view.filters}
        devices={fleet}
        onApply={(filters) => go({ filters })}
      />
      <div className={styles.pager}>
        <a
          href={auditCsvHref(view.filters)}
          download
          data-testid="audit-csv"
          title="Every entry matching these filters"
        >
          Export CSV
        </a>
        {view.before !== undefined && (
          <Button data-testid="audit-newest" onClick={() => go({ filters: view.filters })}>
            Newest
          </Button>
        )}
        <Button data-testid="audit-reload" disabled={page.status === 'loading'} onClick={reload}>
          Reload
        </Button>
        {page.status === 'loading' && <span className={styles.muted}>Loading…</span>}
      </div>
      {page.status === 'error' && (
        <p role="alert" className={styles.alert} data-testid="audit-error">
          The audit trail could not be read: {page.message}
        </p>
      )}
      {entries !== null && entries.length === 0 && (
        <p className={styles.muted} data-testid="audit-empty">
          {hasFilters(view.filters) || view.before !== undefined
            ? 'No entries match these filters.'
            : 'Nothing has been recorded yet.'}
        </p>
      )}
      {entries !== null && entries.length > 0 && <AuditTable entries={entries} devices={devices} />}
      {entries !== null && entries.length === AUDIT_PAGE_SIZE && (
        <div className={styles.pager}>
          <Button
            data-testid="audit-older"
            onClick={() => go({ filters: view.filters, before: entries[entries.length - 1]!.id })}
          >
            Older
          </Button>
        </div>
      )}
    </div>
  );
}
