// Turns the radio CLI's `show` output (docs/device-cli.md; simulator/src/device/show-output.ts) into the
// shared DeviceSample pieces. Parsers are pure and strict: a missing, malformed or implausible field
// throws CliParseError naming it, because a silently wrong sample is worse than a failed poll.
import type { DeviceSample, LinkSample } from '@wsnoc/shared';

export class CliParseError extends Error {
  override readonly name = 'CliParseError';
}

type Fields = Map<string, string>;

interface Range {
  min: number;
  max: number;
  integer?: boolean;
  /** 'reject' (the default): the whole sample is refused. 'null': only this field becomes unknown. */
  outside?: 'reject' | 'null';
}

/**
 * What a TV white-space radio can plausibly report, per field. Every bound also fits the history column
 * the value ends in (server/src/infra/database/migrations/*-create-telemetry.ts), so a sample that parses
 * can always be stored: one radio's garbage must never make a whole history batch fail.
 *
 * A value outside its range is a parse error for the whole sample (the poll fails and lastError names
 * the field and value), not a null for that field, because:
 * - channel, frequency, bandwidth and tx-power say what the radio emits; the live row, the history and the
 *   grant watchdog all trust them. Null already means "no channel" (`none`), so nulling a channel of
 *   40000 would tell the console the radio is silent when nobody knows what it does.
 * - uptime and temperature are required in DeviceSample (no null to fall back to).
 * - rssi, snr, noise floor and throughput are the measurements the console exists to show. The radio
 *   prints `-` / `none` itself when it has nothing; a reading outside physics means its output is not what
 *   we think (a changed unit, a shifted column, a firmware bug), and turning it into "not measured" would
 *   hide exactly the fault the operator has to see.
 * - the clients count sizes the sector; a wrong one makes clients up / total meaningless.
 * The one exception is distance: informational only (it reaches neither the live row nor history nor
 * any status), so an implausible distance is dropped to null rather than costing the radio its sample.
 */
export const CLI_RANGES = {
  /** bigint column; 100 years, far inside Number.MAX_SAFE_INTEGER so it is also exact in JS. */
  uptimeSec: { min: 0, max: 100 * 365 * 86_400, integer: true },
  /** Inside the enclosure: arctic cold start to electronics at their limit. real column. */
  temperatureC: { min: -60, max: 150 },
  /** Every TV channel plan (VHF and UHF, ETSI 21-60, FCC 14-36) numbers within 1-99. smallint column. */
  channel: { min: 1, max: 99, integer: true },
  /** TV bands, VHF band I (47 MHz) to the top of UHF (862 MHz), with margin. */
  frequencyMHz: { min: 30, max: 1_000 },
  /** One to several TV channels (6, 7 or 8 MHz each). */
  bandwidthMHz: { min: 1, max: 40 },
  /** EIRP; the CLI accepts 0-36, rural rules allow up to about 42. real column. */
  txPowerDbm: { min: -20, max: 50 },
  /** Received power: a mast next door is about -20; the lab's path loss has no floor, hence the margin. */
  rssiDbm: { min: -180, max: 30 },
  /** Really SINR, which co-channel interference can push far below zero (the lab shows -20 and less). */
  snrDb: { min: -100, max: 100 },
  noiseFloorDbm: { min: -150, max: 0 },
  /** One link's capacity; a TV channel carries well under 100 Mbit/s, so 1,000 is generous. */
  throughputMbps: { min: 0, max: 1_000 },
  distanceKm: { min: 0, max: 500, outside: 'null' },
  /** CPEs behind one base station; smallint columns clients_up / clients_total. */
  clients: { min: 0, max: 1_000, integer: true },
} as const satisfies Record<string, Range>;

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

/**
 * A number with an optional unit suffix (`45.2 C`, `-61.0 dBm`), checked against its range; `none` or
 * `-` is null.
 */
function quantity(fields: Fields, what: string, key: string, range: Range, unit?: string): number | null {
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
  const n = toNumber(text, `${what}: ${key}`);
  if (range.outside === 'null' && (n < range.min || n > range.max)) {
    return null;
  }
  return inRange(n, range, what, key);
}

function required(v: number | null, what: string, key: string): number {
  if (v === null) {
    throw new CliParseError(`${what}: ${key} is none`);
  }
  return v;
}

// The CLI prints plain decimals. Number() would also take hex, exponents and "Infinity", none of which the
// radio prints, and 1e400 would become a number no column holds.
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

function toNumber(text: string, what: string): number {
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) {
    throw new CliParseError(`${what}: not a number: ${JSON.stringify(text)}`);
  }
  return n;
}

function inRange(n: number, range: Range, what: string, key: string): number {
  if (n < range.min || n > range.max) {
    throw new CliParseError(`${what}: ${key} ${n} is outside ${range.min}..${range.max}`);
  }
  if (range.integer === true && !Number.isInteger(n)) {
    throw new CliParseError(`${what}: ${key} is not an integer: ${n}`);
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
    uptimeSec: required(quantity(f, w, 'uptime-seconds', CLI_RANGES.uptimeSec), w, 'uptime-seconds'),
    temperatureC: required(quantity(f, w, 'temperature', CLI_RANGES.temperatureC, 'C'), w, 'temperature'),
  };
}

export function parseShowRadio(lines: readonly string[]): DeviceSample['radio'] {
  const f = parseKeyValues(lines);
  const w = 'show radio';
  const channel = quantity(f, w, 'channel', CLI_RANGES.channel);
  const state = field(f, w, 'state');
  if (state !== 'transmitting' && state !== 'muted') {
    throw new CliParseError(`${w}: state should be transmitting or muted, got ${JSON.stringify(state)}`);
  }
  return {
    channel,
    frequencyMHz: quantity(f, w, 'frequency', CLI_RANGES.frequencyMHz, 'MHz'),
    bandwidthMHz: required(quantity(f, w, 'bandwidth', CLI_RANGES.bandwidthMHz, 'MHz'), w, 'bandwidth'),
    txPowerDbm: required(quantity(f, w, 'tx-power', CLI_RANGES.txPowerDbm, 'dBm'), w, 'tx-power'),
    enabled: bool(f, w, 'enabled'),
    transmitting: state === 'transmitting',
    ruleset: rulesetOf(f.get('ruleset'), w),
    emissionClass: emissionClassOf(f.get('emission-class'), w),
  };
}

/** Which band plan the radio runs under; optional, as a radio of another family may not print it. */
function rulesetOf(raw: string | undefined, w: string): 'etsi' | 'fcc' | null {
  if (raw === undefined) {
    return null;
  }
  if (raw !== 'etsi' && raw !== 'fcc') {
    throw new CliParseError(`${w}: ruleset should be etsi or fcc, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** ETSI EN 301 598 emission class 1-5: what the database's adjacent-channel limits depend on. */
function emissionClassOf(raw: string | undefined, w: string): number | null {
  if (raw === undefined) {
    return null;
  }
  if (!/^[1-5]$/.test(raw)) {
    throw new CliParseError(`${w}: emission-class should be 1 to 5, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** `show gps` (docs/device-cli.md): where the radio says it is, for the white-space database. */
export interface GpsFix {
  fix: string;
  lat: number;
  lon: number;
  altitudeM: number;
  satellites: number;
  time: string;
}

export function parseShowGps(lines: readonly string[]): GpsFix {
  const f = parseKeyValues(lines);
  const w = 'show gps';
  const lat = required(quantity(f, w, 'latitude', { min: -90, max: 90 }), w, 'latitude');
  const lon = required(quantity(f, w, 'longitude', { min: -180, max: 180 }), w, 'longitude');
  return {
    fix: field(f, w, 'fix'),
    lat,
    lon,
    altitudeM: required(quantity(f, w, 'altitude', { min: -500, max: 10_000 }, 'm'), w, 'altitude'),
    satellites: required(quantity(f, w, 'satellites', { min: 0, max: 100, integer: true }), w, 'satellites'),
    time: field(f, w, 'time'),
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
  const count = inRange(
    toNumber(countLine.slice('clients: '.length).trim(), `${w}: clients`),
    CLI_RANGES.clients,
    w,
    'clients',
  );
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
    const cell = (text: string, range: Range, key: string): number =>
      inRange(toNumber(text, `${w}: ${hostname} ${key}`), range, w, `${hostname} ${key}`);
    links.push({
      peer: hostname,
      mac,
      up: state === 'up',
      rssiDbm: rssi === '-' ? null : cell(rssi, CLI_RANGES.rssiDbm, 'rssi'),
      snrDb: snr === '-' ? null : cell(snr, CLI_RANGES.snrDb, 'snr'),
      noiseFloorDbm: null,
      throughputMbps: cell(throughput, CLI_RANGES.throughputMbps, 'throughput'),
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
      rssiDbm: quantity(f, w, 'rssi', CLI_RANGES.rssiDbm, 'dBm'),
      snrDb: quantity(f, w, 'snr', CLI_RANGES.snrDb, 'dB'),
      noiseFloorDbm: quantity(f, w, 'noise-floor', CLI_RANGES.noiseFloorDbm, 'dBm'),
      throughputMbps: required(
        quantity(f, w, 'throughput', CLI_RANGES.throughputMbps, 'Mbps'),
        w,
        'throughput',
      ),
      distanceKm: quantity(f, w, 'distance', CLI_RANGES.distanceKm, 'km'),
      modulation: modulation === 'none' ? null : modulation,
    },
  ];
}
