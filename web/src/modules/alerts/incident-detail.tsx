// One incident: what it is, its state and who has it, the devices it covers (its own and those suppressed
// into it) and its timeline (every change: opened, acknowledged, assigned, notified, silenced, resolved).
// The timeline is read again whenever the screen hears of a change to the incident on the feed.
import { useState } from 'react';
import type { Incident } from '@wsnoc/shared';
import { Link } from 'react-router';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { formatUtc } from '@/ui/relative-time';
import { fetchIncident } from './alerts.api';
import { IncidentActions } from './incident-actions';
import { IncidentAge } from './incident-age';
import { EVENT_LABEL, scopeText, stateText } from './incident-format';
import { SeverityBadge } from './severity-badge';
import styles from './alerts.module.css';

export interface IncidentDetailProps {
  id: string;
  /** The screen's live copy, when the incident is in its list. */
  live: Incident | undefined;
  closeHref: string;
  mayOperate: boolean;
  onChanged: (incident: Incident) => void;
}

const newest = (a: Incident | undefined, b: Incident | undefined): Incident | undefined =>
  a === undefined ? b : b === undefined ? a : Date.parse(b.updatedAt) > Date.parse(a.updatedAt) ? b : a;

export function IncidentDetail({ id, live, closeHref, mayOperate, onChanged }: IncidentDetailProps) {
  // What an action here answered: the incident may have left the list (acknowledged, while the list shows
  // only open ones), and the panel still follows it.
  const [own, setOwn] = useState<Incident | undefined>(undefined);
  const known = newest(live, own?.id === id ? own : undefined);
  const [detail] = useResource(`${id}#${known?.updatedAt ?? ''}`, (signal) => fetchIncident(id, signal));
  const data = detail.status === 'ready' || detail.status === 'loading' ? detail.data : null;
  // The feed's copy may be newer than the detail's answer; the timeline is the answer's.
  const incident = newest(data?.incident, known);
  const changed = (next: Incident): void => {
    setOwn(next);
    onChanged(next);
  };

  return (
    <section className={styles.panel} aria-labelledby="incident-detail-title" data-testid="incident-detail">
      <div className={styles.panelHead}>
        <h2 id="incident-detail-title">{incident?.title ?? 'Incident'}</h2>
        <Link to={closeHref} data-testid="incident-detail-close">
          Close
        </Link>
      </div>
      {detail.status === 'error' && (
        <p role="alert" className={styles.alert} data-testid="incident-detail-error">
          {detail.notFound ? 'No such incident.' : `The incident could not be read: ${detail.message}`}
        </p>
      )}
      {incident === undefined && detail.status !== 'error' && <p className={styles.muted}>Loading…</p>}
      {incident !== undefined && (
        <>
          <p>
            <SeverityBadge severity={incident.severity} /> {incident.summary}
          </p>
          <dl className={styles.facts}>
            <dt>State</dt>
            <dd data-testid="incident-detail-state" data-state={incident.state}>
              {stateText(incident)}
            </dd>
            {incident.acknowledgedAt && (
              <>
                <dt>Acknowledged</dt>
                <dd>
                  {formatUtc(incident.acknowledgedAt)}
                  {incident.acknowledgedBy && ` by ${incident.acknowledgedBy}`}
                </dd>
              </>
            )}
            <dt>Scope</dt>
            <dd>{scopeText(incident)}</dd>
            <dt>Opened</dt>
            <dd>
              {formatUtc(incident.openedAt)} (<IncidentAge incident={incident} />)
            </dd>
            {incident.resolvedAt && (
              <>
                <dt>Resolved</dt>
                <dd>{formatUtc(incident.resolvedAt)}</dd>
              </>
            )}
            <dt>Assigned to</dt>
            <dd data-testid="incident-detail-assignee">{incident.assignee ?? 'nobody'}</dd>
            <dt>Rule</dt>
            <dd>
              {incident.ruleName} ({incident.kind})
            </dd>
            <dt>Devices</dt>
            <dd>
              {incident.affectedCount}
              {incident.suppressedCount > 0 && `, ${incident.suppressedCount} of them suppressed into it`}
            </dd>
            {incident.flapCount > 0 && (
              <>
                <dt>Flaps</dt>
                <dd>{incident.flapCount}</dd>
              </>
            )}
            {incident.lastValue !== undefined && (
              <>
                <dt>Last value</dt>
                <dd>{incident.lastValue}</dd>
              </>
            )}
            {incident.silencedBy && (
              <>
                <dt>Silenced</dt>
                <dd data-testid="incident-detail-silenced">
                  by maintenance window “{incident.silencedBy.name}”: no notifications while it runs
                </dd>
              </>
            )}
          </dl>
          {mayOperate && <IncidentActions key={incident.state} incident={incident} onChanged={changed} />}
        </>
      )}
      {data !== null && (
        <>
          <h3>Timeline</h3>
          <ol className={styles.timeline} data-testid="incident-timeline">
            {data.timeline.map((event, index) => (
              <li key={`${event.at}-${index}`} data-testid="incident-event" data-type={event.type}>
                <time dateTime={event.at}>{formatUtc(event.at)}</time>{' '}
                <strong>{EVENT_LABEL[event.type]}</strong>
                {event.actor && <> by {event.actor}</>}
                {event.detail && <span className={styles.muted}> · {event.detail}</span>}
              </li>
            ))}
          </ol>
          {data.affected.length > 0 && (
            <>
              <h3>Devices</h3>
              <ul className={styles.affected} data-testid="incident-affected-devices">
                {data.affected.map((device) => (
                  <li key={device.id} data-relation={device.relation}>
                    <Link to={`/devices/${encodeURIComponent(device.id)}`}>{device.name}</Link>{' '}
                    <span className={styles.muted}>
                      {device.role}
                      {device.site ? ` · ${device.site}` : ''}
                      {device.relation === 'suppressed' ? ' · suppressed into this incident' : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
