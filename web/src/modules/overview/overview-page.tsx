// The network at a glance: counts by status, the open incidents, the worst links, recent state changes and
// the base stations with the most CPEs down. Every figure is a link into the filtered table, map or Alerts
// page. Recomputed once a second from the live store: it is read by people, and a 10,000-radio pass per
// feed frame would be waste. The incidents follow their own feed event.
import { DEVICE_STATUSES } from '@wsnoc/shared';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { OpenIncidentsPanel } from '@/modules/alerts/open-incidents-panel';
import { filteredHref } from '@/modules/devices/device-view-state';
import { useFleet, useThrottledFleetList } from '@/modules/live/live.context';
import { StatusBadge } from '@/ui/status-badge';
import { countByStatus, stationsWithMostDown, worstLinks } from './overview-aggregations';
import { RecentChanges } from './recent-changes';
import styles from './overview-page.module.css';

const deviceHref = (id: string): string => `/devices/${encodeURIComponent(id)}`;

export function OverviewPage() {
  const devices = useThrottledFleetList(1_000);
  const phase = useFleet((state) => state.phase);
  const counts = useMemo(() => countByStatus(devices), [devices]);
  const worst = useMemo(() => worstLinks(devices), [devices]);
  const stations = useMemo(() => stationsWithMostDown(devices), [devices]);

  return (
    <div className={styles.page}>
      <title>Overview · wsnoc</title>
      <h1 className={styles.title}>Overview</h1>
      {phase === 'waiting' && <p className={styles.muted}>Waiting for the live feed…</p>}
      <section aria-label="Radios by status" className={styles.counts}>
        {DEVICE_STATUSES.map((status) => (
          <div
            key={status}
            className={styles.count}
            data-status={status}
            data-testid={`overview-count-${status}`}
          >
            <Link to={filteredHref('/devices', { status: [status] })} className={styles.countLink}>
              <span className={styles.countValue}>{counts[status]}</span>
              <StatusBadge status={status} />
            </Link>
            <Link to={filteredHref('/map', { status: [status] })} className={styles.small}>
              on the map
            </Link>
          </div>
        ))}
        <div className={styles.count} data-testid="overview-count-total">
          <Link to="/devices" className={styles.countLink}>
            <span className={styles.countValue}>{counts.total}</span>
            <span>radios</span>
          </Link>
        </div>
      </section>

      <div className={styles.panels}>
        <OpenIncidentsPanel className={styles.panel} />
        <section className={styles.panel} aria-labelledby="worst-links" data-testid="overview-worst-links">
          <h2 id="worst-links">
            Worst links{' '}
            <Link className={styles.small} to="/devices?role=cpe&sort=snrDb&order=asc">
              all, by SNR
            </Link>
          </h2>
          {worst.length === 0 ? (
            <p className={styles.muted}>No link reports SNR yet.</p>
          ) : (
            <ol className={styles.list}>
              {worst.map((device) => (
                <li key={device.id} data-testid={`worst-link-${device.name}`}>
                  <Link to={deviceHref(device.id)}>{device.name}</Link>
                  <span className={styles.figure}>{device.snrDb?.toFixed(1)} dB</span>
                  <StatusBadge status={device.status} />
                </li>
              ))}
            </ol>
          )}
        </section>

        <section className={styles.panel} aria-labelledby="stations-down" data-testid="overview-stations">
          <h2 id="stations-down">Base stations with most CPEs down</h2>
          {stations.length === 0 ? (
            <p className={styles.muted}>No CPE is down behind any base station.</p>
          ) : (
            <ol className={styles.list}>
              {stations.map((entry) => {
                const name = entry.station?.name ?? entry.stationId;
                return (
                  <li key={entry.stationId} data-testid={`station-${name}`}>
                    <Link to={filteredHref('/devices', { parent: entry.stationId })}>▲ {name}</Link>
                    <span className={styles.figure}>
                      {entry.down} of {entry.total} down
                    </span>
                    <Link className={styles.small} to={filteredHref('/map', { parent: entry.stationId })}>
                      map
                    </Link>
                  </li>
                );
              })}
            </ol>
          )}
        </section>

        <RecentChanges />
      </div>
    </div>
  );
}
