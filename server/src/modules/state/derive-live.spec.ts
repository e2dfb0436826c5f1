import type { DeviceLive, DeviceSample } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { diffLive, liveFromFailure, liveFromSample } from './derive-live.js';
import { UNMEASURED } from '@/modules/inventory/device.mapper.js';

const base: DeviceLive = {
  id: 'd1',
  name: 'bs-1',
  role: 'base-station',
  status: 'unknown',
  since: '2026-01-01T00:00:00.000Z',
  lastPollAt: null,
  lastError: null,
  site: null,
  tags: [],
  parentId: null,
  lat: 57,
  lon: -5,
  ...UNMEASURED,
};

const link = (up: boolean, snrDb: number) => ({
  peer: 'cpe',
  mac: null,
  up,
  rssiDbm: -70,
  snrDb,
  noiseFloorDbm: -95,
  throughputMbps: up ? 20 : 0,
  distanceKm: 2,
  modulation: 'qam64',
});

function sample(transmitting: boolean, links: ReturnType<typeof link>[]): DeviceSample {
  return {
    deviceId: 'd1',
    at: '2026-01-01T00:01:00.000Z',
    pollMs: 12,
    system: { hostname: 'bs-1', model: 'm', serial: 's', firmware: 'f', uptimeSec: 60, temperatureC: 30 },
    radio: {
      channel: 33,
      frequencyMHz: 570,
      bandwidthMHz: 8,
      txPowerDbm: 30,
      enabled: transmitting,
      transmitting,
    },
    links,
  };
}

describe('liveFromSample', () => {
  it('marks a transmitting base station with good links up and aggregates its links', () => {
    const live = liveFromSample(base, sample(true, [link(true, 30), link(true, 20), link(false, 0)]));
    expect(live).toMatchObject({
      status: 'up',
      snrDb: 25,
      clientsUp: 2,
      clientsTotal: 3,
      throughputMbps: 40,
      channel: 33,
    });
    expect(live.since).toBe('2026-01-01T00:01:00.000Z');
  });

  it('marks a radio that does not transmit as muted', () => {
    expect(liveFromSample(base, sample(false, [])).status).toBe('muted');
  });

  it('marks a base station with most CPEs down as degraded', () => {
    expect(liveFromSample(base, sample(true, [link(true, 30), link(false, 0), link(false, 0)])).status).toBe(
      'degraded',
    );
  });

  it('marks a CPE with a weak link degraded and keeps `since` while the status holds', () => {
    const cpe = { ...base, role: 'cpe' as const, status: 'degraded' as const };
    const live = liveFromSample(cpe, sample(true, [link(true, 9)]));
    expect(live.status).toBe('degraded');
    expect(live.since).toBe(base.since);
    expect(live.snrDb).toBe(9);
  });
});

describe('liveFromFailure', () => {
  it('keeps the status until the device is declared unreachable', () => {
    const up = { ...base, status: 'up' as const };
    expect(liveFromFailure(up, 'timeout', false, 'T').status).toBe('up');
    expect(liveFromFailure(up, 'timeout', true, 'T')).toMatchObject({
      status: 'unreachable',
      since: 'T',
      lastError: 'timeout',
    });
  });
});

describe('diffLive', () => {
  it('returns only the changed fields, or null', () => {
    expect(diffLive(base, { ...base })).toBeNull();
    expect(diffLive(base, { ...base, channel: 40, tags: ['a'] })).toEqual({
      id: 'd1',
      channel: 40,
      tags: ['a'],
    });
  });

  it('carries the lastPollAt of the poll that saw a change, even when nothing else moved', () => {
    const first = liveFromSample(base, sample(true, [link(true, 25)]));
    const again = liveFromSample(first, {
      ...sample(true, [link(true, 25)]),
      at: '2026-01-01T00:01:10.000Z',
    });
    // the feed's poll-to-frame figure is frame arrival minus this
    expect(diffLive(first, again)).toEqual({ id: 'd1', lastPollAt: '2026-01-01T00:01:10.000Z' });
    const changed = liveFromSample(again, {
      ...sample(true, [link(true, 25)]),
      at: '2026-01-01T00:01:20.000Z',
      system: { ...sample(true, []).system, temperatureC: 41 },
    });
    expect(diffLive(again, changed)).toMatchObject({
      lastPollAt: '2026-01-01T00:01:20.000Z',
      temperatureC: 41,
    });
  });
});
