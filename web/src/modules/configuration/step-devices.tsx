// Step 1: which radios. By the device table's filter (same controls, same shared matching), by the
// table's or map's current selection, or by a pasted list of names, where names the fleet does not
// know are listed by name. The devices found are frozen when the operator goes on.
import type { DeviceLive } from '@wsnoc/shared';
import { useMemo, type Dispatch } from 'react';
import { DeviceFilterBar } from '@/modules/devices/device-filter-bar';
import { useFleet, useFleetList, useSelection } from '@/modules/live/live.context';
import { Button } from '@/ui/button';
import { plural } from './bulk-format';
import { pickDevices, type DeviceSource } from './select-devices';
import type { WizardAction, WizardDraft } from './wizard-state';
import styles from './configuration.module.css';

const SOURCES: { id: DeviceSource; label: (selected: number) => string }[] = [
  { id: 'filter', label: () => 'By filter' },
  { id: 'selection', label: (selected) => `The selection of the table or map (${selected})` },
  { id: 'names', label: () => 'A list of names' },
];

/** Names listed under the count; a run of thousands is summed up, not printed. */
const SHOWN_NAMES = 40;

export function StepDevices({ draft, dispatch }: { draft: WizardDraft; dispatch: Dispatch<WizardAction> }) {
  const fleet = useFleetList();
  const phase = useFleet((state) => state.phase);
  const selection = useSelection();
  const picked = useMemo(
    () =>
      pickDevices(draft.source, fleet, {
        filters: draft.filters,
        selection: selection.ids,
        names: draft.names,
      }),
    [draft.source, fleet, draft.filters, selection.ids, draft.names],
  );
  const count = picked.devices.length;
  return (
    <section className={styles.section} aria-labelledby="step-devices-title" data-testid="bulk-step-devices">
      <h2 id="step-devices-title">Which radios</h2>
      <fieldset className={styles.sources}>
        <legend className="visually-hidden">Choose devices</legend>
        {SOURCES.map((source) => (
          <label key={source.id}>
            <input
              type="radio"
              name="bulk-source"
              data-testid={`bulk-source-${source.id}`}
              checked={draft.source === source.id}
              onChange={() => dispatch({ type: 'source', source: source.id })}
            />{' '}
            {source.label(selection.ids.size)}
          </label>
        ))}
      </fieldset>
      {draft.source === 'filter' && (
        <DeviceFilterBar
          filters={draft.filters}
          devices={fleet}
          onChange={(filters) => dispatch({ type: 'filters', filters })}
        />
      )}
      {draft.source === 'selection' && selection.ids.size === 0 && (
        <p className={styles.muted}>
          Nothing is selected. Select radios in the Devices table or draw a box on the Map, then choose
          “Configure selected”.
        </p>
      )}
      {draft.source === 'names' && (
        <label className={styles.field}>
          <span>Device names, one per line (or separated by spaces or commas)</span>
          <textarea
            className={styles.names}
            data-testid="bulk-names"
            value={draft.names}
            spellCheck={false}
            onChange={(event) => dispatch({ type: 'names', names: event.target.value })}
          />
        </label>
      )}
      {picked.unknown.length > 0 && (
        <div role="alert" data-testid="bulk-unknown-names" data-count={picked.unknown.length}>
          <p className={styles.bad}>
            ✕ {plural(picked.unknown.length, 'name')} match no device and will be left out:
          </p>
          <ul className={styles.chips}>
            {picked.unknown.map((name) => (
              <li key={name} data-testid="bulk-unknown-name">
                {name}
              </li>
            ))}
          </ul>
        </div>
      )}
      <PickedSummary devices={picked.devices} waiting={phase === 'waiting'} />
      <div className={styles.buttons}>
        <Button
          variant="primary"
          data-testid="wizard-next"
          disabled={count === 0}
          onClick={() => {
            dispatch({ type: 'devices', devices: picked.devices.map((d) => d.id) });
            dispatch({ type: 'go', step: 'template' });
          }}
        >
          Next: choose a template
        </Button>
        {count === 0 && <span className={styles.muted}>Choose at least one device.</span>}
      </div>
    </section>
  );
}

function PickedSummary({ devices, waiting }: { devices: readonly DeviceLive[]; waiting: boolean }) {
  if (waiting) {
    return <p className={styles.muted}>Waiting for the live feed…</p>;
  }
  const shown = devices.slice(0, SHOWN_NAMES);
  return (
    <div data-testid="bulk-picked" data-count={devices.length}>
      <p>
        <strong>{plural(devices.length, 'device')}</strong> chosen
        {devices.length > shown.length ? ` (the first ${shown.length} by name):` : devices.length ? ':' : '.'}
      </p>
      {shown.length > 0 && (
        <ul className={styles.chips}>
          {shown.map((device) => (
            <li key={device.id} data-testid="bulk-picked-device">
              {device.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
