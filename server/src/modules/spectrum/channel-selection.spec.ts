import type { AvailabilitySlice } from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import { permittedAt, runOf, selectChannel } from './channel-selection.js';

const T0 = Date.parse('2026-12-01T12:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const slice = (from: number, to: number, channels: [number, number][]): AvailabilitySlice => ({
  from: at(from).toISOString(),
  to: at(to).toISOString(),
  channels: channels.map(([channel, maxEirpDbm]) => ({ channel, maxEirpDbm })),
});

// 30 is fine all day; 31 is withdrawn from minute 60; 32 allows 20 dBm only.
const SCHEDULE = [
  slice(0, 60, [
    [30, 36],
    [31, 36],
    [32, 20],
  ]),
  slice(60, 1440, [
    [30, 33],
    [32, 20],
  ]),
];

describe('channel selection', () => {
  it('reads the slice containing a moment, start inclusive and stop exclusive', () => {
    expect(permittedAt(SCHEDULE, at(0)).map((c) => c.channel)).toEqual([30, 31, 32]);
    expect(permittedAt(SCHEDULE, at(60)).map((c) => c.channel)).toEqual([30, 32]);
    expect(permittedAt(SCHEDULE, at(1440))).toEqual([]);
  });

  it('finds how long a channel stays permitted and its lowest limit before the horizon', () => {
    expect(runOf(SCHEDULE, 31, at(10), at(25))).toEqual({ until: at(60), minEirpDbm: 36 });
    expect(runOf(SCHEDULE, 30, at(10), at(90))).toEqual({ until: at(1440), minEirpDbm: 33 });
    expect(runOf(SCHEDULE, 33, at(10), at(25))).toBeNull();
  });

  it('keeps the current channel while it is permitted, capping the power to what holds until the next check', () => {
    const chosen = selectChannel({
      schedule: SCHEDULE,
      at: at(10),
      horizon: at(70),
      desiredEirpDbm: 34.5,
      currentChannel: 30,
    });
    expect(chosen).toEqual({ channel: 30, eirpDbm: 33, validUntil: at(1440) });
  });

  it('moves off a channel that is not permitted, to the one allowing the most power', () => {
    const chosen = selectChannel({
      schedule: SCHEDULE,
      at: at(70),
      horizon: at(85),
      desiredEirpDbm: 30,
      currentChannel: 31,
    });
    expect(chosen?.channel).toBe(30);
  });

  it('does not keep a channel that would cost much of the desired power when another carries it', () => {
    const chosen = selectChannel({
      schedule: SCHEDULE,
      at: at(10),
      horizon: at(20),
      desiredEirpDbm: 30,
      currentChannel: 32,
    });
    expect(chosen).toMatchObject({ channel: 30, eirpDbm: 30 });
  });

  it('takes the planned channel when permitted, and never a channel outside the schedule', () => {
    expect(
      selectChannel({
        schedule: SCHEDULE,
        at: at(10),
        horizon: at(20),
        desiredEirpDbm: 30,
        currentChannel: 30,
        plannedChannel: 31,
      })?.channel,
    ).toBe(31);
    expect(
      selectChannel({
        schedule: SCHEDULE,
        at: at(70),
        horizon: at(80),
        desiredEirpDbm: 30,
        currentChannel: 30,
        plannedChannel: 31,
      })?.channel,
    ).toBe(30);
    expect(
      selectChannel({ schedule: [], at: at(0), horizon: at(1), desiredEirpDbm: 30, currentChannel: 30 }),
    ).toBeNull();
  });

  it('rounds a limit down to the radio grammar, never up past it', () => {
    const schedule = [slice(0, 60, [[40, 27.96]])];
    expect(
      selectChannel({ schedule, at: at(0), horizon: at(10), desiredEirpDbm: 33, currentChannel: 40 })
        ?.eirpDbm,
    ).toBe(27.9);
  });
});
