// One user's open sessions, for an admin, with "Sign out everywhere" (behind a confirmation): a lost
// laptop or a shared password is handled without disabling the account.
import { useState } from 'react';
import type { UserSummary } from '@wsnoc/shared';
import { SessionTable } from '@/modules/account/session-table';
import { ConfirmDialog } from '@/modules/devices/detail/confirm-dialog';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { Button } from '@/ui/button';
import { endUserSessions, fetchUserSessions } from './users.api';
import styles from './users.module.css';

export function UserSessions({ user, onChanged }: { user: UserSummary; onChanged: () => void }) {
  const [sessions, reload] = useResource(user.id, (signal) => fetchUserSessions(user.id, signal));
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const signOut = async (): Promise<void> => {
    setAsking(false);
    try {
      const ended = await endUserSessions(user.id);
      setResult({ ok: true, text: `${ended} session${ended === 1 ? '' : 's'} ended.` });
      reload();
      onChanged();
    } catch (error) {
      setResult({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <div data-testid="user-sessions">
      {sessions.status === 'error' && (
        <p role="alert" className={styles.alert}>
          Could not list the sessions: {sessions.message}
        </p>
      )}
      {(sessions.status === 'ready' || sessions.status === 'loading') && sessions.data !== null && (
        <SessionTable sessions={sessions.data} />
      )}
      <div className={styles.rowActions}>
        <Button
          data-testid="user-sign-out-everywhere"
          disabled={sessions.status === 'ready' && sessions.data.length === 0}
          onClick={() => setAsking(true)}
        >
          Sign out everywhere
        </Button>
      </div>
      {result !== null && (
        <p
          role={result.ok ? 'status' : 'alert'}
          className={result.ok ? styles.done : styles.alert}
          data-testid="user-sessions-result"
        >
          {result.text}
        </p>
      )}
      {asking && (
        <ConfirmDialog
          title={`Sign ${user.username} out everywhere?`}
          body={`Every open session of ${user.username} ends now, and their live feed closes. They can sign in again.`}
          confirmLabel="Sign out everywhere"
          onCancel={() => setAsking(false)}
          onConfirm={() => void signOut()}
        />
      )}
    </div>
  );
}
