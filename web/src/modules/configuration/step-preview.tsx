// Steps 3 and 4: the server checks every device (the template's values, the radio CLI's rules, the band
// plan, the spectrum grant) and reads each radio's running configuration, so the operator sees per
// device what would change (field, before, after) and every problem. A device with a problem blocks the
// run, said in words with a way out: fix its override, or leave it out.
import type { BulkPreview, ConfigField, PreviewItem } from '@wsnoc/shared';
import { memo, useEffect, useState, type Dispatch } from 'react';
import { Button } from '@/ui/button';
import { FIELD_LABELS, plural, showValue } from './bulk-format';
import { previewFresh, type PreviewState } from './preview-state';
import type { WizardAction, WizardDraft } from './wizard-state';
import type { Errors } from './wizard-values';
import styles from './configuration.module.css';

export interface StepPreviewProps {
  draft: WizardDraft;
  dispatch: Dispatch<WizardAction>;
  /** The request body's key, or null while an input is invalid. */
  changeKey: string | null;
  preview: PreviewState;
  onPreview: () => void;
  /** The fields the template changes: the ones a device's override may set. */
  fields: readonly ConfigField[];
  overrideErrors: Readonly<Record<string, Errors>>;
}

export function StepPreview({
  draft,
  dispatch,
  changeKey,
  preview,
  onPreview,
  fields,
  overrideErrors,
}: StepPreviewProps) {
  const fresh = previewFresh(preview, changeKey);
  // The dry run reads every radio: once on arrival, then when the operator asks again.
  useEffect(() => {
    if (!fresh && changeKey !== null) {
      onPreview();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const result = preview.status === 'ready' ? preview.preview : null;
  const badOverrides = Object.keys(overrideErrors).length;
  const invalid = result?.invalid ?? 0;
  const canGo = fresh && invalid === 0 && badOverrides === 0;
  return (
    <section
      className={styles.section}
      aria-labelledby="step-preview-title"
      aria-busy={preview.status === 'loading'}
      data-testid="bulk-step-preview"
      data-state={preview.status === 'ready' ? (fresh ? 'ready' : 'stale') : preview.status}
    >
      <div className={styles.head}>
        <h2 id="step-preview-title">Validate and preview</h2>
        <Button
          data-testid="bulk-preview-run"
          disabled={preview.status === 'loading' || changeKey === null}
          onClick={onPreview}
        >
          {preview.status === 'loading' ? 'Checking…' : result ? 'Validate again' : 'Validate'}
        </Button>
      </div>
      <p className={styles.muted}>
        A dry run: every device is checked and its running configuration read; nothing is sent to a radio.
      </p>
      {preview.status === 'loading' && (
        <p role="status" className={styles.muted}>
          Checking {plural(draft.devices.length, 'device')} and reading their running configuration…
        </p>
      )}
      {preview.status === 'error' && (
        <div role="alert" data-testid="bulk-preview-error">
          <p className={styles.bad}>✕ {preview.message}</p>
          {preview.issues.length > 0 && (
            <ul className={styles.list}>
              {preview.issues.map((issue) => (
                <li key={issue.path} data-testid="bulk-preview-issue" data-path={issue.path}>
                  {issue.path}: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {result && !fresh && (
        <p className={styles.warn} role="status" data-testid="bulk-preview-stale">
          ▲ The change was edited since this preview: validate again before the run.
        </p>
      )}
      {result && <PreviewSummary preview={result} dispatch={dispatch} />}
      {result && (
        <PreviewTable
          items={result.items}
          fields={fields}
          overrides={draft.overrides}
          overrideErrors={overrideErrors}
          dispatch={dispatch}
        />
      )}
      <div className={styles.buttons}>
        <Button data-testid="wizard-back" onClick={() => dispatch({ type: 'go', step: 'template' })}>
          Back
        </Button>
        <Button
          variant="primary"
          data-testid="wizard-next"
          disabled={!canGo}
          onClick={() => dispatch({ type: 'go', step: 'rollout' })}
        >
          Next: rollout
        </Button>
        {badOverrides > 0 && (
          <span className={styles.bad}>Fix the overrides of {plural(badOverrides, 'device')} first.</span>
        )}
      </div>
    </section>
  );
}

function PreviewSummary({ preview, dispatch }: { preview: BulkPreview; dispatch: Dispatch<WizardAction> }) {
  const total = preview.items.length;
  const unread = preview.items.filter((i) => i.readError !== null).length;
  const changing = preview.items.filter((i) => i.diff.length > 0).length;
  const blocked = preview.items.filter((i) => i.issues.length > 0);
  return (
    <div
      data-testid="bulk-preview-summary"
      data-total={total}
      data-invalid={preview.invalid}
      data-unchanged={preview.unchanged}
      data-changing={changing}
    >
      {preview.invalid > 0 ? (
        <div className={styles.blocked} role="alert" data-testid="bulk-blocked">
          <p>
            ✕ {plural(preview.invalid, 'device')} of {total} cannot take this change (listed first below). The
            run is refused until they are fixed or left out.
          </p>
          <Button
            data-testid="bulk-drop-invalid"
            onClick={() => dispatch({ type: 'drop-devices', ids: blocked.map((i) => i.deviceId) })}
          >
            Leave out {plural(blocked.length, 'device')} with problems
          </Button>
        </div>
      ) : (
        <p className={styles.ok} data-testid="bulk-valid">
          ● Every device can take this change: {changing} would change, {preview.unchanged} already run these
          values and stay untouched.
        </p>
      )}
      {unread > 0 && (
        <p className={styles.warn} data-testid="bulk-unread">
          ▲ {plural(unread, 'device')} could not be read now (busy or unreachable); the run tries them when it
          gets to them.
        </p>
      )}
    </div>
  );
}

/** Devices with problems first, then those that would change, then the rest, each by name. */
function rank(item: PreviewItem): number {
  return item.issues.length > 0 ? 0 : item.diff.length > 0 ? 1 : 2;
}

const PreviewTable = memo(function PreviewTable({
  items,
  fields,
  overrides,
  overrideErrors,
  dispatch,
}: {
  items: readonly PreviewItem[];
  fields: readonly ConfigField[];
  overrides: WizardDraft['overrides'];
  overrideErrors: Readonly<Record<string, Errors>>;
  dispatch: Dispatch<WizardAction>;
}) {
  const rows = [...items].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return (
    <div className={styles.tableScroller}>
      <table className={styles.table} data-testid="bulk-preview-table" aria-label="Each device’s change">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Change (before → after)</th>
            <th scope="col">Problems</th>
            <th scope="col">Override</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((item) => (
            <PreviewRow
              key={item.deviceId}
              item={item}
              fields={fields}
              override={overrides[item.deviceId]}
              errors={overrideErrors[item.deviceId]}
              dispatch={dispatch}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
});

function PreviewRow({
  item,
  fields,
  override,
  errors,
  dispatch,
}: {
  item: PreviewItem;
  fields: readonly ConfigField[];
  override: Readonly<Partial<Record<ConfigField, string>>> | undefined;
  errors: Errors | undefined;
  dispatch: Dispatch<WizardAction>;
}) {
  const [editing, setEditing] = useState(override !== undefined);
  return (
    <tr
      data-testid={`bulk-device-row-${item.name}`}
      data-issues={item.issues.length}
      data-diff={item.diff.length}
    >
      <th scope="row">{item.name}</th>
      <td>
        {item.diff.length > 0 ? (
          <ul className={styles.list}>
            {item.diff.map((d) => (
              <li key={d.field} data-testid="bulk-diff" data-field={d.field}>
                {FIELD_LABELS[d.field]}: {showValue(d.before)} → <strong>{showValue(d.after)}</strong>
              </li>
            ))}
          </ul>
        ) : item.running !== null && item.issues.length === 0 ? (
          <span className={styles.muted}>already runs these values</span>
        ) : (
          <ul className={styles.list}>
            {Object.entries(item.values).map(([field, value]) => (
              <li key={field} className={styles.muted}>
                {field} → {showValue(value)}
              </li>
            ))}
          </ul>
        )}
        {item.readError !== null && (
          <p className={styles.warn} data-testid="bulk-read-error">
            ▲ not read: {item.readError}
          </p>
        )}
      </td>
      <td>
        {item.issues.length > 0 ? (
          <ul className={styles.list}>
            {item.issues.map((issue, index) => (
              <li
                key={`${issue.path}:${index}`}
                className={styles.bad}
                data-testid="bulk-issue"
                data-path={issue.path}
              >
                ✕ {issue.message}
              </li>
            ))}
          </ul>
        ) : (
          <span className={styles.good}>● none</span>
        )}
      </td>
      <td>
        {editing ? (
          <div className={styles.overrides}>
            {fields.map((field) => {
              const id = `bulk-override-${item.name}-${field}`;
              const error = errors?.[field];
              return (
                <label key={field} className={styles.field}>
                  <span className={styles.hint}>{FIELD_LABELS[field]}</span>
                  <input
                    data-testid={id}
                    value={override?.[field] ?? ''}
                    placeholder={showValue(item.values[field])}
                    aria-invalid={error !== undefined}
                    onChange={(event) =>
                      dispatch({
                        type: 'override',
                        deviceId: item.deviceId,
                        field,
                        value: event.target.value,
                      })
                    }
                  />
                  {error !== undefined && (
                    <span className={styles.error} data-testid={`${id}-error`}>
                      {error}
                    </span>
                  )}
                </label>
              );
            })}
          </div>
        ) : (
          <Button data-testid={`bulk-override-open-${item.name}`} onClick={() => setEditing(true)}>
            Override…
          </Button>
        )}
      </td>
    </tr>
  );
}
