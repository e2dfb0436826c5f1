// One uPlot chart of one metric group. uPlot draws 30 days of minute rollups on a canvas in a few
// milliseconds; it is created once per data set and resized with its container.
import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';
import styles from './device-detail.module.css';

export interface TelemetryChartProps {
  title: string;
  unit: string;
  t: number[];
  series: { label: string; values: (number | null)[]; color: string }[];
  testId: string;
}

export function TelemetryChart({ title, unit, t, series, testId }: TelemetryChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    const width = Math.max(240, element.clientWidth);
    const options: Options = {
      width,
      height: Math.round(Math.max(140, width * 0.28)),
      title: `${title} (${unit})`,
      scales: { x: { time: true } },
      axes: [
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' } },
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' }, size: 55 },
      ],
      series: [
        {},
        ...series.map((s, index) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          // A second series in the same chart is dashed, so the two differ without colour.
          dash: index === 0 ? undefined : [6, 4],
          spanGaps: false,
        })),
      ],
    };
    const data: AlignedData = [t, ...series.map((s) => s.values)];
    const plot = new uPlot(options, data, element);
    const observer = new ResizeObserver(() => {
      const next = Math.max(240, element.clientWidth);
      plot.setSize({ width: next, height: Math.round(Math.max(140, next * 0.28)) });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [title, unit, t, series]);
  return <div ref={ref} className={styles.chart} data-testid={testId} data-points={t.length} />;
}
