// The channel plan as GeoJSON: one pin per located base station, named by the icon that shows its channel
// (or why it has none on air). Plain functions, tested without WebGL.
import type { Feature, FeatureCollection, Point } from 'geojson';
import { channelNow, type StationRow } from './station-rows';

export interface StationPinProps {
  id: string;
  name: string;
  /** The image drawn for this pin: see pinIcon(). */
  icon: string;
  phase: StationRow['station']['phase'];
}

export type PinIcon = { kind: 'channel'; channel: number } | { kind: 'off'; label: string };

const PIN_PREFIX = 'spectrum-pin:';

/** What a station's pin says: its channel while it may transmit, else why it is off air. */
export function pinOf(row: StationRow): PinIcon {
  const { phase } = row.station;
  const channel = channelNow(row);
  if (phase === 'muted' || row.station.mutedBySpectrum || row.live?.transmitting === false) {
    return { kind: 'off', label: 'muted' };
  }
  if (phase === 'fatal') {
    return { kind: 'off', label: 'fatal' };
  }
  if (channel === null) {
    return { kind: 'off', label: phase === 'checking' ? '…' : '?' };
  }
  return { kind: 'channel', channel };
}

export function pinIconId(pin: PinIcon): string {
  return pin.kind === 'channel' ? `${PIN_PREFIX}ch:${pin.channel}` : `${PIN_PREFIX}off:${pin.label}`;
}

export function parsePinIconId(id: string): PinIcon | null {
  if (!id.startsWith(PIN_PREFIX)) {
    return null;
  }
  const [kind, value = ''] = id.slice(PIN_PREFIX.length).split(':');
  if (kind === 'ch' && /^\d+$/.test(value)) {
    return { kind: 'channel', channel: Number(value) };
  }
  return kind === 'off' ? { kind: 'off', label: value } : null;
}

const positionOf = (row: StationRow): [number, number] | null => {
  const lat = row.station.lat ?? row.live?.lat ?? null;
  const lon = row.station.lon ?? row.live?.lon ?? null;
  return lat === null || lon === null ? null : [lon, lat];
};

export function stationPins(rows: readonly StationRow[]): FeatureCollection<Point, StationPinProps> {
  const features: Feature<Point, StationPinProps>[] = [];
  for (const row of rows) {
    const position = positionOf(row);
    if (!position) {
      continue;
    }
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: position },
      properties: {
        id: row.station.deviceId,
        name: row.station.name,
        icon: pinIconId(pinOf(row)),
        phase: row.station.phase,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** What the map draws, as a string: an update that changes none of it costs the map nothing. */
export function pinsSignature(pins: FeatureCollection<Point, StationPinProps>): string {
  return pins.features
    .map((f) => `${f.properties.id}|${f.properties.icon}|${f.geometry.coordinates.join(',')}`)
    .join(';');
}

export interface ChannelUse {
  channel: number;
  stations: number;
}

/** Channels on air in these rows, with how many stations use each: the legend. */
export function channelsInUse(rows: readonly StationRow[]): ChannelUse[] {
  const counts = new Map<number, number>();
  for (const row of rows) {
    const pin = pinOf(row);
    if (pin.kind === 'channel') {
      counts.set(pin.channel, (counts.get(pin.channel) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([channel, stations]) => ({ channel, stations }))
    .sort((a, b) => a.channel - b.channel);
}
