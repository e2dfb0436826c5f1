// The set of devices the operator has picked, shared by the table and the map so a box drawn on the map
// shows up as selected rows (and later feeds bulk actions). Immutable snapshots for useSyncExternalStore.
export interface SelectionState {
  ids: ReadonlySet<string>;
  /** The last id clicked without shift: the anchor of a shift-click range. */
  anchor: string | null;
}

export interface SelectionStore {
  getState: () => SelectionState;
  subscribe: (listener: () => void) => () => void;
  toggle: (id: string) => void;
  /** Replaces the selection (map box without shift-add). */
  set: (ids: Iterable<string>) => void;
  add: (ids: Iterable<string>) => void;
  /** Selects every id between the anchor and `id` in `orderedIds` (the table's current order). */
  selectRange: (id: string, orderedIds: readonly string[]) => void;
  clear: () => void;
}

export function createSelectionStore(): SelectionStore {
  let state: SelectionState = { ids: new Set(), anchor: null };
  const listeners = new Set<() => void>();
  const publish = (next: SelectionState): void => {
    state = next;
    listeners.forEach((listener) => listener());
  };

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    toggle: (id) => {
      const ids = new Set(state.ids);
      if (!ids.delete(id)) {
        ids.add(id);
      }
      publish({ ids, anchor: id });
    },
    set: (ids) => publish({ ids: new Set(ids), anchor: null }),
    add: (ids) => {
      const next = new Set(state.ids);
      for (const id of ids) {
        next.add(id);
      }
      publish({ ids: next, anchor: state.anchor });
    },
    selectRange: (id, orderedIds) => {
      const from = state.anchor === null ? -1 : orderedIds.indexOf(state.anchor);
      const to = orderedIds.indexOf(id);
      if (to === -1) {
        return;
      }
      if (from === -1) {
        publish({ ids: new Set([...state.ids, id]), anchor: id });
        return;
      }
      const next = new Set(state.ids);
      const [start, end] = from < to ? [from, to] : [to, from];
      for (let index = start; index <= end; index += 1) {
        next.add(orderedIds[index] as string);
      }
      // The anchor stays put, so a second shift-click re-extends from the same row, as in file managers.
      publish({ ids: next, anchor: state.anchor });
    },
    clear: () => publish({ ids: new Set(), anchor: null }),
  };
}
