// The wizard's draft: which step is shown and what each step's inputs hold, as typed. The devices are
// frozen when the operator leaves the first step, so a filter on status does not change the run between
// its preview and its start. Pure, so the flow is tested without rendering.
import type { ConfigField, DeviceFilter } from '@wsnoc/shared';
import type { DeviceSource } from './select-devices';
import {
  DEFAULT_ROLLOUT_TEXTS,
  type OverrideTexts,
  type RolloutField,
  type RolloutTexts,
} from './wizard-values';

/** The steps of a draft; a started run is shown by its own view (progress, then report). */
export const DRAFT_STEPS = ['devices', 'template', 'preview', 'rollout'] as const;
export type DraftStep = (typeof DRAFT_STEPS)[number];
export const WIZARD_STEPS = [...DRAFT_STEPS, 'run', 'report'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const STEP_LABELS: Record<WizardStep, string> = {
  devices: 'Devices',
  template: 'Template',
  preview: 'Validate and preview',
  rollout: 'Rollout',
  run: 'Run',
  report: 'Report',
};

export interface WizardDraft {
  step: DraftStep;
  source: DeviceSource;
  filters: DeviceFilter;
  names: string;
  /** Device ids, frozen on leaving the devices step. */
  devices: readonly string[];
  templateId: string | null;
  variables: Readonly<Record<string, string>>;
  overrides: OverrideTexts;
  rollout: RolloutTexts;
  name: string;
}

export type WizardAction =
  | { type: 'go'; step: DraftStep }
  | { type: 'source'; source: DeviceSource }
  | { type: 'filters'; filters: DeviceFilter }
  | { type: 'names'; names: string }
  | { type: 'devices'; devices: readonly string[] }
  | { type: 'template'; templateId: string }
  | { type: 'variable'; name: string; value: string }
  | { type: 'override'; deviceId: string; field: ConfigField; value: string }
  | { type: 'drop-devices'; ids: readonly string[] }
  | { type: 'rollout'; field: RolloutField; value: string }
  | { type: 'name'; name: string }
  | { type: 'reset'; source?: DeviceSource };

export function initialDraft(source: DeviceSource = 'filter'): WizardDraft {
  return {
    step: 'devices',
    source,
    filters: {},
    names: '',
    devices: [],
    templateId: null,
    variables: {},
    overrides: {},
    rollout: DEFAULT_ROLLOUT_TEXTS,
    name: '',
  };
}

export function wizardReducer(draft: WizardDraft, action: WizardAction): WizardDraft {
  switch (action.type) {
    case 'go':
      return { ...draft, step: action.step };
    case 'source':
      return { ...draft, source: action.source };
    case 'filters':
      return { ...draft, filters: action.filters };
    case 'names':
      return { ...draft, names: action.names };
    case 'devices': {
      // Overrides of devices no longer selected would be refused by the server.
      const keep = new Set(action.devices);
      const overrides = Object.fromEntries(Object.entries(draft.overrides).filter(([id]) => keep.has(id)));
      return { ...draft, devices: action.devices, overrides };
    }
    case 'template':
      return action.templateId === draft.templateId
        ? draft
        : { ...draft, templateId: action.templateId, variables: {}, overrides: {} };
    case 'variable':
      return { ...draft, variables: { ...draft.variables, [action.name]: action.value } };
    case 'override': {
      const fields = { ...draft.overrides[action.deviceId], [action.field]: action.value };
      if (action.value.trim() === '') {
        delete fields[action.field];
      }
      const overrides = { ...draft.overrides, [action.deviceId]: fields };
      if (Object.keys(fields).length === 0) {
        delete overrides[action.deviceId];
      }
      return { ...draft, overrides };
    }
    case 'drop-devices': {
      const drop = new Set(action.ids);
      return wizardReducer(draft, { type: 'devices', devices: draft.devices.filter((id) => !drop.has(id)) });
    }
    case 'rollout':
      return { ...draft, rollout: { ...draft.rollout, [action.field]: action.value } };
    case 'name':
      return { ...draft, name: action.name };
    case 'reset':
      return initialDraft(action.source);
  }
}
