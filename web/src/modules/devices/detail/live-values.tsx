// The device's live state straight from the fleet store: re-renders only when this row changes.
import type { DeviceLive } from '@wsnoc/shared';
import { COLUMN_SPECS } from '@/modules/devices/device-columns';
import { StatusBadge } from '@/ui/status-badge';
import styles from './device-detail.module.css';

const FIELDS: { field: keyof DeviceLive; label: string; show: (d: DeviceLive) => string }[] = [
  { field: 'channel', label: 'Channel', show: (d) => COLUMN_SPECS.channel.format(d) },
  { field: 'snrDb', label: 'SNR (dB)', show: (d) => COLUMN_SPECS.snrDb.format(d) },
  { field: 'rssiDbm', label: 'RSSI (dBm)', show: (d) => COLUMN_SPECS.rssiDbm.format(d) },
  {
    field: 'throughputMbps',
    label: 'Throughput (Mbit/s)',
    show: (d) => COLUMN_SPECS.throughputMbps.format(d),
  },
  { field: 'txPowerDbm', label: 'Tx power (dBm)', show: (d) => COLUMN_SPECS.txPowerDbm.format(d) },
  {
    field: 'transmitting',
    label: 'Transmitting',
    show: (d) => (d.transmitting === null ? '—' : d.transmitting ? 'yes' : 'no'),
  },
  { field: 'temperatureC', label: 'Temperature (°C)', show: (d) => COLUMN_SPECS.temperatureC.format(d) },
  { field: 'uptimeSec', label: 'Uptime', show: (d) => COLUMN_SPECS.uptimeSec.format(d) },
  { field: 'clientsUp', label: 'Clients up', show: (d) => COLUMN_SPECS.clients.format(d) },
  { field: 'since', label: 'Status since', show: (d) => d.since.replace('T', ' ').slice(0, 19) },
  {
    field: 'lastPollAt',
    label: 'Last poll',
    show: (d) => d.lastPollAt?.replace('T', ' ').slice(0, 19) ?? '—',
  },
  { field: 'lastError', label: 'Last error', show: (d) => d.lastError ?? '—' },
];

export function LiveValues({ device }: { device: DeviceLive }) {
  return (
    <section className={styles.panel} aria-labelledby="live-title">
      <h2 id="live-title">Live</h2>
      <dl className={styles.values}>
        <div>
          <dt>Status</dt>
          <dd data-testid="live-status" data-status={device.status}>
            <StatusBadge status={device.status} />
          </dd>
        </div>
        {FIELDS.filter((f) => device.role === 'base-station' || f.field !== 'clientsUp').map(
          ({ field, label, show }) => (
            <div key={field}>
              <dt>{label}</dt>
              <dd data-testid={`live-${field}`}>{show(device)}</dd>
            </div>
          ),
        )}
      </dl>
    </section>
  );
}
