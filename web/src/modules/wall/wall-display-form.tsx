// One form for creating and changing a display: name, sites (empty for all), panels and rotation.
import { WALL_PANELS, type WallDisplayCreate, type WallPanel } from '@wsnoc/shared';
import { useState, type FormEvent } from 'react';
import { Button } from '@/ui/button';
import styles from './wall-admin.module.css';

const PANEL_LABELS: Record<WallPanel, string> = {
  map: 'Fleet map',
  counts: 'Status counts',
  'worst-links': 'Worst links',
  incidents: 'Open incidents',
  spectrum: 'Spectrum plan',
};

export interface DisplayFormProps {
  initial: WallDisplayCreate;
  knownSites: readonly string[];
  submitLabel: string;
  busy: boolean;
  testId: string;
  onSubmit: (value: WallDisplayCreate) => void;
  onCancel?: () => void;
}

export function DisplayForm({
  initial,
  knownSites,
  submitLabel,
  busy,
  testId,
  onSubmit,
  onCancel,
}: DisplayFormProps) {
  const [name, setName] = useState(initial.name);
  const [sites, setSites] = useState(initial.sites.join(', '));
  const [panels, setPanels] = useState<WallPanel[]>(initial.panels);
  const [rotate, setRotate] = useState(String(initial.rotateSeconds));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      name: name.trim(),
      sites: sites
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      // The table's order, whatever order they were ticked in.
      panels: WALL_PANELS.filter((p) => panels.includes(p)),
      rotateSeconds: Number(rotate),
    });
  };

  return (
    <form className={styles.form} onSubmit={submit} data-testid={testId}>
      <label className={styles.field}>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={64}
          data-testid="wall-form-name"
        />
      </label>
      <label className={styles.field}>
        Sites (comma-separated; empty shows every site)
        <input
          value={sites}
          onChange={(e) => setSites(e.target.value)}
          list="wall-known-sites"
          data-testid="wall-form-sites"
        />
        <datalist id="wall-known-sites">
          {knownSites.map((site) => (
            <option key={site} value={site} />
          ))}
        </datalist>
        {knownSites.length ? (
          <span className={styles.hint}>Sites in the fleet: {knownSites.join(', ')}</span>
        ) : null}
      </label>
      <fieldset className={styles.field}>
        <legend>Panels, in rotation order</legend>
        {WALL_PANELS.map((panel) => (
          <label key={panel} className={styles.check}>
            <input
              type="checkbox"
              checked={panels.includes(panel)}
              onChange={(e) =>
                setPanels((current) =>
                  e.target.checked ? [...current, panel] : current.filter((p) => p !== panel),
                )
              }
              data-testid={`wall-form-panel-${panel}`}
            />
            {PANEL_LABELS[panel]}
          </label>
        ))}
      </fieldset>
      <label className={styles.field}>
        Seconds per panel
        <input
          type="number"
          min={5}
          max={3600}
          value={rotate}
          onChange={(e) => setRotate(e.target.value)}
          data-testid="wall-form-rotate"
        />
      </label>
      <div className={styles.buttons}>
        <Button
          type="submit"
          variant="primary"
          disabled={busy || panels.length === 0}
          data-testid="wall-form-submit"
        >
          {submitLabel}
        </Button>
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
      </div>
    </form>
  );
}
