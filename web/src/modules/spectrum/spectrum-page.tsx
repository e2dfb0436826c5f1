// The Spectrum page: what the white-space database allows each base station and what it transmits. The
// watchdog's summary and alarms on top, then the channel plan (a map coloured by channel and a table,
// both marking the stations a re-plan preview would move), the open station's panel, the fleet re-plan
// (preview, apply, progress), and the compliance record. Everything follows the /ops feed
// (spectrum:stations for grants and checks, spectrum:plan-run for a re-plan being applied, devices frames
// for what radios transmit); the view (filters, sort, open station, record filters) lives in the URL.
import { memo, Suspense, useCallback, useMemo, useState } from 'react';
import { useFleet } from '@/modules/live/live.context';
import { Button } from '@/ui/button';
import { EmptyState } from '@/ui/empty-state';
import { RelativeTime } from '@/ui/relative-time';
import { AlarmList } from './alarm-list';
import { ChannelLegend } from './channel-legend';
import { ComplianceRecord } from './compliance-record';
import { ReplanPanel } from './replan-panel';
import { ReplanStoreProvider, useReplan } from './replan.context';
import { SpectrumFeedEffect } from './spectrum-feed.effect';
import { SpectrumFilterBar } from './spectrum-filter-bar';
import { SpectrumStoreProvider, useSpectrum, useSpectrumList, useSpectrumStore } from './spectrum.context';
import { StationPanel } from './station-panel';
import { StationRowCache } from './station-row-cache';
import { stationView, type StationFilter, type StationSort } from './station-rows';
import { StationTable } from './station-table';
import { useSpectrumView } from './use-spectrum-view.hook';
import type { RecordFilter } from './spectrum-view-state';
import { WatchdogSummary } from './watchdog-summary';
import styles from './spectrum-page.module.css';
import { lazyWithRetry } from '@/infra/chunk-recovery';

const ChannelMap = lazyWithRetry(async () => ({ default: (await import('./channel-map')).ChannelMap }));

export function SpectrumPage() {
  return (
    <SpectrumStoreProvider>
      <ReplanStoreProvider>
        <SpectrumFeedEffect />
        <SpectrumScreen />
      </ReplanStoreProvider>
    </SpectrumStoreProvider>
  );
}

function SpectrumScreen() {
  const [view, updateView] = useSpectrumView();
  const status = useSpectrum((state) => state.status);
  const enabled = useSpectrum((state) => state.enabled);
  const database = useSpectrum((state) => state.database);
  const error = useSpectrum((state) => state.error);
  const updatedAt = useSpectrum((state) => state.updatedAt);
  const store = useSpectrumStore();
  const stations = useSpectrumList();
  const devices = useFleet((state) => state.devices);
  const [cache] = useState(() => new StationRowCache());
  const joined = useMemo(() => cache.join(stations, devices), [cache, stations, devices]);
  const rows = useMemo(() => stationView(joined, view.filter, view.sort), [joined, view.filter, view.sort]);
  const moves = useReplan((state) => state.moves);
  const plannedShown = useMemo(
    () => rows.filter((row) => moves.has(row.station.deviceId)).length,
    [rows, moves],
  );

  const open = useCallback(
    (id: string) => updateView((v) => ({ ...v, station: id }), { push: true }),
    [updateView],
  );
  const close = useCallback(() => updateView((v) => ({ ...v, station: undefined })), [updateView]);
  const setFilter = useCallback(
    (filter: StationFilter) => updateView((v) => ({ ...v, filter })),
    [updateView],
  );
  const setSort = useCallback((sort: StationSort) => updateView((v) => ({ ...v, sort })), [updateView]);
  const setRecords = useCallback(
    (records: RecordFilter) => updateView((v) => ({ ...v, records })),
    [updateView],
  );
  const showRecords = useCallback(
    (id: string) => {
      updateView((v) => ({ ...v, records: { ...v.records, station: id } }));
      document.getElementById('record-title')?.scrollIntoView({ block: 'start' });
    },
    [updateView],
  );

  return (
    <div className={styles.page} data-testid="spectrum-page" data-status={status} data-enabled={enabled}>
      <title>Spectrum · wsnoc</title>
      <header className={styles.head}>
        <h1>Spectrum</h1>
        {status === 'ready' && enabled && (
          <span className={styles.muted} data-testid="spectrum-database">
            White-space database <span className={styles.breakAll}>{database ?? '—'}</span> ·{' '}
            {stations.length} base station{stations.length === 1 ? '' : 's'} managed · updated{' '}
            <RelativeTime at={updatedAt === null ? null : new Date(updatedAt).toISOString()} />
          </span>
        )}
      </header>

      {status === 'loading' && <p className={styles.muted}>Reading spectrum management…</p>}
      {status === 'error' && (
        <div role="alert" data-testid="spectrum-error">
          <EmptyState title="Spectrum management could not be read" summary={error ?? 'Unknown error'}>
            <Button onClick={() => store.reload()}>Try again</Button>
          </EmptyState>
        </div>
      )}
      {status === 'ready' && !enabled && <SpectrumDisabled />}
      {status === 'ready' && enabled && (
        <>
          <WatchdogSummary stations={stations} filter={view.filter} onFilter={setFilter} onOpen={open} />
          <AlarmList stations={stations} onOpen={open} />
          <div className={styles.workspace} data-panel={view.station !== undefined}>
            <section className={styles.section} aria-labelledby="plan-title" data-testid="channel-plan">
              <div className={styles.sectionHead}>
                <h2 id="plan-title">Channel plan</h2>
                <span
                  className={styles.muted}
                  data-testid="spectrum-count"
                  data-shown={rows.length}
                  data-total={stations.length}
                >
                  {rows.length} of {stations.length} shown
                </span>
              </div>
              <SpectrumFilterBar filter={view.filter} stations={stations} onChange={setFilter} />
              <div className={styles.mapRow}>
                <Suspense fallback={<div className={styles.map} aria-busy="true" />}>
                  <ChannelMap rows={rows} selectedId={view.station} moves={moves} onSelect={open} />
                </Suspense>
                <ChannelLegend rows={rows} planned={plannedShown} />
              </div>
              <StationTable
                rows={rows}
                total={stations.length}
                sort={view.sort}
                selectedId={view.station}
                moves={moves}
                onSort={setSort}
                onOpen={open}
              />
            </section>
            {view.station !== undefined && (
              <StationPanel
                key={view.station}
                id={view.station}
                onClose={close}
                onShowRecords={showRecords}
              />
            )}
          </div>
          <ReplanPanel onOpenStation={open} />
        </>
      )}
      {status === 'ready' && (
        <ComplianceRecord
          filter={view.records}
          stations={stations}
          onChange={setRecords}
          onOpenStation={open}
        />
      )}
    </div>
  );
}

const SpectrumDisabled = memo(function SpectrumDisabled() {
  return (
    <div data-testid="spectrum-disabled" role="status">
      <EmptyState
        title="Spectrum management is off"
        summary="No white-space database is configured (WSDB_URL is not set), so the console does not ask a database what each base station may transmit, and no watchdog mutes a radio whose permission lapsed. Radios keep whatever channel and power they are set to."
        upcoming={[
          'Set WSDB_URL to the PAWS endpoint of a white-space database and restart the console.',
          'Each base station is then registered, checked, kept inside its grant and muted when the grant lapses.',
          'Entries recorded while management was on stay in the compliance record below.',
        ]}
      />
    </div>
  );
});
