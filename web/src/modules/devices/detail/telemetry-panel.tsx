// Charts of SNR, RSSI and noise floor, throughput and tx power over a chosen range. Loaded lazily with
// uPlot so the detail page's live values paint before any chart code arrives.
import { useMemo, useState } from 'react';
import { Button } from '@/ui/button';
import { fetchTelemetry } from './device.api';
import { TelemetryChart } from './telemetry-chart';
import {
  CHART_GROUPS,
  CHART_METRICS,
  TELEMETRY_RANGES,
  rangeWindow,
  refreshEveryMs,
  type TelemetryRange,
} from './telemetry-range';
import { useResource } from './use-resource.hook';
import styles from './device-detail.module.css';

const COLORS = ['#4aa3ff', '#ffb020'];

export function TelemetryPanel({ deviceId }: { deviceId: string }) {
  const [range, setRange] = useState<TelemetryRange>('1h');
  const [telemetry, reload] = useResource(
    `${deviceId}|${range}`,
    (signal) => fetchTelemetry(deviceId, rangeWindow(range, Date.now()), CHART_METRICS, signal),
    refreshEveryMs(range),
  );
  const data =
    telemetry.status === 'ready' ? telemetry.data : telemetry.status === 'loading' ? telemetry.data : null;
  const groups = useMemo(
    () =>
      data === null
        ? []
        : CHART_GROUPS.map((group) => ({
            ...group,
            series: group.metrics.map((metric, index) => ({
              label: metric,
              values: data.series[metric] ?? data.t.map(() => null),
              color: COLORS[index] ?? '#888',
            })),
          })),
    [data],
  );

  return (
    <section className={styles.panel} aria-labelledby="telemetry-title" data-testid="telemetry-panel">
      <div className={styles.panelHead}>
        <h2 id="telemetry-title">History</h2>
        <div role="radiogroup" aria-label="Time range" className={styles.ranges}>
          {TELEMETRY_RANGES.map((value) => (
            <Button
              key={value}
              role="radio"
              aria-checked={range === value}
              variant={range === value ? 'primary' : 'default'}
              data-testid={`range-${value}`}
              onClick={() => setRange(value)}
            >
              {value}
            </Button>
          ))}
          <Button onClick={reload}>Reload</Button>
        </div>
      </div>
      {telemetry.status === 'error' && (
        <p role="alert" data-testid="telemetry-error">
          History is unavailable: {telemetry.message}
        </p>
      )}
      {data !== null && (
        <p className={styles.muted} data-testid="telemetry-resolution">
          {data.t.length} points, {data.resolution === 'raw' ? 'raw samples' : `${data.resolution} rollups`}
        </p>
      )}
      <div className={styles.charts}>
        {groups.map((group) => (
          <TelemetryChart
            key={group.id}
            testId={`chart-${group.id}`}
            title={group.title}
            unit={group.unit}
            t={data?.t ?? []}
            series={group.series}
          />
        ))}
      </div>
    </section>
  );
}
