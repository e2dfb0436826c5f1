// The radio's configuration model: what `set` accepts, how a value is validated, and how a configuration
// prints as `set ...` lines. The CLI, commit and the control API all validate through here, so a value a
// radio would refuse can never reach its running configuration by any path.
import type { ChannelPlan, RadioConfig, RadioRole } from '@wsnoc/shared';

export interface ConfigContext {
  role: RadioRole;
  plan: ChannelPlan;
}

export type SetResult = { ok: true; config: RadioConfig } | { ok: false; error: string };

type Field = 'channel' | 'tx-power' | 'enabled' | 'hostname' | 'vlan' | 'community' | 'ntp-server';

const PATHS: Record<string, Field> = {
  'radio channel': 'channel',
  'radio tx-power': 'tx-power',
  'radio enabled': 'enabled',
  'system hostname': 'hostname',
  'management vlan': 'vlan',
  'snmp community': 'community',
  'ntp server': 'ntp-server',
};

const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
const COMMUNITY = /^[\x21-\x7e]{1,32}$/;
const NTP_SERVER = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/;
const INTEGER = /^\d{1,6}$/;
const DECIMAL = /^-?\d{1,3}(?:\.\d)?$/;

/** Applies `set <a> <b> <value>` (words after `set`) to a candidate, or says what is wrong. */
export function applySet(words: readonly string[], candidate: RadioConfig, ctx: ConfigContext): SetResult {
  const field = PATHS[`${words[0] ?? ''} ${words[1] ?? ''}`];
  if (!field) {
    return { ok: false, error: `% Unknown command: set ${words.join(' ')}`.trimEnd() };
  }
  const raw = words.slice(2).join(' ');
  if (raw === '') {
    return { ok: false, error: `% Missing value for ${field}` };
  }
  if (field === 'channel' && ctx.role === 'cpe') {
    return { ok: false, error: '% Not supported on a CPE: radio channel (a CPE follows its base station)' };
  }
  const value = parseValue(field, raw, ctx);
  if (value === undefined) {
    return { ok: false, error: `% Invalid value for ${field}: ${raw}` };
  }
  return { ok: true, config: withField(candidate, field, value) };
}

function parseValue(field: Field, raw: string, ctx: ConfigContext): number | boolean | string | undefined {
  switch (field) {
    case 'channel': {
      const n = INTEGER.test(raw) ? Number(raw) : NaN;
      return ctx.plan.isValidChannel(n) ? n : undefined;
    }
    case 'tx-power': {
      const n = DECIMAL.test(raw) ? Number(raw) : NaN;
      return n >= 0 && n <= ctx.plan.maxEirpDbm ? n : undefined;
    }
    case 'enabled':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'vlan': {
      const n = INTEGER.test(raw) ? Number(raw) : NaN;
      return n >= 1 && n <= 4094 ? n : undefined;
    }
    case 'hostname':
      return HOSTNAME.test(raw) ? raw : undefined;
    case 'community':
      return COMMUNITY.test(raw) ? raw : undefined;
    case 'ntp-server':
      return NTP_SERVER.test(raw) ? raw : undefined;
  }
}

function withField(cfg: RadioConfig, field: Field, value: number | boolean | string): RadioConfig {
  switch (field) {
    case 'channel':
      return { ...cfg, channel: Number(value) };
    case 'tx-power':
      return { ...cfg, txPowerDbm: Number(value) };
    case 'enabled':
      return { ...cfg, enabled: value === true };
    case 'vlan':
      return { ...cfg, managementVlan: Number(value) };
    case 'hostname':
      return { ...cfg, hostname: String(value) };
    case 'community':
      return { ...cfg, snmpCommunity: String(value) };
    case 'ntp-server':
      return { ...cfg, ntpServer: String(value) };
  }
}

/** Re-checks a whole configuration; commit and the control API call this before applying anything. */
export function validateConfig(cfg: RadioConfig, ctx: ConfigContext): string | null {
  const lines = renderConfig(cfg, ctx.role);
  let probe: RadioConfig = cfg;
  for (const line of lines) {
    const result = applySet(line.split(' ').slice(1), probe, ctx);
    if (!result.ok) {
      return result.error;
    }
    probe = result.config;
  }
  if (ctx.role === 'base-station' && cfg.channel === null) {
    return '% Missing value for channel';
  }
  return null;
}

/** The configuration as the `set ...` lines `show running-config` prints, in a fixed order. */
export function renderConfig(cfg: RadioConfig, role: RadioRole): string[] {
  const lines = [`set system hostname ${cfg.hostname}`];
  if (role === 'base-station' && cfg.channel !== null) {
    lines.push(`set radio channel ${cfg.channel}`);
  }
  lines.push(
    `set radio tx-power ${formatPower(cfg.txPowerDbm)}`,
    `set radio enabled ${String(cfg.enabled)}`,
    `set management vlan ${cfg.managementVlan}`,
    `set snmp community ${cfg.snmpCommunity}`,
    `set ntp server ${cfg.ntpServer}`,
  );
  return lines;
}

export function formatPower(dbm: number): string {
  return Number.isInteger(dbm) ? String(dbm) : dbm.toFixed(1);
}

/** `show | compare`: removed lines with `- `, added lines with `+ `, in running-config order. */
export function compareConfigs(running: RadioConfig, candidate: RadioConfig, role: RadioRole): string[] {
  const before = renderConfig(running, role);
  const after = renderConfig(candidate, role);
  const out: string[] = [];
  for (const line of before) {
    if (!after.includes(line)) {
      out.push(`- ${line}`);
    }
  }
  for (const line of after) {
    if (!before.includes(line)) {
      out.push(`+ ${line}`);
    }
  }
  return out;
}

export function sameConfig(a: RadioConfig, b: RadioConfig): boolean {
  return (
    a.hostname === b.hostname &&
    a.channel === b.channel &&
    a.txPowerDbm === b.txPowerDbm &&
    a.enabled === b.enabled &&
    a.managementVlan === b.managementVlan &&
    a.snmpCommunity === b.snmpCommunity &&
    a.ntpServer === b.ntpServer
  );
}
