// Status transitions as the feed reported them, newest first. Kept by the fleet store, so the list
// survives moving between screens for as long as the tab is open.
import { Link } from 'react-router';
import { useFleet } from '@/modules/live/live.context';
import { StatusBadge } from '@/ui/status-badge';
import styles from './overview-page.module.css';

const SHOWN = 15;

export function RecentChanges() {
  const transitions = useFleet((state) => state.transitions);
  return (
    <section className={styles.panel} aria-labelledby="recent-changes" data-testid="overview-transitions">
      <h2 id="recent-changes">Recent state changes</h2>
      {transitions.length === 0 ? (
        <p className={styles.muted}>No status change seen since this page opened.</p>
      ) : (
        <ol className={styles.list}>
          {transitions.slice(0, SHOWN).map((change) => (
            <li key={`${change.id}-${change.at}-${change.to}`} data-testid={`transition-${change.name}`}>
              <time className={styles.figure} dateTime={change.at}>
                {change.at.slice(11, 19)}
              </time>
              <Link to={`/devices/${encodeURIComponent(change.id)}`}>{change.name}</Link>
              <StatusBadge status={change.from} />
              <span aria-label="became">→</span>
              <StatusBadge status={change.to} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
