import {
  BAND_PLANS,
  SpectrumSpecSchema,
  type Spectrum,
  type SpectrumSchedule,
  type SpectrumSpec,
} from '@wsnoc/shared';
import { describe, expect, it } from 'vitest';
import {
  DATABASE_RASTERS,
  availabilitySchedule,
  channelRange,
  channelsAt,
  channelsOf,
  nextChangeAfter,
  scheduleLimits,
  spectrumUse,
  timeBaseOf,
  type TimeBase,
} from './spectrum-availability.js';

const ETSI = BAND_PLANS.etsi;
const MHZ = 1e6;
const T0 = Date.parse('2026-03-02T14:30:21Z');
const HOUR = 3_600_000;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A flat profile over [fromMHz, toMHz) at dbm. */
const flat = (fromMHz: number, toMHz: number, dbm: number) => [
  { hz: fromMHz * MHZ, dbm },
  { hz: toMHz * MHZ, dbm },
];

const spectrum8 = (...profiles: { hz: number; dbm: number }[][]): Spectrum => ({
  resolutionBwHz: 8 * MHZ,
  profiles,
});

const slice = (fromMs: number, toMs: number, ...spectra: Spectrum[]): SpectrumSchedule => ({
  eventTime: { startTime: iso(fromMs), stopTime: iso(toMs) },
  spectra,
});

const spec = (...schedules: SpectrumSchedule[]): SpectrumSpec =>
  SpectrumSpecSchema.parse({
    rulesetInfo: {
      authority: 'GB',
      rulesetId: 'ETSI-EN-301-598-1.1.1',
      maxLocationChange: 50,
      maxPollingSecs: 900,
    },
    spectrumSchedules: schedules,
  });

const summary = (limits: { channel: number; maxEirpDbm: number }[]) =>
  limits.map((l) => `${l.channel}@${l.maxEirpDbm}`);

// The example of docs/simulator.md: 470-494 at 36 (ch 21-23); 574-606 at 36 then a step to 25 up to 614.
const DOC_SPECTRUM = spectrum8(flat(470, 494, 36), [
  { hz: 574 * MHZ, dbm: 36 },
  { hz: 606 * MHZ, dbm: 36 },
  { hz: 606 * MHZ, dbm: 25 },
  { hz: 614 * MHZ, dbm: 25 },
]);

describe('spectrum availability', () => {
  describe('channelRange', () => {
    it('places the ETSI and FCC rasters from 470 MHz', () => {
      expect(channelRange(ETSI, 21)).toEqual({ startHz: 470 * MHZ, stopHz: 478 * MHZ });
      expect(channelRange(ETSI, 60)).toEqual({ startHz: 782 * MHZ, stopHz: 790 * MHZ });
      expect(channelRange(BAND_PLANS.fcc, 14)).toEqual({ startHz: 470 * MHZ, stopHz: 476 * MHZ });
      expect(channelRange(DATABASE_RASTERS.fcc, 38)).toEqual({ startHz: 614 * MHZ, stopHz: 620 * MHZ });
    });

    it('leaves channel 37 out of the FCC database raster and 37-51 out of the radios plan', () => {
      expect(channelsOf(DATABASE_RASTERS.fcc)).toHaveLength(37);
      expect(channelsOf(DATABASE_RASTERS.fcc)).not.toContain(37);
      expect(channelsOf(BAND_PLANS.fcc).at(-1)).toBe(36);
    });
  });

  describe('scheduleLimits', () => {
    it('reads runs and vertical steps: each channel at the level of the step it lies in', () => {
      const limits = scheduleLimits(slice(T0, T0 + HOUR, DOC_SPECTRUM), ETSI);
      expect(summary(limits)).toEqual([
        '21@36',
        '22@36',
        '23@36',
        '34@36',
        '35@36',
        '36@36',
        '37@36',
        '38@25',
      ]);
    });

    it('takes the lowest level when a step falls inside a channel', () => {
      const s = spectrum8([
        { hz: 470 * MHZ, dbm: 30 },
        { hz: 474 * MHZ, dbm: 30 },
        { hz: 474 * MHZ, dbm: 20 },
        { hz: 486 * MHZ, dbm: 20 },
      ]);
      expect(summary(scheduleLimits(slice(T0, T0 + HOUR, s), ETSI))).toEqual(['21@20', '22@20']);
    });

    it('takes the lowest end of a sloping segment', () => {
      const s = spectrum8([
        { hz: 470 * MHZ, dbm: 30 },
        { hz: 486 * MHZ, dbm: 22 },
      ]);
      expect(summary(scheduleLimits(slice(T0, T0 + HOUR, s), ETSI))).toEqual(['21@26', '22@22']);
    });

    it('refuses a channel that a profile covers only in part, and joins adjacent profiles', () => {
      const partial = spectrum8(flat(470, 482, 30)); // ch 21 whole, ch 22 half
      expect(summary(scheduleLimits(slice(T0, T0 + HOUR, partial), ETSI))).toEqual(['21@30']);
      const joined = spectrum8(flat(470, 474, 30), flat(474, 478, 28));
      expect(summary(scheduleLimits(slice(T0, T0 + HOUR, joined), ETSI))).toEqual(['21@28']);
    });

    it('needs a channel in every spectrum, and gives the 100 kHz level beside the channel one', () => {
      const per100k: Spectrum = { resolutionBwHz: 1e5, profiles: [flat(470, 486, 17)] }; // no ch 23
      const limits = scheduleLimits(slice(T0, T0 + HOUR, DOC_SPECTRUM, per100k), ETSI);
      expect(limits).toEqual([
        { channel: 21, maxEirpDbm: 36, maxEirpDbmPer100kHz: 17 },
        { channel: 22, maxEirpDbm: 36, maxEirpDbmPer100kHz: 17 },
      ]);
    });

    it('derives the channel EIRP from a 100 kHz spectrum when it is the only one', () => {
      const per100k: Spectrum = { resolutionBwHz: 1e5, profiles: [flat(470, 478, 17)] };
      const [limit] = scheduleLimits(slice(T0, T0 + HOUR, per100k), ETSI);
      expect(limit?.channel).toBe(21);
      expect(limit?.maxEirpDbm).toBeCloseTo(17 + 10 * Math.log10(80), 6);
      expect(limit?.maxEirpDbmPer100kHz).toBe(17);
    });

    it('maps an FCC profile across channel 37 onto the raster that has no 37', () => {
      const s: Spectrum = { resolutionBwHz: 6 * MHZ, profiles: [flat(596, 620, 36)] }; // ch 35-38
      const sched = slice(T0, T0 + HOUR, s);
      expect(summary(scheduleLimits(sched, DATABASE_RASTERS.fcc))).toEqual(['35@36', '36@36', '38@36']);
      expect(summary(scheduleLimits(sched, BAND_PLANS.fcc))).toEqual(['35@36', '36@36']);
    });

    it('permits nothing in a schedule without spectra', () => {
      expect(scheduleLimits(slice(T0, T0 + HOUR), ETSI)).toEqual([]);
    });
  });

  describe('channelsAt', () => {
    const games = spec(
      slice(T0, T0 + 6 * HOUR, spectrum8(flat(758, 790, 36))), // ch 57-60
      slice(T0 + 6 * HOUR, T0 + 14 * HOUR, spectrum8(flat(758, 766, 36), flat(774, 790, 30))), // 58 withdrawn
      slice(T0 + 14 * HOUR, T0 + 24 * HOUR, spectrum8(flat(758, 790, 36))),
    );

    it('takes start as inclusive and stop as exclusive', () => {
      expect(summary(channelsAt(games, ETSI, T0))).toEqual(['57@36', '58@36', '59@36', '60@36']);
      expect(summary(channelsAt(games, ETSI, T0 + 6 * HOUR - 1))).toHaveLength(4);
      expect(summary(channelsAt(games, ETSI, T0 + 6 * HOUR))).toEqual(['57@36', '59@30', '60@30']);
      expect(summary(channelsAt(games, ETSI, T0 + 14 * HOUR))).toHaveLength(4);
    });

    it('permits nothing before the first schedule, after the last, or in a gap', () => {
      const gappy = spec(
        slice(T0, T0 + HOUR, spectrum8(flat(470, 478, 36))),
        slice(T0 + 2 * HOUR, T0 + 3 * HOUR, spectrum8(flat(470, 478, 36))),
      );
      expect(channelsAt(gappy, ETSI, T0 - 1)).toEqual([]);
      expect(channelsAt(gappy, ETSI, T0 + HOUR)).toEqual([]);
      expect(channelsAt(gappy, ETSI, T0 + 2 * HOUR)).toHaveLength(1);
      expect(channelsAt(gappy, ETSI, T0 + 3 * HOUR)).toEqual([]);
    });

    it('reads the schedule relative to the response timestamp', () => {
      // Our clock is 10 s ahead of the database's: every change comes 10 s later on our clock.
      const tb: TimeBase = { timestampMs: T0, offsetMs: 10_000, uncertaintyMs: 0 };
      expect(channelsAt(games, ETSI, T0 + 6 * HOUR + 5_000, tb)).toHaveLength(4);
      expect(channelsAt(games, ETSI, T0 + 6 * HOUR + 10_000, tb)).toHaveLength(3);
    });

    it('starts a grant late and ends it early by the uncertainty, but keeps a channel granted throughout', () => {
      const tb: TimeBase = { timestampMs: T0, offsetMs: 0, uncertaintyMs: 1_500 };
      const boundary = T0 + 6 * HOUR;
      // Just before the withdrawal: 58 already gone, 59 and 60 already at the lower of the two levels.
      expect(summary(channelsAt(games, ETSI, boundary - 1_500, tb))).toEqual(['57@36', '59@30', '60@30']);
      expect(summary(channelsAt(games, ETSI, boundary - 1_501, tb))).toHaveLength(4);
      // 58 comes back only once the end of the withdrawal has surely passed.
      const back = T0 + 14 * HOUR;
      expect(summary(channelsAt(games, ETSI, back + 1_499, tb))).toEqual(['57@36', '59@30', '60@30']);
      expect(summary(channelsAt(games, ETSI, back + 1_500, tb))).toHaveLength(4);
      // 57 is granted in every slice: no gap at either boundary.
      for (const t of [boundary - 1_500, boundary, boundary + 1_499, back, back + 1_000]) {
        expect(channelsAt(games, ETSI, t, tb).map((l) => l.channel)).toContain(57);
      }
    });

    it('holds the first schedule in force the moment the answer arrives', () => {
      const tb = timeBaseOf(iso(T0), T0 + 200, T0 + 260);
      expect(channelsAt(games, ETSI, T0 + 260, tb)).toHaveLength(4);
      // ...and ends the whole grant early at the horizon: offset -270 ms, uncertainty 530 ms.
      expect(channelsAt(games, ETSI, T0 + 24 * HOUR - 801, tb)).toHaveLength(4);
      expect(channelsAt(games, ETSI, T0 + 24 * HOUR - 800, tb)).toEqual([]);
    });
  });

  describe('timeBaseOf', () => {
    it('brackets the offset between the send time (less the timestamp second) and the receive time', () => {
      const tb = timeBaseOf(iso(T0), T0 + 5_200, T0 + 5_300);
      // offset lies in [5200 - 1000, 5300] ms
      expect(tb.offsetMs - tb.uncertaintyMs).toBe(4_200);
      expect(tb.offsetMs + tb.uncertaintyMs).toBe(5_300);
      expect(tb.timestampMs).toBe(T0);
    });
  });

  describe('nextChangeAfter', () => {
    const two = spec(
      slice(T0, T0 + HOUR, spectrum8(flat(470, 478, 36))),
      slice(T0 + HOUR, T0 + 2 * HOUR, spectrum8(flat(478, 486, 36))),
    );

    it('names the next schedule boundary, then the end, then nothing', () => {
      expect(nextChangeAfter(two, T0)).toBe(T0 + HOUR);
      expect(nextChangeAfter(two, T0 + HOUR)).toBe(T0 + 2 * HOUR);
      expect(nextChangeAfter(two, T0 + 2 * HOUR)).toBeNull();
    });

    it('moves a boundary earlier by the uncertainty', () => {
      const tb: TimeBase = { timestampMs: T0, offsetMs: 100, uncertaintyMs: 1_000 };
      expect(nextChangeAfter(two, T0 + 10_000, tb)).toBe(T0 + HOUR + 100 - 1_000);
    });
  });

  describe('availabilitySchedule', () => {
    it('merges slices that permit the same, keeps an empty window inside and drops the empty tail', () => {
      const s = spec(
        slice(T0, T0 + HOUR, spectrum8(flat(470, 478, 36))),
        // A database may split where nothing changes on our raster (here: above ch 60 there is nothing)
        slice(T0 + HOUR, T0 + 2 * HOUR, spectrum8(flat(470, 478, 36))),
        slice(T0 + 2 * HOUR, T0 + 3 * HOUR, spectrum8()),
        slice(T0 + 3 * HOUR, T0 + 4 * HOUR, spectrum8(flat(470, 478, 30))),
        slice(T0 + 4 * HOUR, T0 + 5 * HOUR, spectrum8()),
      );
      const windows = availabilitySchedule(s, ETSI).map((w) => ({
        from: (w.fromMs - T0) / HOUR,
        to: (w.toMs - T0) / HOUR,
        channels: summary(w.channels),
      }));
      expect(windows).toEqual([
        { from: 0, to: 2, channels: ['21@36'] },
        { from: 2, to: 3, channels: [] },
        { from: 3, to: 4, channels: ['21@30'] },
      ]);
    });

    it('agrees with channelsAt everywhere, with a time base', () => {
      const s = spec(
        slice(T0, T0 + HOUR, spectrum8(flat(470, 494, 36))),
        slice(T0 + HOUR, T0 + 2 * HOUR, spectrum8(flat(478, 502, 33))),
      );
      const tb = timeBaseOf(iso(T0), T0 + 40, T0 + 90);
      const windows = availabilitySchedule(s, ETSI, tb);
      for (const w of windows) {
        for (const t of [w.fromMs, (w.fromMs + w.toMs) / 2, w.toMs - 1]) {
          expect(channelsAt(s, ETSI, t, tb)).toEqual(w.channels);
        }
      }
      expect(windows.map((w) => summary(w.channels))).toEqual([
        ['21@36', '22@36', '23@36'],
        ['22@33', '23@33'], // across the boundary: only what both slices permit, at the lower level
        ['22@33', '23@33', '24@33'],
      ]);
    });
  });

  describe('spectrumUse', () => {
    it('reports one channel at the channel width and per 100 kHz, rounded down', () => {
      const spectra = spectrumUse(ETSI, [{ channel: 38, eirpDbm: 30.3 }], { per100kHz: true });
      expect(spectra).toEqual([
        { resolutionBwHz: 8 * MHZ, profiles: [flat(606, 614, 30.3)] },
        { resolutionBwHz: 1e5, profiles: [flat(606, 614, 11.2)] }, // 30.3 - 19.03 = 11.27
      ]);
    });

    it('uses the database figure per 100 kHz when it is given, and no 100 kHz spectrum when not asked', () => {
      const [, per100k] = spectrumUse(ETSI, [{ channel: 21, eirpDbm: 36, eirpDbmPer100kHz: 17 }], {
        per100kHz: true,
      });
      expect(per100k?.profiles).toEqual([flat(470, 478, 17)]);
      expect(spectrumUse(BAND_PLANS.fcc, [{ channel: 14, eirpDbm: 36 }], { per100kHz: false })).toEqual([
        { resolutionBwHz: 6 * MHZ, profiles: [flat(470, 476, 36)] },
      ]);
    });

    it('steps between adjacent channels and breaks the run between distant ones', () => {
      const [wide] = spectrumUse(
        ETSI,
        [
          { channel: 23, eirpDbm: 30 },
          { channel: 21, eirpDbm: 36 },
          { channel: 22, eirpDbm: 36 },
        ],
        { per100kHz: false },
      );
      expect(wide?.profiles).toEqual([
        [
          { hz: 470 * MHZ, dbm: 36 },
          { hz: 486 * MHZ, dbm: 36 },
          { hz: 486 * MHZ, dbm: 30 },
          { hz: 494 * MHZ, dbm: 30 },
        ],
      ]);
      const [apart] = spectrumUse(
        ETSI,
        [
          { channel: 21, eirpDbm: 36 },
          { channel: 23, eirpDbm: 36 },
        ],
        {
          per100kHz: false,
        },
      );
      expect(apart?.profiles).toHaveLength(2);
    });

    it('reads back as the uses it reports', () => {
      const uses = [
        { channel: 40, eirpDbm: 33, eirpDbmPer100kHz: 14 },
        { channel: 41, eirpDbm: 27.5, eirpDbmPer100kHz: 8.4 },
      ];
      const spectra = spectrumUse(ETSI, uses, { per100kHz: true });
      expect(scheduleLimits(slice(T0, T0 + HOUR, ...spectra), ETSI)).toEqual(
        uses.map((u) => ({
          channel: u.channel,
          maxEirpDbm: u.eirpDbm,
          maxEirpDbmPer100kHz: u.eirpDbmPer100kHz,
        })),
      );
    });
  });
});
