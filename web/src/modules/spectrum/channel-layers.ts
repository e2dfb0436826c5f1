// How the channel plan is drawn: each base station is a pin labelled with its channel number on that
// channel's colour; a station off air is a dark pin that says why (muted, fatal). The basemap carries no
// font glyphs (it is offline), so the labels are drawn into the pin images on a canvas, one image per
// channel, made the first time the map asks for it.
import type { AddLayerObject, Map as MaplibreMap } from 'maplibre-gl';
import { channelColor } from './channel-colors';
import { parsePinIconId, type PinIcon } from './channel-features';

export const PINS_SOURCE = 'spectrum-stations';
export const PINS_LAYER = 'spectrum-pins';
export const SELECTED_LAYER = 'spectrum-selected';

export interface PinPalette {
  offFill: string;
  offText: string;
  muted: string;
  fatal: string;
  unknown: string;
  selected: string;
  halo: string;
}

export function pinLayers(palette: PinPalette): AddLayerObject[] {
  return [
    {
      id: SELECTED_LAYER,
      type: 'circle',
      source: PINS_SOURCE,
      filter: ['==', ['get', 'id'], ''],
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': 16,
        'circle-stroke-color': palette.selected,
        'circle-stroke-width': 3,
      },
    },
    {
      id: PINS_LAYER,
      type: 'symbol',
      source: PINS_SOURCE,
      layout: {
        'icon-image': ['get', 'icon'],
        'icon-anchor': 'bottom',
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
  ];
}

/** A pin for one channel (or an off-air reason), at `scale` × the 16 px root size, for a 2× screen. */
export function drawPin(pin: PinIcon, palette: PinPalette, scale: number): ImageData | null {
  const ratio = 2 * scale;
  const label = pin.kind === 'channel' ? String(pin.channel) : pin.label;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) {
    return null;
  }
  const font = `700 ${12 * ratio}px system-ui, sans-serif`;
  context.font = font;
  const height = 18 * ratio;
  const tip = 6 * ratio;
  const width = Math.ceil(Math.max(height, context.measureText(label).width + 10 * ratio));
  const line = 1.5 * ratio;
  canvas.width = width + 2 * line;
  canvas.height = height + tip + 2 * line;
  const fill = pin.kind === 'channel' ? channelColor(pin.channel) : palette.offFill;
  const stroke =
    pin.kind === 'channel'
      ? palette.halo
      : pin.label === 'fatal'
        ? palette.fatal
        : pin.label === 'muted'
          ? palette.muted
          : palette.unknown;
  context.translate(line, line);
  context.beginPath();
  context.roundRect(0, 0, width, height, height / 2);
  context.moveTo(width / 2 - tip, height - 1);
  context.lineTo(width / 2, height + tip);
  context.lineTo(width / 2 + tip, height - 1);
  context.fillStyle = fill;
  context.fill();
  context.lineWidth = line;
  context.strokeStyle = stroke;
  // Off air is drawn dashed as well as dark, so it reads in greyscale too.
  context.setLineDash(pin.kind === 'channel' ? [] : [3 * ratio, 2 * ratio]);
  context.stroke();
  context.font = font;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillStyle =
    pin.kind === 'channel' ? '#0b0f14' : stroke === palette.unknown ? palette.offText : stroke;
  context.fillText(label, width / 2, height / 2 + ratio);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

/** Draws pin images on demand, so a plan using 12 of 40 channels makes 12 images. */
export function providePinImages(map: MaplibreMap, palette: PinPalette, scale: number): void {
  map.setMissingStyleImageResolver((id) => {
    const pin = parsePinIconId(id);
    if (!pin || map.hasImage(id)) {
      return;
    }
    const image = drawPin(pin, palette, scale);
    if (image) {
      map.addImage(id, image, { pixelRatio: 2 });
    }
  });
}
