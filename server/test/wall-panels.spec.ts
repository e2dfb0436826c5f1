// The wall's incidents and spectrum-plan panels against the field lab (its radios and its PAWS database),
// real Postgres, Redis and a Socket.IO client: a display gets its scope's open incidents and base
// stations' grants on connect, then their changes, and a display scoped to one site never receives
// another site's incidents or stations.
import {
  type DeviceLive,
  type Incident,
  IncidentListSchema,
  SpectrumStationListSchema,
  WALL_NAMESPACE,
  type WallClientToServerEvents,
  WallDisplayCreatedSchema,
  type WallOpenIncidents,
  type WallServerToClientEvents,
  type WallSpectrum,
  type WallStation,
} from '@wsnoc/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compressedSpectrum, type LabStack, startLabStack } from './lab-stack.js';
import { waitFor } from './wait-for.js';

const POLLING_SECS = 12;

interface Screen {
  socket: Socket<WallServerToClientEvents, WallClientToServerEvents>;
  openIncidents: WallOpenIncidents[];
  incidentChanges: Incident[];
  spectrum: WallSpectrum[];
  stationChanges: WallStation[];
  /** Every incident and station id, and every site, this screen was ever sent on these panels. */
  seen: Set<string>;
  sites: Set<string | null>;
}

const opened: Screen[] = [];

afterEach(() => {
  for (const screen of opened.splice(0)) {
    screen.socket.close();
  }
});

describe('wall incidents and spectrum panels', () => {
  let stack: LabStack;
  let alpha: DeviceLive;
  let beta: DeviceLive;

  beforeAll(async () => {
    stack = await startLabStack(
      { radios: 20, seed: 5, firstAddress: '127.51.0.1' },
      {
        POLL_INTERVAL_MS: '1000',
        POLL_UNREACHABLE_AFTER: '2',
        ALERTS_EVAL_MS: '100',
        ALERTS_REOPEN_MS: '0',
        LOG_LEVEL: process.env.WSNOC_TEST_LOG ?? 'silent',
      },
      compressedSpectrum(POLLING_SECS),
    );
    const stations = (await stack.devices()).filter((d) => d.role === 'base-station' && d.site !== null);
    const sites = [...new Set(stations.map((s) => s.site))];
    expect(sites.length, 'the lab has base stations in two sites at least').toBeGreaterThanOrEqual(2);
    alpha = stations.find((s) => s.site === sites[0])!;
    beta = stations.find((s) => s.site === sites[1])!;
    await waitFor(
      async () => {
        const list = SpectrumStationListSchema.parse(await (await stack.api('/spectrum/stations')).json());
        return list.items.length === stations.length && list.items.every((s) => s.phase === 'granted');
      },
      60_000,
      'every base station granted',
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.control('/faults', 'DELETE');
    await stack?.close();
  });

  async function display(name: string, sites: string[]): Promise<string> {
    const response = await stack.api('/wall/displays', {
      method: 'POST',
      body: JSON.stringify({ name, sites }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const created = WallDisplayCreatedSchema.parse(await response.json());
    expect(created.panels).toEqual(['map', 'counts', 'worst-links', 'incidents', 'spectrum']);
    return created.token;
  }

  function openScreen(token: string): Screen {
    const socket: Screen['socket'] = io(`${stack.server.url}${WALL_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token },
    });
    const screen: Screen = {
      socket,
      openIncidents: [],
      incidentChanges: [],
      spectrum: [],
      stationChanges: [],
      seen: new Set(),
      sites: new Set(),
    };
    const seeIncidents = (list: Incident[]) =>
      list.forEach((i) => {
        screen.seen.add(i.id);
        screen.sites.add(i.site ?? null);
      });
    const seeStations = (list: WallStation[]) =>
      list.forEach((s) => {
        screen.seen.add(s.id);
        screen.sites.add(s.site);
      });
    socket.on('wall:open-incidents', (p) => {
      screen.openIncidents.push(p);
      seeIncidents(p.incidents);
    });
    socket.on('wall:incidents', (p) => {
      screen.incidentChanges.push(...p.incidents);
      seeIncidents(p.incidents);
    });
    socket.on('wall:spectrum', (p) => {
      screen.spectrum.push(p);
      seeStations(p.stations);
    });
    socket.on('wall:stations', (p) => {
      screen.stationChanges.push(...p.stations);
      seeStations(p.stations);
    });
    opened.push(screen);
    return screen;
  }

  const activeIncidentOf = async (device: DeviceLive): Promise<Incident | undefined> => {
    const list = IncidentListSchema.parse(
      await (await stack.api(`/incidents?deviceId=${device.id}&state=open,acknowledged`)).json(),
    );
    return list.incidents.find((i) => i.kind === 'absence' && i.deviceId === device.id);
  };

  it("sends a display scoped to one site that site's open incidents and grants only, on connect and as they change", async () => {
    // Both base stations stop answering: an incident in each site.
    for (const station of [alpha, beta]) {
      expect((await stack.control(`/radios/${station.name}/faults`, 'POST', { kind: 'offline' })).ok).toBe(
        true,
      );
    }
    let alphaIncident: Incident | undefined;
    let betaIncident: Incident | undefined;
    await waitFor(
      async () => {
        [alphaIncident, betaIncident] = await Promise.all([activeIncidentOf(alpha), activeIncidentOf(beta)]);
        return alphaIncident !== undefined && betaIncident !== undefined;
      },
      30_000,
      'an open incident in each site',
    );

    const scoped = openScreen(await display('alpha panels', [alpha.site!]));
    const fleet = openScreen(await display('fleet panels', []));
    await waitFor(
      () => [scoped, fleet].every((s) => s.openIncidents.length > 0 && s.spectrum.length > 0),
      10_000,
      'the open incidents and the spectrum plan on connect',
    );

    // On connect: the scoped display's incidents and stations are its site's; the fleet's are all.
    const onConnect = scoped.openIncidents[0]!;
    expect(onConnect.incidents.map((i) => i.id)).toContain(alphaIncident!.id);
    expect(onConnect.incidents.every((i) => i.site === alpha.site)).toBe(true);
    expect(fleet.openIncidents[0]!.incidents.map((i) => i.id)).toEqual(
      expect.arrayContaining([alphaIncident!.id, betaIncident!.id]),
    );
    const plan = scoped.spectrum[0]!;
    expect(plan.enabled).toBe(true);
    const alphaStation = plan.stations.find((s) => s.id === alpha.id);
    expect(alphaStation).toMatchObject({ site: alpha.site, name: alpha.name });
    expect(alphaStation!.channel).not.toBeNull();
    expect(alphaStation!.eirpDbm).not.toBeNull();
    expect(alphaStation!.grantUntil).not.toBeNull();
    expect(plan.stations.every((s) => s.site === alpha.site)).toBe(true);
    expect(fleet.spectrum[0]!.stations.map((s) => s.id)).toEqual(expect.arrayContaining([alpha.id, beta.id]));

    // Changes: both come back (their incidents resolve), and both are checked again by the database.
    for (const station of [alpha, beta]) {
      expect((await stack.control(`/radios/${station.name}/faults`, 'DELETE')).ok).toBe(true);
    }
    await waitFor(
      () =>
        [alphaIncident!, betaIncident!].every((i) =>
          fleet.incidentChanges.some((c) => c.id === i.id && c.state === 'resolved'),
        ),
      30_000,
      'both resolutions on the fleet display',
    );
    expect(scoped.incidentChanges.some((c) => c.id === alphaIncident!.id && c.state === 'resolved')).toBe(
      true,
    );
    for (const station of [alpha, beta]) {
      expect((await stack.api(`/spectrum/stations/${station.id}/check`, { method: 'POST' })).status).toBe(
        202,
      );
    }
    await waitFor(
      () =>
        fleet.stationChanges.some((s) => s.id === beta.id) &&
        scoped.stationChanges.some((s) => s.id === alpha.id),
      (POLLING_SECS + 10) * 1_000,
      'the stations changed on both displays',
    );

    // Never another site's: not on connect, not in any change.
    expect(scoped.seen.has(betaIncident!.id)).toBe(false);
    expect(scoped.seen.has(beta.id)).toBe(false);
    expect([...scoped.sites]).toEqual([alpha.site]);
    expect(fleet.sites.has(beta.site)).toBe(true);
  }, 120_000);
});
