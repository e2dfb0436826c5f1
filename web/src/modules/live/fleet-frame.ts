// Pure frame application for the live fleet: a snapshot replaces the fleet, a delta patches it. Both keep
// the identity of every row whose content did not change, so React.memo'd rows and map features can skip
// work by comparing references. Kept free of timers and sockets so ordering rules are easy to test.
import type { DeviceChange, DeviceLive, DeviceStatus } from '@wsnoc/shared';

/** A status change seen in the feed, for the overview's "recent state changes". */
export interface StatusTransition {
  id: string;
  name: string;
  from: DeviceStatus;
  to: DeviceStatus;
  /** ISO time of the change: the device's `since` when the frame carried it, else the frame time. */
  at: string;
}

export interface FrameResult {
  devices: Map<string, DeviceLive>;
  changedIds: Set<string>;
  transitions: StatusTransition[];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  // Only tags is an array in DeviceLive; compare it by content so a resent list is not a change.
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => item === b[index]);
  }
  return false;
}

/** Returns `previous` itself when the patch changes nothing, otherwise a new frozen-in-practice row. */
export function patchDevice(previous: DeviceLive, change: DeviceChange): DeviceLive {
  let next: DeviceLive | null = null;
  for (const key of Object.keys(change) as (keyof DeviceChange)[]) {
    if (key === 'id') {
      continue;
    }
    const value = change[key];
    if (value === undefined || sameValue(previous[key], value)) {
      continue;
    }
    next ??= { ...previous };
    (next as Record<string, unknown>)[key] = value;
  }
  return next ?? previous;
}

function rowsEqual(a: DeviceLive, b: DeviceLive): boolean {
  for (const key of Object.keys(b) as (keyof DeviceLive)[]) {
    if (!sameValue(a[key], b[key])) {
      return false;
    }
  }
  return Object.keys(a).length === Object.keys(b).length;
}

function transition(previous: DeviceLive, next: DeviceLive, at: string): StatusTransition | null {
  if (previous.status === next.status) {
    return null;
  }
  return { id: next.id, name: next.name, from: previous.status, to: next.status, at: next.since || at };
}

export function applySnapshotFrame(
  previous: ReadonlyMap<string, DeviceLive>,
  devices: readonly DeviceLive[],
  at: string,
): FrameResult {
  const next = new Map<string, DeviceLive>();
  const changedIds = new Set<string>();
  const transitions: StatusTransition[] = [];
  const hadRows = previous.size > 0;
  for (const device of devices) {
    const old = previous.get(device.id);
    if (old && rowsEqual(old, device)) {
      next.set(device.id, old);
      continue;
    }
    next.set(device.id, device);
    // A first snapshot is not "a change": only rows that differ from what was on screen flash.
    if (hadRows) {
      changedIds.add(device.id);
    }
    if (old) {
      const seen = transition(old, device, at);
      if (seen) {
        transitions.push(seen);
      }
    }
  }
  return { devices: next, changedIds, transitions };
}

/** One pass over the frame; the map is copied once, never per change. */
export function applyDeltaFrame(
  previous: ReadonlyMap<string, DeviceLive>,
  changes: readonly DeviceChange[],
  removed: readonly string[],
  at: string,
): FrameResult {
  const next = new Map(previous);
  const changedIds = new Set<string>();
  const transitions: StatusTransition[] = [];
  for (const change of changes) {
    const old = next.get(change.id);
    if (!old) {
      // A device added since the snapshot: a delta for it carries the whole row.
      const full = change as DeviceLive;
      if (full.name !== undefined && full.role !== undefined && full.status !== undefined) {
        next.set(change.id, full);
        changedIds.add(change.id);
      }
      continue;
    }
    const patched = patchDevice(old, change);
    if (patched !== old) {
      next.set(change.id, patched);
      changedIds.add(change.id);
      const seen = transition(old, patched, at);
      if (seen) {
        transitions.push(seen);
      }
    }
  }
  for (const id of removed) {
    if (next.delete(id)) {
      changedIds.add(id);
    }
  }
  return { devices: next, changedIds, transitions };
}
