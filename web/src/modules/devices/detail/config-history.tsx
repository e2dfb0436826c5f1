// A radio's configuration history: every version the server kept (after a change, the snapshot before
// it, on demand, daily), two of them side by side (the newest against the one before it until the
// operator picks others), a version taken now on request, and a version put back through the safe apply.
// It reads again when `revision` moves: the page bumps it after a change made here or seen on the feed.
import type { ConfigChange, ConfigVersion, ConfigVersionSummary } from '@wsnoc/shared';
import { useState } from 'react';
import { Button } from '@/ui/button';
import { diffFields } from './config-diff';
import { CONFIG_LABELS, describeChange, type Failure, failureOf, showValue, utc } from './config-text';
import { ConfigVersionDiff, SOURCE_LABELS } from './config-version-diff';
import { ConfirmDialog } from './confirm-dialog';
import {
  fetchConfigVersion,
  fetchConfigVersions,
  pullConfigVersion,
  restoreConfigVersion,
} from './device.api';
import { useResource } from './use-resource.hook';
import styles from './device-detail.module.css';

type Picked = { older: string | null; newer: string | null };
const DEFAULT_PICK: Picked = { older: null, newer: null };

type Restore =
  | { kind: 'idle' }
  | { kind: 'asking'; version: ConfigVersion; against: ConfigVersion }
  | { kind: 'running'; version: ConfigVersion }
  | { kind: 'done'; version: ConfigVersion; change: ConfigChange }
  | { kind: 'failed'; failure: Failure };

type Pull = { kind: 'idle' } | { kind: 'running' } | { kind: 'failed'; failure: Failure };

/** The picked versions, or the default pair: the newest and the one before it. */
function pairOf(items: readonly ConfigVersionSummary[], picked: Picked): { older?: string; newer?: string } {
  const has = (id: string | null): id is string => id !== null && items.some((item) => item.id === id);
  return {
    newer: has(picked.newer) ? picked.newer : items[0]?.id,
    older: has(picked.older) ? picked.older : items[1]?.id,
  };
}

function restoreQuestion(name: string, version: ConfigVersion, against: ConfigVersion): string {
  const fields = diffFields(against.config, version.config);
  const what =
    fields.length === 0
      ? 'It holds the same values as the newer version shown.'
      : `Against the newer version shown: ${fields
          .map((f) => `${CONFIG_LABELS[f.field]} ${showValue(f.before)} → ${showValue(f.after)}`)
          .join(', ')}.`;
  return `Put the configuration taken ${utc(version.takenAt)} UTC (${SOURCE_LABELS[version.source]}) back on ${name}. ${what} It goes through the safe apply: committed with a confirm window, read back and verified, a fresh login checked, then kept; if the way back to the radio is cut, the radio reverts by itself.`;
}

export function ConfigHistory({
  deviceId,
  name,
  revision,
  mayChange,
  onChanged,
}: {
  deviceId: string;
  name: string;
  revision: number;
  mayChange: boolean;
  /** Told after a version was taken or restored here, so the page (drift, this list) reads again. */
  onChanged: () => void;
}) {
  const [versions] = useResource(`${deviceId}#${revision}`, (signal) =>
    fetchConfigVersions(deviceId, signal),
  );
  const [picked, setPicked] = useState<Picked>(DEFAULT_PICK);
  const [pull, setPull] = useState<Pull>({ kind: 'idle' });
  const [restore, setRestore] = useState<Restore>({ kind: 'idle' });
  // Versions never change once taken, so each is fetched once per page.
  const [cache] = useState(() => new Map<string, ConfigVersion>());

  const items = versions.status === 'ready' || versions.status === 'loading' ? (versions.data ?? []) : [];
  const pair = pairOf(items, picked);
  const [detail] = useResource(
    pair.older && pair.newer ? `${deviceId}:${pair.older}:${pair.newer}` : null,
    async (signal) => {
      const one = async (id: string): Promise<ConfigVersion> => {
        const version = cache.get(id) ?? (await fetchConfigVersion(deviceId, id, signal));
        cache.set(id, version);
        return version;
      };
      const [older, newer] = await Promise.all([one(pair.older!), one(pair.newer!)]);
      return { older, newer };
    },
  );

  const pullNow = async (): Promise<void> => {
    setPull({ kind: 'running' });
    try {
      await pullConfigVersion(deviceId);
      setPull({ kind: 'idle' });
      setPicked(DEFAULT_PICK);
      onChanged();
    } catch (error) {
      setPull({ kind: 'failed', failure: failureOf(error) });
    }
  };

  const runRestore = async (version: ConfigVersion): Promise<void> => {
    setRestore({ kind: 'running', version });
    try {
      const change = await restoreConfigVersion(deviceId, version.id);
      setRestore({ kind: 'done', version, change });
      setPicked(DEFAULT_PICK);
    } catch (error) {
      setRestore({ kind: 'failed', failure: failureOf(error) });
    }
    // Even a refused restore may have read the radio (a snapshot) or left it pending.
    onChanged();
  };

  const shown = detail.status === 'ready' || detail.status === 'loading' ? detail.data : null;

  return (
    <section className={styles.panel} aria-labelledby="history-title" data-testid="config-history">
      <div className={styles.panelHead}>
        <h2 id="history-title">Configuration history</h2>
        {mayChange && (
          <Button
            data-testid="config-pull-now"
            disabled={pull.kind === 'running'}
            onClick={() => void pullNow()}
          >
            {pull.kind === 'running' ? 'Reading from the radio…' : 'Pull now'}
          </Button>
        )}
      </div>
      {pull.kind === 'failed' && (
        <p role="alert" className={styles.busy} data-testid="config-pull-error">
          Could not take a version: {pull.failure.message}
        </p>
      )}
      {versions.status === 'error' && (
        <p role="alert" data-testid="config-history-error">
          The history is unavailable: {versions.message}
        </p>
      )}
      {versions.status === 'loading' && versions.data === null && <p className={styles.muted}>Loading…</p>}
      {versions.status === 'ready' && items.length === 0 && (
        <p className={styles.muted} data-testid="config-history-empty">
          No version kept yet. One is kept after every change and by the daily backup
          {mayChange ? '; "Pull now" keeps one at once.' : '.'}
        </p>
      )}
      {items.length > 0 && (
        <div className={styles.versionScroll}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th title="The older side of the comparison">Older</th>
                <th title="The newer side of the comparison">Newer</th>
                <th>Taken (UTC)</th>
                <th>Source</th>
                <th>By</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {items.map((version, index) => (
                <tr
                  key={version.id}
                  data-testid="config-version-row"
                  data-version-id={version.id}
                  data-source={version.source}
                  data-picked={
                    version.id === pair.older ? 'older' : version.id === pair.newer ? 'newer' : undefined
                  }
                >
                  <td>
                    <input
                      type="radio"
                      name={`config-older-${deviceId}`}
                      aria-label={`Compare from the version of ${utc(version.takenAt)}`}
                      data-testid="config-version-older"
                      checked={version.id === pair.older}
                      onChange={() => setPicked({ newer: pair.newer ?? null, older: version.id })}
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name={`config-newer-${deviceId}`}
                      aria-label={`Compare to the version of ${utc(version.takenAt)}`}
                      data-testid="config-version-newer"
                      checked={version.id === pair.newer}
                      onChange={() => setPicked({ older: pair.older ?? null, newer: version.id })}
                    />
                  </td>
                  <td>
                    <time dateTime={version.takenAt}>{utc(version.takenAt)}</time>
                    {index === 0 && <span className={styles.muted}> (newest)</span>}
                  </td>
                  <td>{SOURCE_LABELS[version.source]}</td>
                  <td>{version.actor}</td>
                  <td title={version.changeId ?? undefined}>
                    {version.changeId ? version.changeId.slice(0, 8) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.length === 1 && (
        <p className={styles.muted} data-testid="config-history-single">
          One version so far: a comparison needs two.
        </p>
      )}
      {/* Above the diff, which can be long: the outcome is what the operator waits for. */}
      <div aria-live="polite">
        {restore.kind === 'running' && (
          <p data-testid="config-restore-running">
            Restoring the version of {utc(restore.version.takenAt)} UTC…
          </p>
        )}
        {restore.kind === 'done' && (
          <div data-testid="config-restore-result" data-status={restore.change.status}>
            <p>
              Restored the version of {utc(restore.version.takenAt)} UTC. {describeChange(restore.change)}
            </p>
            {restore.change.diff.length > 0 ? (
              <ul>
                {restore.change.diff.map((d) => (
                  <li key={d.field}>
                    {CONFIG_LABELS[d.field]}: {showValue(d.before)} → <strong>{showValue(d.after)}</strong>
                  </li>
                ))}
              </ul>
            ) : (
              <p className={styles.muted}>The radio already ran these values; nothing changed.</p>
            )}
          </div>
        )}
        {restore.kind === 'failed' && (
          <div role="alert" className={styles.busy} data-testid="config-restore-error">
            <p>The restore did not go through: {restore.failure.message}</p>
            {restore.failure.issues.length > 0 && (
              <ul>
                {restore.failure.issues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {detail.status === 'error' && (
        <p role="alert" data-testid="config-version-error">
          Could not read the versions: {detail.message}
        </p>
      )}
      {shown && (
        <ConfigVersionDiff
          older={shown.older}
          newer={shown.newer}
          onRestore={
            mayChange && restore.kind !== 'running'
              ? () => setRestore({ kind: 'asking', version: shown.older, against: shown.newer })
              : null
          }
        />
      )}
      {restore.kind === 'asking' && (
        <ConfirmDialog
          title="Restore this version?"
          body={restoreQuestion(name, restore.version, restore.against)}
          confirmLabel="Restore"
          onCancel={() => setRestore({ kind: 'idle' })}
          onConfirm={() => void runRestore(restore.version)}
        />
      )}
    </section>
  );
}
