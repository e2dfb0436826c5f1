import { useNow } from '@/ui/use-now.hook';
import { useConnectionState } from './connection.context';
import { describeConnection } from './describe-connection';
import { FeedAge } from './feed-age';
import styles from './connection-indicator.module.css';

export function ConnectionIndicator() {
  const state = useConnectionState();
  const ticking = state.status === 'stale' || state.status === 'reconnecting' || state.status === 'offline';
  const now = useNow(1000, ticking);
  const { label, age } = describeConnection(state, ticking ? Math.max(now, state.since) : state.since);
  const title = [
    state.reason,
    state.lastMessageAt !== null ? `Last message ${new Date(state.lastMessageAt).toISOString()}` : null,
    state.attempt > 0 ? `Reconnection attempt ${state.attempt}` : null,
    state.hello ? `Server ${state.hello.version}` : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <div
      className={styles.indicator}
      data-testid="connection-indicator"
      data-state={state.status}
      title={title || undefined}
    >
      <span className={styles.dot} aria-hidden="true" />
      <span className="visually-hidden">Live feed: </span>
      <span role="status" aria-live="polite" className={styles.label}>
        {label}
      </span>
      {age && (
        <span className={styles.age} data-testid="connection-age">
          {age}
        </span>
      )}
      <FeedAge />
    </div>
  );
}
