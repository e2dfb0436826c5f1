// The channel-plan map: every shown base station as a pin with its channel number on that channel's
// colour, the open station ringed, the stations a re-plan preview would move drawn as "from→to", a click
// opening its panel. The table beside it lists the same stations for keyboards and screen readers. Loaded
// lazily with maplibre, so the table never waits for WebGL.
import 'maplibre-gl/dist/maplibre-gl.css';
import { memo, useRef } from 'react';
import { EmptyState } from '@/ui/empty-state';
import type { PlannedMove } from './replan.store';
import type { StationRow } from './station-rows';
import { useChannelMap, useChannelPins, usePinClicks, useSelectedPin } from './use-channel-map.hook';
import styles from './spectrum-page.module.css';

export interface ChannelMapProps {
  rows: readonly StationRow[];
  selectedId: string | undefined;
  /** The re-plan preview's moves by station id (empty when there is none). */
  moves: ReadonlyMap<string, PlannedMove>;
  onSelect: (id: string) => void;
}

export const ChannelMap = memo(function ChannelMap({ rows, selectedId, moves, onSelect }: ChannelMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const { map, failure } = useChannelMap(containerRef);
  useChannelPins(map, rows, moves);
  useSelectedPin(map, selectedId);
  usePinClicks(map, onSelect);

  if (failure !== null) {
    return (
      <div role="alert" data-testid="spectrum-map-unavailable" className={styles.mapFallback}>
        <EmptyState
          title="The channel map cannot be drawn in this browser"
          summary={`${failure} The table lists the same stations and channels.`}
        />
      </div>
    );
  }
  return (
    <div
      ref={containerRef}
      className={styles.map}
      data-testid="spectrum-map"
      role="region"
      aria-label="Channel plan map: base stations labelled with their channel"
    />
  );
});
