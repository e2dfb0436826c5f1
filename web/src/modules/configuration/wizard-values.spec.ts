import { CONFIG_TEMPLATES, summarizeTemplate } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROLLOUT_TEXTS,
  parseOverrides,
  parseRollout,
  parseVariables,
  variableInputs,
} from './wizard-values';

const summary = (id: string) => summarizeTemplate(CONFIG_TEMPLATES.find((t) => t.id === id)!);

describe(variableInputs.name, () => {
  it('reads each variable’s kind, default, range and whether it is required from the JSON Schema', () => {
    expect(variableInputs(summary('tx-power-by-role'))).toEqual([
      { name: 'baseStationDbm', kind: 'number', required: false, placeholder: '30', min: 0, max: 36 },
      { name: 'cpeDbm', kind: 'number', required: false, placeholder: '20', min: 0, max: 36 },
    ]);
    expect(variableInputs(summary('custom')).find((v) => v.name === 'enabled')?.kind).toBe('boolean');
  });
});

describe(parseVariables.name, () => {
  const inputs = variableInputs(summary('tx-power-by-role'));
  it('leaves an empty value to the default and converts numbers', () => {
    expect(parseVariables('tx-power-by-role', inputs, { cpeDbm: '18.5' })).toEqual({
      variables: { cpeDbm: 18.5 },
      errors: {},
    });
  });
  it('names the variable in the shared schema’s words', () => {
    expect(parseVariables('tx-power-by-role', inputs, { cpeDbm: '40', baseStationDbm: 'x' }).errors).toEqual({
      cpeDbm: 'txPowerDbm must be from 0 to 36 dBm',
      baseStationDbm: 'baseStationDbm must be a number',
    });
  });
});

describe(parseOverrides.name, () => {
  it('keeps valid overrides and names the bad field per device', () => {
    expect(parseOverrides({ r1: { txPowerDbm: '25' }, r2: { managementVlan: '5000' } })).toEqual({
      overrides: { r1: { txPowerDbm: 25 } },
      errors: { r2: { managementVlan: 'managementVlan must be from 1 to 4094' } },
    });
  });
});

describe(parseRollout.name, () => {
  it('starts at the schema’s defaults', () => {
    expect(parseRollout(DEFAULT_ROLLOUT_TEXTS)).toEqual({
      rollout: {
        canarySize: 1,
        batchSize: 50,
        concurrency: 10,
        failureThresholdPercent: 10,
        pauseBetweenBatchesSec: 0,
        confirmMinutes: 5,
      },
      errors: {},
    });
  });
  it('refuses a value out of range with RolloutSchema’s message', () => {
    const { rollout, errors } = parseRollout({
      ...DEFAULT_ROLLOUT_TEXTS,
      failureThresholdPercent: '101',
      canarySize: '-1',
    });
    expect(rollout).toBeNull();
    expect(errors).toEqual({
      failureThresholdPercent: 'failureThresholdPercent must be from 0 to 100',
      canarySize: 'canarySize must be 0 or more',
    });
  });
  it('sends a local start time as UTC', () => {
    const { rollout } = parseRollout({ ...DEFAULT_ROLLOUT_TEXTS, startAt: '2030-01-02T03:04' });
    expect(rollout?.startAt).toBe(new Date('2030-01-02T03:04').toISOString());
  });
});
