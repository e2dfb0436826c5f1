import { describe, expect, it, vi } from 'vitest';
import { createSelectionStore } from './selection.store';

const ids = (store: ReturnType<typeof createSelectionStore>) => [...store.getState().ids].sort();

describe('createSelectionStore', () => {
  it('toggles single ids and sets the range anchor', () => {
    const store = createSelectionStore();
    store.toggle('a');
    store.toggle('b');
    store.toggle('a');
    expect(ids(store)).toEqual(['b']);
    expect(store.getState().anchor).toBe('a');
  });

  it('selects a shift-click range in the table order, in either direction', () => {
    const order = ['a', 'b', 'c', 'd', 'e'];
    const store = createSelectionStore();
    store.toggle('d');
    store.selectRange('b', order);
    expect(ids(store)).toEqual(['b', 'c', 'd']);
    store.selectRange('e', order);
    expect(ids(store)).toEqual(['b', 'c', 'd', 'e']);
  });

  it('replaces, adds and clears, publishing a new snapshot each time', () => {
    const store = createSelectionStore();
    const listener = vi.fn();
    store.subscribe(listener);
    store.set(['x', 'y']);
    const first = store.getState();
    store.add(['z']);
    expect(store.getState()).not.toBe(first);
    expect(ids(store)).toEqual(['x', 'y', 'z']);
    store.clear();
    expect(ids(store)).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(3);
  });
});
