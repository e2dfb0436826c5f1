// One device: live values from the fleet store, its open incidents, history charts (lazy, with uPlot), a
// base station's CPEs, the running configuration and its editor (for operators), its configuration history
// and drift, recent audit entries and the refresh/reboot actions. A viewer reads; everything that touches
// the radio (the actions, the editor, pull and restore, reading its running configuration) is offered to
// operators only.
import { Suspense, useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { OpenIncidentsPanel } from '@/modules/alerts/open-incidents-panel';
import { useCan } from '@/modules/auth/use-can.hook';
import { useFleet, useFleetDevice } from '@/modules/live/live.context';
import { EmptyState } from '@/ui/empty-state';
import { useConfigSignals } from '@/modules/devices/use-config-signals.hook';
import { AuditEntries } from './audit-entries';
import { DriftBadge, DriftPanel } from './config-drift';
import { ConfigEditor } from './config-editor';
import { ConfigHistory } from './config-history';
import { fetchDevice, fetchDeviceDrift } from './device.api';
import { DeviceActions } from './device-actions';
import { LiveValues } from './live-values';
import { RunningConfig } from './running-config';
import { StationCpes } from './station-cpes';
import { useResource } from './use-resource.hook';
import styles from './device-detail.module.css';
import { lazyWithRetry } from '@/infra/chunk-recovery';

/**
 * A change the feed shows is read again after this wait: it gathers the frames of one change (power and
 * channel can land in two) and leaves the server the moment it takes to keep the version.
 */
const FEED_SETTLE_MS = 1_000;

const TelemetryPanel = lazyWithRetry(async () => ({
  default: (await import('./telemetry-panel')).TelemetryPanel,
}));

export function DeviceDetailPage() {
  const { id = '' } = useParams();
  const device = useFleetDevice(id);
  const phase = useFleet((state) => state.phase);
  const [inventory] = useResource(id, (signal) => fetchDevice(id, signal));
  // Moves after a configuration change made on this page or seen on the feed; history and drift follow it.
  const [revision, setRevision] = useState(0);
  const bump = useCallback(() => setRevision((value) => value + 1), []);
  useConfigSignals(id, FEED_SETTLE_MS, bump);
  const [drift] = useResource(`${id}#${revision}`, (signal) => fetchDeviceDrift(id, signal));
  const mayChange = useCan('operator');
  const name = device?.name ?? (inventory.status === 'ready' ? inventory.data.name : id);

  if (!device && phase !== 'waiting' && inventory.status === 'error' && inventory.notFound) {
    return (
      <EmptyState title="No such device" summary={`No radio has the id ${id}.`}>
        <Link to="/devices">Back to the device table</Link>
      </EmptyState>
    );
  }

  const parentId = device?.parentId ?? (inventory.status === 'ready' ? inventory.data.parentId : null);
  const parentName = inventory.status === 'ready' ? inventory.data.parentName : null;

  return (
    <div className={styles.page} data-testid="device-detail">
      <title>{`${name} · wsnoc`}</title>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link to="/devices">Devices</Link> / <span aria-current="page">{name}</span>
      </nav>
      <header className={styles.head}>
        <h1 data-testid="device-name">
          {device?.role === 'base-station' ? '▲ ' : ''}
          {name}
        </h1>
        <span className={styles.muted}>
          {device?.role ?? ''} {device?.site ? `· ${device.site}` : ''}
          {inventory.status === 'ready' ? ` · ${inventory.data.host}:${inventory.data.port}` : ''}
          {device?.tags.length ? ` · ${device.tags.join(', ')}` : ''}
        </span>
        {parentId !== null && (
          <Link to={`/devices/${encodeURIComponent(parentId)}`} data-testid="device-parent">
            ▲ {parentName ?? 'base station'}
          </Link>
        )}
        <DriftBadge drift={drift} />
      </header>
      <div className={styles.grid}>
        {device ? (
          <LiveValues device={device} />
        ) : (
          <section className={styles.panel}>
            <p className={styles.muted} data-testid="live-missing">
              {phase === 'waiting' ? 'Waiting for the live feed…' : 'This radio is not in the live feed.'}
            </p>
          </section>
        )}
        {mayChange && <DeviceActions deviceId={id} name={name} />}
        <OpenIncidentsPanel deviceId={id} className={styles.panel} />
      </div>
      {mayChange && (
        <ConfigEditor
          deviceId={id}
          role={device?.role ?? (inventory.status === 'ready' ? inventory.data.role : undefined)}
          onChanged={bump}
        />
      )}
      <ConfigHistory deviceId={id} name={name} revision={revision} mayChange={mayChange} onChanged={bump} />
      <Suspense fallback={<p className={styles.muted}>Loading charts…</p>}>
        <TelemetryPanel deviceId={id} />
      </Suspense>
      {device?.role === 'base-station' && <StationCpes stationId={id} />}
      <div className={styles.grid}>
        <RunningConfig deviceId={id} mayRead={mayChange} />
        <DriftPanel drift={drift} />
        <AuditEntries deviceId={id} />
      </div>
    </div>
  );
}
