// Creates the maplibre map for a container and tears it down with the component. The map's style is the
// offline basemap plus the fleet sources and layers; the basemap geometry arrives after first paint so
// the fleet is visible before Natural Earth has finished parsing.
import {
  AttributionControl,
  Map as MaplibreMap,
  NavigationControl,
  setWorkerUrl,
  type GeoJSONSource,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useState, type RefObject } from 'react';
import {
  DEVICES_SOURCE,
  LINKS_SOURCE,
  TRIANGLE_ICON,
  devicesSource,
  fleetLayers,
  triangleIcon,
  type FleetPalette,
} from './fleet-layers';
import { DARK_PALETTE, LIGHT_PALETTE, basemapStyle, loadBasemap, operatorTileUrl } from './offline-basemap';
import { webglUnavailableReason } from './webgl-support';

// The bundler moves maplibre's module away from its worker file; point it at the emitted asset.
setWorkerUrl(workerUrl);

/** The Highlands and Islands, where the demo fleet lives, until the fleet itself gives a better view. */
export const DEFAULT_CENTER: [number, number] = [-5.5, 57.5];
export const DEFAULT_ZOOM = 6;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

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

export interface FleetMapHandle {
  map: MaplibreMap | null;
  /** Why the map cannot draw (no WebGL, context lost at start), in words for the operator. */
  failure: string | null;
}

export function useFleetMap(containerRef: RefObject<HTMLDivElement | null>): FleetMapHandle {
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [failure, setFailure] = useState<string | null>(() => webglUnavailableReason());

  useEffect(() => {
    const container = containerRef.current;
    if (!container || failure !== null) {
      return;
    }
    const light = document.documentElement.dataset.theme === 'light';
    let created: MaplibreMap;
    try {
      created = new MaplibreMap({
        container,
        style: basemapStyle(null, light ? LIGHT_PALETTE : DARK_PALETTE, operatorTileUrl()),
        center: DEFAULT_CENTER,
        zoom: DEFAULT_ZOOM,
        // Shift-drag is ours (box selection), not maplibre's box zoom.
        boxZoom: false,
        dragRotate: false,
        pitchWithRotate: false,
        attributionControl: false,
        fadeDuration: 0,
      });
    } catch (error) {
      // Some drivers pass the probe and still refuse a real context.
      queueMicrotask(() => setFailure(`The map could not start WebGL: ${String(error)}`));
      return;
    }
    created.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    created.addControl(new AttributionControl({ compact: true, customAttribution: 'Natural Earth' }));
    created.on('error', (event) => console.warn('map:', event.error.message));
    let alive = true;
    created.on('load', () => {
      const icon = triangleIcon();
      if (icon) {
        created.addImage(TRIANGLE_ICON, icon, { sdf: true, pixelRatio: 2 });
      }
      created.addSource(DEVICES_SOURCE, devicesSource());
      created.addSource(LINKS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      fleetLayers(fleetPalette()).forEach((layer) => created.addLayer(layer));
      container.dataset.ready = 'true';
      setMap(created);
      loadBasemap()
        .then((data) => {
          if (alive) {
            void created.getSource<GeoJSONSource>('land')?.setData(data.land);
            void created.getSource<GeoJSONSource>('borders')?.setData(data.borders);
            // setData is processed in a worker: the coastlines are on screen at the next idle.
            created.once('idle', () => {
              container.dataset.basemap = 'loaded';
            });
          }
        })
        .catch((error: unknown) => console.warn('basemap failed to load', error));
    });
    return () => {
      alive = false;
      setMap(null);
      created.remove();
      delete container.dataset.ready;
    };
  }, [containerRef, failure]);

  return { map, failure };
}
