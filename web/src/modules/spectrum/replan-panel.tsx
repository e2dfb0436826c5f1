// "Re-plan the fleet": an operator asks the planner for a preview (nothing is sent to a radio), reads the
// predicted figures now against after, the apply order's facts and the per-station changes, and applies
// it behind a confirmation that says how many radios will be retuned; progress then follows the feed
// until the run is done. A preview that expired, was overtaken by another run or was refused is said in
// plain words with "Preview again". Viewers see only a run seen on the feed, and otherwise nothing.
import type { PlanRun } from '@wsnoc/shared';
import { useCallback, useState, type ReactNode } from 'react';
import { useCan } from '@/modules/auth/use-can.hook';
import { ConfirmDialog } from '@/modules/devices/detail/confirm-dialog';
import { Button } from '@/ui/button';
import { RelativeTime } from '@/ui/relative-time';
import { retunedRadios } from './plan-gain';
import { ReplanChanges } from './replan-changes';
import { ReplanFigures } from './replan-figures';
import { ReplanProgress } from './replan-progress';
import { useReplan, useReplanStore } from './replan.context';
import type { ReplanState, ShownPreview } from './replan.store';
import { useDeadlinePassed } from './use-deadline-passed.hook';
import page from './spectrum-page.module.css';
import styles from './replan.module.css';

export type ReplanPanelState =
  | 'idle'
  | 'previewing'
  | 'preview'
  | 'no-change'
  | 'expired'
  | 'outdated'
  | 'refused'
  | 'applying'
  | 'running'
  | 'done'
  | 'failed'
  | 'error'
  | 'watching';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

interface Derived {
  ownRun: ReplanState['run'];
  otherRun: ReplanState['run'];
  /** Another plan was applied since this preview was computed: it no longer describes the fleet. */
  outdated: boolean;
  /** The server refused to apply it (expired, unknown, another instance leads): only a new preview helps. */
  refused: boolean;
  state: ReplanPanelState;
}

function derive(
  { preview, request, failure, run }: Pick<ReplanState, 'preview' | 'request' | 'failure' | 'run'>,
  expired: boolean,
): Derived {
  const ownRun = run !== null && preview !== null && run.planId === preview.plan.id ? run : null;
  const otherRun = run !== null && run !== ownRun ? run : null;
  const outdated =
    preview !== null &&
    otherRun !== null &&
    Date.parse(otherRun.startedAt) >= Date.parse(preview.plan.createdAt);
  const refused = failure?.step === 'apply' && failure.previewAgain;
  const state: ReplanPanelState =
    request === 'previewing'
      ? 'previewing'
      : request === 'applying'
        ? 'applying'
        : ownRun !== null
          ? ownRun.status
          : preview !== null
            ? refused
              ? 'refused'
              : outdated
                ? 'outdated'
                : preview.plan.changes.length === 0
                  ? 'no-change'
                  : expired
                    ? 'expired'
                    : 'preview'
            : failure !== null
              ? 'error'
              : otherRun !== null
                ? 'watching'
                : 'idle';
  return { ownRun, otherRun, outdated, refused, state };
}

export interface ReplanPanelProps {
  onOpenStation: (id: string) => void;
}

export function ReplanPanel({ onOpenStation }: ReplanPanelProps) {
  const store = useReplanStore();
  const preview = useReplan((s) => s.preview);
  const request = useReplan((s) => s.request);
  const failure = useReplan((s) => s.failure);
  const run = useReplan((s) => s.run);
  const mayOperate = useCan('operator');
  const expired = useDeadlinePassed(preview?.expiresAt ?? null);
  const [confirming, setConfirming] = useState(false);
  const { ownRun, otherRun, outdated, refused, state } = derive({ preview, request, failure, run }, expired);
  const cancel = useCallback(() => setConfirming(false), []);

  if (!mayOperate && run === null) {
    return null; // a viewer has nothing to do here until someone applies a plan
  }
  const applying = run !== null && run.status === 'running';
  const canPreview = mayOperate && request === 'idle' && !applying;
  const changes = preview?.plan.changes ?? [];
  const retunes = retunedRadios(changes);
  const canApply =
    mayOperate &&
    preview !== null &&
    ownRun === null &&
    retunes > 0 &&
    request === 'idle' &&
    !expired &&
    !outdated &&
    !refused &&
    !applying;

  return (
    <section
      className={page.section}
      aria-labelledby="replan-title"
      aria-busy={request !== 'idle'}
      data-testid="replan-panel"
      data-state={state}
    >
      <div className={page.sectionHead}>
        <h2 id="replan-title">Re-plan the fleet</h2>
        {mayOperate && (
          <Button
            variant={preview === null ? 'primary' : 'default'}
            data-testid="replan-preview"
            disabled={!canPreview}
            title={applying ? 'Wait until the plan being applied has finished' : undefined}
            onClick={() => void store.preview()}
          >
            {request === 'previewing' ? 'Planning…' : preview === null ? 'Preview re-plan' : 'Preview again'}
          </Button>
        )}
      </div>
      {mayOperate && preview === null && request !== 'previewing' && run === null && (
        <p className={page.muted}>
          Plans every granted base station’s channel again from what the white-space database permits now, and
          shows what would change and the predicted gain. Nothing is sent to a radio until you apply.
        </p>
      )}
      {request === 'previewing' && (
        <p className={page.muted} role="status">
          Planning the fleet’s channels…
        </p>
      )}
      {failure !== null && (
        <p className={page.bad} role="alert" data-testid="replan-error" data-code={failure.code}>
          ✕ {failure.message}
        </p>
      )}
      {otherRun !== null && (otherRun.status === 'running' || preview === null || outdated) && (
        <ReplanProgress run={otherRun} own={false} />
      )}
      {preview !== null && (
        <PreviewBody
          preview={preview}
          expired={expired}
          outdated={outdated}
          outdatedBy={outdated ? (otherRun?.actor ?? null) : null}
          runStatus={ownRun?.status ?? null}
          onOpenStation={onOpenStation}
        >
          {ownRun !== null ? (
            <ReplanProgress run={ownRun} own />
          ) : (
            mayOperate &&
            retunes > 0 && (
              <div className={styles.applyBar}>
                <Button
                  variant="primary"
                  data-testid="replan-apply"
                  disabled={!canApply}
                  onClick={() => setConfirming(true)}
                >
                  {request === 'applying' ? 'Starting…' : `Apply: retune ${plural(retunes, 'radio')}…`}
                </Button>
                <span className={page.muted}>
                  {applying
                    ? 'Another plan is being applied; wait for it to finish, then preview again.'
                    : 'Asks for confirmation first.'}
                </span>
              </div>
            )
          )}
        </PreviewBody>
      )}
      {confirming && preview !== null && (
        <ConfirmDialog
          title={`Retune ${plural(retunes, 'radio')}?`}
          body={confirmText(preview, retunes)}
          confirmLabel={`Retune ${plural(retunes, 'radio')}`}
          onCancel={cancel}
          onConfirm={() => {
            setConfirming(false);
            void store.apply();
          }}
        />
      )}
    </section>
  );
}

function confirmText({ plan }: ShownPreview, retunes: number): string {
  const left = plan.changes.length - retunes;
  return [
    `${plural(retunes, 'base station')} will move to a new channel, in ${plural(plan.steps, 'step')}`,
    plan.temporaryMoves > 0
      ? ` (including ${plural(plan.temporaryMoves, 'temporary move')} that keep neighbours apart on the way)`
      : '',
    '. ',
    plan.overlapSteps > 0
      ? `${plural(plan.overlapSteps, 'step')} briefly share${plan.overlapSteps === 1 ? 's' : ''} a channel with a neighbour; the planner could not avoid it. `
      : '',
    left > 0 ? `${plural(left, 'station')} without a channel in the plan stay as they are. ` : '',
    'Each retune goes through the command path, CPEs follow their base station, and every change is recorded in the compliance record.',
  ].join('');
}

const CHANGES_HEADING: Record<PlanRun['status'] | 'preview', string> = {
  preview: 'would change channel',
  running: 'being retuned',
  done: 'retuned by this plan',
  failed: 'in this plan (the failures are listed above)',
};

const BAND_PLAN: Record<'etsi' | 'fcc', string> = { etsi: 'ETSI', fcc: 'FCC' };

function PreviewBody({
  preview,
  expired,
  outdated,
  outdatedBy,
  runStatus,
  onOpenStation,
  children,
}: {
  preview: ShownPreview;
  expired: boolean;
  outdated: boolean;
  outdatedBy: string | null;
  /** How this preview's own run stands, once applied: the change list's heading follows it. */
  runStatus: PlanRun['status'] | null;
  onOpenStation: (id: string) => void;
  children: ReactNode;
}) {
  const { plan } = preview;
  const expiresAt = new Date(preview.expiresAt).toISOString();
  return (
    <div className={styles.preview} data-testid="replan-preview-body" data-plan={plan.id}>
      <p className={page.muted} data-testid="replan-age" data-expired={expired}>
        Previewed <RelativeTime at={new Date(preview.receivedAt).toISOString()} future={() => 'just now'} />{' '}
        (planned in {Math.round(plan.runMs)} ms, {BAND_PLAN[plan.bandPlan]} channels) ·{' '}
        {expired ? (
          <span className={page.warn}>
            ▲ expired <RelativeTime at={expiresAt} />
          </span>
        ) : (
          <>
            can be applied for <RelativeTime at={expiresAt} future={(left) => left} />
          </>
        )}
      </p>
      {expired && (
        <p className={page.warn} role="status" data-testid="replan-expired">
          ▲ This preview is more than 10 minutes old, and the grants it was planned from may have changed.
          Nothing was applied. Preview again to apply.
        </p>
      )}
      {outdated && (
        <p className={page.warn} role="status" data-testid="replan-outdated">
          ▲ A plan started by {outdatedBy ?? 'another operator'} was applied after this preview was made, so
          it no longer describes the fleet. Preview again.
        </p>
      )}
      {plan.changes.length === 0 ? (
        <p className={styles.noChange} role="status" data-testid="replan-no-change">
          ● The current channel plan is already as good as the planner finds: no retune is predicted to gain
          anything, so there is nothing to apply.
        </p>
      ) : null}
      <div className={styles.previewGrid}>
        <ReplanFigures before={plan.before} after={plan.after} />
        {plan.changes.length > 0 && <ApplyOrder preview={preview} />}
      </div>
      {children}
      {plan.changes.length > 0 && (
        <>
          <h3 className={styles.subhead}>
            {plural(plan.changes.length, 'station')} {CHANGES_HEADING[runStatus ?? 'preview']}
          </h3>
          <ReplanChanges changes={plan.changes} onOpenStation={onOpenStation} />
        </>
      )}
    </div>
  );
}

function ApplyOrder({ preview: { plan } }: { preview: ShownPreview }) {
  return (
    <dl
      className={styles.order}
      data-testid="replan-order"
      data-steps={plan.steps}
      data-temporary={plan.temporaryMoves}
      data-overlaps={plan.overlapSteps}
    >
      <div>
        <dt>Apply order</dt>
        <dd>
          <strong>{plural(plan.steps, 'step')}</strong>, one radio at a time, so no two interfering neighbours
          share a channel on the way
        </dd>
      </div>
      <div>
        <dt>Temporary moves</dt>
        <dd>
          <strong>{plan.temporaryMoves}</strong>
          {plan.temporaryMoves > 0
            ? ': stations parked on a free channel until their neighbour has moved'
            : ''}
        </dd>
      </div>
      <div>
        <dt>Brief overlaps</dt>
        <dd>
          {plan.overlapSteps === 0 ? (
            <strong>none</strong>
          ) : (
            <span className={page.warn}>
              ▲ <strong>{plural(plan.overlapSteps, 'step')}</strong> cannot avoid sharing a channel with a
              neighbour for a moment (the weakest pairings are chosen)
            </span>
          )}
        </dd>
      </div>
    </dl>
  );
}
