// Step 7: what the run did. Devices changed, already set, failed or reverted (with the reason the
// command path gave), the CSV report of every device, and one-click Rollback behind a confirmation: a
// new run that puts back, on every device this run changed, what it ran before. The rollback's own
// progress follows below.
import type { BulkRun } from '@wsnoc/shared';
import { useCallback, useMemo, useState } from 'react';
import { ConfirmDialog } from '@/modules/devices/detail/confirm-dialog';
import { Button } from '@/ui/button';
import { ITEM_STATUS_LABELS, plural } from './bulk-format';
import { useBulkRuns, useBulkRunsStore } from './bulk-runs.context';
import type { TrackedRun } from './bulk-runs.store';
import { runReportHref } from './bulk.api';
import { RunProgress } from './run-progress';
import styles from './configuration.module.css';

/** Why a run cannot be rolled back now, or null when it can. */
export function rollbackBlocker(run: BulkRun): string | null {
  if (run.kind === 'rollback') {
    return 'This run is itself a rollback.';
  }
  if (run.rolledBackBy !== null) {
    return 'This run was rolled back.';
  }
  if (run.status === 'running' || run.status === 'scheduled') {
    return 'Pause or cancel the run before rolling it back.';
  }
  if (run.counts.applying + run.counts.queued > 0) {
    return 'Devices are still being changed; wait for them to finish.';
  }
  return run.counts.succeeded === 0 ? 'The run changed no device, so there is nothing to put back.' : null;
}

export function RunReport({ tracked, mayOperate }: { tracked: TrackedRun; mayOperate: boolean }) {
  const { run } = tracked;
  const store = useBulkRunsStore();
  const pending = useBulkRuns((s) => s.pending);
  const rollback = useBulkRuns((s) => (run.rolledBackBy ? s.runs.get(run.rolledBackBy) : undefined));
  const [confirming, setConfirming] = useState(false);
  const stop = useCallback(() => setConfirming(false), []);
  const failures = useMemo(
    () => [...tracked.items.values()].filter((i) => i.status === 'failed' || i.status === 'reverted'),
    [tracked.items],
  );
  const blocker = rollbackBlocker(run);
  const { counts } = run;
  return (
    <section className={styles.section} aria-labelledby="run-report-title" data-testid="bulk-report">
      <h2 id="run-report-title">Report</h2>
      <dl className={styles.counts}>
        <div data-testid="bulk-report-succeeded" data-count={counts.succeeded}>
          <dt>changed</dt>
          <dd>{counts.succeeded}</dd>
        </div>
        <div data-testid="bulk-report-unchanged" data-count={counts.unchanged}>
          <dt>already set</dt>
          <dd>{counts.unchanged}</dd>
        </div>
        <div data-testid="bulk-report-failed" data-count={counts.failed + counts.reverted}>
          <dt>failed or reverted</dt>
          <dd>{counts.failed + counts.reverted}</dd>
        </div>
        <div data-testid="bulk-report-cancelled" data-count={counts.cancelled}>
          <dt>not started</dt>
          <dd>{counts.cancelled}</dd>
        </div>
      </dl>
      {failures.length > 0 ? (
        <ul className={styles.list} data-testid="bulk-report-failures" aria-label="Devices that failed">
          {failures.map((item) => (
            <li key={item.id} className={styles.bad} data-testid={`bulk-report-failure-${item.name}`}>
              ✕ {item.name} ({ITEM_STATUS_LABELS[item.status]}): {item.detail ?? 'no reason given'}
            </li>
          ))}
        </ul>
      ) : (
        <p className={styles.good}>● No device failed.</p>
      )}
      <div className={styles.buttons}>
        <a href={runReportHref(run.id)} download data-testid="bulk-report-csv">
          Export CSV (every device)
        </a>
        {mayOperate && run.kind === 'apply' && run.rolledBackBy === null && (
          <>
            <Button
              data-testid="bulk-rollback"
              disabled={blocker !== null || pending !== null}
              title={blocker ?? undefined}
              onClick={() => setConfirming(true)}
            >
              {pending?.action === 'rollback' ? 'Starting the rollback…' : 'Roll back…'}
            </Button>
            {blocker !== null && <span className={styles.muted}>{blocker}</span>}
          </>
        )}
      </div>
      {run.rolledBackBy !== null && (
        <div data-testid="bulk-rollback-section" data-run={run.rolledBackBy}>
          <h3>Rollback</h3>
          {rollback ? (
            <RunProgress tracked={rollback} testId="bulk-rollback" />
          ) : (
            <p className={styles.muted}>Reading the rollback…</p>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Roll back ${plural(counts.succeeded, 'radio')}?`}
          body={`A new run puts back, on the ${plural(counts.succeeded, 'radio')} this run changed, the values they ran before, through the same safe apply (batches of ${run.rollout.batchSize}, ${run.rollout.concurrency} at a time). Radios this run did not change are left alone.`}
          confirmLabel={`Roll back ${plural(counts.succeeded, 'radio')}`}
          onCancel={stop}
          onConfirm={() => {
            setConfirming(false);
            void store.act(run.id, 'rollback');
          }}
        />
      )}
    </section>
  );
}
