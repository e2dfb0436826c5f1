// The open incidents of the display's scope, worst first and the longest open first, in type read from
// across the room: severity as glyph, word and colour, what it is about, how many devices it covers and
// how long it has been open (one shared one-second clock for every age on the screen).
import type { AlertSeverity, Incident } from '@wsnoc/shared';
import { lastedText, scopeText, SEVERITY_GLYPH } from '@/modules/alerts/incident-format';
import { useNow } from '@/ui/use-now.hook';
import styles from './wall-page.module.css';

/** Rows that fit a screen in this type; the rest are counted. */
export const WALL_INCIDENT_ROWS = 8;

/** High contrast on black, and never the only cue (the glyph and the word go with it). */
export const SEVERITY_COLOURS: Record<AlertSeverity, string> = {
  critical: '#ff4d4d',
  major: '#ff9a1f',
  minor: '#ffd200',
  warning: '#5cc8ff',
};

export function WallIncidentsPanel({
  incidents,
  truncated,
}: {
  incidents: readonly Incident[] | null;
  truncated: boolean;
}) {
  const now = useNow(1000, incidents !== null && incidents.length > 0);
  const shown = incidents?.slice(0, WALL_INCIDENT_ROWS) ?? [];
  const hidden = (incidents?.length ?? 0) - shown.length;
  return (
    <section className={styles.listPanel} data-testid="wall-panel-incidents" aria-label="Open incidents">
      <h2 className={styles.panelTitle}>
        Open incidents
        {incidents ? (
          <span data-testid="wall-incident-count">
            {' '}
            ({incidents.length}
            {truncated ? '+' : ''})
          </span>
        ) : null}
      </h2>
      {incidents === null ? (
        <p className={styles.label}>Waiting for the incidents…</p>
      ) : incidents.length === 0 ? (
        <p className={styles.allClear} data-testid="wall-no-incidents">
          No open incidents
        </p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Severity</th>
              <th>Incident</th>
              <th>Scope</th>
              <th className={styles.numeric}>Devices</th>
              <th className={styles.numeric}>Open for</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((incident) => (
              <tr key={incident.id} data-testid="wall-incident-row" data-severity={incident.severity}>
                <td style={{ color: SEVERITY_COLOURS[incident.severity] }} className={styles.strong}>
                  <span aria-hidden="true">{SEVERITY_GLYPH[incident.severity]}</span> {incident.severity}
                </td>
                <td>
                  {incident.title}
                  {incident.state === 'acknowledged' ? <span className={styles.muted}> · ack</span> : null}
                </td>
                <td>{scopeText(incident)}</td>
                <td className={styles.numeric}>{incident.affectedCount}</td>
                <td className={styles.numeric}>
                  <time dateTime={incident.openedAt} data-testid="wall-incident-age">
                    {lastedText(incident, now)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hidden > 0 ? (
        <p className={styles.label} data-testid="wall-incidents-more">
          and {hidden}
          {truncated ? '+' : ''} more
        </p>
      ) : null}
    </section>
  );
}
