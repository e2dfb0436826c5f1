// When the live feed says a radio's configuration may have changed somewhere else (another operator, a
// bulk run, the spectrum planner), so the history, the drift panel and the table's drift flags read again
// instead of polling. The feed carries no "configuration changed" event; these are its traces.
import { type BulkItemStatus, BulkRunEventSchema } from '@wsnoc/shared';

/** Live fields that only a configuration change moves (a poll reads them back after the command path). */
const CONFIG_TRACES = ['channel', 'txPowerDbm', 'transmitting'] as const;

/**
 * Whether a delta frame moves a configuration-backed field, of `deviceId` or of any device (null). The
 * frame is looked at, not parsed: the fleet store has already parsed it, a frame can carry thousands of
 * changes, and a wrong answer costs only one read too many or too few.
 */
export function deltaTouchesConfig(payload: unknown, deviceId: string | null): boolean {
  const changes = (payload as { changes?: unknown } | null)?.changes;
  if (!Array.isArray(changes)) {
    return false;
  }
  return changes.some((change: unknown) => {
    if (typeof change !== 'object' || change === null) {
      return false;
    }
    if (deviceId !== null && (change as { id?: unknown }).id !== deviceId) {
      return false;
    }
    return CONFIG_TRACES.some((field) => field in change);
  });
}

/** Item states in which the radio has not been changed yet, or is being changed right now. */
const UNSETTLED: ReadonlySet<BulkItemStatus> = new Set(['pending', 'queued', 'applying']);

/** Whether a bulk run event finished an item on `deviceId`; for null, any item, or the run itself. */
export function bulkRunTouches(payload: unknown, deviceId: string | null): boolean {
  const parsed = BulkRunEventSchema.safeParse(payload);
  if (!parsed.success) {
    return false;
  }
  if (deviceId === null && parsed.data.run.finishedAt !== null) {
    return true;
  }
  return parsed.data.items.some(
    (item) => !UNSETTLED.has(item.status) && (deviceId === null || item.deviceId === deviceId),
  );
}
