// How the fleet is drawn: status by colour AND by shape/fill (colour is never the only cue), role by
// shape (base stations are triangles, CPEs circles), clusters at low zoom coloured by their worst member,
// and base station → CPE lines once zoomed in enough for them to mean something.
import type {
  AddLayerObject,
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
} from 'maplibre-gl';

export const DEVICES_SOURCE = 'devices';
export const LINKS_SOURCE = 'links';
export const TRIANGLE_ICON = 'wsnoc-triangle';
export const POINT_LAYERS = ['device-cpe', 'device-bs'] as const;
export const CLUSTER_LAYER = 'device-clusters';
export const SELECTED_LAYER = 'device-selected';

export interface FleetPalette {
  up: string;
  degraded: string;
  unreachable: string;
  muted: string;
  unknown: string;
  halo: string;
  selected: string;
}

const statusColor = (palette: FleetPalette): ExpressionSpecification => [
  'match',
  ['get', 'status'],
  'up',
  palette.up,
  'degraded',
  palette.degraded,
  'unreachable',
  palette.unreachable,
  'muted',
  palette.muted,
  palette.unknown,
];

const isDown = ['==', ['get', 'status'], 'unreachable'] as ExpressionSpecification;

export const devicesSource = (): GeoJSONSourceSpecification => ({
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  cluster: true,
  clusterMaxZoom: 8,
  clusterRadius: 36,
  // Counts per cluster so a cluster shows its worst member, not just how many it holds.
  clusterProperties: {
    down: ['+', ['case', isDown, 1, 0]],
    degraded: ['+', ['case', ['==', ['get', 'status'], 'degraded'], 1, 0]],
  },
});

const unclustered: ExpressionSpecification = ['!', ['has', 'point_count']];

export function fleetLayers(palette: FleetPalette): AddLayerObject[] {
  const color = statusColor(palette);
  // Unreachable radios are drawn hollow: the shape says "down" even in greyscale.
  const fillOpacity: DataDrivenPropertyValueSpecification<number> = ['case', isDown, 0.15, 0.95];
  return [
    {
      id: 'links',
      type: 'line',
      source: LINKS_SOURCE,
      minzoom: 8,
      paint: {
        'line-color': color,
        'line-opacity': 0.45,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 13, 2],
        'line-dasharray': ['literal', [1, 0]],
      },
    },
    {
      id: CLUSTER_LAYER,
      type: 'circle',
      source: DEVICES_SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        // Red only when a real share of the cluster is down: one lost CPE in every cluster would turn the
        // whole map red and hide where the outage is. Any down member still thickens the ring.
        'circle-color': [
          'case',
          ['>=', ['/', ['get', 'down'], ['get', 'point_count']], 0.2],
          palette.unreachable,
          ['>', ['get', 'down'], 0],
          palette.degraded,
          ['>', ['get', 'degraded'], 0],
          palette.degraded,
          palette.up,
        ],
        'circle-opacity': 0.75,
        'circle-radius': ['step', ['get', 'point_count'], 9, 20, 13, 100, 18, 500, 24],
        'circle-stroke-color': palette.halo,
        'circle-stroke-width': ['case', ['>', ['get', 'down'], 0], 3, 1],
      },
    },
    {
      id: 'device-cpe',
      type: 'circle',
      source: DEVICES_SOURCE,
      filter: ['all', unclustered, ['==', ['get', 'role'], 'cpe']],
      paint: {
        'circle-color': color,
        'circle-opacity': fillOpacity,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 3.5, 12, 7],
        'circle-stroke-color': color,
        'circle-stroke-width': ['case', isDown, 2, 0.5],
      },
    },
    {
      id: 'device-bs',
      type: 'symbol',
      source: DEVICES_SOURCE,
      filter: ['all', unclustered, ['==', ['get', 'role'], 'base-station']],
      layout: {
        'icon-image': TRIANGLE_ICON,
        'icon-size': ['interpolate', ['linear'], ['zoom'], 6, 0.55, 12, 1],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      paint: {
        'icon-color': color,
        'icon-opacity': ['case', isDown, 0.45, 1],
        'icon-halo-color': palette.halo,
        'icon-halo-width': ['case', isDown, 3, 1.5],
      },
    },
    {
      id: SELECTED_LAYER,
      type: 'circle',
      source: DEVICES_SOURCE,
      filter: ['all', unclustered, ['in', ['get', 'id'], ['literal', []]]],
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 8, 12, 13],
        'circle-stroke-color': palette.selected,
        'circle-stroke-width': 2.5,
      },
    },
  ];
}

export function selectedFilter(ids: readonly string[]): FilterSpecification {
  return ['all', unclustered, ['in', ['get', 'id'], ['literal', ids]]];
}

/** A 64 px SDF triangle drawn on a canvas, so it can be tinted by status like a circle. */
export function triangleIcon(size = 48): ImageData | null {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) {
    return null;
  }
  context.fillStyle = '#fff';
  context.beginPath();
  context.moveTo(size / 2, 4);
  context.lineTo(size - 4, size - 6);
  context.lineTo(4, size - 6);
  context.closePath();
  context.fill();
  return context.getImageData(0, 0, size, size);
}
