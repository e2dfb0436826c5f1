// Builds every line the driver sends to a radio from validated values. Validation happens here, before a
// session is touched, so a bad value can never reach a CLI half-way through a configuration: the caller
// gets an invalid-input DriverError and nothing is sent.
import { DriverError } from './driver.errors.js';
import type { ConfigSet, DeviceTarget } from './driver.types.js';

const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
const COMMUNITY = /^[\x21-\x7e]{1,32}$/;
const NTP_SERVER = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;
/** Login words travel as one telnet line: printable ASCII, no spaces, nothing the line discipline eats. */
const LOGIN_WORD = /^[\x21-\x7e]{1,128}$/;
const DEVICE_HOST = /^[A-Za-z0-9.:-]{1,253}$/;
/** The documented ceiling of `commit confirmed` (one day). */
const MAX_CONFIRM_MINUTES = 1440;

export const SHOW_SYSTEM = 'show system';
export const SHOW_RADIO = 'show radio';
export const SHOW_CLIENTS = 'show clients';
export const SHOW_LINK = 'show link';
export const SHOW_GPS = 'show gps';
export const SHOW_RUNNING_CONFIG = 'show running-config';
export const CONFIGURE = 'configure';
export const COMMIT = 'commit';
export const EXIT = 'exit';
export const REBOOT = 'reboot';

function invalid(deviceId: string, message: string): DriverError {
  return new DriverError('invalid-input', deviceId, message);
}

function integerIn(deviceId: string, what: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(deviceId, `${what} must be an integer from ${min} to ${max}, got ${describe(v)}`);
  }
  return v;
}

function matching(deviceId: string, what: string, v: unknown, re: RegExp, rule: string): string {
  if (typeof v !== 'string' || !re.test(v)) {
    throw invalid(deviceId, `${what} ${rule}, got ${describe(v)}`);
  }
  return v;
}

/** Says what a rejected value was without echoing control characters into logs. */
function describe(v: unknown): string {
  if (typeof v === 'string') {
    return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  }
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
}

/** The `set ...` line for one item; throws invalid-input for any value the radio's grammar would refuse. */
export function buildSetLine(deviceId: string, item: ConfigSet): string {
  // the union is a compile-time promise only; callers may hand us parsed JSON, so re-check at run time
  const kind: unknown = (item as { kind?: unknown } | null)?.kind;
  switch (item.kind) {
    case 'channel':
      return `set radio channel ${integerIn(deviceId, 'channel', item.channel, 1, 999)}`;
    case 'tx-power': {
      const dbm = item.dbm;
      if (typeof dbm !== 'number' || !Number.isFinite(dbm) || dbm < 0 || dbm > 99.9) {
        throw invalid(deviceId, `tx-power must be a number from 0 to 99.9 dBm, got ${describe(dbm)}`);
      }
      const rounded = Math.round(dbm * 10) / 10;
      if (Math.abs(rounded - dbm) > 1e-9) {
        throw invalid(deviceId, `tx-power takes at most one decimal, got ${dbm}`);
      }
      return `set radio tx-power ${Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1)}`;
    }
    case 'enabled':
      if (typeof item.enabled !== 'boolean') {
        throw invalid(deviceId, `enabled must be true or false, got ${describe(item.enabled)}`);
      }
      return `set radio enabled ${String(item.enabled)}`;
    case 'hostname':
      return `set system hostname ${matching(deviceId, 'hostname', item.hostname, HOSTNAME, 'must be 1-32 letters, digits or dashes, starting with a letter or digit')}`;
    case 'management-vlan':
      return `set management vlan ${integerIn(deviceId, 'management vlan', item.vlan, 1, 4094)}`;
    case 'snmp-community':
      return `set snmp community ${matching(deviceId, 'snmp community', item.community, COMMUNITY, 'must be 1-32 printable characters without spaces')}`;
    case 'ntp-server':
      return `set ntp server ${matching(deviceId, 'ntp server', item.server, NTP_SERVER, 'must be a host name or IPv4 address')}`;
    default: {
      const never: never = item;
      throw invalid(deviceId, `unknown configuration item ${describe(kind ?? never)}`);
    }
  }
}

/** `commit` or `commit confirmed N`, N in minutes (the lab accepts up to three decimals). */
export function buildCommitLine(deviceId: string, confirmedMinutes: number | undefined): string {
  if (confirmedMinutes === undefined) {
    return COMMIT;
  }
  const m = confirmedMinutes;
  if (typeof m !== 'number' || !Number.isFinite(m) || m <= 0 || m > MAX_CONFIRM_MINUTES) {
    throw invalid(
      deviceId,
      `confirmedMinutes must be above 0 and at most ${MAX_CONFIRM_MINUTES}, got ${describe(m)}`,
    );
  }
  const text = Number.isInteger(m) ? String(m) : String(Math.round(m * 1000) / 1000);
  if (!/^\d{1,4}(?:\.\d{1,3})?$/.test(text) || Number(text) <= 0) {
    throw invalid(deviceId, `confirmedMinutes takes at most three decimals, got ${m}`);
  }
  return `${COMMIT} confirmed ${text}`;
}

/** Checks what login and connect will send, so a poisoned inventory row fails before any I/O. */
export function validateTarget(target: DeviceTarget): void {
  const id = typeof target.id === 'string' && target.id.length > 0 ? target.id : '(no id)';
  if (id === '(no id)') {
    throw invalid(id, 'device id is required');
  }
  matching(id, 'host', target.host, DEVICE_HOST, 'must be an IP address or DNS name');
  integerIn(id, 'port', target.port, 1, 65535);
  matching(id, 'username', target.username, LOGIN_WORD, 'must be printable ASCII without spaces');
  if (typeof target.password !== 'string' || !LOGIN_WORD.test(target.password)) {
    // never describe the password itself: secrets stay out of errors and logs
    throw invalid(id, 'password must be 1-128 printable ASCII characters without spaces');
  }
  if (target.role !== 'base-station' && target.role !== 'cpe') {
    throw invalid(id, `role must be base-station or cpe, got ${describe(target.role)}`);
  }
}

/** The first `% ...` line of a command's output: the CLI's way of saying it refused. */
export function deviceErrorLine(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    if (line.startsWith('%')) {
      return line;
    }
  }
  return undefined;
}
