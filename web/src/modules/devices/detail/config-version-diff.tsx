// Two configuration versions side by side: the fields whose values differ, then every line of the running
// configuration with removed lines marked on the left and added lines on the right. Colour is never the
// only mark: each changed line also carries a − or + sign, so it reads on a monochrome wall or a print.
import type { ConfigVersion, ConfigVersionSource } from '@wsnoc/shared';
import { useMemo } from 'react';
import { Button } from '@/ui/button';
import { diffFields, diffLines, sideBySide, type SideBySideRow } from './config-diff';
import { CONFIG_LABELS, showValue, utc } from './config-text';
import styles from './device-detail.module.css';

export const SOURCE_LABELS: Record<ConfigVersionSource, string> = {
  change: 'after a change',
  snapshot: 'snapshot before a change',
  'on-demand': 'pulled on demand',
  daily: 'daily backup',
};

const SIGN = { same: ' ', removed: '−', added: '+' } as const;

function Side({ side, line }: { side: 'old' | 'new'; line: SideBySideRow['left'] | SideBySideRow['right'] }) {
  if (line === null) {
    return (
      <>
        <td className={styles.lineNumber} />
        <td className={styles.lineEmpty} />
      </>
    );
  }
  const className =
    line.change === 'removed' ? styles.lineRemoved : line.change === 'added' ? styles.lineAdded : undefined;
  return (
    <>
      <td className={styles.lineNumber}>{line.number}</td>
      <td className={className} data-testid="config-diff-line" data-change={line.change} data-side={side}>
        <span aria-hidden="true" className={styles.lineSign}>
          {SIGN[line.change]}
        </span>
        {line.change === 'same' ? '' : <span className="visually-hidden">{line.change}: </span>}
        {line.text}
      </td>
    </>
  );
}

function VersionHead({ version }: { version: ConfigVersion }) {
  return (
    <>
      <time dateTime={version.takenAt}>{utc(version.takenAt)} UTC</time> · {SOURCE_LABELS[version.source]} ·{' '}
      {version.actor}
    </>
  );
}

export function ConfigVersionDiff({
  older,
  newer,
  onRestore,
}: {
  older: ConfigVersion;
  newer: ConfigVersion;
  /** Offered for the older side when the operator may change the radio. */
  onRestore: (() => void) | null;
}) {
  const rows = useMemo(() => sideBySide(diffLines(older.lines, newer.lines)), [older, newer]);
  const fields = useMemo(() => diffFields(older.config, newer.config), [older, newer]);
  const changed = rows.filter((row) => row.left?.change !== 'same').length;
  return (
    <div data-testid="config-version-diff" data-old={older.id} data-new={newer.id} className={styles.diff}>
      {older.hash === newer.hash ? (
        <p className={styles.muted} data-testid="config-diff-identical">
          These two versions hold the same configuration.
        </p>
      ) : (
        <p className={styles.muted}>
          {changed} line{changed === 1 ? '' : 's'} differ
          {fields.length > 0 &&
            `; ${fields.map((f) => `${CONFIG_LABELS[f.field]} ${showValue(f.before)} → ${showValue(f.after)}`).join(', ')}`}
          .
        </p>
      )}
      {fields.length > 0 && (
        <table className={styles.table} data-testid="config-field-diff">
          <thead>
            <tr>
              <th>Setting</th>
              <th>Older</th>
              <th>Newer</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.field} data-testid="config-field-change" data-field={f.field}>
                <td>{CONFIG_LABELS[f.field]}</td>
                <td>{showValue(f.before)}</td>
                <td>
                  <strong>{showValue(f.after)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className={styles.diffScroll}>
        <table className={styles.diffTable}>
          <colgroup>
            <col className={styles.numberColumn} />
            <col />
            <col className={styles.numberColumn} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th colSpan={2} data-testid="config-diff-old-head">
                Older: <VersionHead version={older} />
                {onRestore && (
                  <>
                    {' '}
                    <Button data-testid="config-restore" onClick={onRestore}>
                      Restore this version
                    </Button>
                  </>
                )}
              </th>
              <th colSpan={2} data-testid="config-diff-new-head">
                Newer: <VersionHead version={newer} />
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                <Side side="old" line={row.left} />
                <Side side="new" line={row.right} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
