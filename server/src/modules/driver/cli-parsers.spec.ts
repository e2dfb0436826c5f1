import { describe, expect, it } from 'vitest';
import {
  CliParseError,
  parseShowClients,
  parseShowLink,
  parseShowRadio,
  parseShowSystem,
} from './cli-parsers.js';

// Captured from the field lab (seed 3) over telnet, prompt and echo stripped.
const SYSTEM = [
  'hostname: bs-0001',
  'role: base-station',
  'model: TVW-5200-BS',
  'serial: WS03000001',
  'mac: 02:57:53:00:00:01',
  'firmware: 3.4.2',
  'uptime: 17d 07:41:56',
  'uptime-seconds: 1496516',
  'temperature: 49.3 C',
];
const RADIO = [
  'role: base-station',
  'ruleset: etsi',
  'channel: 22',
  'frequency: 482 MHz',
  'bandwidth: 8 MHz',
  'tx-power: 33 dBm',
  'emission-class: 1',
  'enabled: true',
  'state: transmitting',
];
const CLIENTS = [
  'clients: 3',
  'ID           HOSTNAME     MAC                RSSI(dBm)  SNR(dB)  THROUGHPUT(Mbps)  STATE',
  'cpe-0001-01  cpe-0001-01  02:57:53:00:00:02  -54.1      44.0     40.0              up',
  'cpe-0001-02  cpe-0001-02  02:57:53:00:00:03  -52.5      46.2     40.0              up',
  'cpe-0001-03  cpe-0001-03  02:57:53:00:00:04  -          -        0.0               down',
];
const LINK = [
  'base-station: bs-0001',
  'state: up',
  'channel: 22',
  'rssi: -54.1 dBm',
  'snr: 44.0 dB',
  'noise-floor: -98.2 dBm',
  'throughput: 40.0 Mbps',
  'distance: 4.49 km',
  'modulation: 256QAM-5/6',
];

describe('cli parsers', () => {
  describe(parseShowSystem.name, () => {
    it('reads identity, uptime in seconds and temperature', () => {
      expect(parseShowSystem(SYSTEM)).toEqual({
        hostname: 'bs-0001',
        model: 'TVW-5200-BS',
        serial: 'WS03000001',
        firmware: '3.4.2',
        uptimeSec: 1496516,
        temperatureC: 49.3,
      });
    });

    it('names the missing field', () => {
      expect(() => parseShowSystem(SYSTEM.filter((l) => !l.startsWith('serial')))).toThrow(
        new CliParseError('show system: missing serial'),
      );
    });

    it('refuses a temperature in the wrong unit', () => {
      const lines = SYSTEM.map((l) => (l.startsWith('temperature') ? 'temperature: 120.0 F' : l));
      expect(() => parseShowSystem(lines)).toThrow(CliParseError);
    });
  });

  describe(parseShowRadio.name, () => {
    it('reads channel, frequency, power and transmit state', () => {
      expect(parseShowRadio(RADIO)).toEqual({
        channel: 22,
        frequencyMHz: 482,
        bandwidthMHz: 8,
        txPowerDbm: 33,
        enabled: true,
        transmitting: true,
      });
    });

    it('reads a muted radio with no channel', () => {
      const lines = RADIO.map((l) =>
        l.startsWith('channel')
          ? 'channel: none'
          : l.startsWith('frequency')
            ? 'frequency: none'
            : l.startsWith('state')
              ? 'state: muted'
              : l.startsWith('tx-power')
                ? 'tx-power: 20.5 dBm'
                : l,
      );
      expect(parseShowRadio(lines)).toMatchObject({
        channel: null,
        frequencyMHz: null,
        txPowerDbm: 20.5,
        transmitting: false,
      });
    });

    it('refuses an unknown state word', () => {
      const lines = RADIO.map((l) => (l.startsWith('state') ? 'state: sleeping' : l));
      expect(() => parseShowRadio(lines)).toThrow(/state should be transmitting or muted/);
    });
  });

  describe(parseShowClients.name, () => {
    it('reads one link per row, with dashes as null', () => {
      const links = parseShowClients(CLIENTS);
      expect(links).toHaveLength(3);
      expect(links[0]).toEqual({
        peer: 'cpe-0001-01',
        mac: '02:57:53:00:00:02',
        up: true,
        rssiDbm: -54.1,
        snrDb: 44,
        noiseFloorDbm: null,
        throughputMbps: 40,
        distanceKm: null,
        modulation: null,
      });
      expect(links[2]).toMatchObject({ up: false, rssiDbm: null, snrDb: null, throughputMbps: 0 });
    });

    it('reads a base station without clients', () => {
      expect(
        parseShowClients(['clients: 0', 'ID  HOSTNAME  MAC  RSSI(dBm)  SNR(dB)  THROUGHPUT(Mbps)  STATE']),
      ).toEqual([]);
    });

    it('refuses a count that does not match the rows', () => {
      expect(() => parseShowClients(['clients: 4', ...CLIENTS.slice(1)])).toThrow(/count says 4 but 3 rows/);
    });

    it('refuses a changed header', () => {
      const lines = [CLIENTS[0]!, 'ID HOST MAC RSSI SNR TP STATE', ...CLIENTS.slice(2)];
      expect(() => parseShowClients(lines)).toThrow(/unexpected header/);
    });
  });

  describe(parseShowLink.name, () => {
    it('reads the CPE link with units stripped', () => {
      expect(parseShowLink(LINK)).toEqual([
        {
          peer: 'bs-0001',
          mac: null,
          up: true,
          rssiDbm: -54.1,
          snrDb: 44,
          noiseFloorDbm: -98.2,
          throughputMbps: 40,
          distanceKm: 4.49,
          modulation: '256QAM-5/6',
        },
      ]);
    });

    it('reads a down link with none values', () => {
      const down = [
        'base-station: bs-0001',
        'state: down',
        'channel: none',
        'rssi: none',
        'snr: none',
        'noise-floor: none',
        'throughput: 0.0 Mbps',
        'distance: 4.49 km',
        'modulation: none',
      ];
      expect(parseShowLink(down)[0]).toMatchObject({
        up: false,
        rssiDbm: null,
        snrDb: null,
        modulation: null,
      });
    });

    it('reports no link when the CPE has no base station', () => {
      expect(parseShowLink(['base-station: none', 'state: down'])).toEqual([]);
    });
  });
});
