// Edit one radio's configuration through the console's command path. The running configuration is read
// live from the radio, the operator edits it, reviews the diff against what the radio runs now, and
// applies. By default the change is a `commit confirmed`: if it cuts the way back to the radio, the radio
// undoes it by itself, and the operator confirms it here once they see it is good. Values are checked
// with the shared schema before anything is sent; the server checks them again against the radio.
import {
  CONFIG_FIELD_NAMES,
  type ConfigChange,
  type ConfigField,
  ConfigValuesSchema,
  type ConfigValues,
  type RadioConfig,
} from '@wsnoc/shared';
import { useState } from 'react';
import { Button } from '@/ui/button';
import { CONFIG_LABELS, describeChange, type Failure, failureOf, showValue, utc } from './config-text';
import {
  applyConfig,
  confirmConfig,
  fetchConfigChanges,
  fetchRunningConfig,
  rollbackConfig,
} from './device.api';
import { useResource } from './use-resource.hook';
import styles from './device-detail.module.css';

const NUMERIC: ReadonlySet<ConfigField> = new Set(['channel', 'txPowerDbm', 'managementVlan']);

type Draft = Record<ConfigField, string>;

type Phase =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'editing'; running: RadioConfig; draft: Draft }
  | { kind: 'applying'; running: RadioConfig; draft: Draft }
  | { kind: 'done'; change: ConfigChange };

function draftOf(config: RadioConfig): Draft {
  const draft = {} as Draft;
  for (const field of CONFIG_FIELD_NAMES) {
    const value = config[field];
    draft[field] = value === null ? '' : String(value);
  }
  return draft;
}

/** The fields the draft changes, as typed values (not yet validated). */
function changesOf(running: RadioConfig, draft: Draft, isCpe: boolean): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const field of CONFIG_FIELD_NAMES) {
    if (field === 'channel' && isCpe) {
      continue;
    }
    const text = draft[field].trim();
    const value: unknown =
      field === 'enabled' ? text === 'true' : NUMERIC.has(field) ? (text === '' ? NaN : Number(text)) : text;
    if (value !== running[field]) {
      set[field] = value;
    }
  }
  return set;
}

export function ConfigEditor({
  deviceId,
  role,
  onChanged,
}: {
  deviceId: string;
  role: 'base-station' | 'cpe' | undefined;
  /** Told after the radio took a change (or gave one up), so history and drift read again. */
  onChanged?: () => void;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: 'closed' });
  const [confirmed, setConfirmed] = useState(true);
  const [minutes, setMinutes] = useState('5');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [changes, reloadChanges] = useResource(
    deviceId,
    (signal) => fetchConfigChanges(deviceId, signal),
    15_000,
  );
  const isCpe = role === 'cpe';

  const open = async (): Promise<void> => {
    setFailure(null);
    setPhase({ kind: 'loading' });
    try {
      const { config } = await fetchRunningConfig(deviceId);
      setPhase({ kind: 'editing', running: config, draft: draftOf(config) });
    } catch (error) {
      setFailure(failureOf(error));
      setPhase({ kind: 'closed' });
    }
  };

  const editing = phase.kind === 'editing' || phase.kind === 'applying' ? phase : null;
  const raw = editing ? changesOf(editing.running, editing.draft, isCpe) : {};
  const fields = CONFIG_FIELD_NAMES.filter((f) => f in raw);
  const parsed = ConfigValuesSchema.safeParse(raw);
  const fieldErrors = parsed.success
    ? []
    : parsed.error.issues
        .filter((i) => i.path.length > 0)
        .map((i) => `${CONFIG_LABELS[i.path[0] as ConfigField] ?? String(i.path[0])}: ${i.message}`);
  const minutesValue = Number(minutes);
  const minutesOk = !confirmed || (Number.isFinite(minutesValue) && minutesValue > 0 && minutesValue <= 1440);

  const apply = async (set: ConfigValues): Promise<void> => {
    if (!editing) {
      return;
    }
    setFailure(null);
    setPhase({ ...editing, kind: 'applying' });
    try {
      const change = await applyConfig(
        deviceId,
        confirmed ? { set, mode: 'confirmed', confirmMinutes: minutesValue } : { set, mode: 'commit' },
      );
      setPhase({ kind: 'done', change });
      onChanged?.();
    } catch (error) {
      setFailure(failureOf(error));
      setPhase({ ...editing, kind: 'editing' });
    }
    reloadChanges();
  };

  const settle = async (action: 'confirm' | 'rollback'): Promise<void> => {
    setFailure(null);
    try {
      const change = await (action === 'confirm' ? confirmConfig(deviceId) : rollbackConfig(deviceId));
      setPhase({ kind: 'done', change });
      onChanged?.();
    } catch (error) {
      setFailure(failureOf(error));
    }
    reloadChanges();
  };

  const update = (field: ConfigField, value: string): void => {
    if (phase.kind === 'editing') {
      setPhase({ ...phase, draft: { ...phase.draft, [field]: value } });
    }
  };

  return (
    <section className={styles.panel} aria-labelledby="config-edit-title" data-testid="config-editor">
      <div className={styles.panelHead}>
        <h2 id="config-edit-title">Edit configuration</h2>
        {(phase.kind === 'closed' || phase.kind === 'done') && (
          <Button data-testid="config-edit-open" onClick={() => void open()}>
            {phase.kind === 'done' ? 'Edit again' : 'Edit configuration'}
          </Button>
        )}
      </div>
      {phase.kind === 'loading' && (
        <p className={styles.muted}>Reading the running configuration from the radio…</p>
      )}
      {editing && (
        <form
          className={styles.configForm}
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          {CONFIG_FIELD_NAMES.filter((f) => !(f === 'channel' && isCpe)).map((field) => (
            <label key={field} className={styles.configField}>
              <span>{CONFIG_LABELS[field]}</span>
              {field === 'enabled' ? (
                <select
                  data-testid={`config-input-${field}`}
                  value={editing.draft.enabled}
                  disabled={phase.kind === 'applying'}
                  onChange={(e) => update(field, e.target.value)}
                >
                  <option value="true">yes</option>
                  <option value="false">no (mute)</option>
                </select>
              ) : (
                <input
                  data-testid={`config-input-${field}`}
                  inputMode={NUMERIC.has(field) ? 'decimal' : 'text'}
                  value={editing.draft[field]}
                  disabled={phase.kind === 'applying'}
                  onChange={(e) => update(field, e.target.value)}
                />
              )}
            </label>
          ))}
          <fieldset className={styles.configMode}>
            <legend>How to apply</legend>
            <label>
              <input
                type="radio"
                checked={confirmed}
                onChange={() => setConfirmed(true)}
                data-testid="config-mode-confirmed"
              />{' '}
              Commit confirmed: the radio reverts after{' '}
              <input
                className={styles.minutes}
                aria-label="Minutes before the radio reverts"
                data-testid="config-minutes"
                value={minutes}
                disabled={!confirmed}
                onChange={(e) => setMinutes(e.target.value)}
              />{' '}
              min unless confirmed
            </label>
            <label>
              <input
                type="radio"
                checked={!confirmed}
                onChange={() => setConfirmed(false)}
                data-testid="config-mode-commit"
              />{' '}
              Commit: keep it at once
            </label>
          </fieldset>
          <h3 className={styles.small}>Changes against the running configuration</h3>
          {fields.length === 0 ? (
            <p className={styles.muted} data-testid="config-no-change">
              Nothing differs from what the radio runs.
            </p>
          ) : (
            <table className={styles.table} data-testid="config-diff">
              <thead>
                <tr>
                  <th>Setting</th>
                  <th>Running</th>
                  <th>New</th>
                </tr>
              </thead>
              <tbody>
                {fields.map((field) => (
                  <tr key={field} data-testid="config-diff-row" data-field={field}>
                    <td>{CONFIG_LABELS[field]}</td>
                    <td>{showValue(editing.running[field])}</td>
                    <td>
                      <strong>{editing.draft[field] || '—'}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {fieldErrors.length > 0 && (
            <ul role="alert" data-testid="config-invalid">
              {fieldErrors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
          {!minutesOk && <p role="alert">The confirm window must be above 0 and at most 1440 minutes.</p>}
          <div className={styles.actions}>
            <Button
              variant="primary"
              data-testid="config-apply"
              disabled={phase.kind === 'applying' || fields.length === 0 || !parsed.success || !minutesOk}
              onClick={() => parsed.success && void apply(parsed.data)}
            >
              {phase.kind === 'applying'
                ? 'Applying…'
                : `Apply ${fields.length} change${fields.length === 1 ? '' : 's'}`}
            </Button>
            <Button disabled={phase.kind === 'applying'} onClick={() => setPhase({ kind: 'closed' })}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {phase.kind === 'done' && (
        <div aria-live="polite" data-testid="config-result" data-status={phase.change.status}>
          <p>{describeChange(phase.change)}</p>
          <ul>
            {phase.change.diff.map((d) => (
              <li key={d.field}>
                {CONFIG_LABELS[d.field]}: {showValue(d.before)} → <strong>{showValue(d.after)}</strong>
              </li>
            ))}
          </ul>
          {phase.change.status === 'pending-confirm' && (
            <div className={styles.actions}>
              <Button variant="primary" data-testid="config-confirm" onClick={() => void settle('confirm')}>
                Confirm
              </Button>
              <Button data-testid="config-rollback" onClick={() => void settle('rollback')}>
                Roll back now
              </Button>
            </div>
          )}
        </div>
      )}
      {failure && (
        <div role="alert" className={styles.busy} data-testid="config-error">
          <p>{failure.message}</p>
          {failure.issues.length > 0 && (
            <ul>
              {failure.issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {changes.status === 'ready' && changes.data.length > 0 && (
        <details className={styles.changes}>
          <summary>Recent changes ({changes.data.length})</summary>
          <table className={styles.table} data-testid="config-changes">
            <tbody>
              {changes.data.slice(0, 10).map((change) => (
                <tr key={change.id} data-testid="config-change" data-status={change.status}>
                  <td>{utc(change.createdAt)}</td>
                  <td>{change.actor}</td>
                  <td>
                    {change.diff
                      .map((d) => `${CONFIG_LABELS[d.field]} ${showValue(d.before)} → ${showValue(d.after)}`)
                      .join(', ') || 'no value changed'}
                  </td>
                  <td>{change.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
