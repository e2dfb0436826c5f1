import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { parseFeedRows } from './feed-rows';

const ROWS = { event: 'things:changed', key: 'things', schema: z.object({ id: z.string() }) };

describe(parseFeedRows.name, () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps the rows that match, in order, and reports each one dropped', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(parseFeedRows(ROWS, { things: [{ id: 'a' }, { id: 7 }, { id: 'b' }] })).toEqual([
      { id: 'a' },
      { id: 'b' },
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toBe('things:changed row did not match the contract');
  });

  it('answers null, with a report naming the key, when the payload has no array of rows', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(parseFeedRows(ROWS, { things: 'x' })).toBeNull();
    expect(parseFeedRows(ROWS, null)).toBeNull();
    expect(warn).toHaveBeenCalledWith('things:changed did not match the contract (no things array)');
  });
});
