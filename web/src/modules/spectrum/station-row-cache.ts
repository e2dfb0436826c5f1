// Keeps the joined rows between renders, so a feed frame that changed neither a station nor its live row
// keeps that row's object (and its memoised table row) as it was.
import type { DeviceLive, SpectrumStation } from '@wsnoc/shared';
import { joinLive, type StationRow } from './station-rows';

export class StationRowCache {
  private last: StationRow[] = [];

  join(stations: readonly SpectrumStation[], devices: ReadonlyMap<string, DeviceLive>): StationRow[] {
    this.last = joinLive(stations, devices, this.last);
    return this.last;
  }
}
