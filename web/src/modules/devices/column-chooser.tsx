// Which columns the table shows. The choice is part of the URL, like filters and sort.
import { useId, useState } from 'react';
import { Button } from '@/ui/button';
import { COLUMN_IDS, COLUMN_SPECS, DEFAULT_COLUMNS, type ColumnId } from './device-columns';
import styles from './device-table.module.css';

export interface ColumnChooserProps {
  columns: readonly ColumnId[];
  onChange: (columns: ColumnId[]) => void;
}

export function ColumnChooser({ columns, onChange }: ColumnChooserProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggle = (id: ColumnId): void => {
    const visible = new Set(columns);
    if (!visible.delete(id)) {
      visible.add(id);
    }
    // Keep the canonical order so a shared link does not depend on click order.
    onChange(COLUMN_IDS.filter((column) => visible.has(column)));
  };
  return (
    <div className={styles.chooser}>
      <Button
        data-testid="column-chooser"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        Columns
      </Button>
      {open && (
        <div id={panelId} className={styles.chooserPanel} role="group" aria-label="Visible columns">
          {COLUMN_IDS.map((id) => (
            <label key={id}>
              <input
                type="checkbox"
                data-testid={`column-toggle-${id}`}
                checked={columns.includes(id)}
                // The name is how a row is recognised and opened; it cannot be hidden.
                disabled={id === 'name'}
                onChange={() => toggle(id)}
              />{' '}
              {COLUMN_SPECS[id].label}
            </label>
          ))}
          <Button onClick={() => onChange([...DEFAULT_COLUMNS])}>Default columns</Button>
        </div>
      )}
    </div>
  );
}
