// A basemap that needs no internet: Natural Earth 1:10m countries from the world-atlas package, shipped
// as a static asset with the console and turned into GeoJSON land and borders in the browser. Good
// enough for coastlines of the Highlands and Islands. An operator may add a raster tile server
// (VITE_MAP_TILE_URL at build time, or localStorage 'wsnoc.mapTileUrl'), drawn under the fleet.
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import countriesUrl from 'world-atlas/countries-10m.json?url';

export const TILE_URL_KEY = 'wsnoc.mapTileUrl';

export interface MapPalette {
  sea: string;
  land: string;
  border: string;
}

export const DARK_PALETTE: MapPalette = { sea: '#0b1a2a', land: '#1c2633', border: '#4a5a70' };
export const LIGHT_PALETTE: MapPalette = { sea: '#cfe0f0', land: '#f4f1ea', border: '#8a94a6' };

export function operatorTileUrl(): string | null {
  const fromStorage = typeof localStorage === 'undefined' ? null : localStorage.getItem(TILE_URL_KEY);
  const fromBuild = (import.meta.env.VITE_MAP_TILE_URL as string | undefined) ?? null;
  const url = fromStorage ?? fromBuild;
  return url && /^https?:\/\/.+\{z\}.+\{x\}.+\{y\}/.test(url) ? url : null;
}

// topojson-specification is not a direct dependency; take its types from the functions that use them.
type Topology = Parameters<typeof mesh>[0];
type GeometryObject = NonNullable<Parameters<typeof mesh>[1]>;

export interface BasemapData {
  land: GeoJSON.FeatureCollection | GeoJSON.Feature;
  borders: GeoJSON.MultiLineString;
}

let basemap: Promise<BasemapData> | null = null;

/** Fetched and converted once per tab; the map screen can be left and reopened for free. */
export function loadBasemap(): Promise<BasemapData> {
  basemap ??= fetch(countriesUrl)
    .then((response) => {
      if (!response.ok) {
        throw new Error(`basemap ${response.status}`);
      }
      return response.json() as Promise<Topology>;
    })
    .then((topology) => {
      const countries = topology.objects.countries as GeometryObject | undefined;
      if (!countries) {
        throw new Error('basemap has no countries layer');
      }
      return {
        land: feature(topology, countries),
        borders: mesh(topology, countries, (a, b) => a !== b),
      };
    })
    .catch((error: unknown) => {
      basemap = null; // Let the next visit try again.
      throw error;
    });
  return basemap;
}

export function basemapStyle(
  data: BasemapData | null,
  palette: MapPalette,
  tileUrl: string | null,
): StyleSpecification {
  const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
  const style: StyleSpecification = {
    version: 8,
    sources: {
      land: { type: 'geojson', data: data?.land ?? empty },
      borders: { type: 'geojson', data: data?.borders ?? empty },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': palette.sea } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': palette.land } },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': palette.border, 'line-width': 0.8, 'line-dasharray': [3, 2] },
      },
    ],
  };
  if (tileUrl) {
    style.sources.operator = { type: 'raster', tiles: [tileUrl], tileSize: 256 };
    style.layers.splice(1, 0, { id: 'operator-tiles', type: 'raster', source: 'operator' });
  }
  return style;
}
