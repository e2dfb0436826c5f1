// The channel-plan table: one row per shown base station with what it transmits against what its grant
// allows, when it is checked, when the watchdog would mute it, and any alarm. Headers sort (the order is
// in the URL); a row, or its name button for keyboards, opens the station's panel. Rows are memoised on
// their joined row object, which changes only when that station or its live row changed. While a re-plan
// preview is on screen, the stations it would move are marked with their planned channel.
import { memo } from 'react';
import { RelativeTime } from '@/ui/relative-time';
import { PhaseBadge } from './phase-badge';
import type { PlannedMove } from './replan.store';
import { ChannelCell, ChannelSwatch, DeadlineCell, PermittedCell, PowerCell } from './station-cells';
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
  /** The re-plan preview's moves by station id (empty when there is none). */
  moves: ReadonlyMap<string, PlannedMove>;
  onSort: (sort: StationSort) => void;
  onOpen: (id: string) => void;
}

export function StationTable({ rows, total, sort, selectedId, moves, onSort, onOpen }: StationTableProps) {
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
              move={moves.get(row.station.deviceId)}
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
  move,
  onOpen,
}: {
  row: StationRow;
  selected: boolean;
  move: PlannedMove | undefined;
  onOpen: (id: string) => void;
}) {
  const { station } = row;
  const classes = [selected ? styles.rowSelected : '', move ? styles.rowPlanned : ''].filter(Boolean);
  return (
    <tr
      data-testid={`spectrum-row-${station.name}`}
      data-phase={station.phase}
      data-channel={channelNow(row) ?? ''}
      data-grant-channel={station.grant?.channel ?? ''}
      data-planned-channel={move ? (move.to ?? 'off') : undefined}
      data-selected={selected}
      aria-current={selected ? 'true' : undefined}
      className={classes.length > 0 ? classes.join(' ') : undefined}
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
        {move && <PlannedBadge move={move} />}
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

/**
 * "→ 32" under the channel (" planned" for screen readers): where the re-plan preview on screen would move
 * this station. On a line of its own and short, so the table still fits a 1280 px window.
 */
function PlannedBadge({ move }: { move: PlannedMove }) {
  return (
    <span
      className={styles.planned}
      data-testid="planned-move"
      title={
        move.to === null
          ? 'The re-plan preview has no channel for this station'
          : `The re-plan preview would move this station to ch ${move.to}`
      }
    >
      {'→ '}
      {move.to === null ? (
        'off'
      ) : (
        <>
          <ChannelSwatch channel={move.to} />
          {move.to}
        </>
      )}
      <span className="visually-hidden"> planned</span>
    </span>
  );
}
