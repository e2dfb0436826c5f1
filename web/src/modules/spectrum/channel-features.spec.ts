import { describe, expect, it } from 'vitest';
import { device } from '@/test/fleet-fixtures';
import { spectrumStation } from '@/test/spectrum-fixtures';
import { parsePinIconId, pinIconId, stationPins, type PinIcon } from './channel-features';
import type { StationRow } from './station-rows';

const row = (id: string, channel: number): StationRow => ({
  station: spectrumStation({ deviceId: id, name: id }),
  live: device({ id, name: id, role: 'base-station', channel }),
});

describe(stationPins.name, () => {
  it('draws a station the re-plan preview would move as "from→to", and the others as their channel', () => {
    const pins = stationPins([row('a', 30), row('b', 41)], new Map([['a', { from: 30, to: 32 }]]));
    const byId = Object.fromEntries(pins.features.map((f) => [f.properties.id, f.properties]));
    expect(parsePinIconId(byId.a!.icon)).toEqual({ kind: 'move', from: 30, to: 32 });
    expect(byId.a!.planned).toBe(true);
    expect(parsePinIconId(byId.b!.icon)).toEqual({ kind: 'channel', channel: 41 });
    expect(byId.b!.planned).toBe(false);
  });

  it('turns a moved station back into a plain pin once its radio runs the planned channel', () => {
    const pins = stationPins([row('a', 32)], new Map([['a', { from: 30, to: 32 }]]));
    expect(parsePinIconId(pins.features[0]!.properties.icon)).toEqual({ kind: 'channel', channel: 32 });
    expect(pins.features[0]!.properties.planned).toBe(false);
  });

  it('draws a temporary stop from where the radio is now, not where the preview found it', () => {
    const pins = stationPins([row('a', 35)], new Map([['a', { from: 30, to: 32 }]]));
    expect(parsePinIconId(pins.features[0]!.properties.icon)).toEqual({ kind: 'move', from: 35, to: 32 });
  });
});

describe(parsePinIconId.name, () => {
  it('reads back every icon it names, a move to no channel included', () => {
    const icons: PinIcon[] = [
      { kind: 'channel', channel: 7 },
      { kind: 'off', label: 'muted' },
      { kind: 'move', from: 30, to: null },
      { kind: 'move', from: null, to: 21 },
    ];
    icons.forEach((icon) => expect(parsePinIconId(pinIconId(icon))).toEqual(icon));
    expect(parsePinIconId('spectrum-pin:mv:30:')).toBeNull();
  });
});
