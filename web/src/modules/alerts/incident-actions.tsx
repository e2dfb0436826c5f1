// What an operator does to an incident: acknowledge it (recorded with who), assign it to someone, or resolve
// it by hand with an optional note. The answer is the incident's new copy, handed to the screen's store at
// once; the feed brings the same change to every other console. Viewers are never offered these (the
// server refuses them anyway), so callers render this only for operators.
import { useState, type FormEvent } from 'react';
import type { Incident } from '@wsnoc/shared';
import { useAuthState } from '@/modules/auth/auth.context';
import { Button } from '@/ui/button';
import { acknowledgeIncident, assignIncident, resolveIncident } from './alerts.api';
import styles from './alerts.module.css';

type Open = 'none' | 'assign' | 'resolve';

export function IncidentActions({
  incident,
  onChanged,
}: {
  incident: Incident;
  onChanged: (incident: Incident) => void;
}) {
  const auth = useAuthState();
  const me = auth.status === 'signed-in' ? auth.user.username : '';
  const [open, setOpen] = useState<Open>('none');
  const [assignee, setAssignee] = useState(incident.assignee ?? me);
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (incident.state === 'resolved') {
    return null;
  }

  const run = async (action: () => Promise<Incident>): Promise<void> => {
    setPending(true);
    setProblem(null);
    try {
      const changed = await action();
      setOpen('none');
      onChanged(changed);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  };

  const assign = (event: FormEvent): void => {
    event.preventDefault();
    const who = assignee.trim();
    if (who === '') {
      setProblem('Name someone to assign it to.');
      return;
    }
    void run(() => assignIncident(incident.id, who));
  };

  const resolve = (event: FormEvent): void => {
    event.preventDefault();
    void run(() => resolveIncident(incident.id, note.trim() || undefined));
  };

  return (
    <div className={styles.actions} data-testid="incident-actions">
      <div className={styles.actionButtons}>
        {incident.state === 'open' && (
          <Button
            variant="primary"
            data-testid="incident-acknowledge"
            disabled={pending}
            onClick={() => void run(() => acknowledgeIncident(incident.id))}
          >
            Acknowledge
          </Button>
        )}
        <Button
          data-testid="incident-assign-open"
          disabled={pending}
          aria-expanded={open === 'assign'}
          onClick={() => setOpen(open === 'assign' ? 'none' : 'assign')}
        >
          Assign…
        </Button>
        <Button
          data-testid="incident-resolve-open"
          disabled={pending}
          aria-expanded={open === 'resolve'}
          onClick={() => setOpen(open === 'resolve' ? 'none' : 'resolve')}
        >
          Resolve…
        </Button>
      </div>
      {open === 'assign' && (
        <form className={styles.inlineForm} onSubmit={assign} aria-label="Assign the incident">
          <input
            aria-label="Assign to"
            data-testid="incident-assignee"
            value={assignee}
            maxLength={64}
            placeholder="username"
            onChange={(event) => setAssignee(event.target.value)}
          />
          <Button type="submit" data-testid="incident-assign" disabled={pending}>
            Assign
          </Button>
        </form>
      )}
      {open === 'resolve' && (
        <form className={styles.inlineForm} onSubmit={resolve} aria-label="Resolve the incident">
          <input
            aria-label="Note"
            data-testid="incident-resolve-note"
            value={note}
            maxLength={500}
            placeholder="what was done (optional)"
            onChange={(event) => setNote(event.target.value)}
          />
          <Button type="submit" data-testid="incident-resolve" disabled={pending}>
            Resolve now
          </Button>
        </form>
      )}
      {problem !== null && (
        <p role="alert" className={styles.problem} data-testid="incident-action-error">
          {problem}
        </p>
      )}
    </div>
  );
}
