// The incidents and spectrum-plan panels of the /wall feed: for each display with screens on this
// instance, its scope's open incidents and base stations' grants, as a whole list on connect (and when
// its sites change), then the changes the alerts and spectrum modules announce (those of every instance),
// filtered to the scope. A station that leaves the scope (its site changed) is named in `removed`.
//
// The whole lists come from Postgres, which takes a while; a change announced meanwhile is applied to the
// list before it goes out, so a screen that heard the change first is never set back by an older read.
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  type Incident,
  type IncidentsChanged,
  type SpectrumStation,
  WALL_INCIDENTS_MAX,
  type WallOpenIncidents,
  type WallSpectrum,
  type WallStation,
  type WallStationsChanged,
  wallIncidentOrder,
} from '@wsnoc/shared';
import { IncidentService } from '@/modules/alerts/incident.service.js';
import { SpectrumFeedService } from '@/modules/spectrum/spectrum-feed.service.js';
import { SpectrumService } from '@/modules/spectrum/spectrum.service.js';
import { sameSites, siteInScope, toWallStation } from './wall-view.js';

export interface WallPanelsSink {
  incidents: (displayId: string, payload: IncidentsChanged) => void;
  stations: (displayId: string, payload: WallStationsChanged) => void;
}

export interface WallPanelsLists {
  incidents: WallOpenIncidents;
  spectrum: WallSpectrum;
}

interface Scope {
  sites: readonly string[];
  /** Stations the display's screens hold, so one that leaves the scope can be named in `removed`. */
  stations: Set<string>;
}

/** Changes announced while a whole list was being read for these sites. */
interface Read {
  sites: readonly string[];
  incidents: Map<string, Incident>;
  stations: Map<string, SpectrumStation>;
}

const isActive = (incident: Incident): boolean => incident.state !== 'resolved';

@Injectable()
export class WallPanelsService implements OnModuleInit, OnApplicationShutdown {
  private readonly scopes = new Map<string, Scope>();
  private readonly reads = new Set<Read>();
  private sink: WallPanelsSink | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly incidents: IncidentService,
    private readonly spectrum: SpectrumService,
    private readonly spectrumFeed: SpectrumFeedService,
  ) {}

  onModuleInit(): void {
    const stopIncidents = this.incidents.onFeed((incidents) => this.incidentsChanged(incidents));
    const stopStations = this.spectrumFeed.onStations((stations) => this.stationsChanged(stations));
    this.stopListening = () => {
      stopIncidents();
      stopStations();
    };
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
  }

  setSink(sink: WallPanelsSink): void {
    this.sink = sink;
  }

  /** For tests and metrics: displays followed on this instance. */
  get size(): number {
    return this.scopes.size;
  }

  /**
   * Follows the display's scope from now on (a new one replaces the old at once, so no change of the
   * old scope goes out after this), and reads its whole lists.
   */
  async follow(displayId: string, sites: readonly string[]): Promise<WallPanelsLists> {
    const scope = this.scopes.get(displayId);
    if (!scope || !sameSites(scope.sites, sites)) {
      this.scopes.set(displayId, { sites: [...sites], stations: new Set() });
    }
    const read: Read = { sites: [...sites], incidents: new Map(), stations: new Map() };
    this.reads.add(read);
    try {
      const [active, plan] = await Promise.all([
        this.incidents.activeOf(sites, WALL_INCIDENTS_MAX),
        this.spectrum.stations(),
      ]);
      const at = new Date().toISOString();
      const byId = new Map(active.incidents.map((i) => [i.id, i]));
      for (const [id, incident] of read.incidents) {
        if (isActive(incident)) {
          byId.set(id, incident);
        } else {
          byId.delete(id);
        }
      }
      const incidents = [...byId.values()].sort(wallIncidentOrder);
      const stations = new Map(plan.items.map((s) => [s.deviceId, s]));
      for (const [id, station] of read.stations) {
        stations.set(id, station);
      }
      const shown = [...stations.values()]
        .filter((s) => siteInScope(s.site, sites))
        .map(toWallStation)
        .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
      const current = this.scopes.get(displayId);
      if (current && sameSites(current.sites, sites)) {
        for (const station of shown) {
          current.stations.add(station.id);
        }
      }
      return {
        incidents: {
          at,
          incidents: incidents.slice(0, WALL_INCIDENTS_MAX),
          truncated: active.truncated || incidents.length > WALL_INCIDENTS_MAX,
        },
        spectrum: { at, enabled: plan.enabled, stations: shown },
      };
    } finally {
      this.reads.delete(read);
    }
  }

  /** The display has no screens left on this instance. */
  forget(displayId: string): void {
    this.scopes.delete(displayId);
  }

  private incidentsChanged(incidents: readonly Incident[]): void {
    for (const read of this.reads) {
      for (const incident of incidents) {
        if (siteInScope(incident.site, read.sites)) {
          read.incidents.set(incident.id, incident);
        }
      }
    }
    for (const [displayId, scope] of this.scopes) {
      const scoped = incidents.filter((i) => siteInScope(i.site, scope.sites));
      if (scoped.length) {
        this.sink?.incidents(displayId, { incidents: scoped });
      }
    }
  }

  private stationsChanged(stations: readonly SpectrumStation[]): void {
    for (const read of this.reads) {
      for (const station of stations) {
        read.stations.set(station.deviceId, station);
      }
    }
    const at = new Date().toISOString();
    for (const [displayId, scope] of this.scopes) {
      const shown: WallStation[] = [];
      const removed: string[] = [];
      for (const station of stations) {
        if (siteInScope(station.site, scope.sites)) {
          scope.stations.add(station.deviceId);
          shown.push(toWallStation(station));
        } else if (scope.stations.delete(station.deviceId)) {
          removed.push(station.deviceId);
        }
      }
      if (shown.length || removed.length) {
        this.sink?.stations(displayId, { at, stations: shown, removed });
      }
    }
  }
}
