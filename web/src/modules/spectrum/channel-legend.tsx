// The map's key: each channel on air among the shown stations with its colour and how many use it, and
// what a dark dashed pin means. The numbers are on the pins too; the colours only group them.
import { memo, useMemo } from 'react';
import { channelsInUse } from './channel-features';
import { ChannelSwatch } from './station-cells';
import type { StationRow } from './station-rows';
import styles from './spectrum-page.module.css';

export const ChannelLegend = memo(function ChannelLegend({ rows }: { rows: readonly StationRow[] }) {
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
      <p className={styles.muted}>A dark dashed pin is off air: it says why (muted, fatal, ? not checked).</p>
    </aside>
  );
});
