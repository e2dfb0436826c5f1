// Status counts in type large enough to read across the room, worst first, words beside every colour.
import type { DeviceStatus, WallCounts } from '@wsnoc/shared';
import { STATUS_COLOURS } from './wall-map-draw';
import styles from './wall-page.module.css';

const ORDER: readonly DeviceStatus[] = ['unreachable', 'degraded', 'muted', 'unknown', 'up'];

export function WallCountsPanel({ counts }: { counts: WallCounts | null }) {
  return (
    <section className={styles.countsPanel} data-testid="wall-panel-counts" aria-label="Status counts">
      <div className={styles.total}>
        <span className={styles.bigNumber} data-testid="wall-count-total">
          {counts?.total ?? '–'}
        </span>
        <span className={styles.label}>radios</span>
      </div>
      <ul className={styles.counts}>
        {ORDER.map((status) => (
          <li key={status} className={styles.count} style={{ borderColor: STATUS_COLOURS[status] }}>
            <span
              className={styles.bigNumber}
              style={{ color: STATUS_COLOURS[status] }}
              data-testid={`wall-count-${status}`}
            >
              {counts?.[status] ?? '–'}
            </span>
            <span className={styles.label}>{status}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
