// What a re-plan preview is predicted to gain, as numbers the panel shows: each fleet figure now against
// after, with whether the change is better or worse (higher SINR and throughput are better, fewer
// conflicts and links down are better), and each station's own gain for sorting the change list. Pure
// functions, so the rules are tested without a DOM.
import type { PlanFigures, PlanSiteChange } from '@wsnoc/shared';

export type FigureKey = 'sinrP5Db' | 'sinrMedianDb' | 'throughputMbps' | 'coChannelConflicts' | 'linksDown';

interface FigureSpec {
  key: FigureKey;
  label: string;
  /** The figure inside a sentence. */
  phrase: string;
  unit: string;
  better: 'higher' | 'lower';
  /** Decimals shown: a tenth of a dB is the model's resolution, links and conflicts are counts. */
  digits: number;
}

export const PLAN_FIGURES: readonly FigureSpec[] = [
  {
    key: 'sinrP5Db',
    label: 'SINR, 5th percentile',
    phrase: '5th-percentile SINR',
    unit: 'dB',
    better: 'higher',
    digits: 1,
  },
  {
    key: 'sinrMedianDb',
    label: 'SINR, median',
    phrase: 'median SINR',
    unit: 'dB',
    better: 'higher',
    digits: 1,
  },
  {
    key: 'throughputMbps',
    label: 'Throughput, total',
    phrase: 'total throughput',
    unit: 'Mbps',
    better: 'higher',
    digits: 1,
  },
  {
    key: 'coChannelConflicts',
    label: 'Co-channel conflicts',
    phrase: 'co-channel conflicts',
    unit: '',
    better: 'lower',
    digits: 0,
  },
  { key: 'linksDown', label: 'Links down', phrase: 'links down', unit: '', better: 'lower', digits: 0 },
];

export type Verdict = 'better' | 'worse' | 'same' | 'unknown';

export interface FigureComparison {
  key: FigureKey;
  label: string;
  phrase: string;
  unit: string;
  digits: number;
  before: number | null;
  after: number | null;
  delta: number | null;
  verdict: Verdict;
}

/** Below half the last shown decimal, a change is rounding, not a gain. */
const negligible = (delta: number, digits: number): boolean => Math.abs(delta) < 0.5 * 10 ** -digits;

export function verdictOf(delta: number | null, better: 'higher' | 'lower', digits: number): Verdict {
  if (delta === null) {
    return 'unknown';
  }
  if (negligible(delta, digits)) {
    return 'same';
  }
  return delta > 0 === (better === 'higher') ? 'better' : 'worse';
}

export function compareFigures(before: PlanFigures, after: PlanFigures): FigureComparison[] {
  return PLAN_FIGURES.map(({ key, label, phrase, unit, better, digits }) => {
    const was = before[key];
    const will = after[key];
    const delta = was === null || will === null ? null : will - was;
    return {
      key,
      label,
      phrase,
      unit,
      digits,
      before: was,
      after: will,
      delta,
      verdict: verdictOf(delta, better, digits),
    };
  });
}

/** "12.3 dB", "4", "—" for a figure the model could not give (no CPE links). */
export function formatFigure(value: number | null, unit: string, digits: number): string {
  if (value === null) {
    return '—';
  }
  const text = value.toFixed(digits);
  return unit ? `${text} ${unit}` : text;
}

/** "+4.2 dB", "−12.0 Mbps" (a true minus sign), "±0" when nothing changes. */
export function formatDelta(delta: number | null, unit: string, digits: number): string {
  if (delta === null) {
    return '—';
  }
  if (negligible(delta, digits)) {
    return unit ? `±0 ${unit}` : '±0';
  }
  const text = `${delta > 0 ? '+' : '−'}${Math.abs(delta).toFixed(digits)}`;
  return unit ? `${text} ${unit}` : text;
}

/** The gains worth a sentence, best known first: what an operator reads before the table. */
export function gainSummary(figures: readonly FigureComparison[]): string {
  const byKey = new Map(figures.map((f) => [f.key, f]));
  const parts: string[] = [];
  for (const key of ['sinrP5Db', 'throughputMbps', 'coChannelConflicts', 'linksDown'] as const) {
    const figure = byKey.get(key);
    if (!figure || figure.verdict === 'same' || figure.verdict === 'unknown') {
      continue;
    }
    // Counts read best as before → after ("conflicts 4 → 0"), levels as the change ("+6.1 dB").
    const shown =
      figure.unit === ''
        ? `${figure.phrase} ${formatFigure(figure.before, '', 0)} → ${formatFigure(figure.after, '', 0)}`
        : `${figure.phrase} ${formatDelta(figure.delta, figure.unit, figure.digits)}`;
    parts.push(figure.verdict === 'worse' ? `${shown} (worse)` : shown);
  }
  return parts.length === 0
    ? 'No predicted change in SINR, throughput, conflicts or links down.'
    : `Predicted: ${parts.join(', ')}.`;
}

export interface ChangeGain {
  /** The cell's weakest CPE link, after minus before; null when the model has no link for it. */
  sinrDb: number | null;
  throughputMbps: number;
}

export function changeGain(change: PlanSiteChange): ChangeGain {
  return {
    sinrDb:
      change.sinrMinAfterDb === null || change.sinrMinBeforeDb === null
        ? null
        : change.sinrMinAfterDb - change.sinrMinBeforeDb,
    throughputMbps: change.throughputAfterMbps - change.throughputBeforeMbps,
  };
}

export const CHANGE_SORT_KEYS = ['name', 'sinrGain', 'throughputGain'] as const;
export type ChangeSortKey = (typeof CHANGE_SORT_KEYS)[number];

export interface ChangeSort {
  sort: ChangeSortKey;
  order: 'asc' | 'desc';
}

/** Biggest SINR gain first: the stations that most need the change come to the top. */
export const DEFAULT_CHANGE_SORT: ChangeSort = { sort: 'sinrGain', order: 'desc' };

const NAME_ORDER = new Intl.Collator('en', { numeric: true });

const SORT_VALUE: Record<ChangeSortKey, (change: PlanSiteChange) => number | string | null> = {
  name: (change) => change.name,
  sinrGain: (change) => changeGain(change).sinrDb,
  throughputGain: (change) => changeGain(change).throughputMbps,
};

export function sortChanges(changes: readonly PlanSiteChange[], sort: ChangeSort): PlanSiteChange[] {
  const direction = sort.order === 'asc' ? 1 : -1;
  const value = SORT_VALUE[sort.sort];
  return [...changes].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    // A station without a figure sorts last either way: unknown is neither the best nor the worst gain.
    if (x === null || y === null) {
      if (x !== y) {
        return x === null ? 1 : -1;
      }
    } else if (x !== y) {
      const compared =
        typeof x === 'number' && typeof y === 'number' ? x - y : NAME_ORDER.compare(String(x), String(y));
      if (compared !== 0) {
        return compared * direction;
      }
    }
    return NAME_ORDER.compare(a.name, b.name);
  });
}

/** Radios the apply would retune: a change with no channel after it is left as it is by the apply. */
export function retunedRadios(changes: readonly PlanSiteChange[]): number {
  return changes.filter((change) => change.to !== null).length;
}
