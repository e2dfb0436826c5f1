import { describe, expect, it } from 'vitest';
import { device } from '@/test/fleet-fixtures';
import { filterOptions } from './device-filter-options';

describe(filterOptions.name, () => {
  it('lists distinct sites, tags and channels in the order the table sorts them', () => {
    const fleet = [
      device({ id: '1', site: 'skye', tags: ['pilot', 'school'], channel: 31 }),
      device({ id: '2', site: 'mull', tags: ['pilot'], channel: 30 }),
      device({ id: '3', site: 'site-10', channel: null }),
      device({ id: '4', site: 'site-2', channel: 30 }),
      device({ id: '5', site: null }),
    ];
    expect(filterOptions(fleet)).toEqual({
      sites: ['mull', 'site-2', 'site-10', 'skye'],
      tags: ['pilot', 'school'],
      channels: [30, 31],
    });
  });
});
