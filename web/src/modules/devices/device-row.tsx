// One table row. Memoised on the row object's identity: the live store replaces a row object only when
// that device changed, so a frame re-renders the handful of rows that changed, not the visible page.
import { memo, type MouseEvent } from 'react';
import { Link } from 'react-router';
import type { DeviceLive } from '@wsnoc/shared';
import { StatusBadge } from '@/ui/status-badge';
import { COLUMN_SPECS, type ColumnId } from './device-columns';
import styles from './device-table.module.css';

export interface DeviceRowProps {
  device: DeviceLive;
  index: number;
  top: number;
  columns: readonly ColumnId[];
  selected: boolean;
  focused: boolean;
  /** Its running configuration differs from the desired one (GET /api/config-drift). */
  drifted: boolean;
  /** Non-zero while the row's last change is recent; a new value restarts the flash animation. */
  flashKey: number;
  onRowClick: (device: DeviceLive, index: number, event: MouseEvent) => void;
  onToggle: (device: DeviceLive) => void;
}

function Cell({ column, device, drifted }: { column: ColumnId; device: DeviceLive; drifted: boolean }) {
  if (column === 'name') {
    return (
      <>
        <Link to={`/devices/${encodeURIComponent(device.id)}`} tabIndex={-1} className={styles.nameLink}>
          {device.role === 'base-station' ? '▲ ' : ''}
          {device.name}
        </Link>
        {drifted && (
          <span
            className={styles.driftFlag}
            data-testid={`device-drift-flag-${device.name}`}
            title="The running configuration differs from the desired one"
          >
            <span aria-hidden="true">≠</span>
            <span className="visually-hidden"> drifted</span>
          </span>
        )}
      </>
    );
  }
  if (column === 'status') {
    return <StatusBadge status={device.status} />;
  }
  return <>{COLUMN_SPECS[column].format(device)}</>;
}

export const DeviceRow = memo(function DeviceRow({
  device,
  index,
  top,
  columns,
  selected,
  focused,
  drifted,
  flashKey,
  onRowClick,
  onToggle,
}: DeviceRowProps) {
  return (
    <div
      role="row"
      id={`device-row-${device.id}`}
      data-testid={`device-row-${device.name}`}
      data-status={device.status}
      data-drifted={drifted || undefined}
      data-selected={selected}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={focused ? `${styles.row} ${styles.rowFocused}` : styles.row}
      style={{ transform: `translateY(${top}px)` }}
      onClick={(event) => onRowClick(device, index, event)}
    >
      {flashKey > 0 && <span key={flashKey} className={styles.flash} aria-hidden="true" />}
      <div role="gridcell" className={styles.checkCell}>
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={`Select ${device.name}`}
          data-testid={`select-${device.name}`}
          onClick={(event) => event.stopPropagation()}
          onChange={() => onToggle(device)}
        />
      </div>
      {columns.map((column) => (
        <div
          key={column}
          role="gridcell"
          data-testid={column === 'status' ? `cell-status-${device.name}` : undefined}
          className={COLUMN_SPECS[column].numeric ? `${styles.cell} ${styles.numeric}` : styles.cell}
        >
          <Cell column={column} device={device} drifted={drifted} />
        </div>
      ))}
    </div>
  );
});
