// "Check now" for operators: asks the console to check this station with the white-space database at
// once. The server only accepts the request (202); the answer is what the feed then shows: a newer last
// check with its outcome, or a failed check in the compliance record. Both are told here in words.
import type { SpectrumRecord, SpectrumStation } from '@wsnoc/shared';
import { useState } from 'react';
import { Button } from '@/ui/button';
import { formatUtc } from '@/ui/relative-time';
import { requestCheck } from './spectrum.api';
import { PHASE_LABEL } from './phase-badge';
import styles from './spectrum-page.module.css';
import panel from './station-panel.module.css';

type CheckState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  /** What was known when the request went out, to tell the answer from what came before. */
  | { kind: 'accepted'; lastCheckBefore: string | null; failuresBefore: ReadonlySet<string> }
  | { kind: 'failed'; message: string };

export type CheckOutcome =
  | { kind: 'waiting' }
  | { kind: 'checked'; station: SpectrumStation }
  | { kind: 'check-failed'; record: SpectrumRecord };

/** Reads the answer to a check out of the station and its records. */
export function checkOutcome(
  station: SpectrumStation,
  records: readonly SpectrumRecord[],
  lastCheckBefore: string | null,
  failuresBefore: ReadonlySet<string>,
): CheckOutcome {
  const failure = records.find((record) => record.kind === 'check-failed' && !failuresBefore.has(record.id));
  if (failure) {
    return { kind: 'check-failed', record: failure };
  }
  if (station.lastCheckAt !== null && station.lastCheckAt !== lastCheckBefore) {
    return { kind: 'checked', station };
  }
  return { kind: 'waiting' };
}

export function StationCheck({
  station,
  records,
}: {
  station: SpectrumStation;
  records: readonly SpectrumRecord[];
}) {
  const [state, setState] = useState<CheckState>({ kind: 'idle' });
  const check = async (): Promise<void> => {
    const lastCheckBefore = station.lastCheckAt;
    const failuresBefore = new Set(records.filter((r) => r.kind === 'check-failed').map((r) => r.id));
    setState({ kind: 'sending' });
    try {
      await requestCheck(station.deviceId);
      setState({ kind: 'accepted', lastCheckBefore, failuresBefore });
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
  const outcome =
    state.kind === 'accepted'
      ? checkOutcome(station, records, state.lastCheckBefore, state.failuresBefore)
      : null;
  return (
    <div className={panel.check}>
      <Button
        variant="primary"
        data-testid="station-check"
        disabled={state.kind === 'sending'}
        onClick={() => void check()}
      >
        {state.kind === 'sending' ? 'Asking…' : 'Check now'}
      </Button>
      <div aria-live="polite" data-testid="check-result" data-state={outcome?.kind ?? state.kind}>
        {state.kind === 'idle' && (
          <span className={styles.muted}>
            Checks with the white-space database now, not at the next due time.
          </span>
        )}
        {outcome?.kind === 'waiting' && <span>Check requested: asking the database…</span>}
        {outcome?.kind === 'checked' && (
          <span>
            Checked at {formatUtc(outcome.station.lastCheckAt ?? '')}: {PHASE_LABEL[outcome.station.phase]}
            {outcome.station.grant
              ? `, ch ${outcome.station.grant.channel} at ${outcome.station.grant.eirpDbm} dBm`
              : ', no channel granted'}
            , {outcome.station.permittedNow.length} channels permitted now
            {outcome.station.maxPollingSecs === null
              ? ''
              : `, re-checked within ${outcome.station.maxPollingSecs} s`}
            .
          </span>
        )}
        {outcome?.kind === 'check-failed' && (
          <span role="alert" className={styles.bad}>
            ✕ The check failed at {formatUtc(outcome.record.at)}:{' '}
            {typeof outcome.record.detail?.error === 'string'
              ? outcome.record.detail.error
              : 'no reason given'}
          </span>
        )}
        {state.kind === 'failed' && (
          <span role="alert" className={styles.bad}>
            ✕ The console refused the check: {state.message}
          </span>
        )}
      </div>
    </div>
  );
}
