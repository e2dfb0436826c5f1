// The three ways to pick a run's devices: a filter of the fleet (the device table's own filter, from
// shared/), the table's or map's current selection, or a pasted list of names. Each gives the devices,
// sorted by name, and a pasted list also the names the fleet does not know, as typed.
import { filterDevices, sortDevices, type DeviceFilter, type DeviceLive } from '@wsnoc/shared';

export type DeviceSource = 'filter' | 'selection' | 'names';

export interface PickedDevices {
  devices: DeviceLive[];
  /** Pasted names that match no device. */
  unknown: string[];
}

const BY_NAME = { sort: 'name', order: 'asc' } as const;

export function byFilter(fleet: readonly DeviceLive[], filters: DeviceFilter): PickedDevices {
  return { devices: sortDevices(filterDevices(fleet, filters), BY_NAME), unknown: [] };
}

export function bySelection(fleet: readonly DeviceLive[], ids: ReadonlySet<string>): PickedDevices {
  return {
    devices: sortDevices(
      fleet.filter((d) => ids.has(d.id)),
      BY_NAME,
    ),
    unknown: [],
  };
}

/** Names split on spaces, commas, semicolons and new lines; a name given twice counts once. */
export function splitNames(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

export function byNames(fleet: readonly DeviceLive[], text: string): PickedDevices {
  const exact = new Map(fleet.map((d) => [d.name, d]));
  // A name typed in another case still finds its device when only one device has that name.
  const folded = new Map<string, DeviceLive | null>();
  for (const d of fleet) {
    const key = d.name.toLowerCase();
    folded.set(key, folded.has(key) ? null : d);
  }
  const found = new Map<string, DeviceLive>();
  const unknown: string[] = [];
  for (const name of splitNames(text)) {
    const device = exact.get(name) ?? folded.get(name.toLowerCase()) ?? undefined;
    if (device) {
      found.set(device.id, device);
    } else {
      unknown.push(name);
    }
  }
  return { devices: sortDevices([...found.values()], BY_NAME), unknown };
}

export function pickDevices(
  source: DeviceSource,
  fleet: readonly DeviceLive[],
  input: { filters: DeviceFilter; selection: ReadonlySet<string>; names: string },
): PickedDevices {
  switch (source) {
    case 'filter':
      return byFilter(fleet, input.filters);
    case 'selection':
      return bySelection(fleet, input.selection);
    case 'names':
      return byNames(fleet, input.names);
  }
}
