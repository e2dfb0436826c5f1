// A preview's fleet figures now and after the re-plan, side by side, each with its change marked better
// or worse by word and glyph as well as colour; the sentence above says the gain before the table does.
import type { PlanFigures } from '@wsnoc/shared';
import { memo, useMemo } from 'react';
import { compareFigures, formatDelta, formatFigure, gainSummary, type Verdict } from './plan-gain';
import styles from './replan.module.css';

const VERDICT: Record<Verdict, { glyph: string; word: string }> = {
  better: { glyph: '▲', word: 'better' },
  worse: { glyph: '▼', word: 'worse' },
  same: { glyph: '=', word: 'no change' },
  unknown: { glyph: '?', word: 'not known' },
};

export const ReplanFigures = memo(function ReplanFigures({
  before,
  after,
}: {
  before: PlanFigures;
  after: PlanFigures;
}) {
  const figures = useMemo(() => compareFigures(before, after), [before, after]);
  return (
    <div className={styles.figures}>
      <p className={styles.gain} data-testid="replan-gain">
        {gainSummary(figures)}
      </p>
      <table className={styles.figureTable} data-testid="replan-figures">
        <caption className={styles.caption}>
          Predicted by the planner’s path-loss model for {after.sites} base station
          {after.sites === 1 ? '' : 's'}; “now” is the channels in use, evaluated the same way.
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col" className={styles.numeric}>
              Now
            </th>
            <th scope="col" className={styles.numeric}>
              After re-plan
            </th>
            <th scope="col" className={styles.numeric}>
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {figures.map((figure) => (
            <tr
              key={figure.key}
              data-testid={`replan-figure-${figure.key}`}
              data-before={figure.before ?? ''}
              data-after={figure.after ?? ''}
              data-verdict={figure.verdict}
            >
              <th scope="row">{figure.label}</th>
              <td className={styles.numeric}>{formatFigure(figure.before, figure.unit, figure.digits)}</td>
              <td className={styles.numeric}>
                <strong>{formatFigure(figure.after, figure.unit, figure.digits)}</strong>
              </td>
              <td className={styles.numeric} data-verdict={figure.verdict}>
                <span aria-hidden="true">{VERDICT[figure.verdict].glyph} </span>
                {formatDelta(figure.delta, figure.unit, figure.digits)}
                <span className={styles.verdictWord}> {VERDICT[figure.verdict].word}</span>
              </td>
            </tr>
          ))}
          <tr data-testid="replan-figure-retunes" data-before={before.retunes} data-after={after.retunes}>
            <th scope="row">Retunes</th>
            <td className={styles.numeric}>—</td>
            <td className={styles.numeric}>
              <strong>{after.retunes}</strong>
            </td>
            <td className={styles.numeric}>
              <span className={styles.verdictWord}>the cost of the gain</span>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
});
