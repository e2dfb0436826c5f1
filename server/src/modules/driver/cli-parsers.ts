// Turns the radio CLI's `show` output (docs/device-cli.md; simulator/src/device/show-output.ts) into the
// shared DeviceSample pieces. Parsers are pure and strict: a missing or malformed field throws
// CliParseError naming it, because a silently wrong sample is worse than a failed poll.
import type { DeviceSample, LinkSample } from '@wsnoc/shared';

export class CliParseError extends Error {
  override readonly name = 'CliParseError';
}

type Fields = Map<string, string>;

/** `key: value` lines into a map; lines without `: ` (blank, banners) are ignored. */
export function parseKeyValues(lines: readonly string[]): Fields {
  const out: Fields = new Map();
  for (const line of lines) {
    const at = line.indexOf(': ');
    if (at > 0) {
      out.set(line.slice(0, at).trim(), line.slice(at + 2).trim());
    }
  }
  return out;
}

function field(fields: Fields, what: string, key: string): string {
  const v = fields.get(key);
  if (v === undefined || v === '') {
    throw new CliParseError(`${what}: missing ${key}`);
  }
  return v;
}

/** A number with an optional unit suffix (`45.2 C`, `-61.0 dBm`); `none` or `-` is null. */
function quantity(fields: Fields, what: string, key: string, unit?: string): number | null {
  const raw = field(fields, what, key);
  if (raw === 'none' || raw === '-') {
    return null;
  }
  let text = raw;
  if (unit !== undefined) {
    if (!raw.endsWith(` ${unit}`)) {
      throw new CliParseError(`${what}: ${key} should be in ${unit}, got ${JSON.stringify(raw)}`);
    }
    text = raw.slice(0, -unit.length - 1);
  }
  return toNumber(text, `${what}: ${key}`);
}

function required(v: number | null, what: string, key: string): number {
  if (v === null) {
    throw new CliParseError(`${what}: ${key} is none`);
  }
  return v;
}

function toNumber(text: string, what: string): number {
  const n = text === '' ? NaN : Number(text);
  if (!Number.isFinite(n)) {
    throw new CliParseError(`${what}: not a number: ${JSON.stringify(text)}`);
  }
  return n;
}

function bool(fields: Fields, what: string, key: string): boolean {
  const raw = field(fields, what, key);
  if (raw === 'true') {
    return true;
  }
  if (raw === 'false') {
    return false;
  }
  throw new CliParseError(`${what}: ${key} should be true or false, got ${JSON.stringify(raw)}`);
}

export function parseShowSystem(lines: readonly string[]): DeviceSample['system'] {
  const f = parseKeyValues(lines);
  const w = 'show system';
  return {
    hostname: field(f, w, 'hostname'),
    model: field(f, w, 'model'),
    serial: field(f, w, 'serial'),
    firmware: field(f, w, 'firmware'),
    uptimeSec: required(quantity(f, w, 'uptime-seconds'), w, 'uptime-seconds'),
    temperatureC: required(quantity(f, w, 'temperature', 'C'), w, 'temperature'),
  };
}

export function parseShowRadio(lines: readonly string[]): DeviceSample['radio'] {
  const f = parseKeyValues(lines);
  const w = 'show radio';
  const channel = quantity(f, w, 'channel');
  if (channel !== null && !Number.isInteger(channel)) {
    throw new CliParseError(`${w}: channel is not an integer: ${channel}`);
  }
  const state = field(f, w, 'state');
  if (state !== 'transmitting' && state !== 'muted') {
    throw new CliParseError(`${w}: state should be transmitting or muted, got ${JSON.stringify(state)}`);
  }
  return {
    channel,
    frequencyMHz: quantity(f, w, 'frequency', 'MHz'),
    bandwidthMHz: required(quantity(f, w, 'bandwidth', 'MHz'), w, 'bandwidth'),
    txPowerDbm: required(quantity(f, w, 'tx-power', 'dBm'), w, 'tx-power'),
    enabled: bool(f, w, 'enabled'),
    transmitting: state === 'transmitting',
  };
}

const CLIENT_COLUMNS = ['ID', 'HOSTNAME', 'MAC', 'RSSI(dBm)', 'SNR(dB)', 'THROUGHPUT(Mbps)', 'STATE'];

/** `show clients` on a base station: a count line, a fixed header, then one whitespace-split row per CPE. */
export function parseShowClients(lines: readonly string[]): LinkSample[] {
  const w = 'show clients';
  const countLine = lines.find((l) => l.startsWith('clients: '));
  if (countLine === undefined) {
    throw new CliParseError(`${w}: missing clients count`);
  }
  const count = toNumber(countLine.slice('clients: '.length).trim(), `${w}: clients`);
  const headerAt = lines.findIndex((l) => l.startsWith('ID '));
  if (count === 0 && headerAt < 0) {
    return [];
  }
  const header = headerAt < 0 ? [] : (lines[headerAt] ?? '').trim().split(/\s+/);
  if (header.join(' ') !== CLIENT_COLUMNS.join(' ')) {
    throw new CliParseError(`${w}: unexpected header ${JSON.stringify(header.join(' '))}`);
  }
  const links: LinkSample[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length === 1 && cells[0] === '') {
      continue;
    }
    if (cells.length !== CLIENT_COLUMNS.length) {
      throw new CliParseError(
        `${w}: row has ${cells.length} cells, expected ${CLIENT_COLUMNS.length}: ${line}`,
      );
    }
    const [, hostname, mac, rssi, snr, throughput, state] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    links.push({
      peer: hostname,
      mac,
      up: state === 'up',
      rssiDbm: rssi === '-' ? null : toNumber(rssi, `${w}: rssi`),
      snrDb: snr === '-' ? null : toNumber(snr, `${w}: snr`),
      noiseFloorDbm: null,
      throughputMbps: toNumber(throughput, `${w}: throughput`),
      distanceKm: null,
      modulation: null,
    });
  }
  if (links.length !== count) {
    throw new CliParseError(`${w}: count says ${count} but ${links.length} rows followed`);
  }
  return links;
}

/** `show link` on a CPE: its one link to its base station; no base station means no link. */
export function parseShowLink(lines: readonly string[]): LinkSample[] {
  const f = parseKeyValues(lines);
  const w = 'show link';
  const peer = field(f, w, 'base-station');
  if (peer === 'none') {
    return [];
  }
  const state = field(f, w, 'state');
  const modulation = field(f, w, 'modulation');
  return [
    {
      peer,
      mac: null,
      up: state === 'up',
      rssiDbm: quantity(f, w, 'rssi', 'dBm'),
      snrDb: quantity(f, w, 'snr', 'dB'),
      noiseFloorDbm: quantity(f, w, 'noise-floor', 'dBm'),
      throughputMbps: required(quantity(f, w, 'throughput', 'Mbps'), w, 'throughput'),
      distanceKm: quantity(f, w, 'distance', 'km'),
      modulation: modulation === 'none' ? null : modulation,
    },
  ];
}
