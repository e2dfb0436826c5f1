import type { DeviceLive, DeviceRole, DeviceSample, LinkSample } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { UNMEASURED } from '@/modules/inventory/device.mapper.js';
import { liveFromSample } from '@/modules/state/derive-live.js';
import { mapSampleToRow } from './telemetry.mapper.js';

const link = (up: boolean, snrDb: number | null, throughputMbps: number, noise: number | null = null) =>
  ({
    peer: 'cpe',
    mac: null,
    up,
    rssiDbm: snrDb === null ? null : -100 + snrDb,
    snrDb,
    noiseFloorDbm: noise,
    throughputMbps,
    distanceKm: 2,
    modulation: up ? '64QAM-5/6' : null,
  }) satisfies LinkSample;

function sample(links: LinkSample[]): DeviceSample {
  return {
    deviceId: '00000000-0000-4000-8000-000000000001',
    at: '2026-01-01T00:01:00.000Z',
    pollMs: 12,
    system: { hostname: 'x', model: 'm', serial: 's', firmware: 'f', uptimeSec: 60, temperatureC: 30 },
    radio: {
      channel: 33,
      frequencyMHz: 570,
      bandwidthMHz: 8,
      txPowerDbm: 30,
      enabled: true,
      transmitting: true,
    },
    links,
  };
}

function live(role: DeviceRole): DeviceLive {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'x',
    role,
    status: 'unknown',
    since: '2026-01-01T00:00:00.000Z',
    lastPollAt: null,
    lastError: null,
    site: null,
    tags: [],
    parentId: null,
    lat: null,
    lon: null,
    ...UNMEASURED,
  };
}

const SAMPLES: [string, DeviceRole, DeviceSample][] = [
  [
    'a base station with three links up and one down',
    'base-station',
    sample([link(true, 30.1, 40.1), link(true, 20.2, 40.1), link(true, 25, 40.1), link(false, 1.5, 0)]),
  ],
  ['a base station with every link down', 'base-station', sample([link(false, 1, 0), link(false, null, 0)])],
  ['a base station with no CPE', 'base-station', sample([])],
  ['a CPE with its link up', 'cpe', sample([link(true, 33.3, 26.7, -97.6)])],
  ['a CPE whose link is down but still measured', 'cpe', sample([link(false, 1.2, 0, -97.6)])],
  ['a CPE without a base station', 'cpe', sample([])],
];

/** Every field the live row and the history row both carry. */
const BOTH = [
  'channel',
  'txPowerDbm',
  'transmitting',
  'temperatureC',
  'uptimeSec',
  'snrDb',
  'rssiDbm',
  'throughputMbps',
  'clientsUp',
  'clientsTotal',
] as const;
const pick = (r: Record<(typeof BOTH)[number], unknown>) => Object.fromEntries(BOTH.map((k) => [k, r[k]]));

describe(mapSampleToRow.name, () => {
  it.each(SAMPLES)('carries the same numbers as the live row for %s', (_, role, polled) => {
    const row = mapSampleToRow(polled, role, 'up');
    const shown = liveFromSample(live(role), polled);
    expect(pick(row)).toEqual(pick(shown));
  });

  it("records a base station's throughput as the sum over its links, as the live row shows it", () => {
    const [, role, polled] = SAMPLES[0]!;
    expect(mapSampleToRow(polled, role, 'up')).toMatchObject({
      throughputMbps: 120.3,
      snrDb: 25.1,
      clientsUp: 3,
      clientsTotal: 4,
    });
  });
});
