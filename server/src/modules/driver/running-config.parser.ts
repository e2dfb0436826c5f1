// `show running-config` (docs/device-cli.md section 6) into the shared RadioConfig. Strict like the other
// parsers: a line the console does not understand, or a value outside the CLI's own grammar, throws
// CliParseError, because a read-back that guesses cannot prove a change.
import { type RadioConfig, RadioConfigSchema } from '@wsnoc/shared';
import { CliParseError } from './cli-parsers.js';

const LINES: Record<string, keyof RadioConfig> = {
  'set system hostname ': 'hostname',
  'set radio channel ': 'channel',
  'set radio tx-power ': 'txPowerDbm',
  'set radio enabled ': 'enabled',
  'set management vlan ': 'managementVlan',
  'set snmp community ': 'snmpCommunity',
  'set ntp server ': 'ntpServer',
};

const NUMBER = /^\d+(?:\.\d+)?$/;

export function parseRunningConfig(lines: readonly string[]): RadioConfig {
  const raw: Partial<Record<keyof RadioConfig, string>> = {};
  for (const line of lines) {
    const text = line.trim();
    if (!text) {
      continue;
    }
    const prefix = Object.keys(LINES).find((p) => text.startsWith(p));
    if (!prefix) {
      throw new CliParseError(`running-config: unknown line ${JSON.stringify(text.slice(0, 60))}`);
    }
    raw[LINES[prefix]!] = text.slice(prefix.length);
  }
  const number = (key: keyof RadioConfig): number | undefined => {
    const v = raw[key];
    if (v === undefined) {
      return undefined;
    }
    if (!NUMBER.test(v)) {
      throw new CliParseError(`running-config: ${key} is not a number: ${JSON.stringify(v)}`);
    }
    return Number(v);
  };
  const enabled = raw.enabled;
  const parsed = RadioConfigSchema.safeParse({
    hostname: raw.hostname,
    // A CPE prints no channel line: it follows its base station.
    channel: number('channel') ?? null,
    txPowerDbm: number('txPowerDbm'),
    enabled: enabled === 'true' ? true : enabled === 'false' ? false : enabled,
    managementVlan: number('managementVlan'),
    snmpCommunity: raw.snmpCommunity,
    ntpServer: raw.ntpServer,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliParseError(`running-config: ${issue.path.join('.') || 'config'}: ${issue.message}`);
  }
  return parsed.data;
}
