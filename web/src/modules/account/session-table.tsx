// Open sessions: when and from where each was signed in, when it expires, and which one is this tab's.
// Shown for one's own account and, to admins, for any user.
import type { SessionSummary } from '@wsnoc/shared';
import { RelativeTime } from '@/ui/relative-time';
import styles from '@/modules/users/users.module.css';

/** A browser's user agent is long; the product names at its end say enough to tell two apart. */
function briefAgent(agent: string | null): string {
  if (agent === null || agent.trim() === '') {
    return '—';
  }
  return agent.length > 60 ? `…${agent.slice(-57)}` : agent;
}

export function SessionTable({ sessions }: { sessions: readonly SessionSummary[] }) {
  if (sessions.length === 0) {
    return (
      <p className={styles.muted} data-testid="sessions-empty">
        No open sessions.
      </p>
    );
  }
  return (
    <table className={styles.table} data-testid="session-table">
      <thead>
        <tr>
          <th>Signed in</th>
          <th>From</th>
          <th>Browser</th>
          <th>Expires</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <tr key={session.id} data-testid="session-row" data-current={session.current}>
            <td>
              <RelativeTime at={session.createdAt} />
            </td>
            <td>{session.address}</td>
            <td title={session.userAgent ?? undefined}>{briefAgent(session.userAgent)}</td>
            <td>
              <RelativeTime at={session.expiresAt} />
            </td>
            <td>
              {session.current && (
                <span className={styles.badge} data-testid="session-current">
                  this session
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
