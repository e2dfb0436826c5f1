// One's own open sessions, this one marked, and "Sign out everywhere": it ends this session too, so the
// tab goes back to sign-in at once instead of failing on its next request.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuthStore } from '@/modules/auth/auth.context';
import { LOGIN_PATH } from '@/modules/auth/redirect-target';
import { ConfirmDialog } from '@/modules/devices/detail/confirm-dialog';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { Button } from '@/ui/button';
import { endOwnSessions, fetchOwnSessions } from './account.api';
import { SessionTable } from './session-table';
import styles from '@/modules/users/users.module.css';

export function MySessions({ revision }: { revision: number }) {
  const [sessions] = useResource(`own#${revision}`, (signal) => fetchOwnSessions(signal));
  const auth = useAuthStore();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const signOutEverywhere = async (): Promise<void> => {
    setAsking(false);
    try {
      await endOwnSessions();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
      return;
    }
    auth.sessionEnded();
    await navigate(LOGIN_PATH, { replace: true });
  };

  return (
    <section className={styles.panel} aria-labelledby="sessions-title" id="sessions">
      <h2 id="sessions-title">My sessions</h2>
      {sessions.status === 'error' && (
        <p role="alert" className={styles.alert}>
          Could not list your sessions: {sessions.message}
        </p>
      )}
      {(sessions.status === 'ready' || sessions.status === 'loading') && sessions.data !== null && (
        <SessionTable sessions={sessions.data} />
      )}
      <div className={styles.rowActions}>
        <Button data-testid="my-sign-out-everywhere" onClick={() => setAsking(true)}>
          Sign out everywhere
        </Button>
      </div>
      {failure !== null && (
        <p role="alert" className={styles.alert} data-testid="my-sessions-error">
          Could not sign out everywhere: {failure}
        </p>
      )}
      {asking && (
        <ConfirmDialog
          title="Sign out everywhere?"
          body="Every session of yours ends, this one included: you sign in again here afterwards."
          confirmLabel="Sign out everywhere"
          onCancel={() => setAsking(false)}
          onConfirm={() => void signOutEverywhere()}
        />
      )}
    </section>
  );
}
