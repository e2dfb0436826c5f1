// The Configuration page: the bulk configuration wizard (devices, template, validate and preview,
// rollout), a started run's progress and report, and the recent runs. The open run's id lives in the
// address (?run=<id>), so a reload or a shared link returns to it; ?from=selection starts the wizard
// with the devices table's or map's selection.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useCan } from '@/modules/auth/use-can.hook';
import { BulkFeedEffect } from './bulk-feed.effect';
import { BulkRunsStoreProvider, useBulkRuns } from './bulk-runs.context';
import { BulkWizard } from './bulk-wizard';
import { RecentRuns } from './recent-runs';
import { RunView } from './run-view';
import styles from './configuration.module.css';

export function ConfigurationPage() {
  return (
    <BulkRunsStoreProvider>
      <ConfigurationScreen />
    </BulkRunsStoreProvider>
  );
}

function ConfigurationScreen() {
  const [params, setParams] = useSearchParams();
  const runId = params.get('run');
  const source = params.get('from') === 'selection' ? 'selection' : 'filter';
  const rollbackId = useBulkRuns((s) =>
    runId === null ? null : (s.runs.get(runId)?.run.rolledBackBy ?? null),
  );
  const mayOperate = useCan('operator');
  const openRun = useCallback((id: string) => setParams({ run: id }), [setParams]);
  const newRun = useCallback(() => setParams({}), [setParams]);
  const open = [runId, rollbackId].filter((id): id is string => id !== null);
  return (
    <div className={styles.page} data-testid="configuration-page">
      <title>Configuration · wsnoc</title>
      <BulkFeedEffect openRunIds={open} />
      <div className={styles.head}>
        <h1>Configuration</h1>
        <span className={styles.muted}>
          Safe changes to many radios at once: preview every change, roll out with a canary and batches, roll
          back in one click.
        </span>
      </div>
      <div className={styles.layout}>
        {runId !== null ? (
          <RunView key={runId} runId={runId} mayOperate={mayOperate} onNewRun={newRun} />
        ) : mayOperate ? (
          <BulkWizard key={source} initialSource={source} onStarted={openRun} />
        ) : (
          <p className={styles.muted} data-testid="bulk-viewer-note">
            Viewers follow the runs here; only operators start one.
          </p>
        )}
        <RecentRuns openRunId={runId} />
      </div>
    </div>
  );
}
