// What is selected (in the table or on the map) and what can be done with it: narrow or clear it, show it
// on the map, or (operators) open the bulk configuration wizard with it ("Configure selected").
import { Link } from 'react-router';
import type { DeviceLive } from '@wsnoc/shared';
import { useCan } from '@/modules/auth/use-can.hook';
import { useSelection, useSelectionStore } from '@/modules/live/live.context';
import { Button } from '@/ui/button';
import styles from './device-table.module.css';

export function SelectionBar({ shown }: { shown: readonly DeviceLive[] }) {
  const selection = useSelection();
  const store = useSelectionStore();
  const count = selection.ids.size;
  const mayConfigure = useCan('operator');
  return (
    <div className={styles.selectionBar} aria-label="Selection">
      <span data-testid="selection-count" data-count={count} aria-live="polite">
        {count} selected
      </span>
      {shown.length > 0 && (
        <Button data-testid="select-all-shown" onClick={() => store.add(shown.map((device) => device.id))}>
          Select all shown
        </Button>
      )}
      <Button data-testid="selection-clear" disabled={count === 0} onClick={() => store.clear()}>
        Clear selection
      </Button>
      {count > 0 && shown.length > 0 && <Link to="/map">Show on map</Link>}
      {count > 0 && mayConfigure && (
        <Link to="/configuration?from=selection" data-testid="selection-configure">
          Configure selected
        </Link>
      )}
    </div>
  );
}
