// The map screen: the fleet on an offline basemap, the same filters as the table (from the URL) and the
// selection shared with the table.
import { Link } from 'react-router';
import { DeviceFilterBar } from '@/modules/devices/device-filter-bar';
import { filteredHref } from '@/modules/devices/device-view-state';
import { SelectionBar } from '@/modules/devices/selection-bar';
import { useDeviceView } from '@/modules/devices/use-device-view.hook';
import { useThrottledFleetList } from '@/modules/live/live.context';
import { FleetMap } from './fleet-map';
import { MapLegend } from './map-legend';
import styles from './map-page.module.css';

const NOTHING_SHOWN: readonly never[] = [];

export function MapPage() {
  const [view, updateView] = useDeviceView();
  // Filter options and counts only: the map itself is fed by the store directly.
  const devices = useThrottledFleetList(2_000);
  return (
    <div className={styles.page}>
      <title>Map · wsnoc</title>
      <div className={styles.toolbar}>
        <h1 className={styles.title}>Map</h1>
        <SelectionBar shown={NOTHING_SHOWN} />
        <Link to={filteredHref('/devices', view.filters)} data-testid="map-to-table">
          Show in the table
        </Link>
      </div>
      <DeviceFilterBar
        filters={view.filters}
        devices={devices}
        onChange={(filters) => updateView((v) => ({ ...v, filters }))}
      />
      <FleetMap filters={view.filters} />
      <MapLegend />
    </div>
  );
}
