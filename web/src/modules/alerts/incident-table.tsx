// The incidents on screen: severity, what and why, scope, devices affected (the CPEs counted into a base
// station's outage included), age, who has it, and the operator's buttons. A silenced incident says which
// maintenance window holds its notifications.
import type { Incident } from '@wsnoc/shared';
import { Link } from 'react-router';
import { IncidentActions } from './incident-actions';
import { IncidentAge } from './incident-age';
import { scopeText, stateText } from './incident-format';
import { SeverityBadge } from './severity-badge';
import styles from './alerts.module.css';

export interface IncidentTableProps {
  incidents: readonly Incident[];
  openId: string | undefined;
  detailHref: (id: string) => string;
  mayOperate: boolean;
  onChanged: (incident: Incident) => void;
}

export function IncidentTable({ incidents, openId, detailHref, mayOperate, onChanged }: IncidentTableProps) {
  return (
    <table className={styles.table} data-testid="incident-table">
      <thead>
        <tr>
          <th>Severity</th>
          <th>Incident</th>
          <th>Scope</th>
          <th>Devices</th>
          <th>Age</th>
          <th>State</th>
          {mayOperate && <th>Actions</th>}
        </tr>
      </thead>
      <tbody>
        {incidents.map((incident) => (
          <tr
            key={incident.id}
            data-testid="incident-row"
            data-id={incident.id}
            data-state={incident.state}
            data-severity={incident.severity}
            className={incident.id === openId ? styles.current : undefined}
          >
            <td>
              <SeverityBadge severity={incident.severity} />
            </td>
            <td className={styles.what}>
              <Link to={detailHref(incident.id)} data-testid="incident-title">
                {incident.title}
              </Link>
              <div className={styles.muted}>{incident.summary}</div>
              {incident.silencedBy && (
                <div className={styles.silenced} data-testid="incident-silenced">
                  Notifications held by maintenance window “{incident.silencedBy.name}”
                </div>
              )}
              {incident.flapCount > 0 && (
                <div className={styles.muted} data-testid="incident-flaps">
                  {incident.flapCount} flaps
                </div>
              )}
            </td>
            <td data-testid="incident-scope">
              {incident.scope.type === 'device' && incident.deviceId ? (
                <Link to={`/devices/${encodeURIComponent(incident.deviceId)}`}>{scopeText(incident)}</Link>
              ) : (
                scopeText(incident)
              )}
            </td>
            <td data-testid="incident-affected" data-count={incident.affectedCount}>
              {incident.affectedCount}
              {incident.suppressedCount > 0 && (
                <div className={styles.muted}>{incident.suppressedCount} suppressed into it</div>
              )}
            </td>
            <td>
              <IncidentAge incident={incident} />
            </td>
            <td data-testid="incident-state">
              {stateText(incident)}
              {incident.assignee && <div className={styles.muted}>assigned to {incident.assignee}</div>}
            </td>
            {mayOperate && (
              <td>
                <IncidentActions key={incident.state} incident={incident} onChanged={onChanged} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
