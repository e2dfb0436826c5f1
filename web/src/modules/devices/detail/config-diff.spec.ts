import { describe, expect, it } from 'vitest';
import { diffFields, diffLines, sideBySide } from './config-diff';

const CONFIG = {
  hostname: 'bs-skye',
  channel: 30,
  txPowerDbm: 30,
  enabled: true,
  managementVlan: 100,
  snmpCommunity: 'wsnoc-ro',
  ntpServer: 'pool.ntp.org',
};

describe(diffLines.name, () => {
  it('marks every line the same when nothing changed', () => {
    expect(diffLines(['a', 'b'], ['a', 'b'])).toEqual([
      { change: 'same', text: 'a' },
      { change: 'same', text: 'b' },
    ]);
  });

  it('finds one changed line between common ones, the removed line first', () => {
    expect(diffLines(['a', 'power 30', 'c'], ['a', 'power 27', 'c'])).toEqual([
      { change: 'same', text: 'a' },
      { change: 'removed', text: 'power 30' },
      { change: 'added', text: 'power 27' },
      { change: 'same', text: 'c' },
    ]);
  });

  it('aligns on the longest common subsequence, not on position', () => {
    const lines = diffLines(['x', 'a', 'b', 'c', 'y'], ['a', 'q', 'b', 'c', 'z']);
    expect(lines.filter((l) => l.change === 'same').map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect(lines.filter((l) => l.change === 'removed').map((l) => l.text)).toEqual(['x', 'y']);
    expect(lines.filter((l) => l.change === 'added').map((l) => l.text)).toEqual(['q', 'z']);
  });

  it('handles an empty side', () => {
    expect(diffLines([], ['a'])).toEqual([{ change: 'added', text: 'a' }]);
    expect(diffLines(['a'], [])).toEqual([{ change: 'removed', text: 'a' }]);
  });

  it('keeps repeated lines apart', () => {
    const lines = diffLines(['a', 'a'], ['a', 'b', 'a']);
    expect(lines.map((l) => `${l.change}:${l.text}`)).toEqual(['same:a', 'added:b', 'same:a']);
  });

  it('still answers, unaligned, for versions far too large to align', () => {
    const before = Array.from({ length: 1_500 }, (_, i) => `a${i}`);
    const after = Array.from({ length: 1_500 }, (_, i) => `b${i}`);
    const lines = diffLines(['head', ...before, 'tail'], ['head', ...after, 'tail']);
    expect(lines).toHaveLength(3_002);
    expect(lines[0]).toEqual({ change: 'same', text: 'head' });
    expect(lines[1]).toEqual({ change: 'removed', text: 'a0' });
    expect(lines[1_501]).toEqual({ change: 'added', text: 'b0' });
    expect(lines.at(-1)).toEqual({ change: 'same', text: 'tail' });
  });
});

describe(sideBySide.name, () => {
  it('sets a changed line against its replacement on one row, with line numbers per side', () => {
    const rows = sideBySide(diffLines(['a', 'power 30', 'c'], ['a', 'power 27', 'extra', 'c']));
    expect(rows).toEqual([
      { left: { text: 'a', change: 'same', number: 1 }, right: { text: 'a', change: 'same', number: 1 } },
      {
        left: { text: 'power 30', change: 'removed', number: 2 },
        right: { text: 'power 27', change: 'added', number: 2 },
      },
      { left: null, right: { text: 'extra', change: 'added', number: 3 } },
      { left: { text: 'c', change: 'same', number: 3 }, right: { text: 'c', change: 'same', number: 4 } },
    ]);
  });

  it('leaves the right side empty for a removed line', () => {
    expect(sideBySide(diffLines(['a', 'b'], ['a']))[1]).toEqual({
      left: { text: 'b', change: 'removed', number: 2 },
      right: null,
    });
  });
});

describe(diffFields.name, () => {
  it('names the fields that differ, in field order', () => {
    expect(diffFields(CONFIG, { ...CONFIG, txPowerDbm: 27.5, hostname: 'bs-2' })).toEqual([
      { field: 'hostname', before: 'bs-skye', after: 'bs-2' },
      { field: 'txPowerDbm', before: 30, after: 27.5 },
    ]);
    expect(diffFields(CONFIG, { ...CONFIG })).toEqual([]);
  });
});
