// Draws a display's radios on a plain canvas: no tiles, no WebGL, nothing to fetch, so a kiosk left for
// weeks holds one canvas and one array, redrawn only when a point changed. Positions are fitted to the
// scope's own bounds (equirectangular, corrected for latitude), base stations are squares, CPEs dots,
// coloured by status and drawn worst last, so a red radio is never hidden under a green one.
import type { DeviceStatus, WallPoint } from '@wsnoc/shared';

export const STATUS_COLOURS: Record<DeviceStatus, string> = {
  up: '#3ddc84',
  degraded: '#ffb020',
  muted: '#c9a6ff',
  unreachable: '#ff4d4d',
  unknown: '#9aa4b5',
};

const DRAW_ORDER: Record<DeviceStatus, number> = { up: 0, unknown: 1, muted: 2, degraded: 3, unreachable: 4 };
const STATUS_ORDER = (Object.keys(DRAW_ORDER) as DeviceStatus[]).sort(
  (a, b) => DRAW_ORDER[a] - DRAW_ORDER[b],
);

export interface Projected {
  x: number;
  y: number;
  point: WallPoint;
}

/** Screen positions of the points that have one, fitted into width x height with a margin. */
export function projectPoints(points: Iterable<WallPoint>, width: number, height: number): Projected[] {
  const placed = [...points].filter(
    (p): p is WallPoint & { lat: number; lon: number } => p.lat !== null && p.lon !== null,
  );
  if (!placed.length || width <= 0 || height <= 0) {
    return [];
  }
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const p of placed) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
  }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-4);
  const spanY = Math.max(maxLat - minLat, 1e-4);
  const margin = 0.08;
  const scale = Math.min((width * (1 - 2 * margin)) / spanX, (height * (1 - 2 * margin)) / spanY);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return placed
    .sort((a, b) => DRAW_ORDER[a.status] - DRAW_ORDER[b.status])
    .map((point) => ({
      x: offsetX + (point.lon - minLon) * k * scale,
      y: height - (offsetY + (point.lat - minLat) * scale),
      point,
    }));
}

export function drawWallMap(
  context: CanvasRenderingContext2D,
  points: Iterable<WallPoint>,
  width: number,
  height: number,
): number {
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  const projected = projectPoints(points, width, height);
  // Marks shrink as the fleet grows, within what is readable across a room.
  const size = Math.max(3, Math.min(14, Math.sqrt((width * height) / Math.max(projected.length, 1)) / 6));
  // One path and one fill per status for the CPEs (thousands of them): a fill per dot would make every
  // redraw of a big fleet a long task. Base stations (few) are drawn one by one on top, with an outline.
  for (const status of STATUS_ORDER) {
    context.beginPath();
    for (const { x, y, point } of projected) {
      if (point.status === status && point.role !== 'base-station') {
        context.moveTo(x + size * 0.7, y);
        context.arc(x, y, size * 0.7, 0, Math.PI * 2);
      }
    }
    context.fillStyle = STATUS_COLOURS[status];
    context.fill();
  }
  context.strokeStyle = '#fff';
  context.lineWidth = Math.max(1, size / 5);
  for (const { x, y, point } of projected) {
    if (point.role === 'base-station') {
      context.fillStyle = STATUS_COLOURS[point.status];
      context.fillRect(x - size, y - size, size * 2, size * 2);
      context.strokeRect(x - size, y - size, size * 2, size * 2);
    }
  }
  return projected.length;
}
