import type { Incident } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { stateText } from './incident-format';

const resolved = (resolvedBy: string): Incident => ({ state: 'resolved', resolvedBy }) as Incident;

describe(stateText.name, () => {
  it('says in words how a resolution no person made came about', () => {
    expect(stateText(resolved('auto'))).toBe('resolved by itself');
    expect(stateText(resolved('device-removed'))).toBe('closed: device removed from the inventory');
    expect(stateText(resolved('olga'))).toBe('resolved by olga');
  });
});
