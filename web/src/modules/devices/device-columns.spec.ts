import { DEVICE_SORT_FIELDS } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { COLUMN_IDS, COLUMN_SPECS } from './device-columns';

describe('device columns', () => {
  it('offer exactly the fields the API sorts by, each once, so a header click is a valid ?sort=', () => {
    expect([...COLUMN_IDS].sort()).toEqual([...DEVICE_SORT_FIELDS].sort());
    expect(Object.keys(COLUMN_SPECS).sort()).toEqual([...DEVICE_SORT_FIELDS].sort());
  });
});
