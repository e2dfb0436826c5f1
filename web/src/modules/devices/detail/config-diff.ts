// Differences between two configuration versions, as plain data: a line diff of the running configuration
// text (a longest-common-subsequence edit script, paired up for a side-by-side view) and a field diff of
// the parsed values. Pure, so the rules are tested without rendering.
import { CONFIG_FIELD_NAMES, type ConfigField, type RadioConfig } from '@wsnoc/shared';

export type LineChange = 'same' | 'removed' | 'added';

export interface DiffLine {
  change: LineChange;
  text: string;
}

/** One row of the side-by-side view; a side is null where the other side's line has no counterpart. */
export interface SideBySideRow {
  left: { text: string; change: 'same' | 'removed'; number: number } | null;
  right: { text: string; change: 'same' | 'added'; number: number } | null;
}

export interface FieldChange {
  field: ConfigField;
  before: RadioConfig[ConfigField];
  after: RadioConfig[ConfigField];
}

/**
 * Past this many cells (lines before × lines after, once the common head and tail are cut) the middle
 * is shown as all removed then all added instead of aligned: a radio's configuration is tens of lines,
 * so only a pathological version gets there, and the table must never stall the page.
 */
const LCS_CELL_LIMIT = 1_000_000;

/** The edit script from `before` to `after`; in each changed run the removed lines come first. */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) {
    head++;
  }
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++;
  }
  const same = (text: string): DiffLine => ({ change: 'same', text });
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  return [
    ...before.slice(0, head).map(same),
    ...middle(a, b),
    ...before.slice(before.length - tail).map(same),
  ];
}

function middle(a: readonly string[], b: readonly string[]): DiffLine[] {
  if (a.length * b.length > LCS_CELL_LIMIT) {
    return [
      ...a.map((text): DiffLine => ({ change: 'removed', text })),
      ...b.map((text): DiffLine => ({ change: 'added', text })),
    ];
  }
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ change: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      out.push({ change: 'removed', text: a[i]! });
      i++;
    } else {
      out.push({ change: 'added', text: b[j]! });
      j++;
    }
  }
  for (; i < a.length; i++) {
    out.push({ change: 'removed', text: a[i]! });
  }
  for (; j < b.length; j++) {
    out.push({ change: 'added', text: b[j]! });
  }
  return out;
}

/**
 * The edit script laid out in two columns: a same line on both sides, and each run of removed lines
 * set against the run of added lines that follows it, so a changed line reads across one row.
 */
export function sideBySide(lines: readonly DiffLine[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let left = 0;
  let right = 0;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.change === 'same') {
      rows.push({
        left: { text: line.text, change: 'same', number: ++left },
        right: { text: line.text, change: 'same', number: ++right },
      });
      index++;
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    while (index < lines.length && lines[index]!.change === 'removed') {
      removed.push(lines[index++]!.text);
    }
    while (index < lines.length && lines[index]!.change === 'added') {
      added.push(lines[index++]!.text);
    }
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const gone = removed[k];
      const come = added[k];
      rows.push({
        left: gone === undefined ? null : { text: gone, change: 'removed', number: ++left },
        right: come === undefined ? null : { text: come, change: 'added', number: ++right },
      });
    }
  }
  return rows;
}

/** The parsed fields whose value differs, in the house order of fields. */
export function diffFields(before: RadioConfig, after: RadioConfig): FieldChange[] {
  return CONFIG_FIELD_NAMES.filter((field) => before[field] !== after[field]).map((field) => ({
    field,
    before: before[field],
    after: after[field],
  }));
}
