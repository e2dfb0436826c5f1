// A station's spectrum phase as word + glyph + colour (colour is never the only cue), the same in the
// table, the summary, the map's legend and the panel.
import type { StationPhase } from '@wsnoc/shared';
import styles from './spectrum-page.module.css';

export const PHASE_GLYPH: Record<StationPhase, string> = {
  granted: '●',
  checking: '◌',
  muted: '◐',
  fatal: '✕',
  unmanaged: '?',
};

export const PHASE_LABEL: Record<StationPhase, string> = {
  granted: 'granted',
  checking: 'checking',
  muted: 'muted',
  fatal: 'fatal',
  unmanaged: 'unmanaged',
};

export function PhaseBadge({
  phase,
  'data-testid': testId,
}: {
  phase: StationPhase;
  'data-testid'?: string;
}) {
  return (
    <span className={styles.phase} data-phase={phase} data-testid={testId}>
      <span aria-hidden="true" className={styles.phaseGlyph}>
        {PHASE_GLYPH[phase]}
      </span>
      {PHASE_LABEL[phase]}
    </span>
  );
}
