// Create or change an alert rule (admins). The draft is checked with the shared schema before anything is
// sent, so each problem shows next to its field; the server's own `issues` land there too. "Preview" asks
// what the rule would have fired on the last 24 hours of history, without saving it.
import { useState, type ReactNode } from 'react';
import {
  ALERT_KINDS,
  ALERT_METRICS,
  ALERT_SEVERITIES,
  CONDITION_OPS,
  RULE_SCOPE_TYPES,
  type AlertRule,
  type AlertRuleCreate,
  type RulePreview,
} from '@wsnoc/shared';
import type { FormFailure } from '@/infra/field-errors';
import { useSubmitForm } from '@/infra/use-submit-form.hook';
import { Button } from '@/ui/button';
import { FieldError } from '@/ui/field-error';
import { formatUtc } from '@/ui/relative-time';
import { createRule, previewRule, updateRule } from './alerts.api';
import {
  KIND_FIELDS,
  KIND_HELP,
  NEW_RULE,
  checkRule,
  draftOf,
  RULE_FIELDS,
  ruleUpdate,
  serverRuleFailure,
  type RuleDraft,
  type RuleField,
} from './rule-form';
import styles from './alerts.module.css';

function Field({
  label,
  field,
  failure,
  children,
}: {
  label: string;
  field: RuleField;
  failure: FormFailure;
  children: ReactNode;
}) {
  const message = failure.fields[field];
  return (
    <label className={styles.field} data-invalid={message ? true : undefined}>
      {label}
      {children}
      <FieldError message={message} data-testid={`rule-error-${field}`} />
    </label>
  );
}

export interface RuleEditorProps {
  /** The rule being changed; a new one when absent. */
  rule?: AlertRule;
  onSaved: (rule: AlertRule) => void;
  onCancel: () => void;
}

export function RuleEditor({ rule, onSaved, onCancel }: RuleEditorProps) {
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftOf(rule) : NEW_RULE));
  const [preview, setPreview] = useState<RulePreview | null>(null);
  // Save and preview share the messages and the pending state: one runs at a time.
  const { failure, pending, onSubmit, run } = useSubmitForm({
    fields: RULE_FIELDS,
    failureOf: serverRuleFailure,
  });
  const set = (patch: Partial<RuleDraft>): void => setDraft((d) => ({ ...d, ...patch }));
  const uses = new Set(KIND_FIELDS[draft.kind]);
  const check = () => checkRule(draft);

  const save = onSubmit({
    check,
    send: (body: AlertRuleCreate) => (rule ? updateRule(rule.id, ruleUpdate(body)) : createRule(body)),
    done: onSaved,
  });

  const runPreview = (): Promise<void> =>
    run('preview', {
      check,
      // The last preview goes once this one is sent; a draft refused at once keeps it.
      send: (body: AlertRuleCreate) => {
        setPreview(null);
        return previewRule(body);
      },
      done: setPreview,
    });

  return (
    <section className={styles.panel} aria-labelledby="rule-editor-title" data-testid="rule-editor">
      <h2 id="rule-editor-title">{rule ? `Edit rule “${rule.name}”` : 'New rule'}</h2>
      <form className={styles.form} onSubmit={save} noValidate>
        <Field label="Name" field="name" failure={failure}>
          <input
            data-testid="rule-name"
            value={draft.name}
            maxLength={100}
            aria-invalid={failure.fields.name ? true : undefined}
            onChange={(event) => set({ name: event.target.value })}
          />
        </Field>
        <Field label="Kind" field="kind" failure={failure}>
          <select
            data-testid="rule-kind"
            value={draft.kind}
            onChange={(event) => set({ kind: event.target.value as RuleDraft['kind'] })}
          >
            {ALERT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Metric" field="metric" failure={failure}>
          <select
            data-testid="rule-metric"
            value={draft.metric}
            onChange={(event) => set({ metric: event.target.value as RuleDraft['metric'] })}
          >
            {ALERT_METRICS.map((metric) => (
              <option key={metric} value={metric}>
                {metric}
              </option>
            ))}
          </select>
        </Field>
        {uses.has('condition') && (
          <Field label="Condition" field="condition" failure={failure}>
            <span className={styles.pair}>
              <select
                aria-label="Operator"
                data-testid="rule-op"
                value={draft.op}
                onChange={(event) => set({ op: event.target.value as RuleDraft['op'] })}
              >
                {CONDITION_OPS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
              <input
                aria-label="Value"
                data-testid="rule-value"
                inputMode="decimal"
                value={draft.value}
                placeholder={draft.kind === 'anomaly' ? '4' : ''}
                aria-invalid={failure.fields.condition ? true : undefined}
                onChange={(event) => set({ value: event.target.value })}
              />
            </span>
          </Field>
        )}
        {uses.has('durationSec') && (
          <Field label="For (s)" field="durationSec" failure={failure}>
            <input
              data-testid="rule-duration"
              inputMode="numeric"
              value={draft.durationSec}
              aria-invalid={failure.fields.durationSec ? true : undefined}
              onChange={(event) => set({ durationSec: event.target.value })}
            />
          </Field>
        )}
        {uses.has('windowSec') && (
          <Field label="Window (s)" field="windowSec" failure={failure}>
            <input
              data-testid="rule-window"
              inputMode="numeric"
              value={draft.windowSec}
              aria-invalid={failure.fields.windowSec ? true : undefined}
              onChange={(event) => set({ windowSec: event.target.value })}
            />
          </Field>
        )}
        {uses.has('count') && (
          <Field label="Count" field="count" failure={failure}>
            <input
              data-testid="rule-count"
              inputMode="numeric"
              value={draft.count}
              aria-invalid={failure.fields.count ? true : undefined}
              onChange={(event) => set({ count: event.target.value })}
            />
          </Field>
        )}
        <Field label="Severity" field="severity" failure={failure}>
          <select
            data-testid="rule-severity"
            value={draft.severity}
            onChange={(event) => set({ severity: event.target.value as RuleDraft['severity'] })}
          >
            {ALERT_SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Scope" field="scope" failure={failure}>
          <span className={styles.pair}>
            <select
              aria-label="Scope type"
              data-testid="rule-scope-type"
              value={draft.scopeType}
              onChange={(event) =>
                set({
                  scopeType: event.target.value as RuleDraft['scopeType'],
                  scopeValue: event.target.value === 'role' ? 'base-station' : '',
                })
              }
            >
              {RULE_SCOPE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type === 'all' ? 'all devices' : type}
                </option>
              ))}
            </select>
            {draft.scopeType === 'role' && (
              <select
                aria-label="Role"
                data-testid="rule-scope-value"
                value={draft.scopeValue}
                onChange={(event) => set({ scopeValue: event.target.value })}
              >
                <option value="base-station">base-station</option>
                <option value="cpe">cpe</option>
              </select>
            )}
            {(draft.scopeType === 'site' || draft.scopeType === 'tag') && (
              <input
                aria-label={draft.scopeType === 'site' ? 'Site' : 'Tag'}
                data-testid="rule-scope-value"
                value={draft.scopeValue}
                maxLength={64}
                aria-invalid={failure.fields.scope ? true : undefined}
                onChange={(event) => set({ scopeValue: event.target.value })}
              />
            )}
          </span>
        </Field>
        <label className={styles.checkField}>
          <input
            type="checkbox"
            data-testid="rule-enabled"
            checked={draft.enabled}
            onChange={(event) => set({ enabled: event.target.checked })}
          />
          Enabled
        </label>
        <p className={styles.help}>{KIND_HELP[draft.kind]}</p>
        <div className={styles.formButtons}>
          <Button type="submit" variant="primary" data-testid="rule-save" disabled={pending !== null}>
            {pending === 'submit' ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
          </Button>
          <Button data-testid="rule-preview" disabled={pending !== null} onClick={() => void runPreview()}>
            {pending === 'preview' ? 'Previewing…' : 'Preview last 24 h'}
          </Button>
          <Button data-testid="rule-cancel" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
      {failure.message !== null && (
        <p role="alert" className={styles.alert} data-testid="rule-form-error">
          {failure.message}
        </p>
      )}
      {preview !== null && <RulePreviewResult preview={preview} />}
    </section>
  );
}

function RulePreviewResult({ preview }: { preview: RulePreview }) {
  return (
    <div data-testid="rule-preview-result" data-firings={preview.firings.length}>
      <h3>What it would have fired in the last 24 hours</h3>
      <p className={styles.muted}>
        {preview.firings.length === 0
          ? 'Nothing: the rule would have stayed quiet.'
          : `${preview.firings.length}${preview.truncated ? '+' : ''} firings`}{' '}
        over {preview.evaluatedSamples} samples.
      </p>
      {preview.firings.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Device</th>
              <th>From (UTC)</th>
              <th>To (UTC)</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {preview.firings.map((firing, index) => (
              <tr key={`${firing.deviceId}-${firing.from}-${index}`} data-testid="rule-preview-firing">
                <td>{firing.name}</td>
                <td>{formatUtc(firing.from)}</td>
                <td>{firing.to === null ? 'still firing' : formatUtc(firing.to)}</td>
                <td>{firing.value ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
