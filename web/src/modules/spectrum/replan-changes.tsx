// The preview's per-station changes: channel now → after, and the cell's predicted weakest-link SINR and
// throughput before → after with the gain, sortable (biggest SINR gain first by default). A station's
// name opens its panel above, where its grant and availability say why the planner may move it there.
import type { PlanSiteChange } from '@wsnoc/shared';
import { memo, useMemo, useState } from 'react';
import {
  DEFAULT_CHANGE_SORT,
  changeGain,
  formatDelta,
  formatFigure,
  sortChanges,
  verdictOf,
  type ChangeSort,
  type ChangeSortKey,
} from './plan-gain';
import { ChannelSwatch } from './station-cells';
import page from './spectrum-page.module.css';
import styles from './replan.module.css';

interface Column {
  key: string;
  label: string;
  sort?: ChangeSortKey;
  numeric?: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Station', sort: 'name' },
  { key: 'site', label: 'Site' },
  { key: 'channel', label: 'Channel now → after' },
  { key: 'eirp', label: 'EIRP', numeric: true },
  { key: 'sinr', label: 'Weakest link SINR now → after', numeric: true },
  { key: 'sinrGain', label: 'SINR gain', sort: 'sinrGain', numeric: true },
  { key: 'throughput', label: 'Throughput now → after', numeric: true },
  { key: 'throughputGain', label: 'Throughput gain', sort: 'throughputGain', numeric: true },
];

function ChannelMove({ from, to }: { from: number | null; to: number | null }) {
  return (
    <span className={page.channelCell}>
      {from === null ? <span className={page.muted}>off</span> : <ChannelLabel channel={from} />}
      {' → '}
      {to === null ? <span className={page.warn}>off air</span> : <ChannelLabel channel={to} strong />}
    </span>
  );
}

function ChannelLabel({ channel, strong = false }: { channel: number; strong?: boolean }) {
  return (
    <>
      <ChannelSwatch channel={channel} />
      {strong ? <strong>{channel}</strong> : channel}
    </>
  );
}

export const ReplanChanges = memo(function ReplanChanges({
  changes,
  onOpenStation,
}: {
  changes: readonly PlanSiteChange[];
  onOpenStation: (id: string) => void;
}) {
  const [sort, setSort] = useState<ChangeSort>(DEFAULT_CHANGE_SORT);
  const rows = useMemo(() => sortChanges(changes, sort), [changes, sort]);
  const headerClick = (key: ChangeSortKey): void =>
    setSort((current) =>
      current.sort === key
        ? { sort: key, order: current.order === 'asc' ? 'desc' : 'asc' }
        : // A gain is read biggest first; a name from A.
          { sort: key, order: key === 'name' ? 'asc' : 'desc' },
    );
  return (
    <div className={`${page.tableScroller} ${styles.changesScroller}`}>
      <table
        className={page.table}
        data-testid="replan-changes"
        aria-label="Stations the re-plan would retune, with their predicted gain"
      >
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const key = column.sort;
              const sorted = key !== undefined && sort.sort === key ? sort.order : null;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? page.numeric : undefined}
                  aria-sort={
                    key === undefined
                      ? undefined
                      : sorted === null
                        ? 'none'
                        : sorted === 'asc'
                          ? 'ascending'
                          : 'descending'
                  }
                >
                  {key === undefined ? (
                    column.label
                  ) : (
                    <button
                      type="button"
                      className={page.sortButton}
                      data-testid={`replan-sort-${key}`}
                      onClick={() => headerClick(key)}
                    >
                      {column.label}
                      <span aria-hidden="true">
                        {sorted === 'asc' ? ' ↑' : sorted === 'desc' ? ' ↓' : ''}
                      </span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((change) => (
            <ChangeRow key={change.deviceId} change={change} onOpenStation={onOpenStation} />
          ))}
        </tbody>
      </table>
    </div>
  );
});

const ChangeRow = memo(function ChangeRow({
  change,
  onOpenStation,
}: {
  change: PlanSiteChange;
  onOpenStation: (id: string) => void;
}) {
  const gain = changeGain(change);
  const sinrVerdict = verdictOf(gain.sinrDb, 'higher', 1);
  const throughputVerdict = verdictOf(gain.throughputMbps, 'higher', 1);
  return (
    <tr
      data-testid={`replan-change-${change.name}`}
      data-from={change.from ?? ''}
      data-to={change.to ?? ''}
      data-sinr-gain={gain.sinrDb ?? ''}
    >
      <th scope="row">
        <button
          type="button"
          className={page.nameButton}
          onClick={() => onOpenStation(change.deviceId)}
          title="Open this station’s grant and availability"
        >
          ▲ {change.name}
        </button>
      </th>
      <td className={page.wraps}>{change.site ?? '—'}</td>
      <td>
        <ChannelMove from={change.from} to={change.to} />
      </td>
      <td className={page.numeric}>{formatFigure(change.eirpDbm, 'dBm', 1)}</td>
      <td className={page.numeric}>
        {formatFigure(change.sinrMinBeforeDb, '', 1)} → {formatFigure(change.sinrMinAfterDb, 'dB', 1)}
      </td>
      <td className={page.numeric} data-verdict={sinrVerdict}>
        {formatDelta(gain.sinrDb, 'dB', 1)}
      </td>
      <td className={page.numeric}>
        {formatFigure(change.throughputBeforeMbps, '', 1)} →{' '}
        {formatFigure(change.throughputAfterMbps, 'Mbps', 1)}
      </td>
      <td className={page.numeric} data-verdict={throughputVerdict}>
        {formatDelta(gain.throughputMbps, 'Mbps', 1)}
      </td>
    </tr>
  );
});
