import { describe, expect, it } from 'vitest';
import { CliParseError } from './cli-parsers.js';
import { parseRunningConfig } from './running-config.parser.js';

const BS = [
  'set system hostname bs-0001',
  'set radio channel 51',
  'set radio tx-power 28.5',
  'set radio enabled true',
  'set management vlan 100',
  'set snmp community wsnoc-ro',
  'set ntp server pool.ntp.org',
];

describe('parseRunningConfig', () => {
  it('reads every line of a base station', () => {
    expect(parseRunningConfig(BS)).toEqual({
      hostname: 'bs-0001',
      channel: 51,
      txPowerDbm: 28.5,
      enabled: true,
      managementVlan: 100,
      snmpCommunity: 'wsnoc-ro',
      ntpServer: 'pool.ntp.org',
    });
  });

  it('gives a CPE, which prints no channel line, a null channel', () => {
    expect(parseRunningConfig(BS.filter((l) => !l.includes('channel'))).channel).toBeNull();
  });

  it.each([
    [['set radio colour blue', ...BS], /unknown line/],
    [BS.filter((l) => !l.includes('hostname')), /hostname/],
    [BS.map((l) => l.replace('tx-power 28.5', 'tx-power lots')), /txPowerDbm is not a number/],
    [BS.map((l) => l.replace('enabled true', 'enabled maybe')), /enabled/],
  ])('refuses output it cannot read back with certainty (%#)', (lines, message) => {
    expect(() => parseRunningConfig(lines)).toThrow(CliParseError);
    expect(() => parseRunningConfig(lines)).toThrow(message);
  });
});
