// Step 5: how the change rolls out. A canary first (any failure among them pauses the run), then
// batches, so many devices at once, a failure threshold that pauses the run, a pause between batches,
// an optional start time and the `commit confirmed` window of each radio. Checked with RolloutSchema's
// own messages; starting asks for confirmation with the number of radios.
import type { Rollout } from '@wsnoc/shared';
import { useCallback, useState, type Dispatch } from 'react';
import { ConfirmDialog } from '@/modules/devices/detail/confirm-dialog';
import { Button } from '@/ui/button';
import { plural } from './bulk-format';
import type { FieldIssue } from './preview-state';
import type { WizardAction, WizardDraft } from './wizard-state';
import { ROLLOUT_FIELDS, type Errors, type RolloutField } from './wizard-values';
import styles from './configuration.module.css';

const LABELS: Record<RolloutField, { label: string; hint: string }> = {
  canarySize: { label: 'Canary size', hint: 'devices changed first, alone; 0 for none' },
  batchSize: { label: 'Batch size', hint: 'devices per batch after the canary' },
  concurrency: { label: 'Concurrency', hint: 'devices changed at once' },
  failureThresholdPercent: { label: 'Failure threshold (%)', hint: 'pauses the run above this share' },
  pauseBetweenBatchesSec: { label: 'Pause between batches (s)', hint: '0 to go on at once' },
  confirmMinutes: { label: 'Confirm window (min)', hint: 'a radio reverts by itself unless confirmed' },
  startAt: { label: 'Start at (optional)', hint: 'your local time; empty starts now' },
};

/** The canary and the batches a rollout makes of `devices`. */
export function batchPlan(devices: number, rollout: Rollout): string {
  const canary = Math.min(rollout.canarySize, devices);
  const rest = devices - canary;
  const batches = Math.ceil(rest / rollout.batchSize);
  return [
    canary > 0 ? `a canary of ${plural(canary, 'device')}` : 'no canary',
    batches > 0 ? `then ${plural(batches, 'batch', 'batches')} of up to ${rollout.batchSize}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

export interface StartFailure {
  message: string;
  issues: readonly FieldIssue[];
}

export interface StepRolloutProps {
  draft: WizardDraft;
  dispatch: Dispatch<WizardAction>;
  rollout: Rollout | null;
  errors: Errors;
  starting: boolean;
  failure: StartFailure | null;
  onStart: () => void;
}

export function StepRollout({
  draft,
  dispatch,
  rollout,
  errors,
  starting,
  failure,
  onStart,
}: StepRolloutProps) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useCallback(() => setConfirming(false), []);
  const count = draft.devices.length;
  return (
    <section className={styles.section} aria-labelledby="step-rollout-title" data-testid="bulk-step-rollout">
      <h2 id="step-rollout-title">Rollout</h2>
      <div className={styles.form}>
        <div className={styles.field}>
          <label htmlFor="bulk-run-name">Name (optional)</label>
          <input
            id="bulk-run-name"
            data-testid="bulk-run-name"
            value={draft.name}
            maxLength={120}
            onChange={(event) => dispatch({ type: 'name', name: event.target.value })}
          />
        </div>
        {ROLLOUT_FIELDS.map((field) => {
          const id = `bulk-rollout-${field}`;
          const error = errors[field];
          return (
            <div key={field} className={styles.field}>
              <label htmlFor={id}>{LABELS[field].label}</label>
              <input
                id={id}
                data-testid={id}
                type={field === 'startAt' ? 'datetime-local' : 'text'}
                inputMode={field === 'startAt' ? undefined : 'decimal'}
                value={draft.rollout[field]}
                aria-invalid={error !== undefined}
                aria-describedby={`${id}-hint`}
                onChange={(event) => dispatch({ type: 'rollout', field, value: event.target.value })}
              />
              <span id={`${id}-hint`} className={styles.hint}>
                {LABELS[field].hint}
              </span>
              {error !== undefined && (
                <span className={styles.error} data-testid={`bulk-rollout-error-${field}`}>
                  {error}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {rollout && (
        <p data-testid="bulk-rollout-plan">
          {plural(count, 'device')}: {batchPlan(count, rollout)}, {rollout.concurrency} at a time.
        </p>
      )}
      {failure && (
        <div role="alert" data-testid="bulk-start-error">
          <p className={styles.bad}>✕ The run was refused; no radio was touched. {failure.message}</p>
          {failure.issues.length > 0 && (
            <ul className={styles.list}>
              {failure.issues.map((issue) => (
                <li key={issue.path} data-testid="bulk-start-issue" data-path={issue.path}>
                  {issue.path}: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className={styles.buttons}>
        <Button data-testid="wizard-back" onClick={() => dispatch({ type: 'go', step: 'preview' })}>
          Back
        </Button>
        <Button
          variant="primary"
          data-testid="wizard-start"
          disabled={rollout === null || starting}
          onClick={() => setConfirming(true)}
        >
          {starting ? 'Starting…' : `Start: change ${plural(count, 'radio')}…`}
        </Button>
      </div>
      {confirming && rollout && (
        <ConfirmDialog
          title={`Change ${plural(count, 'radio')}?`}
          body={`The run changes ${plural(count, 'radio')} through the command path: ${batchPlan(count, rollout)}, ${rollout.concurrency} at a time, ${rollout.startAt ? `from ${new Date(rollout.startAt).toLocaleString()}` : 'starting now'}. Each radio reverts by itself unless its change is confirmed within ${rollout.confirmMinutes} min. It pauses when more than ${rollout.failureThresholdPercent}% fail.`}
          confirmLabel={`Change ${plural(count, 'radio')}`}
          onCancel={cancel}
          onConfirm={() => {
            setConfirming(false);
            onStart();
          }}
        />
      )}
    </section>
  );
}
