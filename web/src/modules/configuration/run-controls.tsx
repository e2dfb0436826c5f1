// Pause, Resume and Cancel for a run still going. Resume may raise the threshold that paused it; Cancel
// asks first, since devices not started then stay as they are for good.
import { BulkResumeSchema, type BulkRun } from '@wsnoc/shared';
import { useCallback, useState } from 'react';
import { ConfirmDialog } from '@/modules/devices/detail/confirm-dialog';
import { Button } from '@/ui/button';
import { plural } from './bulk-format';
import { useBulkRuns, useBulkRunsStore } from './bulk-runs.context';
import styles from './configuration.module.css';

export function RunControls({ run }: { run: BulkRun }) {
  const store = useBulkRunsStore();
  const pending = useBulkRuns((s) => s.pending);
  const [cancelling, setCancelling] = useState(false);
  const [threshold, setThreshold] = useState('');
  const stopCancel = useCallback(() => setCancelling(false), []);
  const busy = pending !== null;
  const going = run.status === 'running' || run.status === 'scheduled';
  const paused = run.status === 'paused';
  if (!going && !paused) {
    return null;
  }
  const resume = threshold.trim() === '' ? {} : { failureThresholdPercent: Number(threshold) };
  const resumeCheck = BulkResumeSchema.safeParse(resume);
  const resumeError = resumeCheck.success ? null : (resumeCheck.error.issues[0]?.message ?? 'not valid');
  const notStarted = run.counts.pending + run.counts.queued;
  return (
    <div className={styles.buttons} data-testid="bulk-run-controls">
      {going && (
        <Button data-testid="bulk-pause" disabled={busy} onClick={() => void store.act(run.id, 'pause')}>
          {pending?.action === 'pause' ? 'Pausing…' : 'Pause'}
        </Button>
      )}
      {paused && (
        <>
          <Button
            variant="primary"
            data-testid="bulk-resume"
            disabled={busy || resumeError !== null}
            onClick={() => void store.act(run.id, 'resume', resumeCheck.success ? resumeCheck.data : {})}
          >
            {pending?.action === 'resume' ? 'Resuming…' : 'Resume'}
          </Button>
          <label className={styles.field}>
            <span className={styles.hint}>
              Failure threshold on resume (now {run.rollout.failureThresholdPercent}%)
            </span>
            <input
              data-testid="bulk-resume-threshold"
              inputMode="decimal"
              value={threshold}
              placeholder={String(run.rollout.failureThresholdPercent)}
              aria-invalid={resumeError !== null}
              onChange={(event) => setThreshold(event.target.value)}
            />
            {resumeError !== null && (
              <span className={styles.error} data-testid="bulk-resume-threshold-error">
                {Number.isNaN(Number(threshold)) ? 'failureThresholdPercent must be a number' : resumeError}
              </span>
            )}
          </label>
        </>
      )}
      <Button data-testid="bulk-cancel" disabled={busy} onClick={() => setCancelling(true)}>
        {pending?.action === 'cancel' ? 'Cancelling…' : 'Cancel run…'}
      </Button>
      {cancelling && (
        <ConfirmDialog
          title="Cancel this run?"
          body={`${plural(notStarted, 'device')} not started yet will be left as they are. Devices being changed now finish their change. A cancelled run cannot be resumed, but what it changed can be rolled back.`}
          confirmLabel="Cancel the run"
          onCancel={stopCancel}
          onConfirm={() => {
            setCancelling(false);
            void store.act(run.id, 'cancel');
          }}
        />
      )}
    </div>
  );
}
