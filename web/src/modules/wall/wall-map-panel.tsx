// The fleet map panel. React renders the canvas once; the store's points reach it through a
// subscription that redraws at most once an animation frame, only when the points changed or the
// screen was resized, so an update never re-renders React and a calm network costs no drawing at all.
import { DEVICE_STATUSES } from '@wsnoc/shared';
import { useEffect, useRef } from 'react';
import { drawWallMap, STATUS_COLOURS } from './wall-map-draw';
import type { WallStore } from './wall.store';
import styles from './wall-page.module.css';

export function WallMapPanel({ store }: { store: WallStore }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) {
      return;
    }
    let drawnVersion = -1;
    let drawnSize = '';
    let frame: number | null = null;
    const draw = (): void => {
      frame = null;
      const ratio = window.devicePixelRatio || 1;
      const width = Math.round(canvas.clientWidth * ratio);
      const height = Math.round(canvas.clientHeight * ratio);
      const size = `${width}x${height}`;
      const { pointsVersion } = store.getState();
      if (pointsVersion === drawnVersion && size === drawnSize) {
        return;
      }
      drawnVersion = pointsVersion;
      drawnSize = size;
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d');
      const points = store.points();
      const drawn = context ? drawWallMap(context, points.values(), width, height) : 0;
      // For journeys and the bench: what the map holds right now.
      canvas.dataset.drawn = String(drawn);
      canvas.dataset.points = String(points.size);
    };
    const schedule = (): void => {
      frame ??= requestAnimationFrame(draw);
    };
    schedule();
    const unsubscribe = store.subscribe(schedule);
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(schedule);
    resize?.observe(canvas);
    return () => {
      unsubscribe();
      resize?.disconnect();
      if (frame !== null) {
        cancelAnimationFrame(frame);
      }
    };
  }, [store]);

  return (
    <section className={styles.mapPanel} data-testid="wall-panel-map" aria-label="Fleet map">
      <canvas ref={canvasRef} className={styles.canvas} data-testid="wall-map" />
      <ul className={styles.legend}>
        {DEVICE_STATUSES.map((status) => (
          <li key={status}>
            <span className={styles.swatch} style={{ background: STATUS_COLOURS[status] }} aria-hidden />
            {status}
          </li>
        ))}
        <li>■ base station · ● CPE</li>
      </ul>
    </section>
  );
}
