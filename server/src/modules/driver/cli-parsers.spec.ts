import { describe, expect, it } from 'vitest';
import {
  CLI_RANGES,
  CliParseError,
  parseShowClients,
  parseShowLink,
  parseShowGps,
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
        ruleset: 'etsi',
        emissionClass: 1,
      });
    });

    it('refuses a ruleset or emission class outside the documented set, and allows a radio that prints none', () => {
      expect(() => parseShowRadio(RADIO.map((l) => l.replace('ruleset: etsi', 'ruleset: mars')))).toThrow(
        /ruleset should be etsi or fcc/,
      );
      expect(() =>
        parseShowRadio(RADIO.map((l) => l.replace('emission-class: 1', 'emission-class: 7'))),
      ).toThrow(/emission-class should be 1 to 5/);
      const bare = parseShowRadio(RADIO.filter((l) => !l.startsWith('ruleset') && !l.startsWith('emission')));
      expect(bare).toMatchObject({ ruleset: null, emissionClass: null });
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

  describe('ranges', () => {
    const replace = (lines: readonly string[], key: string, value: string) =>
      lines.map((l) => (l.startsWith(`${key}: `) ? `${key}: ${value}` : l));
    const withClientCell = (column: number, value: string) => {
      const cells = CLIENTS[2]!.split(/\s+/);
      cells[column] = value;
      return [...CLIENTS.slice(0, 2), cells.join('  '), ...CLIENTS.slice(3)];
    };

    it('refuses a channel of 40000, naming the field and the value', () => {
      expect(() => parseShowRadio(replace(RADIO, 'channel', '40000'))).toThrow(
        new CliParseError('show radio: channel 40000 is outside 1..99'),
      );
    });

    it('refuses an uptime above 2^53 instead of rounding it', () => {
      expect(() => parseShowSystem(replace(SYSTEM, 'uptime-seconds', '9007199254740993'))).toThrow(
        /show system: uptime-seconds 9007199254740992 is outside 0\.\.3153600000/,
      );
    });

    it.each([
      ['show system', 'uptime-seconds -1', () => parseShowSystem(replace(SYSTEM, 'uptime-seconds', '-1'))],
      [
        'show system',
        'uptime-seconds is not an integer',
        () => parseShowSystem(replace(SYSTEM, 'uptime-seconds', '12.5')),
      ],
      ['show system', 'temperature 451', () => parseShowSystem(replace(SYSTEM, 'temperature', '451.0 C'))],
      ['show radio', 'channel 0', () => parseShowRadio(replace(RADIO, 'channel', '0'))],
      ['show radio', 'channel is not an integer', () => parseShowRadio(replace(RADIO, 'channel', '22.5'))],
      ['show radio', 'frequency 5800', () => parseShowRadio(replace(RADIO, 'frequency', '5800 MHz'))],
      ['show radio', 'bandwidth 0', () => parseShowRadio(replace(RADIO, 'bandwidth', '0 MHz'))],
      ['show radio', 'tx-power 90', () => parseShowRadio(replace(RADIO, 'tx-power', '90 dBm'))],
      ['show link', 'rssi 12000', () => parseShowLink(replace(LINK, 'rssi', '12000.0 dBm'))],
      ['show link', 'snr -300', () => parseShowLink(replace(LINK, 'snr', '-300.0 dB'))],
      ['show link', 'noise-floor 98.2', () => parseShowLink(replace(LINK, 'noise-floor', '98.2 dBm'))],
      ['show link', 'throughput -1', () => parseShowLink(replace(LINK, 'throughput', '-1.0 Mbps'))],
      ['show clients', 'cpe-0001-01 rssi 99', () => parseShowClients(withClientCell(3, '99.0'))],
      ['show clients', 'cpe-0001-01 snr 400', () => parseShowClients(withClientCell(4, '400.0'))],
      ['show clients', 'cpe-0001-01 throughput 70000', () => parseShowClients(withClientCell(5, '70000.0'))],
      ['show clients', 'clients 40000', () => parseShowClients(['clients: 40000', ...CLIENTS.slice(1)])],
    ])('%s refuses %s', (command, named, parse) => {
      expect(parse).toThrow(CliParseError);
      expect(parse).toThrow(`${command}: ${named}`);
    });

    it('refuses numbers the CLI never prints (hex, exponents, infinity)', () => {
      expect(() => parseShowRadio(replace(RADIO, 'channel', '0x16'))).toThrow(/not a number: "0x16"/);
      expect(() => parseShowSystem(replace(SYSTEM, 'temperature', '1e400 C'))).toThrow(/not a number/);
      expect(() => parseShowLink(replace(LINK, 'rssi', 'Infinity dBm'))).toThrow(/not a number/);
    });

    it('accepts values at the edges of every range', () => {
      const system = replace(replace(SYSTEM, 'uptime-seconds', '3153600000'), 'temperature', '-60.0 C');
      expect(parseShowSystem(system)).toMatchObject({ uptimeSec: 3_153_600_000, temperatureC: -60 });
      const radio = replace(replace(RADIO, 'channel', '99'), 'tx-power', '-20 dBm');
      expect(parseShowRadio(radio)).toMatchObject({ channel: 99, txPowerDbm: -20 });
      const link = replace(replace(LINK, 'snr', '-100.0 dB'), 'throughput', '1000.0 Mbps');
      expect(parseShowLink(link)[0]).toMatchObject({ snrDb: -100, throughputMbps: 1000 });
    });

    it('turns an implausible distance into unknown and keeps the rest of the link', () => {
      expect(parseShowLink(replace(LINK, 'distance', '40000.00 km'))[0]).toMatchObject({
        distanceKm: null,
        snrDb: 44,
        throughputMbps: 40,
      });
    });

    it('keeps every integer bound inside the history column the value is stored in', () => {
      const SMALLINT = { min: -32_768, max: 32_767 };
      for (const range of [CLI_RANGES.channel, CLI_RANGES.clients]) {
        expect(range.min).toBeGreaterThanOrEqual(SMALLINT.min);
        expect(range.max).toBeLessThanOrEqual(SMALLINT.max);
      }
      // bigint holds more, but the value passes through a JS number first.
      expect(Number.isSafeInteger(CLI_RANGES.uptimeSec.max)).toBe(true);
    });
  });

  describe(parseShowGps.name, () => {
    const GPS = [
      'fix: 3d',
      'latitude: 58.625857',
      'longitude: -4.615491',
      'altitude: 462 m',
      'satellites: 7',
      'time: 2026-11-27T09:14:18.748Z',
    ];

    it('reads the position the radio reports', () => {
      expect(parseShowGps(GPS)).toEqual({
        fix: '3d',
        lat: 58.625857,
        lon: -4.615491,
        altitudeM: 462,
        satellites: 7,
        time: '2026-11-27T09:14:18.748Z',
      });
    });

    it('refuses a position off the globe', () => {
      expect(() => parseShowGps(GPS.map((l) => l.replace('58.625857', '91.5')))).toThrow(/latitude/);
    });
  });
});
