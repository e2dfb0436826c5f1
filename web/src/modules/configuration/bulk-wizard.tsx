// The bulk configuration wizard: devices, template, validate and preview, rollout; then the run starts
// and the page shows its progress. It owns the draft (wizard-state.ts), the templates, the dry run on
// screen and the start request; each step is its own component.
import { TEMPLATE_IDS, type BulkChange, type TemplateId } from '@wsnoc/shared';
import { useCallback, useMemo, useReducer, useRef, useState } from 'react';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { createRun, fetchTemplates, previewChange } from './bulk.api';
import { useBulkRunsStore } from './bulk-runs.context';
import { failureOf, IDLE_PREVIEW, type PreviewState } from './preview-state';
import type { DeviceSource } from './select-devices';
import { StepDevices } from './step-devices';
import { StepPreview } from './step-preview';
import { StepRollout, type StartFailure } from './step-rollout';
import { StepTemplate } from './step-template';
import { initialDraft, wizardReducer } from './wizard-state';
import { WizardSteps } from './wizard-steps';
import { changeKey, parseOverrides, parseRollout, parseVariables, variableInputs } from './wizard-values';
import styles from './configuration.module.css';

const isTemplateId = (id: string): id is TemplateId => (TEMPLATE_IDS as readonly string[]).includes(id);

export interface BulkWizardProps {
  initialSource: DeviceSource;
  onStarted: (runId: string) => void;
}

export function BulkWizard({ initialSource, onStarted }: BulkWizardProps) {
  const store = useBulkRunsStore();
  const [draft, dispatch] = useReducer(wizardReducer, initialSource, initialDraft);
  const [templates] = useResource('templates', fetchTemplates);
  const template =
    templates.status === 'ready' ? templates.data.find((t) => t.id === draft.templateId) : undefined;
  const inputs = useMemo(() => (template ? variableInputs(template) : []), [template]);
  const parsedVariables = useMemo(
    () => (template ? parseVariables(template.id, inputs, draft.variables) : null),
    [template, inputs, draft.variables],
  );
  const parsedOverrides = useMemo(() => parseOverrides(draft.overrides), [draft.overrides]);
  const parsedRollout = useMemo(() => parseRollout(draft.rollout), [draft.rollout]);

  const change = useMemo<BulkChange | null>(() => {
    if (!template || !isTemplateId(template.id) || !parsedVariables) {
      return null;
    }
    if (Object.keys(parsedVariables.errors).length > 0 || draft.devices.length === 0) {
      return null;
    }
    return {
      devices: [...draft.devices],
      template: template.id,
      variables: parsedVariables.variables,
      overrides: parsedOverrides.overrides,
    };
  }, [template, parsedVariables, parsedOverrides.overrides, draft.devices]);
  const key = change === null ? null : changeKey(change);

  const [preview, setPreview] = useState<PreviewState>(IDLE_PREVIEW);
  const asked = useRef<string | null>(null);
  const runPreview = useCallback(() => {
    if (change === null || key === null) {
      return;
    }
    asked.current = key;
    setPreview({ status: 'loading', key });
    previewChange(change).then(
      (result) => {
        if (asked.current === key) {
          setPreview({ status: 'ready', key, preview: result });
        }
      },
      (error: unknown) => {
        if (asked.current === key) {
          setPreview({ status: 'error', key, ...failureOf(error) });
        }
      },
    );
  }, [change, key]);

  const [starting, setStarting] = useState(false);
  const [startFailure, setStartFailure] = useState<StartFailure | null>(null);
  const start = useCallback(() => {
    const rollout = parsedRollout.rollout;
    if (change === null || rollout === null || starting) {
      return;
    }
    setStarting(true);
    setStartFailure(null);
    const name = draft.name.trim();
    createRun({ ...change, rollout, ...(name ? { name } : {}) }).then(
      (detail) => {
        setStarting(false);
        store.take(detail);
        onStarted(detail.id);
      },
      (error: unknown) => {
        setStarting(false);
        setStartFailure(failureOf(error));
      },
    );
  }, [change, parsedRollout.rollout, starting, draft.name, store, onStarted]);

  return (
    <div className={styles.page} data-testid="bulk-wizard" data-step={draft.step}>
      <WizardSteps current={draft.step} />
      {draft.step === 'devices' && <StepDevices draft={draft} dispatch={dispatch} />}
      {draft.step === 'template' && (
        <StepTemplate
          draft={draft}
          dispatch={dispatch}
          templates={templates}
          inputs={inputs}
          errors={parsedVariables?.errors ?? {}}
        />
      )}
      {draft.step === 'preview' && (
        <StepPreview
          draft={draft}
          dispatch={dispatch}
          changeKey={key}
          preview={preview}
          onPreview={runPreview}
          fields={template?.fields ?? []}
          overrideErrors={parsedOverrides.errors}
        />
      )}
      {draft.step === 'rollout' && (
        <StepRollout
          draft={draft}
          dispatch={dispatch}
          rollout={parsedRollout.rollout}
          errors={parsedRollout.errors}
          starting={starting}
          failure={startFailure}
          onStart={start}
        />
      )}
    </div>
  );
}
