// Which devices drifted from their desired configuration, for the table's flags and filter: read when
// the table mounts and again when the feed shows configuration changing somewhere in the fleet, never on
// a timer. The set keeps its identity between reads, so rows re-render only when it really changed.
import { useCallback, useState } from 'react';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { fetchDriftedIds } from './drift.api';
import { useConfigSignals } from './use-config-signals.hook';

/** A fleet-wide burst (a bulk run, a re-plan) is answered by one read after it has settled this long. */
const FLEET_SETTLE_MS = 3_000;
const NONE: ReadonlySet<string> = new Set();

export interface DriftedIds {
  ids: ReadonlySet<string>;
  /** False until the first answer, and after a failed read: the flags are then unknown, not absent. */
  known: boolean;
}

export function useDriftedIds(): DriftedIds {
  const [revision, setRevision] = useState(0);
  const bump = useCallback(() => setRevision((value) => value + 1), []);
  useConfigSignals(null, FLEET_SETTLE_MS, bump);
  const [drift] = useResource(`fleet#${revision}`, (signal) => fetchDriftedIds(signal));
  if (drift.status === 'ready') {
    return { ids: drift.data, known: true };
  }
  if (drift.status === 'loading' && drift.data !== null) {
    return { ids: drift.data, known: true };
  }
  return { ids: NONE, known: false };
}
