// The audit entries of one page: when, who, what, on what (a device by name, linked to its page), from
// which address, the result, the detail and how long it took. A row opens to show its before and after.
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import type { AuditEntry, DeviceLive } from '@wsnoc/shared';
import { Button } from '@/ui/button';
import { formatUtc } from '@/ui/relative-time';
import styles from './audit.module.css';

const COLUMNS = 9;

const present = (value: unknown): boolean => value !== undefined && value !== null;

function json(value: unknown): string {
  return present(value) ? JSON.stringify(value, null, 2) : '—';
}

function duration(ms: number | null): string {
  if (ms === null) {
    return '—';
  }
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function Target({ entry, devices }: { entry: AuditEntry; devices: ReadonlyMap<string, DeviceLive> }) {
  if (entry.deviceId !== null) {
    const name = devices.get(entry.deviceId)?.name ?? entry.target ?? entry.deviceId;
    return (
      <Link to={`/devices/${encodeURIComponent(entry.deviceId)}`} data-testid="audit-device-link">
        {name}
      </Link>
    );
  }
  return <>{entry.target ?? '—'}</>;
}

export function AuditTable({
  entries,
  devices,
}: {
  entries: readonly AuditEntry[];
  devices: ReadonlyMap<string, DeviceLive>;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string): void =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) {
        next.add(id);
      }
      return next;
    });

  return (
    <table className={styles.table} data-testid="audit-table">
      <thead>
        <tr>
          <th>When (UTC)</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Target</th>
          <th>Address</th>
          <th>Outcome</th>
          <th>Detail</th>
          <th>Took</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const expanded = open.has(entry.id);
          const hasChange = present(entry.before) || present(entry.after);
          return (
            <Fragment key={entry.id}>
              <tr data-testid="audit-row" data-id={entry.id} data-outcome={entry.outcome}>
                <td>
                  <time dateTime={entry.at}>{formatUtc(entry.at).replace(' UTC', '')}</time>
                </td>
                <td data-testid="audit-actor">{entry.actor}</td>
                <td data-testid="audit-action">{entry.action}</td>
                <td data-testid="audit-target">
                  <Target entry={entry} devices={devices} />
                </td>
                <td>{entry.address ?? '—'}</td>
                <td>
                  <span className={styles.outcome} data-outcome={entry.outcome}>
                    {entry.outcome}
                  </span>
                </td>
                <td className={styles.detail}>{entry.detail ?? ''}</td>
                <td>{duration(entry.durationMs)}</td>
                <td>
                  {hasChange && (
                    <Button
                      data-testid="audit-expand"
                      aria-expanded={expanded}
                      aria-label={expanded ? 'Hide before and after' : 'Show before and after'}
                      onClick={() => toggle(entry.id)}
                    >
                      {expanded ? '▾' : '▸'}
                    </Button>
                  )}
                </td>
              </tr>
              {expanded && (
                <tr className={styles.changeRow} data-testid="audit-change">
                  <td colSpan={COLUMNS}>
                    <div className={styles.change}>
                      <div>
                        <h3>Before</h3>
                        <pre data-testid="audit-before">{json(entry.before)}</pre>
                      </div>
                      <div>
                        <h3>After</h3>
                        <pre data-testid="audit-after">{json(entry.after)}</pre>
                      </div>
                    </div>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
