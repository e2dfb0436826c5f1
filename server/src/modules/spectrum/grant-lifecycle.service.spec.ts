import type { AvailabilitySlice, ConfigChangeRequest, DeviceLive, DeviceSample } from '@wsnoc/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppLogger } from '@/infra/logger/logger.js';
import type { CommandService } from '@/modules/commands/command.service.js';
import type { DriverService } from '@/modules/driver/driver.service.js';
import type { DeviceDirectory, KnownDevice } from '@/modules/inventory/device-directory.service.js';
import type { DeviceEntity } from '@/modules/inventory/device.entity.js';
import type { LiveStateService } from '@/modules/state/live-state.service.js';
import { strictMock } from '../../../test/strict-mock.js';
import { GrantLifecycleService, muteLeadMs } from './grant-lifecycle.service.js';
import type {
  Availability,
  AvailabilityResult,
  SpectrumDatabase,
  StationQuery,
} from './spectrum-database.port.js';
import type { SpectrumLeader } from './spectrum-leader.js';
import type { NewRecord, SpectrumRepository } from './spectrum.repository.js';
import type { StationEntity } from './station.entity.js';

const BS = '11111111-1111-4111-8111-111111111111';
const CPE = '22222222-2222-4222-8222-222222222222';
const T0 = Date.parse('2026-12-01T12:00:00Z');
const POLLING_SECS = 60;

/** A white-space database the test controls: what is permitted, and whether it answers at all. */
class FakeDatabase implements SpectrumDatabase {
  readonly url = 'http://wsdb.test/paws';
  reachable = true;
  registered = new Set<string>();
  /** channel -> max EIRP, for the whole day from now on. */
  permitted: [number, number][] = [
    [30, 33],
    [31, 36],
  ];
  slaveLimit = 20;
  /** How long the CPEs' GPS reads and their batch take, on the test's clock. */
  slaveDelayMs = 0;
  calls: string[] = [];

  private schedule(): AvailabilitySlice[] {
    const now = Date.now();
    return [
      {
        from: new Date(now - 1_000).toISOString(),
        to: new Date(now + 86_400_000).toISOString(),
        channels: this.permitted.map(([channel, maxEirpDbm]) => ({ channel, maxEirpDbm })),
      },
    ];
  }

  private answer(): Availability {
    return {
      checkedAt: new Date(),
      maxPollingSecs: POLLING_SECS,
      maxLocationChange: 50,
      needsSpectrumReport: true,
      schedule: this.schedule(),
    };
  }

  register(station: StationQuery): Promise<void> {
    this.calls.push('register');
    if (!this.reachable) {
      return Promise.reject(new Error('connect ECONNREFUSED'));
    }
    this.registered.add(station.identity.deviceId);
    return Promise.resolve();
  }

  availability(stations: readonly StationQuery[]): Promise<Map<string, AvailabilityResult>> {
    this.calls.push(`availability:${stations.length}`);
    const results = new Map<string, AvailabilityResult>();
    for (const s of stations) {
      results.set(
        s.identity.deviceId,
        this.reachable
          ? { ok: true, availability: this.answer() }
          : { ok: false, error: new Error('connect ECONNREFUSED') },
      );
    }
    return Promise.resolve(results);
  }

  slaveAvailability(
    _master: StationQuery,
    slaves: readonly StationQuery[],
  ): Promise<Map<string, AvailabilityResult>> {
    if (this.slaveDelayMs) {
      vi.setSystemTime(Date.now() + this.slaveDelayMs);
    }
    const results = new Map<string, AvailabilityResult>();
    for (const s of slaves) {
      const availability = this.answer();
      availability.schedule = availability.schedule.map((slice) => ({
        ...slice,
        channels: slice.channels.map((c) => ({ ...c, maxEirpDbm: this.slaveLimit })),
      }));
      results.set(s.identity.deviceId, { ok: true, availability });
    }
    return Promise.resolve(results);
  }

  onSwitch(): () => void {
    return () => undefined;
  }

  notifyUse(): Promise<void> {
    this.calls.push('notify');
    return this.reachable ? Promise.resolve() : Promise.reject(new Error('connect ECONNREFUSED'));
  }
}

function device(id: string, role: 'base-station' | 'cpe'): KnownDevice {
  const entity = {
    id,
    name: role === 'cpe' ? 'cpe-0001-01' : 'bs-0001',
    role,
    lat: 57.5,
    lon: -4.2,
    antennaHeightM: null,
    parentId: role === 'cpe' ? BS : null,
    site: null,
  } as unknown as DeviceEntity;
  return { entity, target: { id, host: '127.0.0.1', port: 2323, username: 'admin', password: 'pw', role } };
}

function setup() {
  const db = new FakeDatabase();
  const devices = [device(BS, 'base-station'), device(CPE, 'cpe')];
  /** What the radios run: the live rows the command path would refresh after a change. */
  const radios = new Map<string, Pick<DeviceLive, 'channel' | 'txPowerDbm' | 'transmitting'>>([
    [BS, { channel: 40, txPowerDbm: 34, transmitting: true }],
    [CPE, { channel: 40, txPowerDbm: 24, transmitting: true }],
  ]);
  const changes: { id: string; set: ConfigChangeRequest['set'] }[] = [];
  const gps = { lat: 57.5001, lon: -4.2001 };
  let failCommands = false;
  const records: NewRecord[] = [];
  const saved = new Map<string, StationEntity>();
  const sample = (id: string) =>
    ({
      system: { serial: `SN-${id.slice(0, 4)}`, model: 'TVW-5200' },
      radio: { ruleset: 'etsi', emissionClass: 4, txPowerDbm: radios.get(id)!.txPowerDbm },
    }) as unknown as DeviceSample;
  const lifecycle = new GrantLifecycleService(
    { enabled: true, wsdbUrl: db.url, batchSize: 500, actionConcurrency: 16 },
    strictMock<DeviceDirectory>('directory', {
      all: () => devices.values(),
      get: (id: string) => devices.find((d) => d.entity.id === id),
    }),
    strictMock<LiveStateService>('live', {
      readSample: (id: string) => Promise.resolve(sample(id)),
      get: (id: string) =>
        ({ ...radios.get(id)!, lastPollAt: new Date().toISOString(), status: 'up' }) as DeviceLive,
    }),
    strictMock<DriverService>('driver', {
      readGps: () => Promise.resolve({ fix: '3d', ...gps, altitudeM: 300, satellites: 8, time: '' }),
    }),
    strictMock<CommandService>('commands', {
      applyConfig: (id: string, request: ConfigChangeRequest) => {
        if (failCommands) {
          return Promise.reject(new Error(`${id}: connect ECONNRESET`));
        }
        changes.push({ id, set: request.set });
        const radio = radios.get(id)!;
        if (request.set.channel !== undefined) {
          radio.channel = request.set.channel;
        }
        if (request.set.txPowerDbm !== undefined) {
          radio.txPowerDbm = request.set.txPowerDbm;
        }
        if (request.set.enabled !== undefined) {
          radio.transmitting = request.set.enabled;
        }
        return Promise.resolve({} as never);
      },
    }),
    strictMock<SpectrumRepository>('repository', {
      allStations: () => Promise.resolve([...saved.values()]),
      saveStation: (s: StationEntity) => {
        saved.set(s.deviceId, s);
        return Promise.resolve();
      },
      deleteStations: () => Promise.resolve(),
      append: (entries: NewRecord[]) => {
        records.push(...entries);
        return Promise.resolve();
      },
    }),
    strictMock<SpectrumLeader>('leader', { isLeader: () => true }),
    db,
    strictMock<AppLogger>('logger', { warn: () => undefined, info: () => undefined, error: () => undefined }),
  );
  /** One turn of the loop, and everything it started. */
  const turn = async () => {
    await lifecycle.tick();
    await lifecycle.idle();
    await lifecycle.tick();
    await lifecycle.idle();
  };
  return {
    db,
    lifecycle,
    radios,
    changes,
    records,
    saved,
    turn,
    failCommands: (on: boolean) => (failCommands = on),
    gps,
    kinds: () => records.map((r) => r.kind),
  };
}

describe(GrantLifecycleService.name, () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('registers, checks, reports use, and brings a radio on a forbidden channel onto a permitted one at its limit', async () => {
    const t = setup();
    await t.turn();
    expect(t.db.calls.slice(0, 3)).toEqual(['register', 'availability:1', 'notify']);
    // Channel 40 is not permitted: the radio goes to 31, the one allowing its 34 dBm.
    expect(t.changes[0]).toEqual({ id: BS, set: { channel: 31 } });
    expect(t.radios.get(BS)).toMatchObject({ channel: 31, txPowerDbm: 34 });
    const station = t.saved.get(BS)!;
    expect(station).toMatchObject({ phase: 'granted', locatedBy: 'gps', lat: 57.5001 });
    expect(station.grant).toMatchObject({ channel: 31, eirpDbm: 34 });
    // The mute starts a lead before the deadline, so the radio has ceased by then.
    expect(station.muteAt!.getTime()).toBe(T0 + POLLING_SECS * 1_000 - muteLeadMs(POLLING_SECS * 1_000));
    expect(t.kinds()).toEqual(
      expect.arrayContaining(['registered', 'checked', 'selected', 'notified', 'configured']),
    );
  });

  it('turns a CPE above its slave limit down through the command path', async () => {
    const t = setup();
    await t.turn();
    await t.turn();
    expect(t.changes).toContainEqual({ id: CPE, set: { txPowerDbm: 20 } });
    expect(t.kinds()).toContain('cpe-limited');
  });

  it('judges the CPEs at the time their answer came, so slow GPS reads never mute a permitted CPE', async () => {
    const t = setup();
    // The slaves' schedules start a second before their batch was sent, seconds after the master's check.
    t.db.slaveDelayMs = 5_000;
    await t.turn();
    await t.turn();
    expect(t.changes).toContainEqual({ id: CPE, set: { txPowerDbm: 20 } });
    expect(t.changes.filter((c) => c.id === CPE && c.set.enabled === false)).toEqual([]);
    expect(t.kinds()).not.toContain('cpe-muted');
  });

  it('mutes at the last good check plus the update interval while the database is away, and unmutes only after a fresh grant', async () => {
    const t = setup();
    await t.turn();
    t.db.reachable = false;
    // Re-checks fail from half way on; the radio keeps transmitting until the watchdog's moment, a lead
    // before the deadline, then is muted.
    const muteAt = T0 + POLLING_SECS * 1_000 - muteLeadMs(POLLING_SECS * 1_000);
    vi.setSystemTime(muteAt - 5_000);
    await t.turn();
    expect(t.radios.get(BS)!.transmitting).toBe(true);
    vi.setSystemTime(muteAt);
    await t.turn();
    expect(t.changes.at(-1)).toEqual({ id: BS, set: { enabled: false } });
    expect(t.radios.get(BS)!.transmitting).toBe(false);
    expect(t.saved.get(BS)).toMatchObject({ phase: 'muted', mutedBySpectrum: true });
    // Still away: it stays muted however many ticks pass.
    vi.setSystemTime(T0 + (POLLING_SECS + 30) * 1_000);
    await t.turn();
    expect(t.radios.get(BS)!.transmitting).toBe(false);
    // Back: a fresh, valid grant, and only then back on air.
    t.db.reachable = true;
    vi.setSystemTime(T0 + (POLLING_SECS + 120) * 1_000);
    await t.turn();
    expect(t.changes.at(-1)).toEqual({ id: BS, set: { enabled: true } });
    expect(t.radios.get(BS)!.transmitting).toBe(true);
    expect(t.kinds()).toEqual(expect.arrayContaining(['check-failed', 'muted', 'unmuted']));
  });

  it('mutes at once when its channel is withdrawn and nothing else is permitted, and says why', async () => {
    const t = setup();
    await t.turn();
    t.db.permitted = [];
    vi.setSystemTime(T0 + POLLING_SECS * 1_000 - 5_000); // the re-check, a margin before the deadline
    await t.turn();
    expect(t.radios.get(BS)!.transmitting).toBe(false);
    expect(t.saved.get(BS)!.alarm).toMatch(/no channel is permitted/);
  });

  it('retries a mute that fails, with an alarm that says so', async () => {
    const t = setup();
    await t.turn();
    t.db.reachable = false;
    t.failCommands(true);
    vi.setSystemTime(T0 + POLLING_SECS * 1_000);
    await t.turn();
    expect(t.saved.get(BS)!.alarm).toMatch(/^mute failed \(retrying\)/);
    expect(t.kinds()).toContain('mute-failed');
    t.failCommands(false);
    vi.setSystemTime(T0 + POLLING_SECS * 1_000 + 5_000);
    await t.turn();
    expect(t.radios.get(BS)!.transmitting).toBe(false);
    expect(t.saved.get(BS)!.alarm).toBeNull();
  });

  it('checks a station again, and registers it again, when its GPS shows it moved beyond maxLocationChange', async () => {
    const t = setup();
    await t.turn();
    expect(t.db.calls.filter((c) => c === 'register')).toHaveLength(1);
    t.gps.lat += 0.01; // about 1.1 km north; the database allows 50 m
    vi.setSystemTime(T0 + 61_000);
    await t.turn();
    await t.turn();
    expect(t.db.calls.filter((c) => c === 'register')).toHaveLength(2);
    expect(t.saved.get(BS)!.lat).toBeCloseTo(57.5101, 4);
  });
});
