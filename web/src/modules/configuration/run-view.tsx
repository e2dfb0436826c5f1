// A started run, opened by its id in the address (?run=<id>) so a reload comes back to it: steps 6
// (progress, Pause, Resume, Cancel) and 7 (the report and Rollback), following the feed.
import type { BulkRun } from '@wsnoc/shared';
import { Link } from 'react-router';
import { Button } from '@/ui/button';
import { plural } from './bulk-format';
import { useBulkRuns } from './bulk-runs.context';
import { runFinished } from './bulk-runs.store';
import { RunControls } from './run-controls';
import { RunProgress } from './run-progress';
import { RunReport } from './run-report';
import { WizardSteps } from './wizard-steps';
import styles from './configuration.module.css';

const REPORTED: ReadonlySet<BulkRun['status']> = new Set(['paused', 'cancelled', 'completed']);

export function RunView({
  runId,
  mayOperate,
  onNewRun,
}: {
  runId: string;
  mayOperate: boolean;
  onNewRun: () => void;
}) {
  const tracked = useBulkRuns((s) => s.runs.get(runId));
  const openError = useBulkRuns((s) => s.openErrors.get(runId));
  const failure = useBulkRuns((s) => (s.failure !== null && s.failure.runId === runId ? s.failure : null));
  if (tracked === undefined) {
    return (
      <section
        className={styles.section}
        data-testid="bulk-run-view"
        data-state={openError ? 'error' : 'loading'}
      >
        {openError ? (
          <p role="alert" className={styles.bad} data-testid="bulk-run-open-error">
            ✕ This run could not be read: {openError}
          </p>
        ) : (
          <p className={styles.muted}>Reading the run…</p>
        )}
        <div className={styles.buttons}>
          <Button data-testid="bulk-new-run" onClick={onNewRun}>
            New run
          </Button>
        </div>
      </section>
    );
  }
  const { run } = tracked;
  return (
    <div className={styles.page} data-testid="bulk-run-view" data-run={run.id} data-state="ready">
      <WizardSteps current={runFinished(run) ? 'report' : 'run'} />
      <section className={styles.section} aria-labelledby="run-title">
        <div className={styles.head}>
          <h2 id="run-title" data-testid="bulk-run-name">
            {run.name}
          </h2>
          {mayOperate && (
            <Button data-testid="bulk-new-run" onClick={onNewRun}>
              New run
            </Button>
          )}
        </div>
        <p className={styles.muted}>
          {run.kind === 'rollback' && run.rollbackOf !== null ? (
            <>
              Puts back what <Link to={`?run=${encodeURIComponent(run.rollbackOf)}`}>the original run</Link>{' '}
              changed ·{' '}
            </>
          ) : (
            <>Template {run.template} · </>
          )}
          {plural(run.counts.total, 'device')} · started by {run.actor} · canary {run.rollout.canarySize},
          batches of {run.rollout.batchSize}, {run.rollout.concurrency} at a time, pauses above{' '}
          {run.rollout.failureThresholdPercent}% failed
        </p>
        {mayOperate && <RunControls run={run} />}
        {failure && (
          <p role="alert" className={styles.bad} data-testid="bulk-action-error" data-action={failure.action}>
            ✕ Could not {failure.action} the run: {failure.message}
          </p>
        )}
        <RunProgress tracked={tracked} />
      </section>
      {REPORTED.has(run.status) && <RunReport tracked={tracked} mayOperate={mayOperate} />}
    </div>
  );
}
