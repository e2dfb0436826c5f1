// The spectrum soak: a fleet of 520 radios (about 60 base stations) managed against the field lab with
// time compressed (a 10 s update interval and grace), through 50 withdrawals and 3 outages of the
// white-space database. At the end the lab's compliance log must show no violation beyond the grace
// since management settled, and every base station back on air on a permitted channel within its limit.
// Run by hand (`pnpm --filter @wsnoc/server soak`); it takes a few minutes and prints a JSON summary.
import {
  ComplianceLogResponseDtoSchema,
  SpectrumRecordListSchema,
  SpectrumStationListSchema,
  WithdrawalResponseDtoSchema,
} from '@wsnoc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressedSpectrum, type LabStack, startLabStack } from '../lab-stack.js';
import { waitFor } from '../wait-for.js';

const RADIOS = 520;
const POLLING_SECS = 10;
const WITHDRAWALS = 50;
const OUTAGES = 3;
/** Long enough for the watchdog to mute (past the update interval), short enough to keep the soak short. */
const OUTAGE_MS = (POLLING_SECS + 8) * 1_000;

describe('spectrum soak', () => {
  let stack: LabStack;

  beforeAll(async () => {
    stack = await startLabStack(
      { radios: RADIOS, seed: 17, firstAddress: '127.46.0.1' },
      { POLL_INTERVAL_MS: '2000', DRIVER_COMMAND_TIMEOUT_MS: '3000' },
      compressedSpectrum(POLLING_SECS),
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.control('/spectrum/fault', 'POST', { mode: 'none' });
    await stack?.close();
  });

  const stations = async () =>
    SpectrumStationListSchema.parse(await (await stack.api('/spectrum/stations')).json()).items;
  const compliance = async () =>
    ComplianceLogResponseDtoSchema.parse(await (await stack.control('/compliance')).json()).violations;
  const json = async (path: string, method: string, body: unknown) => {
    const response = await stack.control(path, method, body);
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return await response.json();
  };

  it('keeps every radio inside its grant through withdrawals and database outages', async () => {
    const started = Date.now();
    await json('/spectrum/settings', 'PUT', { maxPollingSecs: POLLING_SECS, graceSecs: POLLING_SECS });
    await waitFor(
      async () => (await stations()).every((s) => s.phase === 'granted'),
      120_000,
      'every station granted',
    );
    await waitFor(
      async () => (await compliance()).every((v) => v.to !== null),
      120_000,
      'the fleet compliant',
    ).catch(async (err: unknown) => {
      const open = (await compliance()).filter((v) => v.to === null);
      process.stdout.write(`${JSON.stringify({ stillOpen: open.length, sample: open.slice(0, 10) })}\n`);
      throw err;
    });
    const settledAt = new Date().toISOString();
    const settleMs = Date.now() - started;

    // Withdrawals: five at a time on stations' current channels, some with an end, some without; the
    // three outages fall between them.
    let made = 0;
    let actedOn = 0;
    let outages = 0;
    const withdrawn: { deviceId: string; name: string; channel: number; at: string }[] = [];
    const rounds = WITHDRAWALS / 5;
    for (let round = 0; round < rounds; round++) {
      const granted = (await stations()).filter((s) => s.phase === 'granted' && s.grant && s.lat !== null);
      for (let i = 0; i < 5 && made < WITHDRAWALS; i++) {
        const station = granted[(round * 5 + i * 7) % granted.length]!;
        const now = Date.now();
        // The channel the radio really transmits on, by the lab's truth, not the console's view.
        const channel = (await stack.radio(station.name)).channel!;
        withdrawn.push({
          deviceId: station.deviceId,
          name: station.name,
          channel,
          at: new Date(now).toISOString(),
        });
        WithdrawalResponseDtoSchema.parse(
          await json('/spectrum/withdrawals', 'POST', {
            area: { lat: station.lat, lon: station.lon, radiusM: 2_000 },
            channels: [channel],
            from: new Date(now).toISOString(),
            ...(made % 2 === 0 ? { to: new Date(now + 40_000).toISOString() } : {}),
            label: `soak ${made + 1}`,
          }),
        );
        made++;
      }
      // Every radio of this round leaves its withdrawn channel (or ceases) within the grace, by the lab.
      for (const w of withdrawn.slice(-5)) {
        await waitFor(
          async () => {
            const truth = await stack.radio(w.name);
            return truth.channel !== w.channel || !truth.transmitting;
          },
          (POLLING_SECS + 5) * 1_000,
          `${w.name} off withdrawn channel ${w.channel}`,
        );
        actedOn++;
      }
      if (round % 3 === 1 && outages < OUTAGES) {
        await json('/spectrum/fault', 'POST', { mode: 'unreachable' });
        await waitFor(
          async () => (await stations()).every((s) => s.mutedBySpectrum || s.phase !== 'granted'),
          OUTAGE_MS + 20_000,
          `outage ${outages + 1}: every station muted`,
        );
        await json('/spectrum/fault', 'POST', { mode: 'none' });
        outages++;
      }
      await waitFor(
        async () => (await stations()).every((s) => s.phase === 'granted' && !s.mutedBySpectrum),
        90_000,
        `round ${round + 1}: every station back on air`,
      );
    }
    expect(made).toBe(WITHDRAWALS);
    expect(outages).toBe(OUTAGES);

    // The end state, judged by the lab's own truth.
    await waitFor(async () => (await compliance()).every((v) => v.to !== null), 60_000, 'nothing open');
    const final = await stations();
    const offAir: string[] = [];
    for (const station of final) {
      const truth = await stack.radio(station.name);
      const permit = station.permittedNow.find((p) => p.channel === truth.channel);
      if (!truth.transmitting || !permit || truth.eirpDbm > permit.maxEirpDbm + 0.05) {
        offAir.push(station.name);
      }
    }
    const violations = (await compliance()).filter((v) => v.from >= settledAt);
    const records = SpectrumRecordListSchema.parse(
      await (await stack.api(`/spectrum/records?from=${settledAt}&limit=100000`)).json(),
    ).items;
    const count = (kind: string) => records.filter((r) => r.kind === kind).length;

    const summary = {
      soak: 'spectrum',
      radios: RADIOS,
      baseStations: final.length,
      maxPollingSecs: POLLING_SECS,
      graceSecs: POLLING_SECS,
      withdrawals: made,
      outages,
      settleMs,
      durationMs: Date.now() - started,
      withdrawalsActedOn: actedOn,
      records: {
        checks: count('checked'),
        selections: count('selected'),
        checkFailures: count('check-failed'),
        retunes: count('configured'),
        mutes: count('muted'),
        unmutes: count('unmuted'),
        muteFailures: count('mute-failed'),
        cpeTurnDowns: count('cpe-limited'),
        alarms: count('alarm'),
      },
      violationsSinceSettled: violations.length,
      violationsSinceSettledByReason: Object.fromEntries(
        ['channel-not-permitted', 'eirp-above-limit', 'database-unreachable'].map((r) => [
          r,
          violations.filter((v) => v.reason === r).length,
        ]),
      ),
      baseStationsOffAirOrOutsideGrant: offAir,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    expect(violations).toEqual([]);
    expect(offAir).toEqual([]);
    expect(actedOn).toBe(WITHDRAWALS);
    expect(summary.records.mutes).toBeGreaterThanOrEqual(OUTAGES * final.length);
  });
});
