// What the filter pickers offer: the sites, tags and channels present in the fleet.
import { compareDeviceKeys, type DeviceLive } from '@wsnoc/shared';

/** Distinct sites, tags and channels, in the order the table sorts them. */
export function filterOptions(devices: readonly DeviceLive[]): {
  sites: string[];
  tags: string[];
  channels: number[];
} {
  const sites = new Set<string>();
  const tags = new Set<string>();
  const channels = new Set<number>();
  for (const device of devices) {
    if (device.site !== null) {
      sites.add(device.site);
    }
    device.tags.forEach((tag) => tags.add(tag));
    if (device.channel !== null) {
      channels.add(device.channel);
    }
  }
  return {
    sites: [...sites].sort(compareDeviceKeys),
    tags: [...tags].sort(compareDeviceKeys),
    channels: [...channels].sort(compareDeviceKeys),
  };
}
