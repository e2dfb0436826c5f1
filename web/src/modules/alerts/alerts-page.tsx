// The Alerts page: what is wrong now, without alert storms. Incidents (a base station's outage is one, its
// CPEs counted into it) with severity, scope, age and devices affected, live from the /ops feed; the
// filters, the tab and the open incident live in the address, so a view is shared by its link. Operators
// acknowledge, assign and resolve; admins edit the rules (with a preview of the last 24 hours), the
// maintenance windows and the notification channels. Viewers read all of it and are offered no buttons.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCan } from '@/modules/auth/use-can.hook';
import { ChannelsPanel } from './channels-panel';
import { IncidentsPanel } from './incidents-panel';
import { MaintenancePanel } from './maintenance-panel';
import { RulesPanel } from './rules-panel';
import { alertsViewParams, parseAlertsView, type AlertTab, type AlertsView } from './alerts-view-state';
import styles from './alerts.module.css';

const TAB_LABELS: Record<AlertTab, string> = {
  incidents: 'Incidents',
  rules: 'Rules',
  maintenance: 'Maintenance windows',
  channels: 'Notification channels',
};

export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseAlertsView(params), [params]);
  const mayOperate = useCan('operator');
  const mayAdminister = useCan('admin');
  const href = (next: AlertsView): string => {
    const query = alertsViewParams(next).toString();
    return query ? `?${query}` : '?';
  };
  const go = (next: AlertsView): void => setParams(alertsViewParams(next));

  return (
    <div className={styles.page} data-testid="alerts-page" data-tab={view.tab}>
      <title>Alerts · wsnoc</title>
      <div className={styles.head}>
        <h1>Alerts</h1>
        <span className={styles.muted}>
          One incident per outage, not a page per radio: the CPEs behind a base station that is down are
          counted into its incident. Times are UTC.
        </span>
      </div>
      <nav className={styles.tabs} aria-label="Alerts sections">
        {(Object.keys(TAB_LABELS) as AlertTab[]).map((tab) => (
          <Link
            key={tab}
            to={href({ tab, filters: view.filters })}
            className={styles.tab}
            aria-current={view.tab === tab ? 'page' : undefined}
            data-testid={`alerts-tab-${tab}`}
          >
            {TAB_LABELS[tab]}
          </Link>
        ))}
      </nav>
      {view.tab === 'incidents' && (
        <IncidentsPanel
          view={view}
          href={href}
          mayOperate={mayOperate}
          onFilters={(filters) => go({ tab: 'incidents', filters })}
        />
      )}
      {view.tab === 'rules' && <RulesPanel mayAdminister={mayAdminister} />}
      {view.tab === 'maintenance' && <MaintenancePanel mayAdminister={mayAdminister} />}
      {view.tab === 'channels' && <ChannelsPanel mayAdminister={mayAdminister} />}
    </div>
  );
}
