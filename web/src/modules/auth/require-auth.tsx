// Guards every console route: unknown sessions wait, missing ones go to sign-in with the wanted page
// remembered, and a server that cannot be asked gets an honest message instead of a sign-in form.
import { Navigate, Outlet, useLocation } from 'react-router';
import { Button } from '@/ui/button';
import { useAuthState, useAuthStore } from './auth.context';
import { loginPathFor } from './redirect-target';
import styles from './require-auth.module.css';

export function RequireAuth() {
  const auth = useAuthState();
  const store = useAuthStore();
  const location = useLocation();

  switch (auth.status) {
    case 'checking':
      return (
        <p className={styles.notice} role="status" data-testid="session-checking">
          Checking your session…
        </p>
      );
    case 'signed-out':
      return <Navigate to={loginPathFor(location.pathname + location.search + location.hash)} replace />;
    case 'unreachable':
      return (
        <div className={styles.notice} role="alert" data-testid="session-unreachable">
          <p>Cannot check your session: {auth.message}</p>
          <Button onClick={() => void store.refresh()}>Try again</Button>
        </div>
      );
    case 'signed-in':
      return <Outlet />;
  }
}
