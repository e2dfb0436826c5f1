// The map's key: each channel on air among the shown stations with its colour and how many use it, and
// what a dark dashed pin means, and, while a re-plan preview is on screen, what its "30→32" pins mean.
// The numbers are on the pins too; the colours only group them.
import { memo, useMemo } from 'react';
import { channelsInUse } from './channel-features';
import { ChannelSwatch } from './station-cells';
import type { StationRow } from './station-rows';
import styles from './spectrum-page.module.css';

export const ChannelLegend = memo(function ChannelLegend({
  rows,
  planned,
}: {
  rows: readonly StationRow[];
  /** Stations the re-plan preview would move. */
  planned: number;
}) {
  const channels = useMemo(() => channelsInUse(rows), [rows]);
  return (
    <aside className={styles.legend} aria-label="Channel plan legend" data-testid="channel-legend">
      <h3>Channels on air</h3>
      {channels.length === 0 ? (
        <p className={styles.muted}>None among the shown stations.</p>
      ) : (
        <ul>
          {channels.map((use) => (
            <li key={use.channel} data-testid={`legend-channel-${use.channel}`} data-stations={use.stations}>
              <ChannelSwatch channel={use.channel} /> ch {use.channel}
              <span className={styles.muted}>
                {' '}
                · {use.stations} station{use.stations === 1 ? '' : 's'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {planned > 0 && (
        <p className={styles.plannedNote} data-testid="legend-planned" data-count={planned}>
          A pin “30→32” with a thick outline would move in the re-plan preview below ({planned} station
          {planned === 1 ? '' : 's'}).
        </p>
      )}
      <p className={styles.muted}>A dark dashed pin is off air: it says why (muted, fatal, ? not checked).</p>
    </aside>
  );
});
