// Drift: where the radio's running configuration differs from its desired one (the values the bulk runs
// that changed it set). A badge in the page head says so at a glance; the panel lists each field, desired
// against running. The running side is the newest version with the newest poll's channel and power.
import type { DeviceDrift } from '@wsnoc/shared';
import { CONFIG_LABELS, showValue, utc } from './config-text';
import type { Resource } from './use-resource.hook';
import styles from './device-detail.module.css';

const current = (drift: Resource<DeviceDrift>): DeviceDrift | null =>
  drift.status === 'ready' || drift.status === 'loading' ? drift.data : null;

export function DriftBadge({ drift }: { drift: Resource<DeviceDrift> }) {
  const data = current(drift);
  if (!data || data.drift.length === 0) {
    return null;
  }
  const count = data.drift.length;
  return (
    <a href="#drift-title" className={styles.driftBadge} data-testid="drift-badge" data-count={count}>
      <span aria-hidden="true">≠ </span>
      Drifted: {count} setting{count === 1 ? '' : 's'} differ from the desired configuration
    </a>
  );
}

export function DriftPanel({ drift }: { drift: Resource<DeviceDrift> }) {
  const data = current(drift);
  return (
    <section className={styles.panel} aria-labelledby="drift-title" data-testid="drift-panel">
      <h2 id="drift-title">Drift from the desired configuration</h2>
      {drift.status === 'error' && <p role="alert">Drift is unavailable: {drift.message}</p>}
      {data?.desired === null && (
        <p className={styles.muted} data-testid="drift-none-desired">
          No desired configuration: no bulk run has set one for this radio.
        </p>
      )}
      {data && data.desired !== null && data.running === null && (
        <p className={styles.muted}>No version of the running configuration is kept yet to compare.</p>
      )}
      {data && data.desired !== null && data.running !== null && data.drift.length === 0 && (
        <p data-testid="drift-in-sync">In sync: the radio runs every desired value.</p>
      )}
      {data && data.drift.length > 0 && (
        <table className={styles.table} data-testid="drift-fields">
          <thead>
            <tr>
              <th>Setting</th>
              <th>Desired</th>
              <th>Running</th>
            </tr>
          </thead>
          <tbody>
            {data.drift.map((item) => (
              <tr key={item.field} data-testid="drift-field" data-field={item.field}>
                <td>{CONFIG_LABELS[item.field]}</td>
                <td>{showValue(item.desired)}</td>
                <td>
                  <strong>{showValue(item.running)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.runningAt && (
        <p className={styles.muted}>Running configuration as of {utc(data.runningAt)} UTC.</p>
      )}
    </section>
  );
}
