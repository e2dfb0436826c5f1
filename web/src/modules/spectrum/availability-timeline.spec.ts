import { describe, expect, it } from 'vitest';
import type { AvailabilitySlice } from '@wsnoc/shared';
import { buildTimeline } from './availability-timeline';

const T0 = Date.parse('2026-03-02T18:00:00.000Z');
const H = 3_600_000;
const at = (hours: number): string => new Date(T0 + hours * H).toISOString();
const slice = (from: number, to: number, channels: [number, number][]): AvailabilitySlice => ({
  from: at(from),
  to: at(to),
  channels: channels.map(([channel, maxEirpDbm]) => ({ channel, maxEirpDbm })),
});

describe(buildTimeline.name, () => {
  it('merges consecutive slices of one channel at one power, and splits where the power changes', () => {
    const timeline = buildTimeline(
      [
        slice(0, 2, [
          [23, 30],
          [25, 36],
        ]),
        slice(2, 4, [
          [23, 30],
          [25, 30],
        ]),
        slice(4, 24, [
          [23, 30],
          [25, 30],
        ]),
      ],
      null,
      T0,
    );
    const ch23 = timeline.rows.find((row) => row.channel === 23)!;
    const ch25 = timeline.rows.find((row) => row.channel === 25)!;
    expect(ch23.segments).toEqual([{ from: T0, to: T0 + 24 * H, startPct: 0, endPct: 100, maxEirpDbm: 30 }]);
    expect(ch25.segments.map((s) => [s.from, s.to, s.maxEirpDbm])).toEqual([
      [T0, T0 + 2 * H, 36],
      [T0 + 2 * H, T0 + 24 * H, 30],
    ]);
    expect(ch25.segments[1]!.startPct).toBeCloseTo((2 / 24) * 100);
    expect(timeline.threat).toBeNull();
    expect(timeline.knownUntil).toBeNull();
  });

  it('puts the granted channel first and finds its upcoming withdrawal and return', () => {
    const timeline = buildTimeline(
      [
        slice(0, 2, [
          [26, 30],
          [23, 30],
        ]),
        slice(2, 4, [[26, 30]]),
        slice(4, 24, [
          [23, 30],
          [26, 30],
        ]),
      ],
      { channel: 23, eirpDbm: 30 },
      T0,
    );
    expect(timeline.rows.map((row) => [row.channel, row.granted])).toEqual([
      [23, true],
      [26, false],
    ]);
    expect(timeline.rows[0]!.segments).toHaveLength(2);
    expect(timeline.threat).toEqual({
      kind: 'withdrawn',
      at: T0 + 2 * H,
      until: T0 + 4 * H,
      maxEirpDbm: null,
    });
  });

  it('reports a limit that drops below the grant, and clips slices to the window', () => {
    const timeline = buildTimeline(
      [slice(-3, 5, [[40, 36]]), slice(5, 30, [[40, 27]])],
      { channel: 40, eirpDbm: 30 },
      T0,
    );
    const segments = timeline.rows[0]!.segments;
    expect(segments[0]).toMatchObject({ from: T0, startPct: 0, maxEirpDbm: 36 });
    expect(segments[1]).toMatchObject({ to: T0 + 24 * H, endPct: 100, maxEirpDbm: 27 });
    expect(timeline.threat).toEqual({ kind: 'reduced', at: T0 + 5 * H, until: null, maxEirpDbm: 27 });
  });

  it('does not take the moments before the schedule starts (the last check) for a withdrawal', () => {
    const timeline = buildTimeline([slice(0.01, 24, [[30, 30]])], { channel: 30, eirpDbm: 30 }, T0);
    expect(timeline.threat).toBeNull();
  });

  it('calls a granted channel missing from the whole schedule withdrawn now', () => {
    const timeline = buildTimeline([slice(0, 24, [[30, 30]])], { channel: 22, eirpDbm: 30 }, T0);
    expect(timeline.rows[0]).toEqual({ channel: 22, granted: true, segments: [] });
    expect(timeline.threat).toEqual({ kind: 'withdrawn', at: T0, until: null, maxEirpDbm: null });
  });

  it('says where the schedule ends, and does not call the unknown after it a withdrawal', () => {
    const timeline = buildTimeline([slice(0, 20, [[30, 30]])], { channel: 30, eirpDbm: 30 }, T0);
    expect(timeline.knownUntil).toBe(T0 + 20 * H);
    expect(timeline.knownUntilPct).toBeCloseTo((20 / 24) * 100);
    expect(timeline.threat).toBeNull();
  });

  it('ticks every three hours on the hour, in UTC', () => {
    const timeline = buildTimeline([], null, T0 + 30 * 60_000);
    expect(timeline.ticks.slice(0, 3).map((tick) => tick.label)).toEqual(['21:00', '00:00', '03:00']);
    expect(timeline.rows).toEqual([]);
  });
});
