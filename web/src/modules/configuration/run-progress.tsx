// A run's progress as the feed moves it: its state and why it paused, devices done of all as a bar and
// in counts, each batch (the canary first) with its own counts, and each device with its state, change
// and reason. Used for a run and for the rollback that undoes it.
import type { BulkItem, BulkItemStatus, BulkRun } from '@wsnoc/shared';
import { memo, useMemo } from 'react';
import { RelativeTime } from '@/ui/relative-time';
import {
  batchLabel,
  FIELD_LABELS,
  ITEM_STATUS_GLYPH,
  ITEM_STATUS_LABELS,
  plural,
  RUN_STATUS_LABELS,
  showValue,
} from './bulk-format';
import { devicesDone, type TrackedRun } from './bulk-runs.store';
import styles from './configuration.module.css';

const JUST_NOW = (): string => 'just now';

/** The most device rows drawn; a bigger run is summed up by batch above and exported as CSV. */
const SHOWN_ITEMS = 1_000;

const COUNTED: readonly BulkItemStatus[] = [
  'succeeded',
  'unchanged',
  'failed',
  'reverted',
  'cancelled',
  'applying',
];

export const RunProgress = memo(function RunProgress({
  tracked,
  testId = 'bulk-run',
}: {
  tracked: TrackedRun;
  /** `bulk-run` for the run on screen, `bulk-rollback` for its rollback. */
  testId?: string;
}) {
  const { run } = tracked;
  const items = useMemo(() => [...tracked.items.values()], [tracked.items]);
  const done = devicesDone(run);
  const canary = run.rollout.canarySize > 0;
  return (
    <div
      className={styles.progress}
      data-testid={`${testId}-progress`}
      data-status={run.status}
      data-done={done}
      data-total={run.counts.total}
      data-failed={run.counts.failed + run.counts.reverted}
      data-run={run.id}
    >
      <p aria-live="polite">
        <strong data-testid={`${testId}-status`} data-status={run.status}>
          {RUN_STATUS_LABELS[run.status]}
        </strong>
        {run.pauseReason && (
          <span className={styles.warn} data-testid={`${testId}-pause-reason`}>
            {' '}
            ▲ {run.pauseReason}
          </span>
        )}
        <span className={styles.muted}>
          {' · '}
          <RunTimes run={run} />
        </span>
      </p>
      <div className={styles.bar}>
        <progress value={done} max={Math.max(1, run.counts.total)} aria-label="Devices done" />
        <span>
          {done} of {plural(run.counts.total, 'device')} done
          {run.status === 'running' && run.batches > 0
            ? ` · now ${batchLabel(run.currentBatch, canary).toLowerCase()}, ${plural(run.batches, 'batch', 'batches')} in all`
            : ''}
        </span>
      </div>
      <dl className={styles.counts} data-testid={`${testId}-counts`}>
        {COUNTED.map((status) => (
          <div key={status} data-status={status} data-count={run.counts[status]}>
            <dt>{ITEM_STATUS_LABELS[status]}</dt>
            <dd>{run.counts[status]}</dd>
          </div>
        ))}
      </dl>
      <Batches run={run} items={items} testId={testId} canary={canary} />
      <Items items={items} testId={testId} canary={canary} />
    </div>
  );
});

function RunTimes({ run }: { run: BulkRun }) {
  if (run.finishedAt !== null) {
    return (
      <>
        finished <RelativeTime at={run.finishedAt} future={JUST_NOW} />
      </>
    );
  }
  if (run.startedAt !== null) {
    return (
      <>
        started <RelativeTime at={run.startedAt} future={JUST_NOW} /> by {run.actor}
      </>
    );
  }
  return (
    <>
      starts <RelativeTime at={run.startAt} future={(left) => `in ${left}`} />
    </>
  );
}

interface BatchRow {
  batch: number;
  total: number;
  done: number;
  failed: number;
}

function batchRows(items: readonly BulkItem[]): BatchRow[] {
  const rows = new Map<number, BatchRow>();
  for (const item of items) {
    const row = rows.get(item.batch) ?? { batch: item.batch, total: 0, done: 0, failed: 0 };
    row.total += 1;
    if (!['pending', 'queued', 'applying'].includes(item.status)) {
      row.done += 1;
    }
    if (item.status === 'failed' || item.status === 'reverted') {
      row.failed += 1;
    }
    rows.set(item.batch, row);
  }
  return [...rows.values()].sort((a, b) => a.batch - b.batch);
}

function Batches({
  run,
  items,
  testId,
  canary,
}: {
  run: BulkRun;
  items: readonly BulkItem[];
  testId: string;
  canary: boolean;
}) {
  const rows = useMemo(() => batchRows(items), [items]);
  return (
    <table className={styles.table} data-testid={`${testId}-batches`} aria-label="Batches">
      <thead>
        <tr>
          <th scope="col">Batch</th>
          <th scope="col">Devices done</th>
          <th scope="col">Failed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.batch}
            data-testid={`${testId}-batch-${row.batch}`}
            data-done={row.done}
            data-total={row.total}
            data-failed={row.failed}
            aria-current={run.status === 'running' && run.currentBatch === row.batch ? 'step' : undefined}
          >
            <th scope="row">
              {batchLabel(row.batch, canary)}
              {run.status === 'running' && run.currentBatch === row.batch ? ' ◀ now' : ''}
            </th>
            <td>
              {row.done} of {row.total}
            </td>
            <td className={row.failed > 0 ? styles.bad : undefined}>{row.failed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Items({ items, testId, canary }: { items: readonly BulkItem[]; testId: string; canary: boolean }) {
  const shown = items.slice(0, SHOWN_ITEMS);
  return (
    <div className={styles.tableScroller}>
      <table className={styles.table} data-testid={`${testId}-items`} aria-label="Devices of the run">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Batch</th>
            <th scope="col">State</th>
            <th scope="col">Change</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((item) => (
            <tr key={item.id} data-testid={`${testId}-item-${item.name}`} data-status={item.status}>
              <th scope="row">{item.name}</th>
              <td>{batchLabel(item.batch, canary)}</td>
              <td className={styles.status} data-status={item.status}>
                {ITEM_STATUS_GLYPH[item.status]} {ITEM_STATUS_LABELS[item.status]}
              </td>
              <td>
                {item.diff.length > 0
                  ? item.diff
                      .map((d) => `${FIELD_LABELS[d.field]} ${showValue(d.before)} → ${showValue(d.after)}`)
                      .join(', ')
                  : Object.entries(item.values)
                      .map(([field, value]) => `${field} → ${showValue(value)}`)
                      .join(', ')}
              </td>
              <td>{item.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > shown.length && (
        <p className={styles.muted}>
          The first {shown.length} of {items.length} devices; the CSV report lists every one.
        </p>
      )}
    </div>
  );
}
