// Keeps the page's bulk runs loaded and following the /ops feed while the Configuration page is open,
// and keeps the run named in the address (?run=<id>) read, so a reload comes back to it.
import { useEffect } from 'react';
import { useBulkRunsStore } from './bulk-runs.context';

export function BulkFeedEffect({ openRunIds }: { openRunIds: readonly string[] }) {
  const store = useBulkRunsStore();
  useEffect(() => store.start(), [store]);
  const key = openRunIds.join(',');
  useEffect(() => {
    for (const runId of key ? key.split(',') : []) {
      if (!store.getState().runs.has(runId)) {
        void store.open(runId);
      }
    }
  }, [store, key]);
  return null;
}
