// A device status as word + shape + colour, so it reads correctly for colour-blind operators, on a
// monochrome wall display and in a screenshot. The same glyphs are used in the table, overview and detail.
import type { DeviceStatus } from '@wsnoc/shared';
import styles from './status-badge.module.css';

export const STATUS_GLYPH: Record<DeviceStatus, string> = {
  up: '●',
  degraded: '▲',
  unreachable: '✕',
  muted: '◐',
  unknown: '?',
};

export function StatusBadge({ status }: { status: DeviceStatus }) {
  return (
    <span className={styles.badge} data-status={status}>
      <span aria-hidden="true" className={styles.glyph}>
        {STATUS_GLYPH[status]}
      </span>
      {status}
    </span>
  );
}
