// A plan being applied, or the result of the last one: steps done of the apply order (retunes and the
// temporary moves that keep neighbours apart) as a bar and in words, the step under way, and every
// failure with the reason the command path gave. It follows the feed's spectrum:plan-run events.
import type { PlanRun } from '@wsnoc/shared';
import { memo } from 'react';
import { formatAge } from '@/ui/format-age';
import { RelativeTime } from '@/ui/relative-time';
import page from './spectrum-page.module.css';
import styles from './replan.module.css';

/** A moment that already happened but reads as future by a few ms of clock skew between server and tab. */
const JUST_NOW = (): string => 'just now';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function headline(run: PlanRun, own: boolean): string {
  const who = own ? 'this plan' : `a plan started by ${run.actor}`;
  switch (run.status) {
    case 'running':
      return own ? `Applying this plan (started by ${run.actor})` : `Applying ${who}`;
    case 'done':
      return own ? 'This plan is applied' : `The last re-plan, started by ${run.actor}, is applied`;
    case 'failed':
      return own
        ? `This plan finished with ${plural(run.failed, 'failure')}`
        : `The last re-plan, started by ${run.actor}, finished with ${plural(run.failed, 'failure')}`;
  }
}

export const ReplanProgress = memo(function ReplanProgress({ run, own }: { run: PlanRun; own: boolean }) {
  const took =
    run.finishedAt === null ? null : formatAge(Date.parse(run.finishedAt) - Date.parse(run.startedAt));
  return (
    <div
      className={styles.progress}
      data-testid="replan-progress"
      data-status={run.status}
      data-done={run.done}
      data-total={run.total}
      data-failed={run.failed}
      data-plan={run.planId}
    >
      <p className={styles.progressHead} aria-live="polite">
        <strong>{headline(run, own)}</strong>
        <span className={page.muted}>
          {' · '}
          {run.finishedAt === null ? (
            <>
              started <RelativeTime at={run.startedAt} future={JUST_NOW} />
            </>
          ) : (
            <>
              finished <RelativeTime at={run.finishedAt} future={JUST_NOW} />, in {took}
            </>
          )}
        </span>
      </p>
      <div className={styles.bar}>
        <progress
          value={run.done}
          max={Math.max(1, run.total)}
          aria-label="Steps of the apply order done"
          data-status={run.status}
        />
        <span className={styles.barText}>
          {run.done} of {plural(run.total, 'step')}
          {run.failed > 0 && <span className={page.bad}> · ✕ {run.failed} failed</span>}
        </span>
      </div>
      {run.current && (
        <p data-testid="replan-current" data-station={run.current.name}>
          Now: <strong>{run.current.name}</strong>{' '}
          {run.current.from === null ? 'off' : `ch ${run.current.from}`} →{' '}
          <strong>ch {run.current.to}</strong>
        </p>
      )}
      {run.status === 'done' && (
        <p data-testid="replan-result" className={page.muted}>
          ● Every step went through the command path (locked, verified, audited); the channel plan above and
          the compliance record below show the new channels.
        </p>
      )}
      {run.errors.length > 0 && (
        <ul className={styles.runErrors} data-testid="replan-run-errors" aria-label="Steps that failed">
          {run.errors.map((failure, index) => (
            <li key={`${failure.deviceId}:${index}`} data-testid="replan-run-error" className={page.bad}>
              ✕ {failure.name || 'The run'}: {failure.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
