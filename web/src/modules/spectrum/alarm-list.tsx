// Stations with an alarm raised (a fatal database answer, a mute that failed, a lapsed grant), newest
// first, each a way into its panel. Nothing is shown while no alarm stands.
import type { SpectrumStation } from '@wsnoc/shared';
import { memo, useMemo } from 'react';
import { RelativeTime } from '@/ui/relative-time';
import { PhaseBadge } from './phase-badge';
import styles from './spectrum-page.module.css';

export const AlarmList = memo(function AlarmList({
  stations,
  onOpen,
}: {
  stations: readonly SpectrumStation[];
  onOpen: (id: string) => void;
}) {
  const alarms = useMemo(
    () =>
      stations
        .filter((station) => station.alarm !== null)
        .sort((a, b) => (b.alarmAt ?? '').localeCompare(a.alarmAt ?? '')),
    [stations],
  );
  if (alarms.length === 0) {
    return null;
  }
  return (
    <section className={styles.alarms} aria-labelledby="spectrum-alarms-title" data-testid="spectrum-alarms">
      <h2 id="spectrum-alarms-title">
        <span aria-hidden="true">✕</span> Alarms ({alarms.length})
      </h2>
      <ul>
        {alarms.map((station) => (
          <li key={station.deviceId} data-testid={`alarm-${station.name}`}>
            <button type="button" className={styles.linkButton} onClick={() => onOpen(station.deviceId)}>
              ▲ {station.name}
            </button>
            <PhaseBadge phase={station.phase} />
            <span>{station.alarm}</span>
            <RelativeTime at={station.alarmAt} past={(age) => `since ${age}`} className={styles.muted} />
          </li>
        ))}
      </ul>
    </section>
  );
});
