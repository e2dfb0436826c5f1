// Recent audit entries for this device: who did what, when, from what, to what; the audit page, filtered
// to this device, holds the rest.
import { Link } from 'react-router';
import { fetchAudit } from './device.api';
import { useResource } from './use-resource.hook';
import styles from './device-detail.module.css';

const brief = (value: unknown): string => {
  if (value === undefined || value === null) {
    return '—';
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

export function AuditEntries({ deviceId }: { deviceId: string }) {
  const [audit] = useResource(deviceId, (signal) => fetchAudit(deviceId, signal), 60_000);
  return (
    <section className={styles.panel} aria-labelledby="audit-title" data-testid="device-audit">
      <h2 id="audit-title">Recent events and audit</h2>
      {audit.status === 'ready' && audit.data !== null && (
        <Link to={`/audit?${new URLSearchParams({ deviceId }).toString()}`} data-testid="device-audit-all">
          All entries for this radio
        </Link>
      )}
      {audit.status === 'error' && <p role="alert">The audit log is unavailable: {audit.message}</p>}
      {audit.status === 'ready' && audit.data === null && (
        <p className={styles.muted}>This server does not keep an audit log yet.</p>
      )}
      {audit.status === 'ready' && audit.data?.length === 0 && (
        <p className={styles.muted}>Nothing recorded for this device.</p>
      )}
      {audit.status === 'ready' && audit.data !== null && audit.data.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Who</th>
              <th>What</th>
              <th>From</th>
              <th>To</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.map((entry) => (
              <tr key={String(entry.id)} data-testid="audit-entry">
                <td>{entry.at.replace('T', ' ').slice(0, 19)}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>{brief(entry.before)}</td>
                <td>{brief(entry.after)}</td>
                <td>{entry.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
