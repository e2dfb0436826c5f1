// A small panel of open incidents, live from the feed: the fleet's on the overview, one radio's on its page
// (those about it and those it is counted into). It shows the few worst and links to the Alerts page
// filtered the same way for the rest.
import { ALERT_SEVERITIES, type Incident } from '@wsnoc/shared';
import { Link } from 'react-router';
import { ACTIVE_STATES, alertsHref, alertsViewParams, type IncidentFilters } from './alerts-view-state';
import { IncidentAge } from './incident-age';
import { scopeText, stateText } from './incident-format';
import { SeverityBadge } from './severity-badge';
import { useIncidentsState, useIncidentsStore } from './use-incidents.hook';
import styles from './alerts.module.css';

/** The panel lists this many, worst first; the Alerts page has the rest. */
const SHOWN = 5;
/** Enough to count the fleet's active incidents on the overview. */
const LIMIT = 200;

const worstFirst = (a: Incident, b: Incident): number =>
  ALERT_SEVERITIES.indexOf(a.severity) - ALERT_SEVERITIES.indexOf(b.severity) ||
  Date.parse(b.openedAt) - Date.parse(a.openedAt);

export function OpenIncidentsPanel({ deviceId, className }: { deviceId?: string; className?: string }) {
  const filters: IncidentFilters = { states: ACTIVE_STATES, severities: [], deviceId };
  const store = useIncidentsStore(filters, { limit: LIMIT });
  const state = useIncidentsState(store);
  const shown = [...state.incidents].sort(worstFirst).slice(0, SHOWN);
  const count = `${state.incidents.length}${state.more ? '+' : ''}`;
  const detailHref = (id: string): string =>
    `/alerts?${alertsViewParams({ tab: 'incidents', filters, incident: id }).toString()}`;

  return (
    <section
      className={className ?? styles.panel}
      aria-labelledby="open-incidents-title"
      data-testid="open-incidents"
      data-count={state.status === 'ready' ? state.incidents.length : undefined}
    >
      <h2 id="open-incidents-title">
        Open incidents{state.status === 'ready' ? ` (${count})` : ''}{' '}
        <Link className={styles.small} to={alertsHref({ deviceId })} data-testid="open-incidents-all">
          on the Alerts page
        </Link>
      </h2>
      {state.error !== null && (
        <p role="alert" className={styles.muted}>
          The incidents could not be read: {state.error}
        </p>
      )}
      {state.status === 'ready' && state.incidents.length === 0 && (
        <p className={styles.muted}>
          {deviceId === undefined ? 'Nothing is wrong right now.' : 'No open incident concerns this radio.'}
        </p>
      )}
      {shown.length > 0 && (
        <ol className={styles.incidentList}>
          {shown.map((incident) => (
            <li key={incident.id} data-testid="open-incident" data-state={incident.state}>
              <SeverityBadge severity={incident.severity} />
              <Link to={detailHref(incident.id)}>{incident.title}</Link>
              <span className={styles.muted}>
                {scopeText(incident)}
                {incident.suppressedCount > 0 && ` · ${incident.affectedCount} devices`} ·{' '}
                {stateText(incident)} · <IncidentAge incident={incident} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
