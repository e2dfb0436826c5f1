import type { DeviceLive } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { aggregate, inScope } from './wall-view.js';

function device(id: string, patch: Partial<DeviceLive>): DeviceLive {
  return {
    id,
    name: id,
    role: 'cpe',
    status: 'up',
    since: '2025-01-01T00:00:00.000Z',
    lastPollAt: null,
    lastError: null,
    site: 'Alpha',
    tags: [],
    parentId: null,
    lat: null,
    lon: null,
    channel: null,
    txPowerDbm: null,
    transmitting: null,
    temperatureC: null,
    uptimeSec: null,
    snrDb: null,
    rssiDbm: null,
    throughputMbps: null,
    clientsUp: null,
    clientsTotal: null,
    ...patch,
  };
}

describe('wall view', () => {
  describe('inScope', () => {
    it('shows every device, site or none, to a display with no sites, and only named sites otherwise', () => {
      expect(inScope(device('a', { site: null }), [])).toBe(true);
      expect(inScope(device('a', { site: null }), ['Alpha'])).toBe(false);
      expect(inScope(device('a', { site: 'Beta' }), ['Alpha'])).toBe(false);
      expect(inScope(device('a', { site: 'Beta' }), ['Alpha', 'Beta'])).toBe(true);
    });
  });

  describe('aggregate', () => {
    it('counts statuses in scope and lists the ten lowest-SNR CPE links, lowest first', () => {
      const fleet = [
        device('bs', { role: 'base-station', snrDb: -5, status: 'degraded' }),
        ...Array.from({ length: 14 }, (_, i) => device(`cpe-${i}`, { snrDb: 30 - i, parentId: 'bs' })),
        device('far', { site: 'Beta', snrDb: -20, status: 'unreachable' }),
      ];
      const byId = (id: string) => fleet.find((d) => d.id === id);
      const { counts, worst } = aggregate(fleet, ['Alpha'], byId);
      expect(counts).toEqual({ total: 15, up: 14, degraded: 1, muted: 0, unreachable: 0, unknown: 0 });
      expect(worst.map((l) => l.snrDb)).toEqual([17, 18, 19, 20, 21, 22, 23, 24, 25, 26]);
      expect(worst[0]).toMatchObject({ id: 'cpe-13', parentName: 'bs', site: 'Alpha' });
    });

    it('does not name a parent outside the scope', () => {
      const fleet = [
        device('bs', { role: 'base-station', site: 'Beta' }),
        device('cpe', { snrDb: 3, parentId: 'bs' }),
      ];
      const { worst } = aggregate(fleet, ['Alpha'], (id) => fleet.find((d) => d.id === id));
      expect(worst).toEqual([
        { id: 'cpe', name: 'cpe', site: 'Alpha', parentName: null, snrDb: 3, status: 'up' },
      ]);
    });
  });
});
