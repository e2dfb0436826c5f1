// One base station's spectrum: its grant and what it transmits now, the watchdog's deadline, its checks,
// availability per channel over the next 24 h, its compliance record entries, and "Check now" for
// operators. The row comes from the page's live store; the schedule and the entries are read again
// whenever the feed says this station changed, so the panel never needs a reload either.
import { SPECTRUM_RECORD_KINDS, type SpectrumRecordKind } from '@wsnoc/shared';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useCan } from '@/modules/auth/use-can.hook';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { useFleetDevice } from '@/modules/live/live.context';
import { Button } from '@/ui/button';
import { RelativeTime, formatUtc } from '@/ui/relative-time';
import { useNow } from '@/ui/use-now.hook';
import { AvailabilityChart } from './availability-chart';
import { PhaseBadge } from './phase-badge';
import { RecordTable } from './record-table';
import { fetchRecords, fetchStation } from './spectrum.api';
import { useSpectrumStation, useStationTouchSeq } from './spectrum.context';
import { StationCheck } from './station-check';
import { ChannelCell, DeadlineCell, PermittedCell, PowerCell } from './station-cells';
import styles from './spectrum-page.module.css';
import panel from './station-panel.module.css';

/** Entries shown in the panel; the page's record below has the rest. */
const PANEL_RECORDS = 30;
/** Every check is recorded; at a short update interval they would push everything else out of the panel. */
const ROUTINE: ReadonlySet<SpectrumRecordKind> = new Set(['checked', 'notified']);
const NOT_ROUTINE = SPECTRUM_RECORD_KINDS.filter((kind) => !ROUTINE.has(kind));

export interface StationPanelProps {
  id: string;
  onClose: () => void;
  onShowRecords: (id: string) => void;
}

export function StationPanel({ id, onClose, onShowRecords }: StationPanelProps) {
  const station = useSpectrumStation(id);
  const live = useFleetDevice(id);
  const seq = useStationTouchSeq(id);
  const [detail] = useResource(`${id}:${seq}`, (signal) => fetchStation(id, signal));
  const [routine, setRoutine] = useState(false);
  const [records] = useResource(`${id}:${seq}:${routine}`, (signal) =>
    fetchRecords({ deviceId: id, limit: PANEL_RECORDS, kinds: routine ? undefined : NOT_ROUTINE }, signal),
  );
  // The timeline starts now, moved on once a minute: its bars need no finer steps.
  const minute = useNow(60_000);
  const mayOperate = useCan('operator');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, [id]);

  const notFound = !station && detail.status === 'error' && detail.notFound;
  const row = station ?? (detail.status === 'ready' ? detail.data : undefined);
  const entries = records.status === 'ready' || records.status === 'loading' ? (records.data ?? []) : [];

  return (
    <aside
      className={panel.panel}
      aria-labelledby="station-panel-title"
      data-testid="station-panel"
      data-station={row?.name ?? id}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          onClose();
        }
      }}
    >
      <header className={panel.panelHead}>
        <h2 id="station-panel-title" ref={heading} tabIndex={-1}>
          ▲ {row?.name ?? id}
        </h2>
        {row && <PhaseBadge phase={row.phase} data-testid="station-phase" />}
        {row?.site && <span className={styles.muted}>{row.site}</span>}
        <span className={panel.panelTools}>
          <Link to={`/devices/${encodeURIComponent(id)}`}>Device page</Link>
          <Button data-testid="station-close" onClick={onClose}>
            Close
          </Button>
        </span>
      </header>
      {notFound && <p role="alert">No base station with this id is under spectrum management.</p>}
      {!row && !notFound && <p className={styles.muted}>Loading the station…</p>}
      {row && (
        <>
          {mayOperate && <StationCheck station={row} records={entries} />}
          <dl className={panel.facts} data-testid="station-grant">
            <div>
              <dt>Grant</dt>
              <dd data-testid="station-grant-channel" data-channel={row.grant?.channel ?? ''}>
                {row.grant ? `ch ${row.grant.channel} up to ${row.grant.eirpDbm} dBm` : 'none'}
              </dd>
            </div>
            <div>
              <dt>Valid until</dt>
              <dd>
                {row.grant ? (
                  <RelativeTime
                    at={row.grant.validUntil}
                    future={(age) => `${formatUtc(row.grant?.validUntil ?? '')} (in ${age})`}
                  />
                ) : (
                  '—'
                )}
              </dd>
            </div>
            <div>
              <dt>On air now</dt>
              <dd>
                <ChannelCell row={{ station: row, live }} />
              </dd>
            </div>
            <div>
              <dt>EIRP now / limit</dt>
              <dd>
                <PowerCell row={{ station: row, live }} />
              </dd>
            </div>
            <div>
              <dt>Watchdog</dt>
              <dd>
                <DeadlineCell station={row} data-testid="station-deadline" />
              </dd>
            </div>
            <div>
              <dt>Last check</dt>
              <dd>
                <RelativeTime at={row.lastCheckAt} empty="never" />
              </dd>
            </div>
            <div>
              <dt>Next check</dt>
              <dd>
                <RelativeTime at={row.nextCheckAt} past={(age) => `due ${age} ago`} />
              </dd>
            </div>
            <div>
              <dt>Update interval</dt>
              <dd data-testid="station-interval">
                {row.maxPollingSecs === null ? '—' : `${row.maxPollingSecs} s`}
              </dd>
            </div>
            <div>
              <dt>Permitted now</dt>
              <dd>
                <PermittedCell station={row} clip={false} />
              </dd>
            </div>
            <div>
              <dt>Position sent</dt>
              <dd>
                {row.lat === null || row.lon === null
                  ? '—'
                  : `${row.lat.toFixed(5)}, ${row.lon.toFixed(5)} (${row.locatedBy ?? '?'})`}
              </dd>
            </div>
            <div>
              <dt>Ruleset</dt>
              <dd>
                {row.ruleset === null ? '—' : row.ruleset.toUpperCase()}
                {row.emissionClass === null ? '' : `, emission class ${row.emissionClass}`}
              </dd>
            </div>
            <div>
              <dt>Registered</dt>
              <dd>
                <RelativeTime at={row.registeredAt} empty="not yet" />
              </dd>
            </div>
            <div className={panel.factWide}>
              <dt>Database</dt>
              <dd className={styles.breakAll}>{row.database ?? '—'}</dd>
            </div>
            {row.alarm !== null && (
              <div className={panel.factWide}>
                <dt>Alarm</dt>
                <dd className={styles.bad} data-testid="station-alarm">
                  ✕ {row.alarm} <RelativeTime at={row.alarmAt} past={(age) => `(since ${age})`} />
                </dd>
              </div>
            )}
          </dl>
          {detail.status === 'error' && !detail.notFound && (
            <p role="alert">The schedule could not be read: {detail.message}</p>
          )}
          {(detail.status === 'ready' || (detail.status === 'loading' && detail.data)) && (
            <AvailabilityChart schedule={detail.data?.schedule ?? []} grant={row.grant} start={minute} />
          )}
          <section aria-labelledby="station-records-title" data-testid="station-records">
            <div className={panel.panelHead}>
              <h3 id="station-records-title">Compliance record</h3>
              <label>
                <input
                  type="checkbox"
                  data-testid="station-records-routine"
                  checked={routine}
                  onChange={(event) => setRoutine(event.target.checked)}
                />{' '}
                with routine checks
              </label>
              <button type="button" className={styles.linkButton} onClick={() => onShowRecords(id)}>
                All entries of this station
              </button>
            </div>
            {records.status === 'error' && (
              <p role="alert">The record could not be read: {records.message}</p>
            )}
            {entries.length === 0 && records.status === 'ready' ? (
              <p className={styles.muted}>Nothing recorded for this station yet.</p>
            ) : (
              <RecordTable
                records={entries}
                label={`Compliance record of ${row.name}`}
                data-testid="station-record-list"
              />
            )}
          </section>
        </>
      )}
    </aside>
  );
}
