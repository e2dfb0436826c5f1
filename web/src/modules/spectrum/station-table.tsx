// The channel-plan table: one row per shown base station with what it transmits against what its grant
// allows, when it is checked, when the watchdog would mute it, and any alarm. Headers sort (the order is
// in the URL); a row, or its name button for keyboards, opens the station's panel. Rows are memoised on
// their joined row object, which changes only when that station or its live row changed.
import { memo } from 'react';
import { RelativeTime } from '@/ui/relative-time';
import { PhaseBadge } from './phase-badge';
import { ChannelCell, DeadlineCell, PermittedCell, PowerCell } from './station-cells';
import { channelNow, type StationRow, type StationSort, type StationSortKey } from './station-rows';
import styles from './spectrum-page.module.css';

interface Column {
  key: StationSortKey;
  label: string;
  numeric?: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Station' },
  { key: 'site', label: 'Site' },
  { key: 'phase', label: 'Phase' },
  { key: 'channel', label: 'Channel' },
  { key: 'power', label: 'EIRP now / limit', numeric: true },
  { key: 'permitted', label: 'Permitted now' },
  { key: 'lastCheck', label: 'Last check' },
  { key: 'nextCheck', label: 'Next check' },
  { key: 'deadline', label: 'Watchdog' },
  { key: 'locatedBy', label: 'Located by' },
  { key: 'alarm', label: 'Alarm' },
];

export interface StationTableProps {
  rows: readonly StationRow[];
  total: number;
  sort: StationSort;
  selectedId: string | undefined;
  onSort: (sort: StationSort) => void;
  onOpen: (id: string) => void;
}

export function StationTable({ rows, total, sort, selectedId, onSort, onOpen }: StationTableProps) {
  const headerClick = (key: StationSortKey): void =>
    onSort(
      sort.sort === key
        ? { sort: key, order: sort.order === 'asc' ? 'desc' : 'asc' }
        : { sort: key, order: 'asc' },
    );
  return (
    <div className={styles.tableScroller}>
      <table
        className={styles.table}
        data-testid="spectrum-table"
        aria-label="Base stations and their grants"
      >
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const sorted = sort.sort === column.key ? sort.order : null;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={sorted === null ? 'none' : sorted === 'asc' ? 'ascending' : 'descending'}
                  className={column.numeric ? styles.numeric : undefined}
                >
                  <button
                    type="button"
                    className={styles.sortButton}
                    data-testid={`spectrum-sort-${column.key}`}
                    onClick={() => headerClick(column.key)}
                  >
                    {column.label}
                    <span aria-hidden="true">{sorted === 'asc' ? ' ↑' : sorted === 'desc' ? ' ↓' : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <StationTableRow
              key={row.station.deviceId}
              row={row}
              selected={row.station.deviceId === selectedId}
              onOpen={onOpen}
            />
          ))}
        </tbody>
      </table>
      {rows.length === 0 && (
        <p className={styles.muted} data-testid="spectrum-table-empty">
          {total === 0
            ? 'No base station is under spectrum management yet.'
            : 'No station matches these filters.'}
        </p>
      )}
    </div>
  );
}

const StationTableRow = memo(function StationTableRow({
  row,
  selected,
  onOpen,
}: {
  row: StationRow;
  selected: boolean;
  onOpen: (id: string) => void;
}) {
  const { station } = row;
  return (
    <tr
      data-testid={`spectrum-row-${station.name}`}
      data-phase={station.phase}
      data-channel={channelNow(row) ?? ''}
      data-grant-channel={station.grant?.channel ?? ''}
      data-selected={selected}
      aria-current={selected ? 'true' : undefined}
      className={selected ? styles.rowSelected : undefined}
      onClick={() => onOpen(station.deviceId)}
    >
      <th scope="row">
        <button
          type="button"
          className={styles.nameButton}
          data-testid={`station-open-${station.name}`}
          aria-expanded={selected}
          onClick={(event) => {
            event.stopPropagation();
            onOpen(station.deviceId);
          }}
        >
          ▲ {station.name}
        </button>
      </th>
      <td className={styles.wraps}>{station.site ?? '—'}</td>
      <td>
        <PhaseBadge phase={station.phase} data-testid={`spectrum-phase-${station.name}`} />
      </td>
      <td data-testid={`spectrum-channel-${station.name}`}>
        <ChannelCell row={row} />
      </td>
      <td className={styles.numeric}>
        <PowerCell row={row} />
      </td>
      <td>
        <PermittedCell station={station} />
      </td>
      <td>
        <RelativeTime at={station.lastCheckAt} empty="never" />
      </td>
      <td>
        <RelativeTime at={station.nextCheckAt} past={(age) => `due ${age} ago`} />
      </td>
      <td>
        <DeadlineCell station={station} data-testid={`spectrum-deadline-${station.name}`} />
      </td>
      <td>
        {station.locatedBy === 'inventory' ? (
          <span
            className={styles.warn}
            title="The radio reported no GPS position; the database was sent the inventory's"
          >
            ▲ inventory
          </span>
        ) : (
          (station.locatedBy ?? '—')
        )}
      </td>
      <td className={styles.wraps}>
        {station.alarm === null ? (
          <span className={styles.muted}>—</span>
        ) : (
          <span className={styles.bad} title={station.alarm}>
            ✕ {station.alarm}
          </span>
        )}
      </td>
    </tr>
  );
});
