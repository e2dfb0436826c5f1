// The virtualised device grid: TanStack Table owns the column model (visibility, order, headers, sort
// state) and TanStack Virtual renders only the rows in view, so 10,000 rows cost the same as 40. Rows come
// already filtered and sorted from the live store; see device-view-cache.ts.
import { getCoreRowModel, useReactTable, type ColumnDef, type VisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { DEVICE_SORT_KEYS, type DeviceLive, type DeviceSort } from '@wsnoc/shared';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import { useFleet, useFleetStore, useSelection, useSelectionStore } from '@/modules/live/live.context';
import { COLUMN_IDS, COLUMN_SPECS, type ColumnId } from './device-columns';
import { gridKeyAction } from './device-grid-keys';
import { DeviceRow } from './device-row';
import styles from './device-table.module.css';

/** Frames (about 250 ms each) a changed row keeps its flash; the CSS animation is about as long. */
const FLASH_FRAMES = 5;
const ROW_REM = 2.1;

export interface DeviceTableProps {
  rows: readonly DeviceLive[];
  columns: readonly ColumnId[];
  sort: DeviceSort;
  onSortChange: (sort: DeviceSort) => void;
  /** Devices to flag as drifted from their desired configuration. */
  drifted: ReadonlySet<string>;
}

const COLUMN_DEFS: ColumnDef<DeviceLive>[] = COLUMN_IDS.map((id) => ({
  id,
  header: COLUMN_SPECS[id].label,
  accessorFn: (device) => DEVICE_SORT_KEYS[id](device),
}));

function rootFontPx(): number {
  return Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

export function DeviceTable({ rows, columns, sort, onSortChange, drifted }: DeviceTableProps) {
  const navigate = useNavigate();
  const fleet = useFleetStore();
  const version = useFleet((state) => state.version);
  const selectionStore = useSelectionStore();
  const selection = useSelection();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [rowPx] = useState(() => Math.round(ROW_REM * rootFontPx()));
  const [focusedId, setFocusedId] = useState<string | null>(null);

  const columnVisibility = useMemo<VisibilityState>(
    () => Object.fromEntries(COLUMN_IDS.map((id) => [id, columns.includes(id)])),
    [columns],
  );
  // The row model is never read (rows render from `rows` directly), so TanStack never builds 10,000 Row
  // objects per frame; it serves the column model only.
  // eslint-disable-next-line react-hooks/incompatible-library -- the table instance is only read during this render
  const table = useReactTable({
    data: rows as DeviceLive[],
    columns: COLUMN_DEFS,
    state: {
      columnVisibility,
      columnOrder: [...columns],
      sorting: [{ id: sort.sort, desc: sort.order === 'desc' }],
    },
    manualSorting: true,
    manualFiltering: true,
    getCoreRowModel: getCoreRowModel(),
  });
  const visibleColumns = useMemo(
    () => table.getVisibleLeafColumns().map((column) => column.id as ColumnId),
    // The visible leaf columns follow columnVisibility and columnOrder, both derived from `columns`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [columns],
  );
  const template = `2.2rem ${visibleColumns.map((id) => `${COLUMN_SPECS[id].width}rem`).join(' ')}`;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowPx,
    overscan: 10,
    // Until the scroller is measured (and in tests without layout), assume a laptop-sized viewport.
    initialRect: { width: 1280, height: 720 },
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  const orderedIds = useMemo(() => rows.map((row) => row.id), [rows]);
  const rowsRef = useRef({ orderedIds, rows });
  rowsRef.current = { orderedIds, rows };

  const onToggle = useCallback((device: DeviceLive) => selectionStore.toggle(device.id), [selectionStore]);
  const onRowClick = useCallback(
    (device: DeviceLive, _index: number, event: MouseEvent) => {
      setFocusedId(device.id);
      if (event.shiftKey) {
        selectionStore.selectRange(device.id, rowsRef.current.orderedIds);
      } else if (event.ctrlKey || event.metaKey) {
        selectionStore.toggle(device.id);
      } else {
        // A plain click sets the anchor for a later shift-click without discarding a map selection.
        selectionStore.toggle(device.id);
      }
      scrollRef.current?.focus({ preventScroll: true });
    },
    [selectionStore],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const focusedIndex = focusedId === null ? -1 : orderedIds.indexOf(focusedId);
    const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowPx * 10) / rowPx) - 1);
    const action = gridKeyAction(event.key, focusedIndex, rows.length, pageSize, event.shiftKey);
    if (action.kind === 'none') {
      return;
    }
    event.preventDefault();
    const target = rows[action.index];
    if (!target) {
      return;
    }
    switch (action.kind) {
      case 'focus':
        setFocusedId(target.id);
        virtualizer.scrollToIndex(action.index, { align: 'auto' });
        break;
      case 'open':
        void navigate(`/devices/${encodeURIComponent(target.id)}`);
        break;
      case 'toggle':
        if (action.range) {
          selectionStore.selectRange(target.id, orderedIds);
        } else {
          selectionStore.toggle(target.id);
        }
        break;
    }
  };

  const headerClick = (column: ColumnId): void => {
    onSortChange(
      sort.sort === column
        ? { sort: column, order: sort.order === 'asc' ? 'desc' : 'asc' }
        : { sort: column, order: 'asc' },
    );
  };

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const virtualRows = virtualizer.getVirtualItems();

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      role="grid"
      aria-label="Devices"
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={focusedId === null ? undefined : `device-row-${focusedId}`}
      tabIndex={0}
      data-testid="device-table"
      onKeyDown={onKeyDown}
      style={{ ['--grid-template' as string]: template }}
    >
      <div role="row" className={styles.headerRow} aria-rowindex={1}>
        <div role="columnheader" className={styles.cell}>
          <span className="visually-hidden">Selected</span>
        </div>
        {headers.map((header) => {
          const id = header.column.id as ColumnId;
          const sorted = sort.sort === id ? sort.order : null;
          return (
            <div
              key={header.id}
              role="columnheader"
              aria-sort={sorted === null ? 'none' : sorted === 'asc' ? 'ascending' : 'descending'}
              className={COLUMN_SPECS[id].numeric ? `${styles.cell} ${styles.numeric}` : styles.cell}
            >
              <button
                type="button"
                className={styles.sortButton}
                data-testid={`sort-${id}`}
                onClick={() => headerClick(id)}
              >
                {COLUMN_SPECS[id].label}
                <span aria-hidden="true">{sorted === 'asc' ? ' ↑' : sorted === 'desc' ? ' ↓' : ''}</span>
              </button>
            </div>
          );
        })}
      </div>
      <div className={styles.body} style={{ height: virtualizer.getTotalSize() }}>
        {virtualRows.map((item) => {
          const device = rows[item.index];
          if (!device) {
            return null;
          }
          const changed = fleet.changedVersion(device.id);
          return (
            <DeviceRow
              key={device.id}
              device={device}
              index={item.index}
              top={item.start}
              columns={visibleColumns}
              selected={selection.ids.has(device.id)}
              focused={device.id === focusedId}
              drifted={drifted.has(device.id)}
              flashKey={changed > 0 && version - changed < FLASH_FRAMES ? changed : 0}
              onRowClick={onRowClick}
              onToggle={onToggle}
            />
          );
        })}
      </div>
    </div>
  );
}
