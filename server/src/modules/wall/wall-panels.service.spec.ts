import type { Incident, IncidentsChanged, SpectrumStation, WallStationsChanged } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import type { IncidentService } from '@/modules/alerts/incident.service.js';
import type { SpectrumFeedService } from '@/modules/spectrum/spectrum-feed.service.js';
import type { SpectrumService } from '@/modules/spectrum/spectrum.service.js';
import { strictMock } from '../../../test/strict-mock.js';
import { WallPanelsService } from './wall-panels.service.js';

const incident = (id: string, site: string, patch: Partial<Incident> = {}): Incident => ({
  id,
  ruleId: 'r',
  ruleName: 'rule',
  kind: 'absence',
  severity: 'major',
  state: 'open',
  scope: { type: 'device', deviceId: `dev-${id}` },
  title: `incident ${id}`,
  summary: '',
  site,
  affectedCount: 1,
  suppressedCount: 0,
  flapCount: 0,
  openedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});

const station = (id: string, site: string | null, patch: Partial<SpectrumStation> = {}): SpectrumStation => ({
  deviceId: id,
  name: id,
  site,
  phase: 'granted',
  ruleset: 'etsi',
  emissionClass: 3,
  lat: 57,
  lon: -5,
  locatedBy: 'gps',
  registeredAt: null,
  lastCheckAt: null,
  lastCheckError: null,
  nextCheckAt: null,
  maxPollingSecs: 60,
  grant: {
    channel: 30,
    eirpDbm: 36,
    grantedAt: '2026-01-01T00:00:00.000Z',
    validUntil: '2026-01-02T00:00:00.000Z',
  },
  muteAt: '2026-01-01T01:00:00.000Z',
  mutedBySpectrum: false,
  muteReason: null,
  alarm: null,
  alarmAt: null,
  permittedNow: [],
  database: 'http://wsdb.example/paws',
  ...patch,
});

/** A service over mocks whose reads wait until the test lets them answer. */
function setup(stored: { incidents: Incident[]; stations: SpectrumStation[] }) {
  let feedIncidents: (incidents: Incident[]) => void = () => undefined;
  let feedStations: (stations: SpectrumStation[]) => void = () => undefined;
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const asked: (readonly string[])[] = [];
  const incidents = strictMock<IncidentService>('IncidentService', {
    onFeed: (listener) => {
      feedIncidents = listener;
      return () => undefined;
    },
    activeOf: async (sites) => {
      asked.push(sites);
      await answered;
      return {
        incidents: stored.incidents.filter((i) => !sites.length || sites.includes(i.site!)),
        truncated: false,
      };
    },
  });
  const spectrum = strictMock<SpectrumService>('SpectrumService', {
    stations: async () => {
      await answered;
      return { enabled: true, database: null, items: stored.stations };
    },
  });
  const spectrumFeed = strictMock<SpectrumFeedService>('SpectrumFeedService', {
    onStations: (listener) => {
      feedStations = listener;
      return () => undefined;
    },
  });
  const service = new WallPanelsService(incidents, spectrum, spectrumFeed);
  service.onModuleInit();
  const sent: { incidents: [string, IncidentsChanged][]; stations: [string, WallStationsChanged][] } = {
    incidents: [],
    stations: [],
  };
  service.setSink({
    incidents: (id, payload) => sent.incidents.push([id, payload]),
    stations: (id, payload) => sent.stations.push([id, payload]),
  });
  return {
    service,
    sent,
    asked,
    answer,
    announceIncidents: (list: Incident[]) => feedIncidents(list),
    announceStations: (list: SpectrumStation[]) => feedStations(list),
  };
}

describe(WallPanelsService.name, () => {
  describe('follow', () => {
    it("reads only the display's sites, worst first and the longest open first, stations without their database", async () => {
      const wall = setup({
        incidents: [
          incident('minor-old', 'Alpha', { severity: 'minor', openedAt: '2026-01-01T00:00:00.000Z' }),
          incident('critical-new', 'Alpha', { severity: 'critical', openedAt: '2026-01-01T02:00:00.000Z' }),
          incident('critical-old', 'Alpha', { severity: 'critical', openedAt: '2026-01-01T01:00:00.000Z' }),
          incident('beta', 'Beta'),
        ],
        stations: [station('bs-a', 'Alpha'), station('bs-b', 'Beta'), station('bs-none', null)],
      });
      wall.answer();
      const lists = await wall.service.follow('d1', ['Alpha']);
      expect(wall.asked).toEqual([['Alpha']]);
      expect(lists.incidents.incidents.map((i) => i.id)).toEqual([
        'critical-old',
        'critical-new',
        'minor-old',
      ]);
      expect(lists.spectrum.stations).toEqual([
        {
          id: 'bs-a',
          name: 'bs-a',
          site: 'Alpha',
          phase: 'granted',
          channel: 30,
          eirpDbm: 36,
          grantUntil: '2026-01-02T00:00:00.000Z',
          muteAt: '2026-01-01T01:00:00.000Z',
          alarm: null,
        },
      ]);
      expect(JSON.stringify(lists)).not.toContain('wsdb.example');
    });

    it('applies a change announced while it reads, so an older read never undoes it', async () => {
      const wall = setup({
        incidents: [incident('gone', 'Alpha'), incident('stays', 'Alpha')],
        stations: [station('bs-a', 'Alpha', { phase: 'granted' })],
      });
      const reading = wall.service.follow('d1', ['Alpha']);
      wall.announceIncidents([
        incident('gone', 'Alpha', { state: 'resolved' }),
        incident('new', 'Alpha', { severity: 'critical' }),
        incident('other-site', 'Beta'),
      ]);
      wall.announceStations([station('bs-a', 'Alpha', { phase: 'muted', grant: null })]);
      wall.answer();
      const lists = await reading;
      expect(lists.incidents.incidents.map((i) => i.id)).toEqual(['new', 'stays']);
      expect(lists.spectrum.stations.map((s) => [s.id, s.phase, s.channel])).toEqual([
        ['bs-a', 'muted', null],
      ]);
    });
  });

  describe('changes', () => {
    it('sends each display the changes of its own sites only, and names a station that left its scope', async () => {
      const wall = setup({ incidents: [], stations: [station('bs-a', 'Alpha')] });
      wall.answer();
      await wall.service.follow('alpha', ['Alpha']);
      await wall.service.follow('fleet', []);
      wall.announceIncidents([incident('a', 'Alpha'), incident('b', 'Beta')]);
      expect(wall.sent.incidents.map(([id, p]) => [id, p.incidents.map((i) => i.id)])).toEqual([
        ['alpha', ['a']],
        ['fleet', ['a', 'b']],
      ]);
      wall.announceStations([station('bs-b', 'Beta')]);
      expect(wall.sent.stations.map(([id]) => id)).toEqual(['fleet']);
      // bs-a moved to Beta: the Alpha display drops it, and never hears of it again.
      wall.announceStations([station('bs-a', 'Beta')]);
      wall.announceStations([station('bs-a', 'Beta', { phase: 'muted' })]);
      const alpha = wall.sent.stations.filter(([id]) => id === 'alpha').map(([, p]) => p);
      expect(alpha.map((p) => [p.stations.map((s) => s.id), p.removed])).toEqual([[[], ['bs-a']]]);
    });

    it('stops sending a display it forgot', async () => {
      const wall = setup({ incidents: [], stations: [] });
      wall.answer();
      await wall.service.follow('d1', []);
      wall.service.forget('d1');
      wall.announceIncidents([incident('a', 'Alpha')]);
      wall.announceStations([station('bs-a', 'Alpha')]);
      expect(wall.sent).toEqual({ incidents: [], stations: [] });
      expect(wall.service.size).toBe(0);
    });
  });
});
