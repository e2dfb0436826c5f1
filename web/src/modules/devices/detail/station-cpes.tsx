// A base station's CPEs and their links, live from the fleet store.
import { sortDevices } from '@wsnoc/shared';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { COLUMN_SPECS } from '@/modules/devices/device-columns';
import { filteredHref } from '@/modules/devices/device-view-state';
import { useFleetList } from '@/modules/live/live.context';
import { StatusBadge } from '@/ui/status-badge';
import styles from './device-detail.module.css';

export function StationCpes({ stationId }: { stationId: string }) {
  const devices = useFleetList();
  const cpes = useMemo(
    () =>
      sortDevices(
        devices.filter((d) => d.parentId === stationId),
        { sort: 'status', order: 'asc' },
      ),
    [devices, stationId],
  );
  return (
    <section className={styles.panel} aria-labelledby="cpes-title" data-testid="station-cpes">
      <h2 id="cpes-title">
        CPEs ({cpes.length}){' '}
        <Link className={styles.small} to={filteredHref('/devices', { parent: stationId })}>
          in the table
        </Link>{' '}
        <Link className={styles.small} to={filteredHref('/map', { parent: stationId })}>
          on the map
        </Link>
      </h2>
      {cpes.length === 0 ? (
        <p className={styles.muted}>No CPE is attached to this base station.</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>SNR dB</th>
              <th>RSSI dBm</th>
              <th>Mbit/s</th>
            </tr>
          </thead>
          <tbody>
            {cpes.map((cpe) => (
              <tr key={cpe.id} data-testid={`cpe-row-${cpe.name}`}>
                <td>
                  <Link to={`/devices/${encodeURIComponent(cpe.id)}`}>{cpe.name}</Link>
                </td>
                <td>
                  <StatusBadge status={cpe.status} />
                </td>
                <td>{COLUMN_SPECS.snrDb.format(cpe)}</td>
                <td>{COLUMN_SPECS.rssiDbm.format(cpe)}</td>
                <td>{COLUMN_SPECS.throughputMbps.format(cpe)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
