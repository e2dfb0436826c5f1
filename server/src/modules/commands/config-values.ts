// Between the shared configuration shapes and the driver's set items: which fields a change names, the
// items to send for them (in the radio's own order), and whether a configuration shows them running.
import { CONFIG_FIELD_NAMES, type ConfigField, type ConfigValues, type RadioConfig } from '@wsnoc/shared';
import type { ConfigSet } from '@/modules/driver/driver.types.js';

export function fieldsOf(values: ConfigValues): ConfigField[] {
  return CONFIG_FIELD_NAMES.filter((f) => values[f] !== undefined);
}

export function toConfigSets(values: ConfigValues): ConfigSet[] {
  const sets: ConfigSet[] = [];
  for (const field of fieldsOf(values)) {
    switch (field) {
      case 'hostname':
        sets.push({ kind: 'hostname', hostname: values.hostname! });
        break;
      case 'channel':
        sets.push({ kind: 'channel', channel: values.channel! });
        break;
      case 'txPowerDbm':
        sets.push({ kind: 'tx-power', dbm: values.txPowerDbm! });
        break;
      case 'enabled':
        sets.push({ kind: 'enabled', enabled: values.enabled! });
        break;
      case 'managementVlan':
        sets.push({ kind: 'management-vlan', vlan: values.managementVlan! });
        break;
      case 'snmpCommunity':
        sets.push({ kind: 'snmp-community', community: values.snmpCommunity! });
        break;
      case 'ntpServer':
        sets.push({ kind: 'ntp-server', server: values.ntpServer! });
        break;
    }
  }
  return sets;
}

/** The fields of `wanted` whose value `running` does not show. */
export function mismatches(running: RadioConfig, wanted: ConfigValues): ConfigField[] {
  return fieldsOf(wanted).filter((f) => running[f] !== wanted[f]);
}

/** The values `config` holds for `fields`: what a rollback restores. */
export function pick(config: RadioConfig, fields: readonly ConfigField[]): ConfigValues {
  const values: ConfigValues = {};
  for (const field of fields) {
    const value = config[field];
    if (value !== null) {
      Object.assign(values, { [field]: value });
    }
  }
  return values;
}
