// Small geodesy and randomness helpers for the white-space model. Great-circle distance is shared with
// the fleet and the console's planner, in @wsnoc/shared (rf/geo.util).

/** Ray casting on lat/lon; fine for the small, convex-ish areas an operator draws around an event. */
export function insidePolygon(
  lat: number,
  lon: number,
  ring: readonly { lat: number; lon: number }[],
): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) {
      continue;
    }
    if (a.lat > lat !== b.lat > lat && lon < ((b.lon - a.lon) * (lat - a.lat)) / (b.lat - a.lat) + a.lon) {
      inside = !inside;
    }
  }
  return inside;
}

/** mulberry32: tiny, fast and good enough to make the same seed give the same incumbents. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** PAWS timestamps are whole seconds: YYYY-MM-DDThh:mm:ssZ. */
export function pawsTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
