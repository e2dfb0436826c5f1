import type { DeviceSample, LinkSample } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { sampleMetrics } from './sample-metrics.js';

const link = (over: Partial<LinkSample>): LinkSample => ({
  peer: 'p',
  mac: null,
  up: true,
  rssiDbm: -60,
  snrDb: 30,
  noiseFloorDbm: null,
  throughputMbps: 40,
  distanceKm: null,
  modulation: null,
  ...over,
});

const sample = (links: LinkSample[]): DeviceSample => ({
  deviceId: 'd',
  at: '2026-01-01T00:00:00.000Z',
  pollMs: 1,
  system: { hostname: 'h', model: 'm', serial: 's', firmware: 'f', uptimeSec: 1, temperatureC: 30 },
  radio: {
    channel: 30,
    frequencyMHz: 546,
    bandwidthMHz: 8,
    txPowerDbm: 30,
    enabled: true,
    transmitting: true,
  },
  links,
});

describe(sampleMetrics.name, () => {
  it("sums a base station's throughput over its up links and averages SNR and RSSI over them", () => {
    const links = [
      link({ snrDb: 30, rssiDbm: -60 }),
      link({ snrDb: 20, rssiDbm: -70 }),
      link({ up: false, snrDb: 1, rssiDbm: -95, throughputMbps: 3 }),
    ];
    expect(sampleMetrics(sample(links), 'base-station')).toEqual({
      snrDb: 25,
      rssiDbm: -65,
      noiseFloorDbm: null,
      throughputMbps: 80,
      clientsUp: 2,
      clientsTotal: 3,
    });
  });

  it('reports zero throughput, and no SNR, when nothing is up', () => {
    expect(sampleMetrics(sample([link({ up: false, throughputMbps: 0 })]), 'base-station')).toMatchObject({
      snrDb: null,
      rssiDbm: null,
      throughputMbps: 0,
      clientsUp: 0,
      clientsTotal: 1,
    });
    expect(sampleMetrics(sample([]), 'cpe')).toMatchObject({ throughputMbps: 0, clientsUp: null });
  });

  it("keeps a CPE's noise floor when its link is down: that is when it explains the drop", () => {
    const down = link({ up: false, snrDb: 1.2, noiseFloorDbm: -80.5, throughputMbps: 0 });
    expect(sampleMetrics(sample([down]), 'cpe')).toEqual({
      snrDb: null,
      rssiDbm: null,
      noiseFloorDbm: -80.5,
      throughputMbps: 0,
      clientsUp: null,
      clientsTotal: null,
    });
  });

  it('rounds to the one decimal the radio prints, so float noise never reaches the feed or history', () => {
    const links = [link({ snrDb: 30.1, throughputMbps: 40.1 }), link({ snrDb: 20.3, throughputMbps: 20.2 })];
    expect(sampleMetrics(sample(links), 'base-station')).toMatchObject({ snrDb: 25.2, throughputMbps: 60.3 });
  });
});
