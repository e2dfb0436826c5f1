// Keyboard model of the device grid, as a pure function so it is testable without a DOM: arrows move the
// focused row, Page keys jump a screenful, Home/End go to the ends, Enter opens, Space toggles selection.
export type GridKeyAction =
  | { kind: 'focus'; index: number }
  | { kind: 'open'; index: number }
  | { kind: 'toggle'; index: number; range: boolean }
  | { kind: 'none' };

export function gridKeyAction(
  key: string,
  focused: number,
  rowCount: number,
  pageSize: number,
  shiftKey = false,
): GridKeyAction {
  if (rowCount === 0) {
    return { kind: 'none' };
  }
  const clamp = (index: number): number => Math.max(0, Math.min(rowCount - 1, index));
  const current = focused < 0 ? -1 : clamp(focused);
  switch (key) {
    case 'ArrowDown':
      return { kind: 'focus', index: clamp(current + 1) };
    case 'ArrowUp':
      return { kind: 'focus', index: clamp(current < 0 ? 0 : current - 1) };
    case 'PageDown':
      return { kind: 'focus', index: clamp(current + pageSize) };
    case 'PageUp':
      return { kind: 'focus', index: clamp(current - pageSize) };
    case 'Home':
      return { kind: 'focus', index: 0 };
    case 'End':
      return { kind: 'focus', index: rowCount - 1 };
    case 'Enter':
      return current < 0 ? { kind: 'none' } : { kind: 'open', index: current };
    case ' ':
      return current < 0 ? { kind: 'none' } : { kind: 'toggle', index: current, range: shiftKey };
    default:
      return { kind: 'none' };
  }
}
