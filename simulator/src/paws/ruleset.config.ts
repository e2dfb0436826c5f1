// The two rulesets the simulated database speaks: channel plans, power limits, timers and the compliance
// grace. Everything a regulator has changed over the years (polling interval, location change) is a
// parameter with a default, settable at run time through the control API.
import { RULESET_ID_ETSI, RULESET_ID_FCC, type SimRuleset } from '@wsnoc/shared';

/** Which class of device a power limit is for: ETSI type + emissions class, or the FCC device type. */
export type DeviceClass =
  | { ruleset: 'etsi'; type: 'A' | 'B'; emissionsClass: 1 | 2 | 3 | 4 | 5; slave: boolean }
  | { ruleset: 'fcc'; type: 'FIXED' | 'MODE_1' | 'MODE_2'; slave: boolean };

export interface RulesetParams {
  ruleset: SimRuleset;
  rulesetId: string;
  authority: string;
  channelWidthHz: number;
  channels: readonly number[];
  /** Lower edge of a channel in Hz. */
  channelStartHz(channel: number): number;
  maxPollingSecs: number;
  maxLocationChange: number;
  /** ETSI: a slave must cease within 5 s of losing its master, on top of the master's own grace. */
  slaveGraceSecs: number;
  /** ETSI: the master reports the channels it will use before transmitting (needsSpectrumReport). */
  needsSpectrumReport: boolean;
  /** Who must register before getSpectrum answers: ETSI masters, FCC fixed devices. */
  mustRegister(cls: DeviceClass): boolean;
  /** Highest EIRP over a full channel far from any incumbent. */
  baseEirpDbm(cls: DeviceClass): number;
  /** Extra power cut on a channel next to a protected one (dB); worse emission classes leak more. */
  adjacentPenaltyDb(cls: DeviceClass): number;
  defaultClass: DeviceClass;
}

/** Adjacent-channel leakage ratio by ETSI emission class (EN 301 598 table): better ACLR, less cut. */
export const ETSI_ACLR_DB: Record<1 | 2 | 3 | 4 | 5, number> = { 1: 74, 2: 74, 3: 64, 4: 54, 5: 43 };

function range(from: number, to: number, skip: number[] = []): number[] {
  const out: number[] = [];
  for (let c = from; c <= to; c++) {
    if (!skip.includes(c)) {
      out.push(c);
    }
  }
  return out;
}

export function createRulesetParams(ruleset: SimRuleset): RulesetParams {
  switch (ruleset) {
    case 'etsi':
      return {
        ruleset,
        rulesetId: RULESET_ID_ETSI,
        authority: 'GB',
        channelWidthHz: 8e6,
        // UHF 470-790 MHz; channel 21 is 470-478 MHz.
        channels: range(21, 60),
        channelStartHz: (ch) => 470e6 + (ch - 21) * 8e6,
        // TUpdate: EN 301 598 asks devices to support at least 60 s; Ofcom databases used 15 minutes.
        maxPollingSecs: 900,
        maxLocationChange: 50,
        slaveGraceSecs: 5,
        needsSpectrumReport: true,
        mustRegister: (cls) => !cls.slave,
        // Ofcom's framework allows up to 36 dBm / 8 MHz for fixed (type A) devices; we give non-fixed 30.
        baseEirpDbm: (cls) => (cls.ruleset === 'etsi' && cls.type === 'B' ? 30 : 36),
        adjacentPenaltyDb: (cls) =>
          cls.ruleset === 'etsi' ? 6 + (74 - ETSI_ACLR_DB[cls.emissionsClass]) / 2 : 6,
        defaultClass: { ruleset: 'etsi', type: 'A', emissionsClass: 1, slave: false },
      };
    case 'fcc':
      return {
        ruleset,
        rulesetId: RULESET_ID_FCC,
        authority: 'US',
        channelWidthHz: 6e6,
        // The UHF TV band of the 2010 rules: channels 14-51 (470-698 MHz), 37 kept for radio astronomy.
        channels: range(14, 51, [37]),
        channelStartHz: (ch) => 470e6 + (ch - 14) * 6e6,
        // Re-check intervals tightened to hourly for fixed and Mode II devices.
        maxPollingSecs: 3600,
        maxLocationChange: 100,
        slaveGraceSecs: 0,
        needsSpectrumReport: false,
        mustRegister: (cls) => cls.ruleset === 'fcc' && cls.type === 'FIXED',
        // Part 15 subpart H: fixed 36 dBm (4 W EIRP), personal/portable 20 dBm.
        baseEirpDbm: (cls) => (cls.ruleset === 'fcc' && cls.type === 'FIXED' ? 36 : 20),
        // Personal/portable devices next to an occupied channel are held to 16 dBm (4 dB under 20).
        adjacentPenaltyDb: (cls) => (cls.ruleset === 'fcc' && cls.type === 'FIXED' ? 6 : 4),
        defaultClass: { ruleset: 'fcc', type: 'FIXED', slave: false },
      };
  }
}

export function channelOfHz(params: RulesetParams, hz: number): number | undefined {
  return params.channels.find((ch) => {
    const start = params.channelStartHz(ch);
    return hz >= start && hz < start + params.channelWidthHz;
  });
}

/** Power spectral density over 100 kHz for a flat EIRP over the whole channel. */
export function per100kHz(params: RulesetParams, eirpDbm: number): number {
  return round1(eirpDbm - 10 * Math.log10(params.channelWidthHz / 1e5));
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
