// The channel-plan map's side effects: the map itself (the shared basemap set-up plus the pin layers),
// pushing the shown stations into its source when what it draws changed, ringing the open station, and
// turning a click on a pin into opening that station.
import type { GeoJSONSource, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useRef, type RefObject } from 'react';
import { cssVar, useBasemapMap, type MapHandle } from '@/modules/map/use-basemap-map.hook';
import { stationPins, pinsSignature } from './channel-features';
import {
  PINS_LAYER,
  PINS_SOURCE,
  SELECTED_LAYER,
  pinLayers,
  providePinImages,
  type PinPalette,
} from './channel-layers';
import type { PlannedMove } from './replan.store';
import type { StationRow } from './station-rows';

function palette(): PinPalette {
  return {
    offFill: cssVar('--surface-2', '#1a2230'),
    offText: cssVar('--text', '#e8edf4'),
    muted: cssVar('--status-muted', '#b58cff'),
    fatal: cssVar('--status-down', '#ff5c5c'),
    unknown: cssVar('--status-unknown', '#8a94a6'),
    selected: cssVar('--focus', '#ffd24a'),
    halo: cssVar('--bg', '#0b0f14'),
    planned: cssVar('--accent', '#4aa3ff'),
  };
}

/** Pins follow the rem scale, so they stay readable on a 4K wall as the rest of the console does. */
function remScale(): number {
  return (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16) / 16;
}

function setupPins(map: MaplibreMap): void {
  const colours = palette();
  providePinImages(map, colours, remScale());
  map.addSource(PINS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  pinLayers(colours).forEach((layer) => map.addLayer(layer));
}

export function useChannelMap(containerRef: RefObject<HTMLDivElement | null>): MapHandle {
  return useBasemapMap(containerRef, setupPins);
}

export function useChannelPins(
  map: MaplibreMap | null,
  rows: readonly StationRow[],
  moves: ReadonlyMap<string, PlannedMove>,
): void {
  const drawn = useRef<{ map: MaplibreMap; signature: string; fitted: boolean } | null>(null);
  useEffect(() => {
    if (!map) {
      return;
    }
    const pins = stationPins(rows, moves);
    const signature = pinsSignature(pins);
    const last = drawn.current?.map === map ? drawn.current : null;
    if (last?.signature === signature) {
      return; // a frame that moved no pin and changed no channel
    }
    void map.getSource<GeoJSONSource>(PINS_SOURCE)?.setData(pins);
    // A hook for journeys: how many stations the map holds, and what it shows.
    map.getContainer().dataset.drawn = String(pins.features.length);
    map.getContainer().dataset.planned = String(pins.features.filter((f) => f.properties.planned).length);
    let fitted = last?.fitted ?? false;
    if (!fitted && pins.features.length > 0) {
      fitted = true;
      const lons = pins.features.map((f) => f.geometry.coordinates[0]!);
      const lats = pins.features.map((f) => f.geometry.coordinates[1]!);
      map.fitBounds(
        [
          [Math.min(...lons), Math.min(...lats)],
          [Math.max(...lons), Math.max(...lats)],
        ],
        { padding: 48, maxZoom: 10, duration: 0 },
      );
    }
    drawn.current = { map, signature, fitted };
  }, [map, rows, moves]);
}

export function useSelectedPin(map: MaplibreMap | null, selectedId: string | undefined): void {
  useEffect(() => {
    map?.setFilter(SELECTED_LAYER, ['==', ['get', 'id'], selectedId ?? '']);
  }, [map, selectedId]);
}

export function usePinClicks(map: MaplibreMap | null, onSelect: (id: string) => void): void {
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  });
  useEffect(() => {
    if (!map) {
      return;
    }
    const onClick = (
      event: MapMouseEvent & { features?: { properties: Record<string, unknown> }[] },
    ): void => {
      const id = event.features?.[0]?.properties.id;
      if (typeof id === 'string') {
        onSelectRef.current(id);
      }
    };
    const pointer = (): void => {
      map.getCanvas().style.cursor = 'pointer';
    };
    const plain = (): void => {
      map.getCanvas().style.cursor = '';
    };
    map.on('click', PINS_LAYER, onClick);
    map.on('mouseenter', PINS_LAYER, pointer);
    map.on('mouseleave', PINS_LAYER, plain);
    return () => {
      map.off('click', PINS_LAYER, onClick);
      map.off('mouseenter', PINS_LAYER, pointer);
      map.off('mouseleave', PINS_LAYER, plain);
    };
  }, [map]);
}
