// Great-circle geometry shared by the field lab (fleet, white-space model, compliance judge, RF links) and
// the console's channel planner, so a distance is one formula wherever it is measured. Spherical: the
// distances that matter here are tens of kilometres, where the spherical error is far below the models'.

const EARTH_RADIUS_M = 6_371_000;

export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return distanceM(lat1, lon1, lat2, lon2) / 1000;
}

/** Bearing from point 1 to point 2, flat-earth: enough to aim a CPE antenna a few km away. */
export function bearingRad(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const y = (lon2 - lon1) * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.atan2(y, lat2 - lat1);
}
