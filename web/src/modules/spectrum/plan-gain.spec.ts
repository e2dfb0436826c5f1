import { describe, expect, it } from 'vitest';
import { planChange, planFigures } from '@/test/spectrum-fixtures';
import { compareFigures, formatDelta, gainSummary, retunedRadios, sortChanges, verdictOf } from './plan-gain';

describe(compareFigures.name, () => {
  it('calls higher SINR and throughput better, and fewer conflicts and links down better', () => {
    const figures = compareFigures(
      planFigures(),
      planFigures({ sinrP5Db: 1.1, throughputMbps: 250, coChannelConflicts: 3, linksDown: 0 }),
    );
    const verdict = Object.fromEntries(figures.map((f) => [f.key, f.verdict]));
    expect(verdict).toEqual({
      sinrP5Db: 'worse',
      sinrMedianDb: 'same',
      throughputMbps: 'better',
      coChannelConflicts: 'worse',
      linksDown: 'better',
    });
  });

  it('knows no verdict for a figure the model could not give (a fleet without CPE links)', () => {
    const [p5] = compareFigures(planFigures({ sinrP5Db: null }), planFigures());
    expect(p5).toMatchObject({ key: 'sinrP5Db', delta: null, verdict: 'unknown' });
  });
});

describe(verdictOf.name, () => {
  it('takes a change below the shown precision for rounding, not a gain', () => {
    expect(verdictOf(0.04, 'higher', 1)).toBe('same');
    expect(verdictOf(0.06, 'higher', 1)).toBe('better');
    expect(verdictOf(-1, 'lower', 0)).toBe('better');
  });
});

describe(formatDelta.name, () => {
  it('signs a change with a true minus, and writes no change as ±0', () => {
    expect(formatDelta(4.25, 'dB', 1)).toBe('+4.3 dB');
    expect(formatDelta(-12, 'Mbps', 1)).toBe('−12.0 Mbps');
    expect(formatDelta(0.01, 'dB', 1)).toBe('±0 dB');
    expect(formatDelta(-2, '', 0)).toBe('−2');
    expect(formatDelta(null, 'dB', 1)).toBe('—');
  });
});

describe(gainSummary.name, () => {
  it('says the gains in one sentence and flags what gets worse', () => {
    const figures = compareFigures(
      planFigures(),
      planFigures({ sinrP5Db: 9.1, throughputMbps: 200, coChannelConflicts: 0 }),
    );
    expect(gainSummary(figures)).toBe(
      'Predicted: 5th-percentile SINR +6.0 dB, total throughput −12.5 Mbps (worse), co-channel conflicts 2 → 0.',
    );
  });

  it('says when nothing is predicted to change', () => {
    expect(gainSummary(compareFigures(planFigures(), planFigures()))).toBe(
      'No predicted change in SINR, throughput, conflicts or links down.',
    );
  });
});

describe(sortChanges.name, () => {
  const big = planChange({ deviceId: 'a', name: 'bs-0010', sinrMinBeforeDb: 0, sinrMinAfterDb: 20 });
  const small = planChange({ deviceId: 'b', name: 'bs-0002', sinrMinBeforeDb: 10, sinrMinAfterDb: 11 });
  const unknown = planChange({ deviceId: 'c', name: 'bs-0001', sinrMinBeforeDb: null });

  it('sorts by SINR gain either way, with an unknown gain last in both', () => {
    const names = (order: 'asc' | 'desc') =>
      sortChanges([unknown, small, big], { sort: 'sinrGain', order }).map((c) => c.name);
    expect(names('desc')).toEqual(['bs-0010', 'bs-0002', 'bs-0001']);
    expect(names('asc')).toEqual(['bs-0002', 'bs-0010', 'bs-0001']);
  });

  it('sorts names as people number them (bs-0002 before bs-0010)', () => {
    expect(sortChanges([big, small], { sort: 'name', order: 'asc' }).map((c) => c.name)).toEqual([
      'bs-0002',
      'bs-0010',
    ]);
  });
});

describe(retunedRadios.name, () => {
  it('does not count a station the plan leaves without a channel: the apply skips it', () => {
    expect(
      retunedRadios([
        planChange({ deviceId: 'a', name: 'a' }),
        planChange({ deviceId: 'b', name: 'b', to: null }),
      ]),
    ).toBe(1);
  });
});
