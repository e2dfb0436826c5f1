// Spectrum management against the field lab: its PAWS database, its radios, and its compliance judge as
// the only truth. Time is compressed through the lab's settings (a short update interval and grace), so
// withdrawals and outages play out in seconds.
import {
  type ClientToServerEvents,
  ComplianceLogResponseDtoSchema,
  FleetPlanPreviewSchema,
  PlanRunSchema,
  OPS_NAMESPACE,
  type ServerToClientEvents,
  type ComplianceViolation,
  SpectrumRecordListSchema,
  SpectrumStationListSchema,
} from '@wsnoc/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressedSpectrum, type LabStack, startLabStack } from './lab-stack.js';
import { waitFor } from './wait-for.js';

const POLLING_SECS = 12;

describe('spectrum management', () => {
  let stack: LabStack;

  beforeAll(async () => {
    stack = await startLabStack(
      { radios: 200, seed: 1, firstAddress: '127.45.0.1' },
      {},
      compressedSpectrum(POLLING_SECS),
    );
  });

  afterAll(async () => {
    await stack?.control('/spectrum/fault', 'POST', { mode: 'none' });
    await stack?.close();
  });

  const stations = async () =>
    SpectrumStationListSchema.parse(await (await stack.api('/spectrum/stations')).json()).items;
  const compliance = async (open = true) =>
    ComplianceLogResponseDtoSchema.parse(
      await (await stack.control(`/compliance${open ? '?open=true' : ''}`)).json(),
    );
  /** The lab's truth about every CPE link: the 5th percentile of SINR. */
  const linksTruth = async () => {
    const links = (await (await stack.control('/links')).json()) as { snrDb: number | null }[];
    const snr = links.map((l) => l.snrDb ?? -30).sort((a, b) => a - b);
    return { p5: snr[Math.floor(snr.length * 0.05)] ?? -30 };
  };
  /** Violations the judge holds open beyond their grace, of base stations only (CPEs follow them). */
  const openViolations = async (): Promise<ComplianceViolation[]> => (await compliance()).violations;

  it('brings the whole fleet inside its grants: no open violation, every base station granted', async () => {
    await stack.control('/spectrum/settings', 'PUT', {
      maxPollingSecs: POLLING_SECS,
      graceSecs: POLLING_SECS,
    });
    await waitFor(
      async () => (await stations()).every((s) => s.phase === 'granted'),
      60_000,
      'every station granted',
    );
    await waitFor(async () => (await openViolations()).length === 0, 60_000, 'no open violation');
    // The lab starts on random channels and powers: there were violations, and every one is closed now.
    const all = (await compliance(false)).violations;
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((v) => v.to !== null)).toBe(true);
    for (const station of await stations()) {
      const truth = await stack.radio(station.name);
      expect(truth.transmitting).toBe(true);
      expect(station.permittedNow.map((p) => p.channel)).toContain(truth.channel);
      const permit = station.permittedNow.find((p) => p.channel === truth.channel)!;
      expect(truth.eirpDbm).toBeLessThanOrEqual(permit.maxEirpDbm + 0.05);
      expect(station.locatedBy).toBe('gps');
    }
  });

  it('moves a base station off a channel withdrawn under it within the grace, and records why', async () => {
    const station = (await stations()).find((s) => s.phase === 'granted')!;
    const channel = station.grant!.channel;
    const since = new Date().toISOString();
    const withdrawal = await stack.control('/spectrum/withdrawals', 'POST', {
      area: { lat: station.lat, lon: station.lon, radiusM: 500 },
      channels: [channel],
      from: new Date().toISOString(),
      label: 'test withdrawal',
    });
    expect(withdrawal.status).toBe(200);
    await waitFor(
      async () => (await stack.radio(station.name)).channel !== channel,
      (POLLING_SECS + 10) * 1_000,
      'the radio leaves the withdrawn channel',
    );
    const truth = await stack.radio(station.name);
    expect(truth.transmitting).toBe(true);
    expect((await openViolations()).filter((v) => v.radioId === station.name)).toEqual([]);
    const since_ = (await compliance(false)).violations.filter(
      (v) => v.radioId === station.name && v.from >= since,
    );
    expect(since_).toEqual([]);
    const configured = async () =>
      SpectrumRecordListSchema.parse(
        await (await stack.api(`/spectrum/records?deviceId=${station.deviceId}&kind=configured`)).json(),
      ).items.some((r) => r.channel === truth.channel);
    await waitFor(configured, 10_000, 'the retune in the compliance record');
  });

  it('previews a fleet re-plan without touching a radio, then applies it in a safe order through the command path', async () => {
    await waitFor(
      async () => (await stations()).every((s) => s.phase === 'granted'),
      60_000,
      'every station granted',
    );
    // A poor plan to improve on: the two closest base stations put on one channel, by an operator
    // through the console (so it is permitted for both cells, and the console keeps it).
    const all = await stations();
    const pairs = all.flatMap((a, i) => all.slice(i + 1).map((b) => [a, b] as const));
    const distance = ([a, b]: readonly [(typeof all)[number], (typeof all)[number]]) =>
      Math.hypot(a.lat! - b.lat!, (a.lon! - b.lon!) * Math.cos((a.lat! * Math.PI) / 180));
    const [near, other] = pairs
      .filter(([a, b]) =>
        a.permittedNow.some((p) => b.grant!.channel === p.channel && p.maxEirpDbm >= a.grant!.eirpDbm),
      )
      .sort((x, y) => distance(x) - distance(y))[0]!;
    const shared = other.grant!.channel;
    const moved = await stack.api(`/devices/${near.deviceId}/config`, {
      method: 'POST',
      body: JSON.stringify({ set: { channel: shared } }),
    });
    expect(moved.status, await moved.clone().text()).toBe(200);
    await waitFor(
      async () => (await stations()).find((s) => s.deviceId === near.deviceId)!.grant?.channel === shared,
      30_000,
      'the console keeps the channel the operator chose',
    );
    const truthBefore = await linksTruth();
    const preview = FleetPlanPreviewSchema.parse(
      await (await stack.api('/spectrum/plans', { method: 'POST' })).json(),
    );
    expect(preview.changes.length, JSON.stringify({ ...preview, changes: undefined })).toBeGreaterThan(0);
    expect(preview.after.sinrP5Db!).toBeGreaterThanOrEqual(preview.before.sinrP5Db!);
    // A preview sends nothing: every station still runs its old channel.
    for (const change of preview.changes) {
      expect((await stack.radio(change.name)).channel).toBe(change.from);
    }
    const started = await stack.api(`/spectrum/plans/${preview.id}/apply`, { method: 'POST' });
    expect(started.status).toBe(202);
    await waitFor(
      async () =>
        PlanRunSchema.parse(await (await stack.api(`/spectrum/plans/${preview.id}/run`)).json()).status !==
        'running',
      60_000,
      'the plan applied',
    );
    const run = PlanRunSchema.parse(await (await stack.api(`/spectrum/plans/${preview.id}/run`)).json());
    expect(run).toMatchObject({ status: 'done', failed: 0, done: preview.steps, actor: 'admin' });
    for (const change of preview.changes) {
      expect((await stack.radio(change.name)).channel).toBe(change.to);
    }
    expect(await openViolations()).toEqual([]);
    // The lab's own links agree the plan did not make the worst links worse.
    const truthAfter = await linksTruth();
    expect(truthAfter.p5).toBeGreaterThanOrEqual(truthBefore.p5 - 1);
  });

  it('refuses an operator change to a channel the database does not permit there, before any session', async () => {
    const station = (await stations()).find((s) => s.phase === 'granted')!;
    const permitted = new Set(station.permittedNow.map((p) => p.channel));
    const forbidden = Array.from({ length: 40 }, (_, i) => 21 + i).find((c) => !permitted.has(c));
    expect(forbidden).toBeDefined();
    const response = await stack.api(`/devices/${station.deviceId}/config`, {
      method: 'POST',
      body: JSON.stringify({ set: { channel: forbidden } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string; message: string }[] };
    expect(body.issues[0]).toMatchObject({ path: 'set.channel' });
    expect(body.issues[0]!.message).toMatch(/not permitted/);
  });

  it('mutes every base station while the database is unreachable past the interval, and unmutes after a fresh grant', async () => {
    // The feed tells every console of each mute as it happens.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(
      `${stack.server.url}${OPS_NAMESPACE}`,
      {
        transports: ['websocket'],
        extraHeaders: { cookie: stack.cookie },
        reconnection: false,
      },
    );
    const mutedOnFeed = new Set<string>();
    socket.on('spectrum:stations', ({ stations }) => {
      for (const s of stations.filter((x) => x.mutedBySpectrum)) {
        mutedOnFeed.add(s.deviceId);
      }
    });
    await new Promise<void>((resolve) => socket.once('devices:snapshot', () => resolve()));
    await stack.control('/spectrum/fault', 'POST', { mode: 'unreachable' });
    try {
      await waitFor(
        async () => (await stations()).every((s) => s.mutedBySpectrum),
        (POLLING_SECS + 15) * 1_000,
        'every station muted by the watchdog',
      );
      for (const station of await stations()) {
        expect((await stack.radio(station.name)).transmitting).toBe(false);
      }
      // The judge saw them cease within the grace: nothing open for the outage.
      expect((await openViolations()).filter((v) => v.reason === 'database-unreachable')).toEqual([]);
      const all = (await stations()).map((s) => s.deviceId);
      await waitFor(() => all.every((id) => mutedOnFeed.has(id)), 5_000, 'every mute on the feed');
    } finally {
      socket.close();
      await stack.control('/spectrum/fault', 'POST', { mode: 'none' });
    }
    await waitFor(
      async () => (await stations()).every((s) => s.phase === 'granted' && !s.mutedBySpectrum),
      60_000,
      'every station back on air',
    );
    for (const station of await stations()) {
      expect((await stack.radio(station.name)).transmitting).toBe(true);
    }
    const csv = await (await stack.api('/spectrum/records?format=csv&kind=muted,unmuted')).text();
    expect(csv.split('\r\n')[0]).toBe('at,deviceName,deviceId,kind,channel,eirpDbm,detail');
    expect(csv).toMatch(/,muted,/);
    expect(csv).toMatch(/,unmuted,/);
    expect(await openViolations()).toEqual([]);
  });
});
