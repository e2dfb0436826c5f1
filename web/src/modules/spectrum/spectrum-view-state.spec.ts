import { describe, expect, it } from 'vitest';
import { parseSpectrumView, recordPeriod, serializeSpectrumView } from './spectrum-view-state';

describe(parseSpectrumView.name, () => {
  it('reads filters, sort, the open station and the record filters, dropping what makes no sense', () => {
    const view = parseSpectrumView(
      new URLSearchParams(
        'phase=muted,bogus,fatal&site=Lairg&alarm=1&sort=deadline&order=desc&station=bs1' +
          '&record-station=bs2&record-kind=configured,nope&record-range=7d&record-from=junk',
      ),
    );
    expect(view.filter).toEqual({ phase: ['muted', 'fatal'], site: 'Lairg', alarm: true });
    expect(view.sort).toEqual({ sort: 'deadline', order: 'desc' });
    expect(view.station).toBe('bs1');
    expect(view.records).toEqual({
      station: 'bs2',
      kinds: ['configured'],
      range: '7d',
      from: undefined,
      to: undefined,
    });
    expect(parseSpectrumView(new URLSearchParams('sort=bogus&record-range=2y')).sort.sort).toBe('name');
  });

  it('writes only what differs from the defaults, and leaves other keys alone', () => {
    const params = new URLSearchParams('theirs=1&phase=granted');
    const view = parseSpectrumView(params);
    const written = serializeSpectrumView(
      { ...view, filter: {}, records: { ...view.records, range: '6h' } },
      params,
    );
    expect(written.toString()).toBe('theirs=1&record-range=6h');
  });
});

describe(recordPeriod.name, () => {
  it('turns a range into a from before now, and keeps a fixed period as it is', () => {
    const now = Date.parse('2026-03-02T18:00:00.000Z');
    expect(recordPeriod({ range: '1h' }, now)).toEqual({ from: '2026-03-02T17:00:00.000Z' });
    expect(recordPeriod({ range: 'all' }, now)).toEqual({});
    expect(recordPeriod({ range: '1h', from: '2026-03-01T00:00:00.000Z' }, now)).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: undefined,
    });
  });
});
