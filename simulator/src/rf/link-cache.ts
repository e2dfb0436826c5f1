// Downlink SNR and throughput for every CPE, computed lazily per base station and cached until a
// transmitter within interference range changes. Nothing here runs on a timer: 10,000 radios cost
// nothing while nobody looks, and one change recomputes only the stations it can reach.
import {
  CPE_ANTENNA_GAIN_DBI,
  CPE_MAST_HEIGHT_M,
  INTERFERENCE_RANGE_KM,
  LINK_MIN_SINR_DB,
  aclrDb,
  bearingRad,
  dbmToMw,
  distanceKm,
  effectiveMastHeightM,
  hataOpenAreaLossDb,
  modulationFor,
  mwToDbm,
  noiseFloorDbm,
  offAxisLossDb,
  type ChannelPlan,
  type RadioLink,
} from '@wsnoc/shared';

export interface RfTx {
  transmitting: boolean;
  channel: number | null;
  eirpDbm: number;
}

export interface RfTerminal {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly groundM: number;
  /** Site-specific extra noise (local electrical noise), in dB above thermal. */
  readonly noiseExtraDb: number;
  rfActive(): boolean;
}

export interface RfStation {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly groundM: number;
  readonly emissionClass: number;
  readonly cpes: readonly RfTerminal[];
  rfTx(): RfTx;
}

export class LinkCache {
  private readonly links: (RadioLink[] | undefined)[];
  private readonly neighbours: (number[] | undefined)[];

  constructor(
    private readonly plan: ChannelPlan,
    private readonly stations: readonly RfStation[],
  ) {
    this.links = new Array<RadioLink[] | undefined>(stations.length);
    this.neighbours = new Array<number[] | undefined>(stations.length);
  }

  /** A station's transmit state changed: it and every station it can reach must recompute. */
  invalidate(stationIndex: number): void {
    this.links[stationIndex] = undefined;
    for (const j of this.neighboursOf(stationIndex)) {
      this.links[j] = undefined;
    }
  }

  /** Only this station's own links changed (a CPE went up or down): no neighbour is affected. */
  invalidateOwn(stationIndex: number): void {
    this.links[stationIndex] = undefined;
  }

  linksOf(stationIndex: number): RadioLink[] {
    let cached = this.links[stationIndex];
    if (!cached) {
      cached = this.compute(stationIndex);
      this.links[stationIndex] = cached;
    }
    return cached;
  }

  allLinks(): RadioLink[] {
    const out: RadioLink[] = [];
    for (let i = 0; i < this.stations.length; i++) {
      out.push(...this.linksOf(i));
    }
    return out;
  }

  private neighboursOf(i: number): number[] {
    let list = this.neighbours[i];
    if (!list) {
      const me = this.stations[i];
      list = [];
      if (me) {
        // ~0.55 degrees of latitude is 60 km; a cheap box test skips most of the haversines
        const dLat = INTERFERENCE_RANGE_KM / 111;
        const dLon = INTERFERENCE_RANGE_KM / (111 * Math.cos((me.lat * Math.PI) / 180));
        this.stations.forEach((s, j) => {
          if (
            j !== i &&
            Math.abs(s.lat - me.lat) <= dLat &&
            Math.abs(s.lon - me.lon) <= dLon &&
            distanceKm(s.lat, s.lon, me.lat, me.lon) <= INTERFERENCE_RANGE_KM
          ) {
            list?.push(j);
          }
        });
      }
      this.neighbours[i] = list;
    }
    return list;
  }

  private compute(i: number): RadioLink[] {
    const bs = this.stations[i];
    if (!bs) {
      return [];
    }
    const tx = bs.rfTx();
    const interferers = this.neighboursOf(i)
      .map((j) => this.stations[j])
      .filter((s): s is RfStation => s !== undefined)
      .map((s) => ({ s, tx: s.rfTx() }))
      .filter((x) => x.tx.transmitting && x.tx.channel !== null);
    return bs.cpes.map((cpe) => {
      const distance = distanceKm(bs.lat, bs.lon, cpe.lat, cpe.lon);
      const noise = noiseFloorDbm(this.plan.bandwidthMHz, cpe.noiseExtraDb);
      const base = {
        cpeId: cpe.id,
        baseStationId: bs.id,
        noiseFloorDbm: round1(noise),
        distanceKm: Math.round(distance * 100) / 100,
      };
      if (!tx.transmitting || tx.channel === null || !cpe.rfActive()) {
        return {
          ...base,
          up: false,
          channel: null,
          rssiDbm: null,
          snrDb: null,
          interferenceDbm: null,
          throughputMbps: 0,
          modulation: null,
        };
      }
      const channel = tx.channel;
      const freq = this.plan.centreMHz(channel);
      const rssi =
        tx.eirpDbm -
        hataOpenAreaLossDb(freq, distance, effectiveMastHeightM(bs.groundM, cpe.groundM), CPE_MAST_HEIGHT_M) +
        CPE_ANTENNA_GAIN_DBI;
      const boresight = bearingRad(cpe.lat, cpe.lon, bs.lat, bs.lon);
      let interferenceMw = 0;
      for (const { s, tx: itx } of interferers) {
        const d = distanceKm(s.lat, s.lon, cpe.lat, cpe.lon);
        const received =
          itx.eirpDbm -
          hataOpenAreaLossDb(freq, d, effectiveMastHeightM(s.groundM, cpe.groundM), CPE_MAST_HEIGHT_M) +
          CPE_ANTENNA_GAIN_DBI -
          offAxisLossDb(bearingRad(cpe.lat, cpe.lon, s.lat, s.lon) - boresight) -
          aclrDb(this.plan.ruleset, s.emissionClass, channel - (itx.channel ?? channel));
        interferenceMw += dbmToMw(received);
      }
      const sinr = rssi - mwToDbm(dbmToMw(noise) + interferenceMw);
      const mod = sinr >= LINK_MIN_SINR_DB ? modulationFor(sinr, this.plan.bandwidthMHz) : null;
      return {
        ...base,
        up: mod !== null,
        channel,
        rssiDbm: round1(rssi),
        snrDb: round1(sinr),
        interferenceDbm: interferenceMw > 0 ? round1(mwToDbm(interferenceMw)) : null,
        throughputMbps: mod ? round1(mod.throughputMbps) : 0,
        modulation: mod?.name ?? null,
      };
    });
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
