// The device table screen: every radio from the live store, filtered and sorted in memory, with the view
// (filters, sort, columns) in the URL so it can be shared.
import { useMemo, useState } from 'react';
import { useFleet, useFleetList } from '@/modules/live/live.context';
import { ColumnChooser } from './column-chooser';
import { DeviceFilterBar } from './device-filter-bar';
import { ViewCache } from './device-view-cache';
import { DeviceTable } from './device-table';
import { EMPTY_FILTERS } from './device-view-state';
import { SelectionBar } from './selection-bar';
import { useDeviceView } from './use-device-view.hook';
import { useDriftedIds } from './use-drifted-ids.hook';
import styles from './device-table.module.css';

export function DevicesPage() {
  const [view, updateView] = useDeviceView();
  const devices = useFleetList();
  const phase = useFleet((state) => state.phase);
  // The previous view, kept across renders so a frame that moves nothing reuses its order.
  const [cache] = useState(() => new ViewCache());
  const matching = useMemo(
    () => cache.update(devices, view.filters, view.sort),
    [cache, devices, view.filters, view.sort],
  );
  const drift = useDriftedIds();
  // One set lookup per row, after the shared filter and sort, and only while the filter is on.
  const rows = useMemo(
    () => (view.driftedOnly ? matching.filter((device) => drift.ids.has(device.id)) : matching),
    [matching, drift.ids, view.driftedOnly],
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
        drift={{
          only: view.driftedOnly,
          count: drift.known ? drift.ids.size : null,
          onChange: (driftedOnly) => updateView((v) => ({ ...v, driftedOnly })),
        }}
        onClear={() => updateView((v) => ({ ...v, filters: EMPTY_FILTERS, driftedOnly: false }))}
      />
      <DeviceTable
        rows={rows}
        columns={view.columns}
        sort={view.sort}
        onSortChange={(sort) => updateView((v) => ({ ...v, sort }))}
        drifted={drift.ids}
      />
    </div>
  );
}
