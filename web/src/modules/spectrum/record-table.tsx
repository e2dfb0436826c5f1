// Compliance record entries as a table, newest first: the same in a station's panel and in the page's
// record. Kinds read by word and glyph; failures and alarms also by colour.
import type { SpectrumRecord } from '@wsnoc/shared';
import { Link } from 'react-router';
import { formatUtc } from '@/ui/relative-time';
import { RECORD_KIND_LABEL, RECORD_KIND_TONE, TONE_GLYPH, describeRecord } from './record-describe';
import styles from './spectrum-page.module.css';

export interface RecordTableProps {
  records: readonly SpectrumRecord[];
  label: string;
  /** Shows the device column (the page's record), with a way into a station's panel. */
  onOpenStation?: (id: string) => void;
  /** Managed stations open their panel; other radios (a CPE turned down) link to their device page. */
  stationIds?: ReadonlySet<string>;
  'data-testid'?: string;
}

export function RecordTable({
  records,
  label,
  onOpenStation,
  stationIds,
  'data-testid': testId,
}: RecordTableProps) {
  return (
    <div className={styles.tableScroller}>
      <table className={styles.table} aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            {onOpenStation && <th scope="col">Radio</th>}
            <th scope="col">Kind</th>
            <th scope="col" className={styles.numeric}>
              Channel
            </th>
            <th scope="col" className={styles.numeric}>
              EIRP
            </th>
            <th scope="col">What happened</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => {
            const tone = RECORD_KIND_TONE[record.kind];
            return (
              <tr
                key={record.id}
                data-testid="record-entry"
                data-kind={record.kind}
                data-station={record.deviceName ?? ''}
                data-channel={record.channel ?? ''}
              >
                <td className={styles.nowrap}>
                  <time dateTime={record.at}>{formatUtc(record.at).replace(' UTC', '')}</time>
                </td>
                {onOpenStation && (
                  <td>
                    <RadioCell record={record} onOpenStation={onOpenStation} stationIds={stationIds} />
                  </td>
                )}
                <td className={styles.nowrap} data-tone={tone}>
                  <span aria-hidden="true">{TONE_GLYPH[tone]}</span> {RECORD_KIND_LABEL[record.kind]}
                </td>
                <td className={styles.numeric}>{record.channel ?? '—'}</td>
                <td className={styles.numeric}>{record.eirpDbm === null ? '—' : `${record.eirpDbm} dBm`}</td>
                <td className={styles.describe}>{describeRecord(record)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RadioCell({
  record,
  onOpenStation,
  stationIds,
}: {
  record: SpectrumRecord;
  onOpenStation: (id: string) => void;
  stationIds: ReadonlySet<string> | undefined;
}) {
  const { deviceId } = record;
  const name = record.deviceName ?? deviceId ?? '—';
  if (deviceId === null) {
    return <>{name}</>;
  }
  if (stationIds?.has(deviceId)) {
    return (
      <button type="button" className={styles.linkButton} onClick={() => onOpenStation(deviceId)}>
        ▲ {name}
      </button>
    );
  }
  return <Link to={`/devices/${encodeURIComponent(deviceId)}`}>{name}</Link>;
}
