// The spectrum plan of the display's base stations: what each transmits (channel, EIRP), its grant state
// in plain words, and until when its grant holds. Stations that need attention come first.
import type { StationPhase, WallStation } from '@wsnoc/shared';
import { PHASE_GLYPH } from '@/modules/spectrum/phase-badge';
import { formatAge } from '@/ui/format-age';
import { useNow } from '@/ui/use-now.hook';
import { STATUS_COLOURS } from './wall-map-draw';
import type { WallSpectrumView } from './wall.store';
import styles from './wall-page.module.css';

/** Rows that fit a screen in this type; the rest are counted. */
export const WALL_STATION_ROWS = 10;

/** A grant state as an operator across the room says it. */
export const WALL_PHASE_TEXT: Record<StationPhase, string> = {
  granted: 'transmitting',
  checking: 'awaiting grant',
  muted: 'muted',
  fatal: 'refused',
  unmanaged: 'unmanaged',
};

/** The map's status colours, so a muted station reads the same on every panel. */
const PHASE_COLOURS: Record<StationPhase, string> = {
  granted: STATUS_COLOURS.up,
  checking: STATUS_COLOURS.unknown,
  muted: STATUS_COLOURS.muted,
  fatal: STATUS_COLOURS.unreachable,
  unmanaged: STATUS_COLOURS.unknown,
};

/** Attention first: refused, muted, awaiting, unmanaged, then those transmitting. */
const PHASE_ORDER: readonly StationPhase[] = ['fatal', 'muted', 'checking', 'unmanaged', 'granted'];

const byAttention = (a: WallStation, b: WallStation): number =>
  PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase);

function until(iso: string | null, now: number): string {
  if (iso === null) {
    return '–';
  }
  const at = Date.parse(iso);
  const stamp = new Date(at).toISOString();
  // The time of day alone when it is today (UTC), else the date too: a grant often runs for days.
  const sameDay = stamp.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  const clock = `${sameDay ? '' : `${stamp.slice(0, 10)} `}${stamp.slice(11, 16)} UTC`;
  return at <= now ? `ended ${clock}` : `${clock} (in ${formatAge(at - now)})`;
}

export function WallSpectrumPanel({ spectrum }: { spectrum: WallSpectrumView | null }) {
  const now = useNow(1000, spectrum !== null && spectrum.stations.length > 0);
  const stations = spectrum ? [...spectrum.stations].sort(byAttention) : [];
  const shown = stations.slice(0, WALL_STATION_ROWS);
  const tally = PHASE_ORDER.map((phase) => ({
    phase,
    count: stations.filter((s) => s.phase === phase).length,
  })).filter((t) => t.count > 0);
  return (
    <section className={styles.listPanel} data-testid="wall-panel-spectrum" aria-label="Spectrum plan">
      <h2 className={styles.panelTitle}>
        Spectrum plan
        {tally.length ? (
          <span className={styles.tally} data-testid="wall-spectrum-tally">
            {tally.map((t) => (
              <span key={t.phase} style={{ color: PHASE_COLOURS[t.phase] }}>
                {t.count} {WALL_PHASE_TEXT[t.phase]}
              </span>
            ))}
          </span>
        ) : null}
      </h2>
      {spectrum === null ? (
        <p className={styles.label}>Waiting for the spectrum plan…</p>
      ) : !spectrum.enabled ? (
        <p className={styles.label} data-testid="wall-spectrum-off">
          Spectrum management is off: no white-space database is configured.
        </p>
      ) : stations.length === 0 ? (
        <p className={styles.label} data-testid="wall-spectrum-empty">
          No base station in this display’s scope.
        </p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Base station</th>
              <th>Site</th>
              <th className={styles.numeric}>Channel</th>
              <th className={styles.numeric}>EIRP</th>
              <th>State</th>
              <th>Grant until</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((station) => (
              <tr
                key={station.id}
                data-testid="wall-station-row"
                data-phase={station.phase}
                data-site={station.site ?? ''}
              >
                <td>{station.name}</td>
                <td>{station.site ?? '–'}</td>
                <td className={styles.numeric}>{station.channel ?? '–'}</td>
                <td className={styles.numeric}>
                  {station.eirpDbm === null ? '–' : `${station.eirpDbm.toFixed(1)} dBm`}
                </td>
                <td style={{ color: PHASE_COLOURS[station.phase] }} className={styles.strong}>
                  <span aria-hidden="true">{PHASE_GLYPH[station.phase]}</span>{' '}
                  {WALL_PHASE_TEXT[station.phase]}
                  {station.alarm ? <span className={styles.muted}> · {station.alarm}</span> : null}
                </td>
                <td data-testid="wall-station-until">{until(station.grantUntil, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stations.length > shown.length ? (
        <p className={styles.label} data-testid="wall-stations-more">
          and {stations.length - shown.length} more
        </p>
      ) : null}
    </section>
  );
}
