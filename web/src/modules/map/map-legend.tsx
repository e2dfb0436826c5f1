// The map's key: shapes for role, colour plus fill for status, so nothing depends on colour alone.
import { DEVICE_STATUSES } from '@wsnoc/shared';
import { StatusBadge } from '@/ui/status-badge';
import styles from './map-page.module.css';

export function MapLegend() {
  return (
    <aside className={styles.legend} aria-label="Map legend" data-testid="map-legend">
      <span>▲ base station</span>
      <span>● CPE</span>
      <span>○ hollow: unreachable</span>
      <span>◉ cluster: red ≥ 20 % down, amber any trouble, thick ring = some down</span>
      {DEVICE_STATUSES.map((status) => (
        <StatusBadge key={status} status={status} />
      ))}
      <span className={styles.hint}>Shift-drag to select · Ctrl+Shift-drag to add</span>
    </aside>
  );
}
