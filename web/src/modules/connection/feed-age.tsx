// The age of the fleet data on screen (time since the last applied feed frame), next to the connection
// state. A socket can be up while the data is old (a resync pending, a server that stopped publishing):
// operators must see how old what they are looking at is, not just whether a socket is open.
import { useSyncExternalStore } from 'react';
import { useOptionalFleetStore } from '@/modules/live/live.context';
import type { FleetStore } from '@/modules/live/fleet.store';
import { formatAge } from '@/ui/format-age';
import { useNow } from '@/ui/use-now.hook';
import styles from './connection-indicator.module.css';

export function FeedAge() {
  const fleet = useOptionalFleetStore();
  return fleet ? <FeedAgeOf fleet={fleet} /> : null;
}

function FeedAgeOf({ fleet }: { fleet: FleetStore }) {
  const lastFrameAt = useSyncExternalStore(fleet.subscribe, () => fleet.getState().lastFrameAt);
  const phase = useSyncExternalStore(fleet.subscribe, () => fleet.getState().phase);
  const now = useNow(1000, lastFrameAt !== null);
  if (lastFrameAt === null) {
    return (
      <span className={styles.age} data-testid="data-age" data-feed={phase}>
        no data yet
      </span>
    );
  }
  return (
    <span className={styles.age} data-testid="data-age" data-feed={phase} title="Age of the last feed frame">
      {phase === 'resyncing' ? 'resyncing · ' : ''}data {formatAge(Math.max(0, now - lastFrameAt))}
    </span>
  );
}
