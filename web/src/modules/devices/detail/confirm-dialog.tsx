// A modal question before anything that touches a radio. Escape or "Cancel" backs out; focus starts on
// Cancel so a stray Enter never reboots a tower.
import { useEffect, useRef } from 'react';
import { Button } from '@/ui/button';
import styles from './device-detail.module.css';

export interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        onCancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className={styles.backdrop}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        className={styles.dialog}
        data-testid="confirm-dialog"
      >
        <h2 id="confirm-title">{title}</h2>
        <p>{body}</p>
        <div className={styles.dialogButtons}>
          <Button ref={cancelRef} data-testid="confirm-cancel" onClick={onCancel}>
            Cancel
          </Button>
          <Button variant="primary" data-testid="confirm-ok" onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </div>
  );
}
