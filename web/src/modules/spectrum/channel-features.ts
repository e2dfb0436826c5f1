// The channel plan as GeoJSON: one pin per located base station, named by the icon that shows its channel
// (or why it has none on air, or, while a re-plan preview is on screen, the move it would make). Plain
// functions, tested without WebGL.
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { PlannedMove } from './replan.store';
import { channelNow, type StationRow } from './station-rows';

export interface StationPinProps {
  id: string;
  name: string;
  /** The image drawn for this pin: see pinIcon(). */
  icon: string;
  phase: StationRow['station']['phase'];
  /** True while the re-plan preview would move this station. */
  planned: boolean;
}

export type PinIcon =
  | { kind: 'channel'; channel: number }
  | { kind: 'off'; label: string }
  /** A station the re-plan preview would move: "30→32". */
  | { kind: 'move'; from: number | null; to: number | null };

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

const moveEnd = (channel: number | null): string => (channel === null ? 'x' : String(channel));

export function pinIconId(pin: PinIcon): string {
  switch (pin.kind) {
    case 'channel':
      return `${PIN_PREFIX}ch:${pin.channel}`;
    case 'off':
      return `${PIN_PREFIX}off:${pin.label}`;
    case 'move':
      return `${PIN_PREFIX}mv:${moveEnd(pin.from)}:${moveEnd(pin.to)}`;
  }
}

const parseEnd = (value: string | undefined): number | null | undefined =>
  value === 'x' ? null : value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;

export function parsePinIconId(id: string): PinIcon | null {
  if (!id.startsWith(PIN_PREFIX)) {
    return null;
  }
  const [kind, value = '', second] = id.slice(PIN_PREFIX.length).split(':');
  if (kind === 'ch' && /^\d+$/.test(value)) {
    return { kind: 'channel', channel: Number(value) };
  }
  if (kind === 'mv') {
    const from = parseEnd(value);
    const to = parseEnd(second);
    return from === undefined || to === undefined ? null : { kind: 'move', from, to };
  }
  return kind === 'off' ? { kind: 'off', label: value } : null;
}

const positionOf = (row: StationRow): [number, number] | null => {
  const lat = row.station.lat ?? row.live?.lat ?? null;
  const lon = row.station.lon ?? row.live?.lon ?? null;
  return lat === null || lon === null ? null : [lon, lat];
};

const NO_MOVES: ReadonlyMap<string, PlannedMove> = new Map();

export function stationPins(
  rows: readonly StationRow[],
  moves: ReadonlyMap<string, PlannedMove> = NO_MOVES,
): FeatureCollection<Point, StationPinProps> {
  const features: Feature<Point, StationPinProps>[] = [];
  for (const row of rows) {
    const position = positionOf(row);
    if (!position) {
      continue;
    }
    // A planned move is drawn from what the radio runs now, so while the plan is applied each pin turns
    // back into a plain channel pin as its radio arrives, and a temporary move shows where it is parked.
    const planned = moves.get(row.station.deviceId);
    const now = channelNow(row);
    const move = planned && now !== planned.to ? planned : undefined;
    const icon: PinIcon = move ? { kind: 'move', from: now ?? move.from, to: move.to } : pinOf(row);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: position },
      properties: {
        id: row.station.deviceId,
        name: row.station.name,
        icon: pinIconId(icon),
        phase: row.station.phase,
        planned: move !== undefined,
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
