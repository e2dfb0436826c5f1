import { describe, expect, it } from 'vitest';
import { projectPoints } from './wall-map-draw';
import { point } from './wall-test-fixtures';

describe('projectPoints', () => {
  it('fits the placed points inside the canvas, north up, worst drawn last', () => {
    const projected = projectPoints(
      [
        point('south', { lat: 57, lon: -5, status: 'unreachable' }),
        point('north', { lat: 58, lon: -5 }),
        point('nowhere', { lat: null, lon: null }),
      ],
      1000,
      500,
    );
    expect(projected.map((p) => p.point.id)).toEqual(['north', 'south']);
    for (const { x, y } of projected) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1000);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(500);
    }
    expect(projected[0]!.y).toBeLessThan(projected[1]!.y);
  });
});
