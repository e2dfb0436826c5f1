import { describe, expect, it } from 'vitest';
import { buildCommitLine, buildSetLine, validateTarget } from './cli-commands.js';
import { DriverError } from './driver.errors.js';

const ID = 'bs-0001';

describe('cli commands', () => {
  describe(buildSetLine.name, () => {
    it('builds each documented set line', () => {
      expect(buildSetLine(ID, { kind: 'channel', channel: 22 })).toBe('set radio channel 22');
      expect(buildSetLine(ID, { kind: 'tx-power', dbm: 30 })).toBe('set radio tx-power 30');
      expect(buildSetLine(ID, { kind: 'tx-power', dbm: 20.5 })).toBe('set radio tx-power 20.5');
      expect(buildSetLine(ID, { kind: 'enabled', enabled: false })).toBe('set radio enabled false');
      expect(buildSetLine(ID, { kind: 'hostname', hostname: 'mast-7' })).toBe('set system hostname mast-7');
      expect(buildSetLine(ID, { kind: 'management-vlan', vlan: 4094 })).toBe('set management vlan 4094');
      expect(buildSetLine(ID, { kind: 'snmp-community', community: 'ro#1' })).toBe('set snmp community ro#1');
      expect(buildSetLine(ID, { kind: 'ntp-server', server: '10.0.0.1' })).toBe('set ntp server 10.0.0.1');
    });

    it.each([
      ['a newline in a hostname', { kind: 'hostname', hostname: 'a\nb' }],
      ['a carriage return in a community', { kind: 'snmp-community', community: 'ro\r' }],
      ['a space in a community', { kind: 'snmp-community', community: 'r o' }],
      ['a NUL in an NTP server', { kind: 'ntp-server', server: 'ntp\u0000x' }],
      ['a fractional channel', { kind: 'channel', channel: 2.5 }],
      ['a channel given as text', { kind: 'channel', channel: '22' }],
      ['two decimals of power', { kind: 'tx-power', dbm: 20.25 }],
      ['VLAN 0', { kind: 'management-vlan', vlan: 0 }],
    ])('rejects %s as invalid-input', (_what, item) => {
      expect(() => buildSetLine(ID, item as never)).toThrow(DriverError);
      try {
        buildSetLine(ID, item as never);
      } catch (err) {
        expect((err as DriverError).kind).toBe('invalid-input');
        expect((err as DriverError).message).not.toMatch(/[\r\n\0]/);
      }
    });
  });

  describe(buildCommitLine.name, () => {
    it('builds plain and confirmed commits', () => {
      expect(buildCommitLine(ID, undefined)).toBe('commit');
      expect(buildCommitLine(ID, 10)).toBe('commit confirmed 10');
      expect(buildCommitLine(ID, 0.05)).toBe('commit confirmed 0.05');
    });

    it('refuses zero, negative and over-a-day minutes', () => {
      for (const m of [0, -1, 1441, Number.NaN]) {
        expect(() => buildCommitLine(ID, m)).toThrow(/confirmedMinutes/);
      }
    });
  });

  describe(validateTarget.name, () => {
    const ok = {
      id: ID,
      host: '127.0.0.1',
      port: 23,
      username: 'admin',
      password: 's3cret',
      role: 'cpe' as const,
    };

    it('accepts a clean target', () => {
      expect(() => validateTarget(ok)).not.toThrow();
    });

    it('refuses a password with a newline without echoing it', () => {
      expect(() => validateTarget({ ...ok, password: 'x\nreboot' })).toThrow(/password must be/);
      try {
        validateTarget({ ...ok, password: 'x\nreboot' });
      } catch (err) {
        expect((err as Error).message).not.toContain('reboot');
      }
    });

    it('refuses a host with spaces and a port out of range', () => {
      expect(() => validateTarget({ ...ok, host: 'a b' })).toThrow(/host/);
      expect(() => validateTarget({ ...ok, port: 70000 })).toThrow(/port/);
    });
  });
});
