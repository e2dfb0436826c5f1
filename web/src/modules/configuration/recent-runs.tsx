// The recent bulk runs, newest first, each opening its progress and report (the address keeps it, so a
// reload returns to the same run). Runs started elsewhere appear as the feed announces them.
import { Link } from 'react-router';
import { RelativeTime } from '@/ui/relative-time';
import { RUN_STATUS_LABELS } from './bulk-format';
import { useBulkRuns } from './bulk-runs.context';
import { devicesDone } from './bulk-runs.store';
import styles from './configuration.module.css';

const SHOWN = 20;

export function RecentRuns({ openRunId }: { openRunId: string | null }) {
  const list = useBulkRuns((s) => s.list);
  const error = useBulkRuns((s) => s.listError);
  return (
    <section className={styles.section} aria-labelledby="recent-runs-title" data-testid="bulk-recent-runs">
      <h2 id="recent-runs-title">Recent runs</h2>
      {error !== null && (
        <p role="alert" className={styles.bad}>
          ✕ The runs could not be read: {error}
        </p>
      )}
      {list === null && error === null && <p className={styles.muted}>Loading…</p>}
      {list !== null && list.length === 0 && <p className={styles.muted}>No bulk run yet.</p>}
      {list !== null && list.length > 0 && (
        <ul className={styles.runs}>
          {list.slice(0, SHOWN).map((run) => (
            <li key={run.id}>
              <Link
                to={`?run=${encodeURIComponent(run.id)}`}
                data-testid={`bulk-recent-run-${run.id}`}
                data-status={run.status}
                aria-current={run.id === openRunId ? 'true' : undefined}
              >
                <strong>{run.name}</strong>
                <span className={styles.muted}>
                  {RUN_STATUS_LABELS[run.status]} · {devicesDone(run)} of {run.counts.total} done
                  {run.counts.failed + run.counts.reverted > 0
                    ? ` · ${run.counts.failed + run.counts.reverted} failed`
                    : ''}{' '}
                  · <RelativeTime at={run.createdAt} future={() => 'just now'} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
