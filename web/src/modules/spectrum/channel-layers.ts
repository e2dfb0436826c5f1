// How the channel plan is drawn: each base station is a pin labelled with its channel number on that
// channel's colour; a station off air is a dark pin that says why (muted, fatal); a station the re-plan
// preview would move is a wider pin "30→32", half in each channel's colour, with a thick outline in the
// accent colour and drawn above the others. The basemap carries no font glyphs (it is offline), so the
// labels are drawn into the pin images on a canvas, one image per channel (or move), made the first time
// the map asks for it.
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
  planned: string;
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
        // Planned moves on top: among close stations, the ones the preview changes must stay readable.
        'symbol-sort-key': ['case', ['boolean', ['get', 'planned'], false], 1, 0],
      },
    },
  ];
}

const endLabel = (channel: number | null): string => (channel === null ? 'off' : String(channel));

function labelOf(pin: PinIcon): string {
  switch (pin.kind) {
    case 'channel':
      return String(pin.channel);
    case 'off':
      return pin.label;
    case 'move':
      return `${endLabel(pin.from)}→${endLabel(pin.to)}`;
  }
}

function strokeOf(pin: PinIcon, palette: PinPalette): string {
  switch (pin.kind) {
    case 'channel':
      return palette.halo;
    case 'move':
      return palette.planned;
    case 'off':
      return pin.label === 'fatal' ? palette.fatal : pin.label === 'muted' ? palette.muted : palette.unknown;
  }
}

/** A pin for a channel, an off-air reason or a planned move, at `scale` × the 16 px root size, for 2× screens. */
export function drawPin(pin: PinIcon, palette: PinPalette, scale: number): ImageData | null {
  const ratio = 2 * scale;
  const label = labelOf(pin);
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
  const line = (pin.kind === 'move' ? 3 : 1.5) * ratio;
  canvas.width = width + 2 * line;
  canvas.height = height + tip + 2 * line;
  const stroke = strokeOf(pin, palette);
  context.translate(line, line);
  context.beginPath();
  context.roundRect(0, 0, width, height, height / 2);
  context.moveTo(width / 2 - tip, height - 1);
  context.lineTo(width / 2, height + tip);
  context.lineTo(width / 2 + tip, height - 1);
  if (pin.kind === 'move') {
    // Left half the channel it leaves, right half the one it goes to: the label says the same in numbers.
    context.save();
    context.clip();
    context.fillStyle = pin.from === null ? palette.offFill : channelColor(pin.from);
    context.fillRect(0, 0, width / 2, height + tip);
    context.fillStyle = pin.to === null ? palette.offFill : channelColor(pin.to);
    context.fillRect(width / 2, 0, width / 2, height + tip);
    context.restore();
  } else {
    context.fillStyle = pin.kind === 'channel' ? channelColor(pin.channel) : palette.offFill;
    context.fill();
  }
  context.lineWidth = line;
  context.strokeStyle = stroke;
  // Off air is drawn dashed as well as dark, so it reads in greyscale too.
  context.setLineDash(pin.kind === 'off' ? [3 * ratio, 2 * ratio] : []);
  context.stroke();
  context.font = font;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillStyle = pin.kind !== 'off' ? '#0b0f14' : stroke === palette.unknown ? palette.offText : stroke;
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
