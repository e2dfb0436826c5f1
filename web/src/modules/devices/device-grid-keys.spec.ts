import { describe, expect, it } from 'vitest';
import { gridKeyAction } from './device-grid-keys';

describe('gridKeyAction', () => {
  it('moves focus with arrows, pages and ends, clamped to the rows', () => {
    expect(gridKeyAction('ArrowDown', -1, 5, 3)).toEqual({ kind: 'focus', index: 0 });
    expect(gridKeyAction('ArrowDown', 4, 5, 3)).toEqual({ kind: 'focus', index: 4 });
    expect(gridKeyAction('ArrowUp', 0, 5, 3)).toEqual({ kind: 'focus', index: 0 });
    expect(gridKeyAction('PageDown', 1, 5, 3)).toEqual({ kind: 'focus', index: 4 });
    expect(gridKeyAction('PageUp', 4, 5, 3)).toEqual({ kind: 'focus', index: 1 });
    expect(gridKeyAction('End', 0, 5, 3)).toEqual({ kind: 'focus', index: 4 });
    expect(gridKeyAction('Home', 3, 5, 3)).toEqual({ kind: 'focus', index: 0 });
  });

  it('opens with Enter and toggles with Space only when a row has focus', () => {
    expect(gridKeyAction('Enter', 2, 5, 3)).toEqual({ kind: 'open', index: 2 });
    expect(gridKeyAction(' ', 2, 5, 3, true)).toEqual({ kind: 'toggle', index: 2, range: true });
    expect(gridKeyAction('Enter', -1, 5, 3)).toEqual({ kind: 'none' });
    expect(gridKeyAction('ArrowDown', 0, 0, 3)).toEqual({ kind: 'none' });
  });
});
