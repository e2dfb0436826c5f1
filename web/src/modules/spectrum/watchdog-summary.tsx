// The watchdog at a glance: how many stations are granted, checking, muted or fatal, how many carry an
// alarm, and the next deadline (the station the watchdog would mute first unless a check extends it).
// Each count narrows the plan to those stations.
import { STATION_PHASES, type SpectrumStation, type StationPhase } from '@wsnoc/shared';
import { memo, useMemo } from 'react';
import { formatAge } from '@/ui/format-age';
import { formatUtc } from '@/ui/relative-time';
import { useNow } from '@/ui/use-now.hook';
import { PHASE_GLYPH, PHASE_LABEL } from './phase-badge';
import { deadlineOf, type StationFilter } from './station-rows';
import styles from './spectrum-page.module.css';

export interface WatchdogFigures {
  byPhase: Record<StationPhase, number>;
  alarms: number;
  /** The earliest watchdog deadline among stations still on air. */
  next: { station: SpectrumStation; at: number } | null;
}

export function watchdogFigures(stations: readonly SpectrumStation[]): WatchdogFigures {
  const byPhase = Object.fromEntries(STATION_PHASES.map((phase) => [phase, 0])) as Record<
    StationPhase,
    number
  >;
  let alarms = 0;
  let next: WatchdogFigures['next'] = null;
  for (const station of stations) {
    byPhase[station.phase] += 1;
    if (station.alarm !== null) {
      alarms += 1;
    }
    const at = deadlineOf(station);
    if (at !== null && (next === null || at < next.at)) {
      next = { station, at };
    }
  }
  return { byPhase, alarms, next };
}

/** The phases always shown; the others only when a station is in them. */
const ALWAYS: ReadonlySet<StationPhase> = new Set(['granted', 'muted', 'fatal']);

export interface WatchdogSummaryProps {
  stations: readonly SpectrumStation[];
  filter: StationFilter;
  onFilter: (filter: StationFilter) => void;
  onOpen: (id: string) => void;
}

export const WatchdogSummary = memo(function WatchdogSummary({
  stations,
  filter,
  onFilter,
  onOpen,
}: WatchdogSummaryProps) {
  const figures = useMemo(() => watchdogFigures(stations), [stations]);
  const only = filter.phase?.length === 1 && !filter.alarm ? filter.phase[0] : undefined;
  return (
    <section className={styles.summary} aria-label="Watchdog summary" data-testid="spectrum-summary">
      {STATION_PHASES.filter((phase) => ALWAYS.has(phase) || figures.byPhase[phase] > 0).map((phase) => (
        <button
          key={phase}
          type="button"
          className={styles.figure}
          data-phase={phase}
          data-testid={`summary-${phase}`}
          data-count={figures.byPhase[phase]}
          aria-pressed={only === phase}
          onClick={() =>
            onFilter(
              only === phase
                ? { ...filter, phase: undefined }
                : { ...filter, phase: [phase], alarm: undefined },
            )
          }
        >
          <span className={styles.figureValue}>{figures.byPhase[phase]}</span>
          <span>
            <span aria-hidden="true">{PHASE_GLYPH[phase]}</span> {PHASE_LABEL[phase]}
          </span>
        </button>
      ))}
      <button
        type="button"
        className={styles.figure}
        data-tone={figures.alarms > 0 ? 'bad' : undefined}
        data-testid="summary-alarms"
        data-count={figures.alarms}
        aria-pressed={Boolean(filter.alarm)}
        onClick={() => onFilter({ ...filter, alarm: filter.alarm ? undefined : true })}
      >
        <span className={styles.figureValue}>{figures.alarms}</span>
        <span>
          <span aria-hidden="true">✕</span> with alarms
        </span>
      </button>
      <NextDeadline next={figures.next} onOpen={onOpen} />
    </section>
  );
});

function NextDeadline({ next, onOpen }: { next: WatchdogFigures['next']; onOpen: (id: string) => void }) {
  const now = useNow(1000, next !== null);
  if (next === null) {
    return (
      <div className={styles.deadline} data-testid="summary-deadline">
        <span className={styles.muted}>No watchdog deadline: no station is on air under a grant.</span>
      </div>
    );
  }
  const left = next.at - now;
  return (
    <div className={styles.deadline} data-testid="summary-deadline">
      <span className={styles.muted}>Next deadline</span>
      <button type="button" className={styles.linkButton} onClick={() => onOpen(next.station.deviceId)}>
        ▲ {next.station.name}
      </button>
      <time dateTime={new Date(next.at).toISOString()} title={formatUtc(new Date(next.at).toISOString())}>
        {left > 0 ? `mutes in ${formatAge(left)} unless re-checked` : `lapsed ${formatAge(-left)} ago`}
      </time>
    </div>
  );
}
