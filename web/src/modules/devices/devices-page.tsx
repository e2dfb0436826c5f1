// The device table screen: every radio from the live store, filtered and sorted in memory, with the view
// (filters, sort, columns) in the URL so it can be shared.
import { useMemo, useState } from 'react';
import { useFleet, useFleetList } from '@/modules/live/live.context';
import { ColumnChooser } from './column-chooser';
import { DeviceFilterBar } from './device-filter-bar';
import { ViewCache } from './device-view-cache';
import { DeviceTable } from './device-table';
import { SelectionBar } from './selection-bar';
import { useDeviceView } from './use-device-view.hook';
import styles from './device-table.module.css';

export function DevicesPage() {
  const [view, updateView] = useDeviceView();
  const devices = useFleetList();
  const phase = useFleet((state) => state.phase);
  // The previous view, kept across renders so a frame that moves nothing reuses its order.
  const [cache] = useState(() => new ViewCache());
  const rows = useMemo(
    () => cache.update(devices, view.filters, view.sort),
    [cache, devices, view.filters, view.sort],
  );

  return (
    <div className={styles.page}>
      <title>Devices · wsnoc</title>
      <div className={styles.toolbar}>
        <h1 className={styles.title}>Devices</h1>
        <span
          className={styles.count}
          data-testid="device-count"
          data-shown={rows.length}
          data-total={devices.length}
        >
          {phase === 'waiting' ? 'waiting for the live feed…' : `${rows.length} of ${devices.length} shown`}
        </span>
        <SelectionBar shown={rows} />
        <ColumnChooser
          columns={view.columns}
          onChange={(columns) => updateView((v) => ({ ...v, columns }))}
        />
      </div>
      <DeviceFilterBar
        filters={view.filters}
        devices={devices}
        onChange={(filters) => updateView((v) => ({ ...v, filters }))}
      />
      <DeviceTable
        rows={rows}
        columns={view.columns}
        sort={view.sort}
        onSortChange={(sort) => updateView((v) => ({ ...v, sort }))}
      />
    </div>
  );
}
