// The links with the lowest SNR in the display's scope, worst first.
import type { WallLink } from '@wsnoc/shared';
import { STATUS_COLOURS } from './wall-map-draw';
import styles from './wall-page.module.css';

export function WallWorstPanel({ worst }: { worst: readonly WallLink[] }) {
  return (
    <section className={styles.worstPanel} data-testid="wall-panel-worst-links" aria-label="Worst links">
      <h2 className={styles.panelTitle}>Worst links (lowest SNR)</h2>
      {worst.length === 0 ? (
        <p className={styles.label}>No CPE link reports an SNR yet.</p>
      ) : (
        <table className={styles.worst}>
          <thead>
            <tr>
              <th>Radio</th>
              <th>Base station</th>
              <th>Site</th>
              <th className={styles.numeric}>SNR</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {worst.map((link) => (
              <tr key={link.id} data-testid="wall-worst-row" data-site={link.site ?? ''}>
                <td>{link.name}</td>
                <td>{link.parentName ?? '–'}</td>
                <td>{link.site ?? '–'}</td>
                <td className={styles.numeric}>{link.snrDb.toFixed(1)} dB</td>
                <td style={{ color: STATUS_COLOURS[link.status] }}>{link.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
