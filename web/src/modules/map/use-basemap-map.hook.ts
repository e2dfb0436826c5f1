// Creates a maplibre map on the offline basemap for a container and tears it down with the component.
// Every map screen shares this: the fleet map and the spectrum channel plan differ only in what they add
// on `setup` (their sources, layers and icons). The basemap geometry arrives after first paint, so what a
// screen draws is visible before Natural Earth has finished parsing.
import {
  AttributionControl,
  Map as MaplibreMap,
  NavigationControl,
  setWorkerUrl,
  type GeoJSONSource,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { DARK_PALETTE, LIGHT_PALETTE, basemapStyle, loadBasemap, operatorTileUrl } from './offline-basemap';
import { webglUnavailableReason } from './webgl-support';

// The bundler moves maplibre's module away from its worker file; point it at the emitted asset.
setWorkerUrl(workerUrl);

/** The Highlands and Islands, where the demo fleet lives, until the fleet itself gives a better view. */
export const DEFAULT_CENTER: [number, number] = [-5.5, 57.5];
export const DEFAULT_ZOOM = 6;

export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export interface MapHandle {
  map: MaplibreMap | null;
  /** Why the map cannot draw (no WebGL, context lost at start), in words for the operator. */
  failure: string | null;
}

/**
 * `setup` runs once the style has loaded, before the map is handed out: add sources and layers there.
 * It is read when the map is created, so a new function on each render does not recreate the map.
 */
export function useBasemapMap(
  containerRef: RefObject<HTMLDivElement | null>,
  setup: (map: MaplibreMap) => void,
): MapHandle {
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const [failure, setFailure] = useState<string | null>(() => webglUnavailableReason());
  const setupRef = useRef(setup);
  useEffect(() => {
    setupRef.current = setup;
  });

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
        // Shift-drag belongs to the screens (box selection), not to maplibre's box zoom.
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
      setupRef.current(created);
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
