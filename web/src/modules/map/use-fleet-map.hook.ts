// The fleet map: the shared basemap map (use-basemap-map.hook.ts) plus the fleet's sources and layers.
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { RefObject } from 'react';
import {
  DEVICES_SOURCE,
  LINKS_SOURCE,
  TRIANGLE_ICON,
  devicesSource,
  fleetLayers,
  triangleIcon,
  type FleetPalette,
} from './fleet-layers';
import { cssVar, useBasemapMap, type MapHandle } from './use-basemap-map.hook';

export type FleetMapHandle = MapHandle;

function fleetPalette(): FleetPalette {
  return {
    up: cssVar('--status-up', '#3ddc84'),
    degraded: cssVar('--status-degraded', '#ffb020'),
    unreachable: cssVar('--status-down', '#ff5c5c'),
    muted: cssVar('--status-muted', '#b58cff'),
    unknown: cssVar('--status-unknown', '#8a94a6'),
    halo: cssVar('--bg', '#0b0f14'),
    selected: cssVar('--focus', '#ffd24a'),
  };
}

function addFleetLayers(map: MaplibreMap): void {
  const icon = triangleIcon();
  if (icon) {
    map.addImage(TRIANGLE_ICON, icon, { sdf: true, pixelRatio: 2 });
  }
  map.addSource(DEVICES_SOURCE, devicesSource());
  map.addSource(LINKS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  fleetLayers(fleetPalette()).forEach((layer) => map.addLayer(layer));
}

export function useFleetMap(containerRef: RefObject<HTMLDivElement | null>): FleetMapHandle {
  return useBasemapMap(containerRef, addFleetLayers);
}
