// The WebGL fleet map. React renders the frame once; the fleet reaches the map through the source hook,
// never through React renders, so a feed frame does not re-render anything here.
import 'maplibre-gl/dist/maplibre-gl.css';
import type { DeviceFilter } from '@wsnoc/shared';
import { memo, useRef } from 'react';
import { EmptyState } from '@/ui/empty-state';
import { useFleetMap } from './use-fleet-map.hook';
import { useFleetSource } from './use-fleet-source.hook';
import { useBoxSelect, useMapPopups, useSelectionLayer } from './use-map-interactions.hook';
import styles from './map-page.module.css';

export const FleetMap = memo(function FleetMap({ filters }: { filters: DeviceFilter }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const { map, failure } = useFleetMap(containerRef);
  useFleetSource(map, filters);
  useSelectionLayer(map);
  useMapPopups(map);
  useBoxSelect(map, filters);

  if (failure !== null) {
    return (
      <div role="alert" data-testid="map-unavailable">
        <EmptyState
          title="The map cannot be drawn in this browser"
          summary={`${failure} The device table shows the same radios, filters and selection.`}
        />
      </div>
    );
  }
  return <div ref={containerRef} className={styles.map} data-testid="fleet-map" />;
});
