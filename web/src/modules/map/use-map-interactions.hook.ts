// What the operator does on the map: click a radio for a popup leading to its page, click a cluster to
// zoom into it, shift-drag a box to select radios (shared with the table), and see the selection ringed.
import { filterDevices, type DeviceFilter } from '@wsnoc/shared';
import { Popup, type GeoJSONSource, type Map as MaplibreMap, type MapMouseEvent } from 'maplibre-gl';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useFleetStore, useSelectionStore } from '@/modules/live/live.context';
import { STATUS_GLYPH } from '@/ui/status-badge';
import { CLUSTER_LAYER, DEVICES_SOURCE, POINT_LAYERS, SELECTED_LAYER, selectedFilter } from './fleet-layers';
import { boxFromCorners, devicesInBox } from './map-features';
import styles from './map-page.module.css';

export function useSelectionLayer(map: MaplibreMap | null): void {
  const selection = useSelectionStore();
  useEffect(() => {
    if (!map) {
      return;
    }
    const apply = (): void => {
      map.setFilter(SELECTED_LAYER, selectedFilter([...selection.getState().ids]));
    };
    apply();
    return selection.subscribe(apply);
  }, [map, selection]);
}

function popupContent(id: string, onOpen: (id: string) => void): HTMLElement {
  const root = document.createElement('div');
  root.dataset.testid = 'map-popup';
  root.className = styles.popup ?? '';
  const open = document.createElement('a');
  open.href = `/devices/${encodeURIComponent(id)}`;
  open.dataset.testid = 'map-popup-open';
  open.textContent = 'Open device';
  open.addEventListener('click', (event) => {
    event.preventDefault();
    onOpen(id);
  });
  root.append(open);
  return root;
}

export function useMapPopups(map: MaplibreMap | null): void {
  const navigate = useNavigate();
  const fleet = useFleetStore();
  useEffect(() => {
    if (!map) {
      return;
    }
    const popup = new Popup({ closeButton: true, maxWidth: '18rem' });
    const onPoint = (
      event: MapMouseEvent & { features?: { properties: Record<string, unknown> }[] },
    ): void => {
      const id = event.features?.[0]?.properties.id;
      if (typeof id !== 'string') {
        return;
      }
      const device = fleet.getState().devices.get(id);
      const content = popupContent(id, (target) => void navigate(`/devices/${encodeURIComponent(target)}`));
      if (!device) {
        return;
      }
      const title = document.createElement('strong');
      title.textContent = `${device.role === 'base-station' ? '▲ ' : ''}${device.name}`;
      const facts = document.createElement('div');
      facts.textContent = `${STATUS_GLYPH[device.status]} ${device.status} · ${device.role}${
        device.snrDb === null ? '' : ` · SNR ${device.snrDb.toFixed(1)} dB`
      }`;
      content.prepend(title, facts);
      popup.setLngLat(event.lngLat).setDOMContent(content).addTo(map);
    };
    const onCluster = (
      event: MapMouseEvent & { features?: { properties: Record<string, unknown> }[] },
    ): void => {
      const clusterId = event.features?.[0]?.properties.cluster_id;
      const source = map.getSource<GeoJSONSource>(DEVICES_SOURCE);
      if (typeof clusterId !== 'number' || !source) {
        return;
      }
      void source
        .getClusterExpansionZoom(clusterId)
        .then((zoom) => map.easeTo({ center: event.lngLat, zoom }))
        .catch(() => undefined);
    };
    const pointer = (): void => {
      map.getCanvas().style.cursor = 'pointer';
    };
    const plain = (): void => {
      map.getCanvas().style.cursor = '';
    };
    const layers = [...POINT_LAYERS, CLUSTER_LAYER];
    POINT_LAYERS.forEach((layer) => map.on('click', layer, onPoint));
    map.on('click', CLUSTER_LAYER, onCluster);
    layers.forEach((layer) => {
      map.on('mouseenter', layer, pointer);
      map.on('mouseleave', layer, plain);
    });
    return () => {
      popup.remove();
      POINT_LAYERS.forEach((layer) => map.off('click', layer, onPoint));
      map.off('click', CLUSTER_LAYER, onCluster);
      layers.forEach((layer) => {
        map.off('mouseenter', layer, pointer);
        map.off('mouseleave', layer, plain);
      });
    };
  }, [map, fleet, navigate]);
}

/** Shift-drag draws a box; releasing selects the radios inside (ctrl/cmd as well adds to the selection). */
export function useBoxSelect(map: MaplibreMap | null, filters: DeviceFilter): void {
  const fleet = useFleetStore();
  const selection = useSelectionStore();
  useEffect(() => {
    if (!map) {
      return;
    }
    const container = map.getCanvasContainer();
    const onMouseDown = (down: MouseEvent): void => {
      if (!down.shiftKey || down.button !== 0) {
        return;
      }
      down.preventDefault();
      down.stopPropagation();
      const origin = container.getBoundingClientRect();
      const start = { x: down.clientX - origin.left, y: down.clientY - origin.top };
      const box = document.createElement('div');
      box.className = styles.selectBox ?? '';
      box.dataset.testid = 'map-select-box';
      container.append(box);
      const draw = (move: MouseEvent): { x: number; y: number } => {
        const end = { x: move.clientX - origin.left, y: move.clientY - origin.top };
        box.style.left = `${Math.min(start.x, end.x)}px`;
        box.style.top = `${Math.min(start.y, end.y)}px`;
        box.style.width = `${Math.abs(end.x - start.x)}px`;
        box.style.height = `${Math.abs(end.y - start.y)}px`;
        return end;
      };
      const onMove = (move: MouseEvent): void => {
        draw(move);
      };
      const onUp = (up: MouseEvent): void => {
        window.removeEventListener('mousemove', onMove);
        window.removeEventListener('mouseup', onUp);
        const end = draw(up);
        box.remove();
        if (Math.abs(end.x - start.x) < 3 && Math.abs(end.y - start.y) < 3) {
          return;
        }
        const a = map.unproject([start.x, start.y]);
        const b = map.unproject([end.x, end.y]);
        const shown = filterDevices(fleet.getList(), filters);
        const ids = devicesInBox(shown, boxFromCorners([a.lng, a.lat], [b.lng, b.lat]));
        if (up.ctrlKey || up.metaKey) {
          selection.add(ids);
        } else {
          selection.set(ids);
        }
      };
      window.addEventListener('mousemove', onMove);
      window.addEventListener('mouseup', onUp);
    };
    // Capture phase, so maplibre's own drag-pan never sees a shift-drag.
    container.addEventListener('mousedown', onMouseDown, { capture: true });
    return () => container.removeEventListener('mousedown', onMouseDown, { capture: true });
  }, [map, fleet, selection, filters]);
}
