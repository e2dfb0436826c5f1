// Step 2: what to set. A template from GET /api/config-templates, or "Parameters" (custom) to set values
// directly; each variable is typed, shows its default, and says what is wrong with it as it is typed,
// in the shared schema's words.
import { CONFIG_FIELD_NAMES, type ConfigField, type TemplateSummary } from '@wsnoc/shared';
import type { Dispatch } from 'react';
import type { Resource } from '@/modules/devices/detail/use-resource.hook';
import { Button } from '@/ui/button';
import { FIELD_LABELS, plural } from './bulk-format';
import type { WizardAction, WizardDraft } from './wizard-state';
import type { Errors, VariableInput } from './wizard-values';
import styles from './configuration.module.css';

export interface StepTemplateProps {
  draft: WizardDraft;
  dispatch: Dispatch<WizardAction>;
  templates: Resource<TemplateSummary[]>;
  inputs: readonly VariableInput[];
  errors: Errors;
}

export function StepTemplate({ draft, dispatch, templates, inputs, errors }: StepTemplateProps) {
  const chosen =
    templates.status === 'ready' ? templates.data.find((t) => t.id === draft.templateId) : undefined;
  const invalid = Object.keys(errors).length;
  const ready = chosen !== undefined && invalid === 0;
  return (
    <section
      className={styles.section}
      aria-labelledby="step-template-title"
      data-testid="bulk-step-template"
    >
      <h2 id="step-template-title">What to set on {plural(draft.devices.length, 'device')}</h2>
      {templates.status === 'loading' && <p className={styles.muted}>Loading the templates…</p>}
      {templates.status === 'error' && (
        <p role="alert" className={styles.bad} data-testid="bulk-templates-error">
          ✕ The templates could not be read: {templates.message}
        </p>
      )}
      {templates.status === 'ready' && (
        <fieldset className={styles.templates}>
          <legend className="visually-hidden">Template</legend>
          {templates.data.map((template) => (
            <label key={template.id} className={styles.template}>
              <input
                type="radio"
                name="bulk-template"
                data-testid={`bulk-template-${template.id}`}
                checked={draft.templateId === template.id}
                onChange={() => dispatch({ type: 'template', templateId: template.id })}
              />
              <span>
                <strong>{template.id === 'custom' ? 'Parameters (custom)' : template.name}</strong>{' '}
                <span className={styles.muted}>
                  {template.description} Changes: {template.fields.map((f) => FIELD_LABELS[f]).join(', ')}.
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {chosen && (
        <div className={styles.form} data-testid="bulk-variables">
          {inputs.map((input) => (
            <VariableField
              key={input.name}
              input={input}
              value={draft.variables[input.name] ?? ''}
              error={errors[input.name]}
              onChange={(value) => dispatch({ type: 'variable', name: input.name, value })}
            />
          ))}
        </div>
      )}
      {chosen?.id === 'custom' && (
        <p className={styles.hint}>Leave a value empty to keep what each radio runs.</p>
      )}
      {errors[''] && (
        <p className={styles.error} role="alert" data-testid="bulk-var-error-">
          {errors['']}
        </p>
      )}
      <div className={styles.buttons}>
        <Button data-testid="wizard-back" onClick={() => dispatch({ type: 'go', step: 'devices' })}>
          Back
        </Button>
        <Button
          variant="primary"
          data-testid="wizard-next"
          disabled={!ready}
          onClick={() => dispatch({ type: 'go', step: 'preview' })}
        >
          Next: validate and preview
        </Button>
        {chosen === undefined && <span className={styles.muted}>Choose a template.</span>}
        {invalid > 0 && (
          <span className={styles.bad} data-testid="bulk-variables-invalid">
            Fix {plural(invalid, 'value')} first.
          </span>
        )}
      </div>
    </section>
  );
}

const isField = (name: string): name is ConfigField =>
  (CONFIG_FIELD_NAMES as readonly string[]).includes(name);

function VariableField({
  input,
  value,
  error,
  onChange,
}: {
  input: VariableInput;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = `bulk-var-${input.name}`;
  const label = isField(input.name) ? FIELD_LABELS[input.name] : input.name;
  const range = input.min !== null && input.max !== null ? ` (${input.min} to ${input.max})` : '';
  return (
    <div className={styles.field}>
      <label htmlFor={id}>
        {label}
        {input.required ? ' (required)' : ''}
        <span className={styles.hint}>{range}</span>
      </label>
      {input.kind === 'boolean' ? (
        <select id={id} data-testid={id} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">keep as it is</option>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      ) : (
        <input
          id={id}
          data-testid={id}
          type="text"
          inputMode={input.kind === 'number' ? 'decimal' : undefined}
          placeholder={input.placeholder === null ? undefined : `default ${input.placeholder}`}
          value={value}
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {error !== undefined && (
        <span id={`${id}-error`} className={styles.error} data-testid={`bulk-var-error-${input.name}`}>
          {error}
        </span>
      )}
    </div>
  );
}
