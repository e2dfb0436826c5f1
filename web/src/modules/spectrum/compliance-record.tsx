// The compliance record: every registration, check, selection, change and mute, filtered by station, kind
// and period (all in the URL), newest first, with the same query as CSV for auditors. The list follows the
// feed: whenever a station changes, new entries are likely, so it is read again (at most every 2 s).
import { SPECTRUM_RECORD_KINDS, type SpectrumRecordKind, type SpectrumStation } from '@wsnoc/shared';
import { memo, useMemo, useRef } from 'react';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { Button } from '@/ui/button';
import { useDetailsDismiss } from '@/ui/use-details-dismiss.hook';
import { useNow } from '@/ui/use-now.hook';
import { useThrottledValue } from '@/ui/use-throttled-value.hook';
import { RECORD_KIND_LABEL } from './record-describe';
import { RecordTable } from './record-table';
import { fetchRecords, recordsCsvHref, type RecordQuery } from './spectrum.api';
import { useSpectrum } from './spectrum.context';
import {
  DEFAULT_RECORD_RANGE,
  RECORD_RANGES,
  recordPeriod,
  type RecordFilter,
  type RecordRange,
} from './spectrum-view-state';
import styles from './spectrum-page.module.css';

/** Entries listed on the page; the CSV export holds the whole period. */
export const RECORD_PAGE = 200;
const REFRESH_MS = 2_000;

const RANGE_LABEL: Record<RecordRange, string> = {
  '1h': 'last hour',
  '6h': 'last 6 h',
  '24h': 'last 24 h',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
  all: 'all time',
};

/** datetime-local speaks local wall time without a zone; this page speaks UTC throughout. */
const toInput = (iso: string | undefined): string => (iso ? iso.slice(0, 16) : '');
const fromInput = (value: string): string | undefined =>
  value && !Number.isNaN(Date.parse(`${value}:00Z`)) ? new Date(`${value}:00Z`).toISOString() : undefined;

export interface ComplianceRecordProps {
  filter: RecordFilter;
  stations: readonly SpectrumStation[];
  onChange: (filter: RecordFilter) => void;
  onOpenStation: (id: string) => void;
}

export const ComplianceRecord = memo(function ComplianceRecord({
  filter,
  stations,
  onChange,
  onOpenStation,
}: ComplianceRecordProps) {
  const seq = useThrottledValue(
    useSpectrum((state) => state.touch.seq),
    REFRESH_MS,
  );
  const custom = filter.from !== undefined || filter.to !== undefined;
  const baseQuery: RecordQuery = { deviceId: filter.station, kinds: filter.kinds, limit: RECORD_PAGE };
  const key = JSON.stringify([filter, seq]);
  // The period is resolved when the list is read, so "last hour" means the hour before each refresh.
  const [records] = useResource(key, (signal) =>
    fetchRecords({ ...baseQuery, ...recordPeriod(filter, Date.now()) }, signal),
  );
  // The export link's period moves on once a minute; a click exports the period as it is then.
  const minute = useNow(60_000);
  const csvHref = recordsCsvHref({ ...baseQuery, ...recordPeriod(filter, minute) });
  const kinds = filter.kinds ?? [];
  const kindPicker = useRef<HTMLDetailsElement>(null);
  useDetailsDismiss(kindPicker);
  const toggleKind = (kind: SpectrumRecordKind): void => {
    const next = kinds.includes(kind)
      ? kinds.filter((k) => k !== kind)
      : SPECTRUM_RECORD_KINDS.filter((k) => k === kind || kinds.includes(k));
    onChange({ ...filter, kinds: next.length > 0 ? next : undefined });
  };
  const entries = records.status === 'ready' || records.status === 'loading' ? (records.data ?? []) : [];
  const stationOptions = [...stations].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const stationIds = useMemo(() => new Set(stations.map((station) => station.deviceId)), [stations]);

  return (
    <section className={styles.section} aria-labelledby="record-title" data-testid="compliance-record">
      <div className={styles.sectionHead}>
        <h2 id="record-title">Compliance record</h2>
        <a href={csvHref} download data-testid="record-csv" className={styles.csvLink}>
          Export CSV
        </a>
      </div>
      <div className={styles.filterBar} role="search" aria-label="Filter the compliance record">
        <select
          aria-label="Station"
          data-testid="record-filter-station"
          value={filter.station ?? ''}
          onChange={(event) => onChange({ ...filter, station: event.target.value || undefined })}
        >
          <option value="">every station</option>
          {filter.station && !stations.some((s) => s.deviceId === filter.station) && (
            <option value={filter.station}>{filter.station}</option>
          )}
          {stationOptions.map((station) => (
            <option key={station.deviceId} value={station.deviceId}>
              {station.name}
            </option>
          ))}
        </select>
        <details className={styles.kindPicker} ref={kindPicker}>
          <summary data-testid="record-filter-kinds">
            {kinds.length === 0 ? 'every kind' : `${kinds.length} kind${kinds.length === 1 ? '' : 's'}`}
          </summary>
          <fieldset className={styles.kindList}>
            <legend className="visually-hidden">Kinds of entry</legend>
            {SPECTRUM_RECORD_KINDS.map((kind) => (
              <label key={kind}>
                <input
                  type="checkbox"
                  data-testid={`record-filter-kind-${kind}`}
                  checked={kinds.includes(kind)}
                  onChange={() => toggleKind(kind)}
                />{' '}
                {RECORD_KIND_LABEL[kind]}
              </label>
            ))}
          </fieldset>
        </details>
        <select
          aria-label="Period"
          data-testid="record-filter-range"
          value={custom ? 'custom' : filter.range}
          onChange={(event) => {
            const value = event.target.value;
            if (value === 'custom') {
              const now = Date.now();
              onChange({
                ...filter,
                from: new Date(now - 24 * 3_600_000).toISOString(),
                to: new Date(now).toISOString(),
              });
            } else {
              onChange({ ...filter, range: value as RecordRange, from: undefined, to: undefined });
            }
          }}
        >
          {RECORD_RANGES.map((range) => (
            <option key={range} value={range}>
              {RANGE_LABEL[range]}
            </option>
          ))}
          <option value="custom">from … to … (UTC)</option>
        </select>
        {custom && (
          <>
            <label className={styles.inlineLabel}>
              From (UTC){' '}
              <input
                type="datetime-local"
                data-testid="record-filter-from"
                value={toInput(filter.from)}
                onChange={(event) => onChange({ ...filter, from: fromInput(event.target.value) })}
              />
            </label>
            <label className={styles.inlineLabel}>
              To (UTC){' '}
              <input
                type="datetime-local"
                data-testid="record-filter-to"
                value={toInput(filter.to)}
                onChange={(event) => onChange({ ...filter, to: fromInput(event.target.value) })}
              />
            </label>
          </>
        )}
        <Button
          data-testid="record-filter-clear"
          disabled={!filter.station && kinds.length === 0 && !custom && filter.range === DEFAULT_RECORD_RANGE}
          onClick={() => onChange({ range: DEFAULT_RECORD_RANGE })}
        >
          Clear filters
        </Button>
      </div>
      {records.status === 'error' && (
        <p role="alert" data-testid="record-error">
          The compliance record could not be read: {records.message}
        </p>
      )}
      <p className={styles.muted} data-testid="record-count" data-shown={entries.length} aria-live="polite">
        {records.status === 'idle' || (records.status === 'loading' && records.data === null)
          ? 'Reading the record…'
          : entries.length >= RECORD_PAGE
            ? `The newest ${RECORD_PAGE} entries of the period; the CSV export holds all of it.`
            : `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in the period.`}
      </p>
      {entries.length > 0 && (
        <RecordTable
          records={entries}
          label="Compliance record entries"
          onOpenStation={onOpenStation}
          stationIds={stationIds}
          data-testid="record-list"
        />
      )}
    </section>
  );
});
